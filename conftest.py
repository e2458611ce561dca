"""Shared fixtures: a small world of two States, their agencies, providers and one person in every role.

    State A (KE)  focal point org ── agency A ── (person: agency_a)         focal_a works at the focal point org
    State B (PE)  focal point org ── agency B ── (person: agency_b)         focal_b works at the focal point org
    provider (DE, donor agency) ── provider office                          officer, colleague work at the provider
    other provider (UN entity)                                              other_officer works there
    an archived organisation; a secretariat officer; two experts
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tacoord.core.roles import Role
from tacoord.organisations.choices import OrganisationKind
from tacoord.organisations.models import Organisation
from tacoord.testing.factories import (
    CountryFactory,
    FocalPointOrganisationFactory,
    GovernmentAgencyFactory,
    OrganisationFactory,
    UserFactory,
)
from tacoord.users.models import User


@dataclass
class World:
    state_a: object
    state_b: object
    donor_state: object
    fp_org_a: Organisation
    agency_org_a: Organisation
    fp_org_b: Organisation
    agency_org_b: Organisation
    provider: Organisation
    provider_office: Organisation
    other_provider: Organisation
    archived_org: Organisation
    secretariat: User
    focal_a: User
    focal_b: User
    agency_a: User
    agency_b: User
    officer: User
    colleague: User
    other_officer: User
    expert: User
    other_expert: User

    def person(self, name: str) -> User | AnonymousUser:
        """The person of that name in the world; 'anonymous' is the public."""
        return AnonymousUser() if name == "anonymous" else getattr(self, name)


@pytest.fixture(autouse=True)
def _fast_passwords_and_english(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background tasks run at once, in the test's own process, when their transaction commits.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def world(db) -> World:
    state_a = CountryFactory(iso2="KE", iso3="KEN", name_en="Kenya", name_fr="Kenya")
    state_b = CountryFactory(iso2="PE", iso3="PER", name_en="Peru", name_fr="Pérou")
    donor_state = CountryFactory(iso2="DE", iso3="DEU", name_en="Germany", name_fr="Allemagne")
    fp_org_a = FocalPointOrganisationFactory(country=state_a, name="Kenya Office of the Attorney General",
                                             acronym="KOAG")
    agency_org_a = GovernmentAgencyFactory(country=state_a, parent=fp_org_a, name="Kenya National Police Service")
    fp_org_b = FocalPointOrganisationFactory(country=state_b, name="Peru Ministry of Justice", acronym="MINJUS")
    agency_org_b = GovernmentAgencyFactory(country=state_b, parent=fp_org_b, name="Peru National Police")
    provider = OrganisationFactory(kind=OrganisationKind.DONOR_AGENCY, country=donor_state,
                                   name="Deutsche Gesellschaft Hilfe", acronym="DGH", iati_identifier="DE-1-0001")
    provider_office = OrganisationFactory(kind=OrganisationKind.DONOR_AGENCY, parent=provider,
                                          name="DGH Nairobi office")
    other_provider = OrganisationFactory(kind=OrganisationKind.UN_ENTITY, name="United Nations Development Office",
                                         acronym="UNDO")
    archived_org = OrganisationFactory(name="Defunct Training Institute", archived=True)
    return World(
        state_a=state_a, state_b=state_b, donor_state=donor_state,
        fp_org_a=fp_org_a, agency_org_a=agency_org_a, fp_org_b=fp_org_b, agency_org_b=agency_org_b,
        provider=provider, provider_office=provider_office, other_provider=other_provider,
        archived_org=archived_org,
        secretariat=UserFactory(username="secretariat", role=Role.SECRETARIAT, last_name="Secretariat"),
        focal_a=UserFactory(username="focal_a", role=Role.FOCAL_POINT, organisation=fp_org_a, last_name="Kamau"),
        focal_b=UserFactory(username="focal_b", role=Role.FOCAL_POINT, organisation=fp_org_b, last_name="Quispe"),
        agency_a=UserFactory(username="agency_a", role=Role.AGENCY_USER, organisation=agency_org_a,
                             last_name="Otieno"),
        agency_b=UserFactory(username="agency_b", role=Role.AGENCY_USER, organisation=agency_org_b,
                             last_name="Mamani"),
        officer=UserFactory(username="officer", role=Role.PROVIDER_OFFICER, organisation=provider,
                            last_name="Schmidt"),
        colleague=UserFactory(username="colleague", role=Role.PROVIDER_OFFICER, organisation=provider,
                              last_name="Weber"),
        other_officer=UserFactory(username="other_officer", role=Role.PROVIDER_OFFICER, organisation=other_provider,
                                  last_name="Rossi"),
        expert=UserFactory(username="expert", role=Role.EXPERT, last_name="Dubois"),
        other_expert=UserFactory(username="other_expert", role=Role.EXPERT, last_name="Novak"),
    )


@pytest.fixture
def client_for(db):
    """A browser signed in as `user` (anonymous for None or AnonymousUser)."""

    def make(user: User | AnonymousUser | None) -> Client:
        client = Client()
        if user is not None and user.is_authenticated:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def api_for(db):
    """An API client sending `user`'s token (anonymous for None or AnonymousUser)."""

    def make(user: User | AnonymousUser | None) -> APIClient:
        client = APIClient()
        if user is not None and user.is_authenticated:
            token, _created = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make
