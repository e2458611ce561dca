"""Submitting a questionnaire response derives its needs in the background (immediate backend in tests)."""

import datetime

import pytest

from tacoord.needs.choices import NeedSource
from tacoord.needs.models import DerivationRule, Need
from tacoord.needs.services import rules_install_default
from tacoord.needs.tasks import derive_needs
from tacoord.needs.tests import helpers
from tacoord.reporting.services import response_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_later(world):
    articles = helpers.reference()
    template = helpers.self_assessment(articles)
    response = helpers.response(helpers.cycle(template), world.state_a)
    group = next(iter(articles))
    helpers.needing(response, group, ta_types=("training",))
    return response


def test_submission_derives_needs_once_committed(world, submitted_later, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response_submit(user=world.focal_a, response=submitted_later)
    # Nothing is derived inside the submitting transaction: a rolled-back submission queues nothing.
    assert not Need.objects.exists()
    for callback in callbacks:
        callback()
    need = Need.objects.get(country=world.state_a)
    assert need.source == NeedSource.QUESTIONNAIRE
    assert need.source_response == submitted_later


def test_first_derivation_installs_the_default_rule(world, submitted_later, django_capture_on_commit_callbacks):
    assert not DerivationRule.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response_submit(user=world.focal_a, response=submitted_later)
    assert DerivationRule.objects.count() == 1
    assert Need.objects.filter(country=world.state_a).count() == 1


def test_a_deactivated_default_rule_is_not_brought_back(world, submitted_later, django_capture_on_commit_callbacks):
    rule = rules_install_default()
    rule.is_active = False
    rule.save()
    with django_capture_on_commit_callbacks(execute=True):
        response_submit(user=world.focal_a, response=submitted_later)
    assert not Need.objects.exists()
    assert DerivationRule.objects.filter(is_active=True).count() == 0


def test_an_older_cycle_is_not_derived_over_a_newer_one(world, submitted_later):
    """A task queued for an older cycle that runs after the State submitted a newer one changes nothing."""
    newer_cycle = helpers.cycle(submitted_later.cycle.template, name="Cycle 2027",
                                opens_on=datetime.date(2027, 1, 1))
    newer = helpers.response(newer_cycle, world.state_a)
    newer.submitted_at = datetime.datetime(2027, 2, 1, tzinfo=datetime.UTC)
    newer.save()
    result = derive_needs.enqueue(submitted_later.pk).return_value
    assert "skipped" in result
    assert not Need.objects.exists()
