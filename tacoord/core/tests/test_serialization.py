"""A record as the JSON the change log keeps, and back."""

import pytest

from tacoord.core.serialization import deserialize_into, serialize_object
from tacoord.organisations.models import Organisation
from tacoord.users.models import User

pytestmark = pytest.mark.django_db


def test_foreign_keys_by_id_and_no_primary_key_or_noise(world):
    data = serialize_object(world.agency_org_a)
    assert data["country_id"] == world.state_a.pk
    assert data["parent_id"] == world.fp_org_a.pk
    assert "id" not in data
    assert "created" not in data and "last_updated" not in data


def test_dates_become_strings(world):
    data = serialize_object(world.archived_org)
    assert isinstance(data["archived_at"], str)


def test_user_secrets_are_left_out(world):
    data = serialize_object(world.expert)
    assert not {"password", "last_login", "created", "last_updated"} & set(data)
    assert data["username"] == "expert"
    assert data["groups"] == [] and data["user_permissions"] == []


def test_round_trip(world):
    data = serialize_object(world.archived_org)
    blank = Organisation()
    pending = deserialize_into(blank, data)
    assert pending == []
    assert blank.name == world.archived_org.name
    # JSON keeps times to the millisecond (ECMA-262), so that is what a restore brings back.
    assert blank.archived_at == world.archived_org.archived_at.replace(
        microsecond=world.archived_org.archived_at.microsecond // 1000 * 1000)


def test_many_to_many_are_left_for_after_saving(world):
    assert set(deserialize_into(User(), serialize_object(world.expert))) == {"groups", "user_permissions"}


def test_fields_missing_from_old_data_are_left_alone(world):
    org = Organisation(name="Kept", phone="1")
    deserialize_into(org, {"phone": "2"})
    assert (org.name, org.phone) == ("Kept", "2")
