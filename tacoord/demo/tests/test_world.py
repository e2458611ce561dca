"""The demo world: built through the services, coherent with the roles, refused twice or without reference data."""

import pytest
from django.core.exceptions import ValidationError

from tacoord.core.context import change_context
from tacoord.core.models import ObjectChange
from tacoord.core.permissions import Action, user_may
from tacoord.core.roles import Role
from tacoord.demo.world import DEMO_PASSWORD, ORGANISATIONS, PEOPLE, demo_world_build
from tacoord.organisations.choices import OrganisationKind
from tacoord.organisations.models import Organisation
from tacoord.reference.models import Country

pytestmark = pytest.mark.django_db


@pytest.fixture
def countries():
    codes = sorted({spec.country for spec in ORGANISATIONS if spec.country})
    return {code: Country.objects.create(iso2=code, iso3=f"{code}X", name_en=f"State {code}", un_status="member")
            for code in codes}


@pytest.fixture
def world(countries):
    with change_context(user=None, source="demo"):
        return demo_world_build()


def test_every_state_has_one_focal_point_and_agencies_under_it(world):
    states = {spec.country for spec in ORGANISATIONS if spec.is_focal_point}
    assert len(states) >= 5
    for iso2 in states:
        government = Organisation.objects.filter(country__iso2=iso2, kind=OrganisationKind.GOVERNMENT)
        focal_point = government.get(is_focal_point=True)
        agencies = government.filter(is_focal_point=False)
        assert 2 <= agencies.count() <= 3
        assert set(agencies.values_list("parent", flat=True)) == {focal_point.pk}


def test_unodc_and_providers_carry_their_iati_identifiers(world):
    unodc = world.organisations["unodc"]
    assert (unodc.iati_identifier, unodc.kind, unodc.iati_type) == ("XM-DAC-41128", "unodc_headquarters", "40")
    assert world.organisations["unodc-roea"].parent == unodc
    assert world.organisations["fcdo"].iati_identifier == "GB-GOV-1"
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert set(OrganisationKind) - kinds == {OrganisationKind.PRIVATE_SECTOR}


def test_one_account_per_role_all_signing_in_with_the_demo_password(world):
    assert {person.role for person in world.people.values()} == set(Role) - {Role.PUBLIC}
    for person in world.people.values():
        person.full_clean()
        assert person.check_password(DEMO_PASSWORD)
    focal_points = [p for p in world.people.values() if p.role == Role.FOCAL_POINT]
    assert {p.organisation.country.iso2 for p in focal_points} == {"KE", "CO"}


def test_credentials_name_each_account_with_its_scope(world):
    rows = world.credentials()
    assert [username for _role, username, _password, _scope in rows] == [spec.username for spec in PEOPLE]
    assert all(password == DEMO_PASSWORD for _role, _username, password, _scope in rows)
    scopes = {username: scope for _role, username, _password, scope in rows}
    assert "Office of the Attorney-General" in scopes["focalpoint-ke"]
    assert "FCDO" in scopes["provider-fcdo"]


def test_roles_reach_what_the_browser_tests_click(world):
    people, organisations = world.people, world.organisations
    assert user_may(people["focalpoint-ke"], Action.CHANGE, organisations["ke-police"])
    assert not user_may(people["focalpoint-ke"], Action.CHANGE, organisations["co-police"])
    assert user_may(people["provider-fcdo"], Action.CHANGE, organisations["fcdo"])
    assert not user_may(people["provider-fcdo"], Action.CHANGE, organisations["ke-police"])
    assert user_may(people["secretariat"], Action.CHANGE, organisations["usaid"])


def test_the_change_log_says_the_demo_made_it(world):
    changes = ObjectChange.objects.filter(changed_object_type__model__in=["organisation", "user"])
    assert changes.count() >= len(ORGANISATIONS) + len(PEOPLE)
    assert set(changes.values_list("source", flat=True)) == {"demo"}
    assert not changes.filter(user__isnull=False).exists()
    assert "password" not in changes.filter(object_repr__contains="secretariat").first().postchange_data


def test_a_second_build_is_refused(world):
    with pytest.raises(ValidationError, match="already exists"):
        demo_world_build()


def test_without_reference_data_it_says_what_to_run():
    with pytest.raises(ValidationError, match="load_reference"):
        demo_world_build()
    assert not Organisation.objects.exists()
