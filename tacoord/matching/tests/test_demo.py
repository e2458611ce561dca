import pytest

from tacoord.matching.demo import demo_matching_build
from tacoord.matching.models import Match, MatchSubscription
from tacoord.matching.tests.helpers import constructed
from tacoord.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_builder_matches_and_subscribes(world):
    case = constructed(world)
    UserFactory(username="provider-fcdo", role="provider_officer", organisation=world.provider,
                email="officer@dgh.example")
    lines = demo_matching_build()
    assert Match.objects.filter(need=case["need"]).count() == 3
    assert MatchSubscription.objects.get().provider == case["francophone"]
    assert any("matches stored" in line for line in lines)
    demo_matching_build()
    assert MatchSubscription.objects.count() == 1  # built again: nothing doubled
