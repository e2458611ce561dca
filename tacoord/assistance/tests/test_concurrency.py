"""Two acceptances at the same instant: only one offer wins (row lock on the request, on PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from tacoord.assistance.models import Offer, Request
from tacoord.assistance.services import offer_accept
from tacoord.assistance.tests.helpers import make_offer, make_request, to_stage


@pytest.mark.django_db(transaction=True)
def test_two_offers_accepted_at_once_only_one_wins(world):
    if connection.vendor != "postgresql":
        pytest.skip("Needs two real connections with row locks: run on PostgreSQL (SQLite serialises every write "
                    "transaction as a whole, so the race cannot happen there).")
    request = to_stage(world, make_request(world), "circulated")
    offers = [make_offer(world, request), make_offer(world, request, by=world.other_officer)]
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(offer, user):
        try:
            barrier.wait()
            offer_accept(user=user, offer=Offer.objects.get(pk=offer.pk))
            outcomes.append("won")
        except Exception as error:  # noqa: BLE001  the loser's refusal is what is tested
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(offers[0], world.focal_a)),
               threading.Thread(target=accept, args=(offers[1], world.secretariat))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["ApplicationError", "won"]
    request = Request.objects.get(pk=request.pk)
    statuses = sorted(Offer.objects.filter(request=request).values_list("status", flat=True))
    assert statuses == ["accepted", "declined"] and request.stage == "agreed"
    assert request.steps.filter(action="agree").count() == 1
    assert Request.objects.get(pk=request.pk).activity.assistance_requests.count() == 1
