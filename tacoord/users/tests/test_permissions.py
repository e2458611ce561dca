"""Who may see, change, archive and add people: every role, allowed and denied."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tacoord.core.permissions import Action, user_may
from tacoord.users.models import User
from tacoord.users.permissions import manages_people

pytestmark = pytest.mark.django_db

PEOPLE = ("secretariat", "focal_a", "focal_b", "agency_a", "agency_b", "officer", "colleague", "other_officer",
          "expert", "other_expert")
ROLES = (*PEOPLE, "anonymous")

SCOPES = {
    Action.VIEW: {
        "secretariat": set(PEOPLE),
        "focal_a": {"focal_a", "agency_a"},
        "focal_b": {"focal_b", "agency_b"},
        "agency_a": {"agency_a"},
        "agency_b": {"agency_b"},
        "officer": {"officer", "colleague"},
        "colleague": {"officer", "colleague"},
        "other_officer": {"other_officer"},
        "expert": {"expert"},
        "other_expert": {"other_expert"},
        "anonymous": set(),
    },
    Action.CHANGE: {
        "secretariat": set(PEOPLE),
        "focal_a": {"focal_a", "agency_a"},
        "focal_b": {"focal_b", "agency_b"},
        **{who: {who} for who in ("agency_a", "agency_b", "officer", "colleague", "other_officer", "expert",
                                  "other_expert")},
        "anonymous": set(),
    },
    Action.ARCHIVE: {
        "secretariat": set(PEOPLE),
        "focal_a": {"agency_a"},
        "focal_b": {"agency_b"},
        **{who: set() for who in ("agency_a", "agency_b", "officer", "colleague", "other_officer", "expert",
                                  "other_expert", "anonymous")},
    },
}


def usernames(queryset) -> set[str]:
    return set(queryset.values_list("username", flat=True))


@pytest.mark.parametrize("action", [Action.VIEW, Action.CHANGE, Action.ARCHIVE])
@pytest.mark.parametrize("who", ROLES)
def test_restrict(world, who, action):
    assert usernames(User.objects.restrict(world.person(who), action)) == SCOPES[action][who]


@pytest.mark.parametrize("action", [Action.VIEW, Action.CHANGE, Action.ARCHIVE])
@pytest.mark.parametrize("who", ROLES)
def test_user_may_agrees_with_restrict(world, who, action):
    user = world.person(who)
    for name in PEOPLE:
        assert user_may(user, action, getattr(world, name)) == (name in SCOPES[action][who]), name


def test_focal_point_manages_a_second_focal_point_of_its_state(world):
    deputy = User.objects.create(username="deputy_a", role="focal_point", organisation=world.fp_org_a)
    assert user_may(world.focal_a, Action.ARCHIVE, deputy)
    assert not user_may(world.focal_b, Action.VIEW, deputy)


def test_focal_point_does_not_see_other_people_working_in_its_state(world):
    """Roles other than focal point and agency user are not the State's to manage, whatever their organisation."""
    odd = User.objects.create(username="ngo_officer", role="provider_officer", organisation=world.agency_org_a)
    assert not user_may(world.focal_a, Action.VIEW, odd)


class TestMayAdd:
    def person(self, world, **fields):
        return User(username="newcomer", email="n@example.org", **fields)

    def test_secretariat_adds_anyone(self, world):
        assert user_may(world.secretariat, Action.ADD, self.person(world, role="secretariat"))
        assert user_may(world.secretariat, Action.ADD, self.person(world, role="expert"))

    def test_focal_point_adds_focal_points_and_agency_users_of_its_state(self, world):
        assert user_may(world.focal_a, Action.ADD, User())
        assert user_may(world.focal_a, Action.ADD, self.person(world, role="agency_user",
                                                               organisation=world.agency_org_a))
        assert user_may(world.focal_a, Action.ADD, self.person(world, role="focal_point",
                                                               organisation=world.fp_org_a))

    @pytest.mark.parametrize(("role", "organisation"), [
        ("agency_user", "agency_org_b"),
        ("focal_point", "fp_org_b"),
        ("secretariat", None),
        ("secretariat", "agency_org_a"),
        ("provider_officer", "provider"),
        ("provider_officer", "agency_org_a"),
        ("expert", None),
        ("expert", "agency_org_a"),
    ])
    def test_focal_point_adds_no_one_else(self, world, role, organisation):
        person = self.person(world, role=role, organisation=getattr(world, organisation) if organisation else None)
        assert not user_may(world.focal_a, Action.ADD, person)

    @pytest.mark.parametrize("who", ["agency_a", "officer", "expert", "anonymous"])
    def test_others_add_no_one(self, world, who):
        user = world.person(who)
        assert not user_may(user, Action.ADD, User())
        assert not user_may(user, Action.ADD, self.person(world, role="expert"))
        assert not user_may(user, Action.ADD, self.person(world, role="provider_officer",
                                                          organisation=world.provider))


class TestManagesPeople:
    def test_secretariat_manages_everyone(self, world):
        assert manages_people(world.secretariat, world.expert)
        assert manages_people(world.secretariat, world.secretariat)

    def test_focal_point_manages_its_states_people_but_not_itself(self, world):
        assert manages_people(world.focal_a, world.agency_a)
        assert manages_people(world.focal_a, User())
        assert not manages_people(world.focal_a, world.focal_a)
        assert not manages_people(world.focal_a, world.agency_b)
        assert not manages_people(world.focal_a, world.expert)

    @pytest.mark.parametrize("who", ["agency_a", "officer", "expert"])
    def test_no_one_else_does(self, world, who):
        user = world.person(who)
        assert not manages_people(user, user)
        assert not manages_people(user, world.colleague)
        assert not manages_people(AnonymousUser(), world.expert)
