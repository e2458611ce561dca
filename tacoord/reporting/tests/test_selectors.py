"""Reads: answers by key (repeats, as of a day), progress and skip logic, diffs, rates, the reminder command."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from tacoord.core.permissions import Action
from tacoord.reporting.models import AnswerVersion, QuestionnaireResponse, Submission
from tacoord.reporting.selectors import answers_diff, response_answers, response_progress, template_form
from tacoord.reporting.services import response_submit
from tacoord.reporting.tests.conftest import COMPLETE, save

pytestmark = pytest.mark.django_db


def test_response_answers_keys_repeats_and_leaves_out_emptied(world, reporting):
    save(world.agency_a, reporting.response_a, staff=1, budget=2,
         **{"case_name": "A", "case_name[1]": "B", "case_name[2]": "C"})
    save(world.agency_a, reporting.response_a, budget=(None, 1))
    assert response_answers(response=reporting.response_a) == {
        "staff": 1, "case_name": "A", "case_name[1]": "B", "case_name[2]": "C"}
    assert AnswerVersion.objects.filter(answer__question__name="budget").count() == 2


def test_progress_follows_skip_logic_and_repeats(world, reporting):
    save(world.agency_a, reporting.response_a, status="no", **{"case_name": "A", "case_name[1]": "B"})
    legal = {row.name: row for row in response_progress(response=reporting.response_a)}
    assert (legal["legal"].answered, legal["legal"].total) == (1, 4)        # measures asked when status is "no"
    assert (legal["cases"].answered, legal["cases"].total, legal["cases"].percent) == (2, 2, 100)
    save(world.agency_a, reporting.response_a, status=("yes", 1))
    legal = {row.name: row for row in response_progress(response=reporting.response_a)}
    assert legal["legal"].total == 3 and legal["legal"].required_missing == ["law"]


def test_diff_between_submissions(world, reporting):
    save(world.agency_a, reporting.response_a, **COMPLETE)
    response_submit(user=world.focal_a, response=reporting.response_a)
    form = template_form(template=reporting.template)
    first = Submission.objects.get()
    after = {**first.snapshot, "staff": 20, "budget": 1}
    differences = answers_diff(form=form, before=first.snapshot, after=after)
    assert [(d.key, d.label, d.before, d.after) for d in differences] == [
        ("staff", "Staff", 12, 20), ("budget", "Budget", None, 1)]


def test_parts_of_a_response_follow_its_confidentiality(world, reporting):
    save(world.agency_a, reporting.response_a, **COMPLETE)
    response_submit(user=world.focal_a, response=reporting.response_a)
    for model in (AnswerVersion, Submission):
        assert model.objects.restrict(world.focal_a, Action.VIEW).exists()
        assert not model.objects.restrict(world.focal_b, Action.VIEW).exists()
        assert not model.objects.restrict(world.officer, Action.VIEW).exists()
    assert not AnswerVersion.objects.restrict(world.focal_a, Action.CHANGE).exists()  # history is never changed
    assert not QuestionnaireResponse.objects.restrict(world.agency_a, Action.CHANGE).filter(
        pk=reporting.response_b.pk).exists()


def test_send_reminders_command(world, reporting):
    call_command("send_reminders")
    assert sorted(message.to[0] for message in mail.outbox) == sorted([world.focal_a.email, world.focal_b.email])
    with pytest.raises(CommandError):
        call_command("send_reminders", cycle=999)


def test_as_of_counts_the_whole_day(world, reporting):
    save(world.agency_a, reporting.response_a, staff=1)
    assert response_answers(response=reporting.response_a, as_of=timezone.localdate()) == {"staff": 1}
