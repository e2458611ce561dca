import pytest

from tacoord.assistance.models import Offer, Request
from tacoord.assistance.tests.helpers import make_offer, make_request, to_stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def circulated(world):
    request = to_stage(world, make_request(world), "accepted")
    from tacoord.assistance.services import request_step

    return request_step(user=world.secretariat, request=request, action="circulate", providers=[world.provider])


@pytest.mark.parametrize(("who", "count"), [("secretariat", 1), ("focal_a", 1), ("officer", 1), ("focal_b", 0),
                                            ("other_officer", 0), ("expert", 0)])
def test_request_list_by_role(world, api_for, circulated, who, count):
    response = api_for(world.person(who)).get("/api/requests/")
    assert response.status_code == 200 and response.json()["count"] == count


def test_anonymous_gets_only_counts(world, api_for, circulated):
    listing = api_for(None).get("/api/requests/")
    assert listing.status_code in {401, 403} or listing.json()["count"] == 0
    assert api_for(None).get(f"/api/requests/{circulated.pk}/").status_code in {401, 403, 404}
    counts = api_for(None).get("/api/requests/counts/").json()
    assert counts["total"] == 1 and "Kenya" not in str(counts)
    assert {"stage": "circulated", "label": "Circulated to providers", "count": 1} in counts["stages"]


def test_draft_submit_and_illegal_steps_through_the_api(world, api_for):
    response = api_for(world.agency_a).post("/api/requests/", {"country": "KE", "title": "By API"}, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    refused = api_for(world.agency_a).post(f"/api/requests/{pk}/step/", {"action": "submit"}, format="json")
    assert refused.status_code == 403
    ok = api_for(world.focal_a).post(f"/api/requests/{pk}/step/", {"action": "submit"}, format="json")
    assert ok.status_code == 200 and ok.json()["stage"] == "submitted"
    illegal = api_for(world.secretariat).post(f"/api/requests/{pk}/step/", {"action": "complete"}, format="json")
    assert illegal.status_code == 400 and Request.objects.get(pk=pk).stage == "submitted"
    other_state = api_for(world.agency_b).post("/api/requests/", {"country": "KE", "title": "x"}, format="json")
    assert other_state.status_code in {400, 403}


def test_offers_through_the_api(world, api_for, circulated):
    data = {"request": circulated.pk, "provider": world.provider.pk, "scope": "Mentoring", "budget": "1000.00",
            "currency": "USD"}
    assert api_for(world.other_officer).post("/api/requests/offers/", data, format="json").status_code in {400, 403}
    created = api_for(world.officer).post("/api/requests/offers/", data, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert api_for(world.other_officer).get(f"/api/requests/offers/{pk}/").status_code == 404
    assert api_for(world.focal_a).get("/api/requests/offers/").json()["count"] == 1
    refused = api_for(world.officer).post(f"/api/requests/offers/{pk}/decide/", {"decision": "accept"}, format="json")
    assert refused.status_code == 403
    accepted = api_for(world.focal_a).post(f"/api/requests/offers/{pk}/decide/", {"decision": "accept"},
                                           format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    again = api_for(world.focal_a).post(f"/api/requests/offers/{pk}/decide/", {"decision": "accept"}, format="json")
    assert again.status_code == 400


def test_a_second_offer_after_agreement_is_refused(world, api_for, circulated):
    from tacoord.assistance.services import offer_accept

    offer_accept(user=world.secretariat, offer=make_offer(world, circulated))
    late = api_for(world.colleague).post("/api/requests/offers/", {
        "request": circulated.pk, "provider": world.provider.pk, "scope": "Late"}, format="json")
    assert late.status_code == 400 and Offer.objects.count() == 1
