import pytest
from django.core.management import call_command
from django.db import transaction

from tacoord.activities.demo import SYNTHETIC_MARK, demo_activities_build
from tacoord.activities.models import Activity
from tacoord.core.context import change_context
from tacoord.demo.world import demo_world_build


@pytest.fixture(scope="module")
def _built(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_reference", verbosity=0)
        with change_context(user=None, source="demo"):
            world = demo_world_build()
            lines = demo_activities_build(world=world, seed=43)
            snapshot = sorted(Activity.objects.values_list("iati_identifier", "planned_start", "status"))
        yield world, lines, snapshot
        transaction.set_rollback(True)


@pytest.fixture
def built(_built, db):
    return _built


def test_synthetic_activities_of_unodc_and_donors(built):
    world, lines, _snapshot = built
    activities = Activity.objects.all()
    assert activities.count() > 20
    assert all(activity.description["en"].startswith(SYNTHETIC_MARK) for activity in activities)
    reporters = set(activities.values_list("reporting_organisation__acronym", flat=True))
    assert {"FCDO", "USAID", "Sida", "MFA-NL", "UNODC"} <= reporters
    programmes = activities.filter(children__isnull=False).distinct()
    assert programmes.count() == 3
    assert all(activity.recipient_countries.exists() and activity.articles.exists() for activity in activities)
    assert "Synthetic activities" in lines[0]


def test_the_same_seed_gives_the_same_activities(built):
    world, _lines, snapshot = built
    with transaction.atomic():
        Activity.objects.filter(parent__isnull=False).delete()
        Activity.objects.all().delete()
        demo_activities_build(world=world, seed=43)
        assert sorted(Activity.objects.values_list("iati_identifier", "planned_start", "status")) == snapshot
        transaction.set_rollback(True)


def test_the_fcdo_officer_manages_its_own(built):
    world, _lines, _snapshot = built
    officer = world.people["provider-fcdo"]
    managed = Activity.objects.restrict(officer, "change")
    assert managed.exists()
    assert set(managed.values_list("reporting_organisation__acronym", flat=True)) == {"FCDO"}
