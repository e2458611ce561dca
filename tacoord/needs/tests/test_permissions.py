"""Who sees and changes which needs, for every role: the denied cases above all."""

import pytest

from tacoord.core.permissions import Action, user_may
from tacoord.needs.choices import NeedStatus
from tacoord.needs.models import DerivationRule, Need
from tacoord.needs.tests import helpers
from tacoord.reference.models import TechnicalAssistanceType

pytestmark = pytest.mark.django_db


@pytest.fixture
def needs(world):
    articles = helpers.reference()
    training = TechnicalAssistanceType.objects.get(code="training")
    made = {}
    for name, country, status in [("a_identified", world.state_a, NeedStatus.IDENTIFIED),
                                  ("a_validated", world.state_a, NeedStatus.VALIDATED),
                                  ("b_identified", world.state_b, NeedStatus.IDENTIFIED),
                                  ("b_met", world.state_b, NeedStatus.MET),
                                  ("b_withdrawn", world.state_b, NeedStatus.WITHDRAWN)]:
        made[name] = Need.objects.create(country=country, article=articles["untoc_a5"], ta_type=training,
                                         status=status)
    return made


def visible(user, action=Action.VIEW):
    return {need.status + "@" + need.country.iso2 for need in Need.objects.restrict(user, action)}


@pytest.mark.parametrize("who, expected", [
    ("secretariat", {"identified@KE", "validated@KE", "identified@PE", "met@PE", "withdrawn@PE"}),
    ("focal_a", {"identified@KE", "validated@KE", "met@PE"}),
    ("agency_a", {"identified@KE", "validated@KE", "met@PE"}),
    ("officer", {"validated@KE", "met@PE"}),
    ("expert", {"validated@KE", "met@PE"}),
    ("anonymous", set()),
])
def test_view(world, needs, who, expected):
    assert visible(world.person(who)) == expected


@pytest.mark.parametrize("who, expected", [
    ("focal_a", {"identified@KE", "validated@KE"}),
    ("agency_a", {"identified@KE"}),
    ("focal_b", {"identified@PE", "met@PE", "withdrawn@PE"}),
    ("officer", set()), ("expert", set()), ("anonymous", set()),
])
def test_change(world, needs, who, expected):
    assert visible(world.person(who), Action.CHANGE) == expected


@pytest.mark.parametrize("who", ["agency_a", "officer", "expert", "anonymous"])
def test_archive_denied(world, needs, who):
    assert visible(world.person(who), Action.ARCHIVE) == set()


def test_add(world, needs):
    training = TechnicalAssistanceType.objects.get(code="training")
    own = Need(country=world.state_a, ta_type=training)
    assert user_may(world.focal_a, Action.ADD, own) and user_may(world.agency_a, Action.ADD, own)
    assert not user_may(world.agency_a, Action.ADD, Need(country=world.state_a, ta_type=training,
                                                          status=NeedStatus.VALIDATED))
    for who in ("focal_b", "agency_b", "officer", "expert", "anonymous"):
        assert not user_may(world.person(who), Action.ADD, own)


@pytest.mark.parametrize("who", ["focal_a", "agency_a", "officer", "expert", "anonymous"])
def test_rules_are_the_secretariats(world, who):
    from tacoord.needs.services import rules_install_default

    rule = rules_install_default()
    assert not DerivationRule.objects.restrict(world.person(who), Action.VIEW).exists()
    assert not user_may(world.person(who), Action.CHANGE, rule)
    assert not user_may(world.person(who), Action.ADD, DerivationRule())
