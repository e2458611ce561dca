"""What makes an organisation valid."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tacoord.organisations.models import Organisation
from tacoord.testing.factories import CountryFactory

pytestmark = pytest.mark.django_db


def errors_of(org) -> dict:
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    return error.value.message_dict


def test_government_agency_needs_a_country():
    assert "country" in errors_of(Organisation(name="Ministry", kind="government"))


def test_only_a_government_agency_is_a_focal_point(world):
    org = Organisation(name="NGO", kind="civil_society", country=world.state_a, is_focal_point=True)
    assert "is_focal_point" in errors_of(org)


def test_one_focal_point_per_state(world):
    second = Organisation(name="Second", kind="government", country=world.state_a, is_focal_point=True)
    assert errors_of(second)["is_focal_point"] == ["This State already has a national focal point."]


def test_an_archived_focal_point_leaves_room_for_a_new_one(world):
    world.fp_org_a.mark_archived()
    world.fp_org_a.save()
    Organisation(name="New focal point", kind="government", country=world.state_a, is_focal_point=True).full_clean()


def test_the_database_also_refuses_a_second_focal_point(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="Second", kind="government", country=world.state_a, is_focal_point=True)


def test_cannot_be_part_of_itself(world):
    world.provider.parent = world.provider
    assert "parent" in errors_of(world.provider)


def test_cannot_be_part_of_its_own_office(world):
    world.provider.parent = world.provider_office
    assert errors_of(world.provider)["parent"] == ["This would make the organisation part of itself."]


def test_deeper_loops_are_found(world):
    sub_office = Organisation.objects.create(name="Sub-office", kind="donor_agency", parent=world.provider_office)
    world.provider.parent = sub_office
    assert "parent" in errors_of(world.provider)


def test_government_agency_stays_within_its_state(world):
    agency = Organisation(name="Agency", kind="government", country=world.state_a, parent=world.fp_org_b)
    assert "parent" in errors_of(agency)


def test_iati_identifier_is_unique_and_well_formed(world):
    assert "iati_identifier" in errors_of(Organisation(name="Copy", kind="academia", iati_identifier="DE-1-0001"))
    assert "iati_identifier" in errors_of(Organisation(name="Bad", kind="academia", iati_identifier="has space"))


def test_empty_iati_identifier_is_none_so_many_may_have_none():
    first = Organisation(name="First", kind="academia", iati_identifier="")
    first.full_clean()
    first.save()
    second = Organisation(name="Second", kind="academia", iati_identifier="")
    second.full_clean()
    second.save()
    assert first.iati_identifier is None and second.iati_identifier is None


def test_iati_type_follows_the_kind_unless_given():
    org = Organisation(name="Uni", kind="academia")
    org.full_clean()
    assert org.iati_type == "80"
    org = Organisation(name="Uni", kind="academia", iati_type="21")
    org.full_clean()
    assert org.iati_type == "21"


def test_focal_point_of_a_state(world):
    assert world.agency_org_a.focal_point == world.fp_org_a
    assert world.other_provider.focal_point is None
    assert Organisation(name="x", country=CountryFactory()).focal_point is None


def test_str_shows_the_acronym(world):
    assert str(world.provider) == "Deutsche Gesellschaft Hilfe (DGH)"
    assert str(world.provider_office) == "DGH Nairobi office"


def test_absolute_url(world):
    assert world.provider.get_absolute_url() == f"/organisations/{world.provider.pk}/"
