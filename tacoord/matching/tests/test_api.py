import pytest

from tacoord.matching.models import MatchingWeights, MatchSubscription
from tacoord.matching.services import matches_compute
from tacoord.matching.tests.helpers import constructed, need

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    made = constructed(world)
    matches_compute(full=True)
    return made


def _ids(response, key="provider"):
    assert response.status_code == 200, response.content
    results = response.json()
    results = results.get("results", results) if isinstance(results, dict) else results
    return [row[key] for row in results]


@pytest.mark.parametrize("person, count", [("secretariat", 3), ("officer", 1), ("other_officer", 1),
                                           ("focal_a", 0), ("expert", 0)])
def test_matches_within_permissions(case, world, api_for, person, count):
    assert len(_ids(api_for(world.person(person)).get("/api/matches/"))) == count


def test_matches_anonymous_and_identified_needs(case, world, api_for):
    assert _ids(api_for(None).get("/api/matches/")) == []
    draft = need(case["senegal"], article=case["untoc_a18"], status="identified")
    matches_compute()
    assert _ids(api_for(world.officer).get(f"/api/matches/?need={draft.pk}")) == []
    assert len(_ids(api_for(world.secretariat).get(f"/api/matches/?need={draft.pk}"))) == 2  # provider, expert
    rows = api_for(world.officer).get("/api/matches/").json()
    rows = rows.get("results", rows) if isinstance(rows, dict) else rows
    assert rows[0]["score"] == pytest.approx(sum(rows[0]["parts"].values()), abs=1e-3)


def test_weights_api(case, world, api_for):
    body = {"article": 4, "cluster": 1, "priority_area": 1, "ta_type": 2, "text": 2, "language": 3, "country": 2,
            "region": 1, "programmes": 1, "availability": 1, "track_record": 1, "unodc": 0.5}
    assert api_for(world.officer).post("/api/matching-weights/", body, format="json").status_code == 403
    assert api_for(world.secretariat).post("/api/matching-weights/", {**body, "language": -2},
                                           format="json").status_code == 400
    assert not MatchingWeights.objects.exists()
    response = api_for(world.secretariat).post("/api/matching-weights/", body, format="json")
    assert response.status_code == 201 and MatchingWeights.objects.get().article == 4
    assert len(_ids(api_for(world.focal_a).get("/api/matching-weights/"), "id")) == 1
    assert _ids(api_for(None).get("/api/matching-weights/"), "id") == []
    assert matches_compute().full  # new weights: everything scored again


def test_subscriptions_api(case, world, api_for):
    body = {"provider": case["francophone"].pk, "min_score": 4, "email": "mla@dgh.example"}
    assert api_for(world.other_officer).post("/api/match-subscriptions/", body, format="json").status_code in {
        400, 403}
    assert api_for(world.officer).post("/api/match-subscriptions/", body, format="json").status_code == 201
    assert MatchSubscription.objects.get().provider == case["francophone"]
    assert _ids(api_for(world.other_officer).get("/api/match-subscriptions/"), "id") == []


def test_gaps_api(case, world, api_for):
    gap = need(world.state_b, article=case["tip_a5"], ta_type="training", languages=("es",))
    rows = api_for(world.secretariat).get("/api/gaps/?coverage=unmet").json()
    assert [row["need"] for row in rows] == [gap.pk]
    assert api_for(world.secretariat).get("/api/gaps/?country=zz").status_code == 400
    assert [row["need"] for row in api_for(world.focal_b).get("/api/gaps/?country=PE").json()] == [gap.pk]
    assert api_for(None).get("/api/gaps/").status_code in {401, 403}
