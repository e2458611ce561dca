"""The demo builders of provider profiles and the expert roster, on the real reference data and demo world."""

import datetime

import pytest
from django.core.management import call_command

from tacoord.core.context import change_context
from tacoord.core.permissions import Action, user_may
from tacoord.demo.world import demo_world_build
from tacoord.experts.demo import ROSTER_SIZE, demo_experts_build
from tacoord.experts.models import Assignment, Availability, Expert
from tacoord.providers.demo import SYNTHETIC, demo_providers_build
from tacoord.providers.models import ProviderProfile

pytestmark = pytest.mark.django_db


def test_demo_builders(client_for):
    call_command("load_reference", verbosity=0)
    with change_context(user=None, source="demo"):
        world = demo_world_build()
        provider_lines = demo_providers_build(world=world, seed=7)
        expert_lines = demo_experts_build(world=world, seed=7, today=datetime.date(2026, 3, 1))
    assert provider_lines and expert_lines
    profiles = ProviderProfile.objects.all()
    assert profiles.count() >= 10 and all(profile.summary.startswith(SYNTHETIC) for profile in profiles)
    fcdo = profiles.get(organisation=world.organisations["fcdo"])
    assert fcdo.languages.exists() and fcdo.articles.exists() and fcdo.modalities
    assert user_may(world.people["provider-fcdo"], Action.CHANGE, fcdo)
    assert Expert.objects.count() == ROSTER_SIZE + 1
    own = Expert.objects.get(user=world.people["expert"])
    assert own.availability.exists() and own.articles.filter(number=18).exists()
    assert all("[Synthetic demo expert]" in expert.expertise for expert in Expert.objects.all())
    # The demo's own accounts find what the builders made.
    assert client_for(world.people["expert"]).get("/experts/me/").url == own.get_absolute_url()
    found = client_for(world.people["secretariat"]).get("/experts/?speaks=vi&available_from=2026-04-15")
    assert own in found.context["page"].object_list
    assert client_for(None).get("/providers/?country=KE").context["page"].paginator.count >= 3

    # The same seed gives the same offers and the same roster.
    def signature():
        return ([(p.organisation_id, sorted(p.articles.values_list("pk", flat=True)), p.modalities)
                 for p in ProviderProfile.objects.order_by("organisation_id")],
                [(e.first_name, e.last_name, sorted(e.languages.values_list("code", flat=True)),
                  list(e.availability.values_list("starts_on", "ends_on"))) for e in Expert.objects.order_by("pk")])

    before = signature()
    Availability.objects.all().delete()
    Assignment.objects.all().delete()
    Expert.objects.all().delete()
    ProviderProfile.objects.all().delete()
    with change_context(user=None, source="demo"):
        demo_providers_build(world=world, seed=7)
        demo_experts_build(world=world, seed=7, today=datetime.date(2026, 3, 1))
    assert signature() == before
