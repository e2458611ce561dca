"""Requests for tests, moved through their lifecycle by the services as the people who take each step."""

import datetime
from decimal import Decimal

from tacoord.assistance.models import Offer, Request
from tacoord.assistance.services import offer_save, request_save, request_step
from tacoord.needs.models import Need
from tacoord.reference.models import TechnicalAssistanceType


def make_need(world, *, country=None) -> Need:
    ta_type, _ = TechnicalAssistanceType.objects.get_or_create(code="training", defaults={"name_en": "Training"})
    from tacoord.reference.models import PriorityArea

    area = PriorityArea.objects.first() or PriorityArea.objects.create(number=1, name_en="Criminalization")
    return Need.objects.create(country=country or world.state_a, ta_type=ta_type, priority_area=area,
                               status="validated", description="Train prosecutors on financial investigations")


def make_request(world, *, by=None, needs=(), title="Training of prosecutors on mutual legal assistance") -> Request:
    request = Request(country=world.state_a, title=title, context="Cases stall for lack of practice.",
                      desired_start=datetime.date(2026, 9, 1), desired_end=datetime.date(2027, 3, 1))
    return request_save(user=by or world.agency_a, request=request, relations={"needs": list(needs)})


def to_stage(world, request: Request, stage: str) -> Request:
    """Move a fresh draft to `stage` along the main path, each step by the person who takes it."""
    path = [("submit", world.focal_a, {}), ("triage", world.secretariat, {}), ("accept", world.secretariat, {}),
            ("circulate", world.secretariat, {"providers": [world.provider, world.other_provider]})]
    names = {"submitted": 1, "under_triage": 2, "accepted": 3, "circulated": 4}
    for action, user, extra in path[:names[stage]]:
        request = request_step(user=user, request=request, action=action, **extra)
    return request


def make_offer(world, request, *, by=None, provider=None, co_providers=(), budget="50000.00") -> Offer:
    by = by or world.officer
    offer = Offer(request=request, provider=provider or by.organisation, scope="Three workshops and mentoring",
                  modality="on_site", start=datetime.date(2026, 10, 1), end=datetime.date(2027, 2, 1),
                  budget=Decimal(budget), currency="EUR", funding_source="Own budget")
    return offer_save(user=by, offer=offer, relations={"co_providers": list(co_providers)})
