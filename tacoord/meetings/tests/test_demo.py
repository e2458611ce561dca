import pytest
from django.core.management import call_command
from django.db import transaction

from tacoord.assistance.demo import demo_requests_build
from tacoord.core.context import change_context
from tacoord.demo.world import demo_world_build
from tacoord.meetings.demo import SYNTHETIC_MARK, demo_meetings_build
from tacoord.meetings.models import FollowUpAction, Meeting
from tacoord.notifications.models import Notification


@pytest.fixture(scope="module")
def _built(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_reference", verbosity=0)
        with change_context(user=None, source="demo"):
            world = demo_world_build()
            demo_requests_build(world=world, seed=43)
            lines = demo_meetings_build(world=world, seed=43)
            snapshot = sorted(FollowUpAction.objects.values_list("meeting__title", "description", "due_date",
                                                                 "status"))
        yield world, lines, snapshot
        transaction.set_rollback(True)


@pytest.fixture
def built(_built, db):
    return _built


def test_synthetic_meetings_with_follow_ups(built, mailoutbox):
    world, lines, _snapshot = built
    assert Meeting.objects.count() == 6
    assert all(meeting.summary.startswith(SYNTHETIC_MARK) for meeting in Meeting.objects.all())
    assert set(FollowUpAction.objects.values_list("status", flat=True)) == {"open", "done"}
    assert "Synthetic coordination meetings: 6" in lines[0]
    focal = world.people["focalpoint-ke"]
    assert Meeting.objects.restrict(focal).filter(country__iso2="KE").exists()
    assert not Meeting.objects.restrict(world.people["focalpoint-co"]).filter(country__iso2="KE").exists()
    assert Notification.objects.filter(kind="meetings.follow_up_assigned").exists()
    assert Meeting.objects.filter(requests__isnull=False).exists()


def test_the_same_seed_gives_the_same_meetings(built):
    world, _lines, snapshot = built
    with transaction.atomic():
        FollowUpAction.objects.all().delete()
        Meeting.objects.all().delete()
        demo_meetings_build(world=world, seed=43)
        assert sorted(FollowUpAction.objects.values_list("meeting__title", "description", "due_date",
                                                         "status")) == snapshot
        transaction.set_rollback(True)
