"""`tacoord build_self_assessment`, on a database with and without the reference data."""

import pytest
from django.core.management import CommandError, call_command

from tacoord.questionnaires.choices import QuestionPart
from tacoord.questionnaires.models import QuestionnaireTemplate
from tacoord.reference.models import Article

pytestmark = pytest.mark.django_db


def test_needs_the_reference_data(world):
    with pytest.raises(CommandError, match="load_reference"):
        call_command("build_self_assessment", "--user", "secretariat")
    assert not QuestionnaireTemplate.objects.exists()


def test_needs_a_user(db):
    with pytest.raises(CommandError, match="No superuser"):
        call_command("build_self_assessment")
    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("build_self_assessment", "--user", "nobody")


def test_builds_and_updates(world, capsys):
    call_command("load_reference", verbosity=0)
    call_command("build_self_assessment", "--user", "secretariat")
    call_command("build_self_assessment", "--user", "secretariat", "--template-version", "1")
    template = QuestionnaireTemplate.objects.get(code="untoc-self-assessment")
    assert "untoc-self-assessment version 1" in capsys.readouterr().out
    assert template.questions.filter(part=QuestionPart.STATUS).count() == Article.objects.filter(
        is_final_clause=False).count()


def test_refused_to_others(world):
    call_command("load_reference", verbosity=0)
    with pytest.raises(CommandError, match="may not"):
        call_command("build_self_assessment", "--user", "focal_a")
