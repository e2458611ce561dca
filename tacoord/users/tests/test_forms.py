"""The account form: role and organisation only for who manages the person; passwords checked."""

import pytest

from tacoord.users.forms import UserForm
from tacoord.users.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("who", "person", "shown"), [
    ("secretariat", "expert", True),
    ("secretariat", "secretariat", True),
    ("focal_a", "agency_a", True),
    ("focal_a", "focal_a", False),
    ("agency_a", "agency_a", False),
    ("officer", "officer", False),
    ("expert", "expert", False),
])
def test_role_and_organisation_only_for_managers(world, who, person, shown):
    form = UserForm(instance=world.person(person), user=world.person(who))
    assert ("role" in form.fields) is shown
    assert ("organisation" in form.fields) is shown


def test_focal_point_adding_sees_role_and_organisation(world):
    form = UserForm(instance=User(), user=world.focal_a)
    assert {"role", "organisation"} <= set(form.fields)
    assert world.archived_org not in form.fields["organisation"].queryset


def test_email_is_required(world):
    form = UserForm(data={"username": "x", "language": "en"}, instance=world.expert, user=world.expert)
    assert form.errors["email"] == ["This field is required."]


@pytest.mark.parametrize("password", ["short", "password123", "1234567890123", "expert-expert"])
def test_weak_passwords_are_refused(world, password):
    form = UserForm(data={"username": "expert", "email": "expert@example.org", "language": "en",
                          "password": password}, instance=world.expert, user=world.expert)
    assert "password" in form.errors


def test_empty_password_keeps_the_old_one(world):
    form = UserForm(data={"username": "expert", "email": "expert@example.org", "language": "en", "password": ""},
                    instance=world.expert, user=world.expert)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["password"] == ""


def test_unknown_language_is_an_error(world):
    form = UserForm(data={"username": "expert", "email": "expert@example.org", "language": "xx"},
                    instance=world.expert, user=world.expert)
    assert "language" in form.errors
