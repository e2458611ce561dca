"""Who may see, change, archive and add organisations: every role, allowed and denied."""

import pytest

from tacoord.core.permissions import Action, user_may
from tacoord.organisations.models import Organisation
from tacoord.testing.factories import GovernmentAgencyFactory

pytestmark = pytest.mark.django_db

ORGANISATIONS = ("fp_org_a", "agency_org_a", "fp_org_b", "agency_org_b", "provider", "provider_office",
                 "other_provider", "archived_org")
PUBLISHED = set(ORGANISATIONS) - {"archived_org"}
ROLES = ("secretariat", "focal_a", "focal_b", "agency_a", "agency_b", "officer", "other_officer", "expert",
         "anonymous")

SCOPES = {
    Action.VIEW: {
        "secretariat": set(ORGANISATIONS),
        **{who: PUBLISHED for who in ROLES if who != "secretariat"},
    },
    Action.CHANGE: {
        "secretariat": set(ORGANISATIONS),
        "focal_a": {"fp_org_a", "agency_org_a"},
        "focal_b": {"fp_org_b", "agency_org_b"},
        "agency_a": {"agency_org_a"},
        "agency_b": {"agency_org_b"},
        "officer": {"provider", "provider_office"},
        "other_officer": {"other_provider"},
        "expert": set(),
        "anonymous": set(),
    },
    Action.ARCHIVE: {
        "secretariat": set(ORGANISATIONS),
        "focal_a": {"agency_org_a"},
        "focal_b": {"agency_org_b"},
        "agency_a": set(),
        "agency_b": set(),
        "officer": {"provider_office"},
        "other_officer": set(),
        "expert": set(),
        "anonymous": set(),
    },
}


def names(world, queryset):
    by_pk = {getattr(world, name).pk: name for name in ORGANISATIONS}
    return {by_pk[pk] for pk in queryset.values_list("pk", flat=True)}


@pytest.mark.parametrize("action", [Action.VIEW, Action.CHANGE, Action.ARCHIVE])
@pytest.mark.parametrize("who", ROLES)
def test_restrict(world, who, action):
    user = world.person(who)
    assert names(world, Organisation.objects.restrict(user, action)) == SCOPES[action][who]


@pytest.mark.parametrize("action", [Action.VIEW, Action.CHANGE, Action.ARCHIVE])
@pytest.mark.parametrize("who", ROLES)
def test_user_may_agrees_with_restrict(world, who, action):
    user = world.person(who)
    for name in ORGANISATIONS:
        assert user_may(user, action, getattr(world, name)) == (name in SCOPES[action][who]), name


def test_focal_point_sees_its_archived_agencies_but_nobody_else_does(world):
    old = GovernmentAgencyFactory(country=world.state_a, parent=world.fp_org_a, name="Old unit", archived=True)
    assert Organisation.objects.restrict(world.focal_a).filter(pk=old.pk).exists()
    assert Organisation.objects.restrict(world.focal_a, Action.CHANGE).filter(pk=old.pk).exists()
    for other in (world.focal_b, world.agency_a, world.officer, world.expert, None):
        assert not Organisation.objects.restrict(other).filter(pk=old.pk).exists()


def test_provider_officer_sees_its_archived_office(world):
    world.provider_office.mark_archived()
    world.provider_office.save()
    assert Organisation.objects.restrict(world.officer).filter(pk=world.provider_office.pk).exists()
    assert not Organisation.objects.restrict(world.other_officer).filter(pk=world.provider_office.pk).exists()


def test_focal_point_does_not_manage_non_government_bodies_of_its_state(world):
    ngo = Organisation.objects.create(name="Kenyan NGO", kind="civil_society", country=world.state_a)
    assert not user_may(world.focal_a, Action.CHANGE, ngo)


class TestMayAdd:
    def new(self, world, **fields):
        return Organisation(name="New", **fields)

    def test_secretariat_adds_anything(self, world):
        assert user_may(world.secretariat, Action.ADD, self.new(world, kind="un_entity"))
        assert user_may(world.secretariat, Action.ADD, self.new(world, kind="government", country=world.state_a,
                                                                is_focal_point=True))

    def test_focal_point_adds_agencies_of_its_state_only(self, world):
        assert user_may(world.focal_a, Action.ADD, Organisation())
        assert user_may(world.focal_a, Action.ADD, self.new(world, kind="government", country=world.state_a,
                                                            parent=world.fp_org_a))
        assert not user_may(world.focal_a, Action.ADD, self.new(world, kind="government", country=world.state_b))
        assert not user_may(world.focal_a, Action.ADD, self.new(world, kind="civil_society",
                                                                country=world.state_a))
        assert not user_may(world.focal_a, Action.ADD, self.new(world, kind="government", country=world.state_a,
                                                                is_focal_point=True))

    def test_provider_officer_adds_offices_under_its_organisation_only(self, world):
        assert user_may(world.officer, Action.ADD, Organisation())
        assert user_may(world.officer, Action.ADD, self.new(world, kind="donor_agency", parent=world.provider))
        assert not user_may(world.officer, Action.ADD, self.new(world, kind="donor_agency",
                                                                parent=world.other_provider))
        assert not user_may(world.officer, Action.ADD, self.new(world, kind="donor_agency"))
        assert not user_may(world.officer, Action.ADD, self.new(world, kind="government", country=world.state_a,
                                                                parent=world.provider))

    @pytest.mark.parametrize("who", ["agency_a", "expert", "anonymous"])
    def test_others_add_nothing(self, world, who):
        user = world.person(who)
        assert not user_may(user, Action.ADD, Organisation())
        assert not user_may(user, Action.ADD, self.new(world, kind="government", country=world.state_a))
        assert not user_may(user, Action.ADD, self.new(world, kind="donor_agency", parent=world.provider))


def test_a_focal_point_loses_its_powers_when_its_organisation_stops_being_the_focal_point(world):
    """The secretariat hands the focal point role to another body: the former focal point's staff manage nothing."""
    assert user_may(world.focal_a, Action.CHANGE, world.agency_org_a)
    world.fp_org_a.is_focal_point = False
    world.fp_org_a.save()
    focal_a = type(world.focal_a).objects.get(pk=world.focal_a.pk)
    assert not Organisation.objects.restrict(focal_a, Action.CHANGE).exists()
    assert not user_may(focal_a, Action.CHANGE, world.agency_org_a)
