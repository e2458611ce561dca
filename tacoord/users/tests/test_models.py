"""What makes an account valid, and what a role's scope is."""

import pytest
from django.core.exceptions import ValidationError

from tacoord.users.models import User

pytestmark = pytest.mark.django_db


def errors_of(person) -> dict:
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    return error.value.message_dict


@pytest.mark.parametrize(("role", "organisation"), [
    ("focal_point", None), ("focal_point", "agency_org_a"), ("focal_point", "provider"),
    ("agency_user", None), ("agency_user", "provider"),
    ("provider_officer", None),
])
def test_role_needs_a_fitting_organisation(world, role, organisation):
    person = User(username="p", role=role, organisation=getattr(world, organisation) if organisation else None)
    assert "organisation" in errors_of(person)


@pytest.mark.parametrize(("role", "organisation"), [
    ("focal_point", "fp_org_a"), ("agency_user", "agency_org_a"), ("agency_user", "fp_org_b"),
    ("provider_officer", "provider"), ("expert", None), ("expert", "provider"), ("secretariat", None),
])
def test_fitting_organisations(world, role, organisation):
    person = User(username="p", password="x", role=role,
                  organisation=getattr(world, organisation) if organisation else None)
    person.full_clean()


def test_public_is_not_a_role_an_account_holds():
    assert "role" in errors_of(User(username="p", password="x", role="public"))


def test_state_of_focal_points_and_agency_users_only(world):
    assert world.focal_a.state_id == world.state_a.pk
    assert world.agency_b.state_id == world.state_b.pk
    assert world.officer.state_id is None
    assert world.expert.state_id is None
    assert world.secretariat.state_id is None


def test_archiving_closes_the_account(world):
    world.expert.mark_archived()
    assert world.expert.is_archived and not world.expert.is_active
    world.expert.mark_unarchived()
    assert not world.expert.is_archived and world.expert.is_active


def test_str_and_url(world):
    assert str(world.expert) == f"{world.expert.first_name} Dubois (expert)"
    assert str(User(username="bare")) == "bare"
    assert world.expert.get_absolute_url() == f"/people/{world.expert.pk}/"


def test_active_and_archived_querysets(world):
    world.expert.mark_archived()
    world.expert.save()
    assert list(User.objects.archived()) == [world.expert]
    assert world.expert not in User.objects.active()
