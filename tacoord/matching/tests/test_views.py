import csv
import io

import pytest
from openpyxl import load_workbook

from tacoord.activities.tests.helpers import make_activity
from tacoord.matching.models import Match, MatchingWeights, MatchSubscription
from tacoord.matching.selectors import (
    _is_offer,
    candidates_for_criteria,
    candidates_for_need,
    coverage,
    needs_for_provider,
)
from tacoord.matching.services import matches_compute
from tacoord.matching.tests.helpers import constructed, need
from tacoord.reference.models import Article, Language, TechnicalAssistanceType

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    made = constructed(world)
    matches_compute(full=True)
    return made


def _focal_of_senegal(world, case):
    from tacoord.testing.factories import FocalPointOrganisationFactory, UserFactory

    organisation = FocalPointOrganisationFactory(country=case["senegal"], name="Senegal Ministry of Justice")
    return UserFactory(username="focal_sn", role="focal_point", organisation=organisation)


def test_need_page_explains_each_score(case, world, client_for):
    focal = _focal_of_senegal(world, case)
    response = client_for(focal).get(f"/matching/needs/{case['need'].pk}/")
    assert response.status_code == 200
    providers = response.context["kinds"]["Provider"]
    assert [c.obj for c in providers] == [case["francophone"], case["anglophone"]]
    first = providers[0]
    assert first.score == pytest.approx(sum(part.points for part in first.parts), abs=1e-3)
    body = response.content.decode()
    assert "Works in a language the State prefers" in body and "Same article" in body


def test_need_page_denied(case, world, client_for):
    url = f"/matching/needs/{case['need'].pk}/"
    assert client_for(None).get(url).status_code == 302
    # Kenya's people see Senegal's validated need, but not who is ranked for it.
    for person in ("focal_a", "agency_a", "expert"):
        response = client_for(world.person(person)).get(url)
        assert response.status_code == 200 and response.context["kinds"] == {}
    hidden = need(case["senegal"], article=case["untoc_a18"], status="identified")
    assert client_for(world.officer).get(f"/matching/needs/{hidden.pk}/").status_code == 404


def test_officer_sees_only_its_own_organisation_ranked(case, world, client_for):
    response = client_for(world.officer).get(f"/matching/needs/{case['need'].pk}/")
    assert response.status_code == 200
    shown = [c.obj for cands in response.context["kinds"].values() for c in cands]
    assert shown == [case["francophone"]]
    assert [c.obj for c in candidates_for_need(need=case["need"], user=world.other_officer)] == [case["anglophone"]]


@pytest.mark.parametrize("person, visible", [
    ("secretariat", 3), ("focal_a", 0), ("officer", 1), ("other_officer", 1), ("expert", 0), ("anonymous", 0)])
def test_match_list_within_permissions(case, world, client_for, person, visible):
    response = client_for(world.person(person)).get("/matching/")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == visible


def test_match_list_hides_identified_needs_from_providers(case, world, client_for):
    draft = need(case["senegal"], article=case["untoc_a18"], status="identified")
    matches_compute()
    assert Match.objects.filter(need=draft).exists()
    response = client_for(world.officer).get(f"/matching/?need={draft.pk}")
    assert list(response.context["page"].object_list) == []


def test_match_list_filters_and_exports(case, world, client_for):
    client = client_for(world.secretariat)
    response = client.get("/matching/?kind=provider&best=true")
    assert [m.provider for m in response.context["page"].object_list] == [case["francophone"]]
    rows = list(csv.reader(io.StringIO(client.get("/matching/?export=csv&kind=provider").content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Need", "State", "Status of the need"] and len(rows) == 3
    assert "Same article" in rows[1][-1]
    workbook = load_workbook(io.BytesIO(client.get("/matching/?export=xlsx").content))
    assert workbook.active.max_row == 4
    assert client.get("/matching/?min_score=abc").status_code == 200  # a bad filter is shown, not a 500


def test_provider_page_lists_the_needs_it_could_address(case, world, client_for):
    url = f"/matching/providers/{case['francophone'].pk}/"
    response = client_for(world.officer).get(url)
    assert [c.obj for c in response.context["needs"]] == [case["need"]]
    assert response.context["may_subscribe"]
    assert not client_for(world.other_officer).get(url).context["may_subscribe"]
    assert client_for(None).get(url).status_code == 302
    assert needs_for_provider(profile=case["anglophone"], user=world.officer)[0].obj == case["need"]


def test_weights_page_and_edit(case, world, client_for):
    response = client_for(world.focal_a).get("/matching/weights/")
    assert response.status_code == 200 and not response.context["may_add"]
    assert client_for(world.focal_a).get("/matching/weights/add/").status_code == 403
    client = client_for(world.secretariat)
    fields = dict.fromkeys(("article", "cluster", "priority_area", "ta_type", "text", "language", "country",
                            "region", "programmes", "availability", "track_record", "unodc"), 1)
    response = client.post("/matching/weights/add/", {**fields, "language": -1})
    assert response.status_code == 200 and "language" in response.context["form"].errors
    assert not MatchingWeights.objects.exists()
    response = client.post("/matching/weights/add/", {**fields, "language": 5})
    weights = MatchingWeights.objects.get()
    assert response.status_code == 302 and weights.language == 5
    assert client.get("/matching/weights/").status_code == 302
    assert client.get(f"/matching/weights/{weights.pk}/history/").status_code == 200
    assert client_for(world.officer).post(f"/matching/weights/{weights.pk}/edit/", fields).status_code == 403
    assert client_for(None).get(f"/matching/weights/{weights.pk}/").status_code == 404


def test_subscription_pages(case, world, client_for):
    client = client_for(world.officer)
    response = client.post("/matching/subscriptions/add/", {"provider": case["anglophone"].pk, "min_score": 3,
                                                            "email": "x@example.org", "is_active": "on"})
    assert response.status_code == 200 and "provider" in response.context["form"].errors
    response = client.post("/matching/subscriptions/add/", {"provider": case["francophone"].pk, "min_score": 3,
                                                            "email": "x@example.org", "is_active": "on"})
    subscription = MatchSubscription.objects.get()
    assert response.status_code == 302
    assert client.get(f"/matching/subscriptions/{subscription.pk}/").status_code == 200
    assert client_for(world.other_officer).get(f"/matching/subscriptions/{subscription.pk}/").status_code == 404
    assert client_for(world.focal_a).get("/matching/subscriptions/add/").status_code == 403


def test_coverage_page_panel_and_export(case, world, client_for):
    make_activity(reporter=world.provider, countries=[case["senegal"]],
                  relations={"articles": [case["untoc_a18"]]}, status="2")
    make_activity(reporter=world.other_provider, countries=[case["senegal"]],
                  relations={"articles": [case["untoc_a18"]]}, status="2")
    gap = need(world.state_b, article=case["tip_a5"], ta_type="training", languages=("es",))
    rows = {row.need: row for row in coverage(user=world.secretariat)}
    assert rows[case["need"]].status == "several" and rows[case["need"]].providers == 2
    assert rows[gap].status == "unmet"
    client = client_for(world.secretariat)
    response = client.get("/matching/coverage/?coverage=unmet")
    assert [row.need for row in response.context["rows"]] == [gap]
    assert response.context["map"].rows[0].iso2 == "pe"
    exported = client.get("/matching/coverage/?export=csv").content.decode("utf-8-sig")
    assert "Several providers on it" in exported and "Unmet: no activity, no offer" in exported
    assert client.get("/matching/coverage/?country=ZZ&priority_area=x").status_code == 200
    page = client.get(f"/reference/countries/{case['senegal'].iso2}/")
    assert "Coverage of validated needs" in page.content.decode()
    assert "Coverage of validated needs" not in client_for(None).get(
        f"/reference/countries/{case['senegal'].iso2}/").content.decode()
    assert client_for(None).get("/matching/coverage/").status_code == 302
    assert [row.need for row in coverage(user=world.officer, country=case["senegal"])] == [case["need"]]


def test_candidates_for_criteria(case, world):
    found = candidates_for_criteria(
        user=world.secretariat, country=case["senegal"], articles=[Article.objects.get(pk=case["untoc_a18"].pk)],
        ta_types=[TechnicalAssistanceType.objects.get(code="legislative-drafting")],
        languages=Language.objects.filter(code="fr"), text="mutual legal assistance law")
    providers = [c for c in found if c.kind == "provider"]
    assert providers[0].obj == case["francophone"] and providers[0].rank == 1
    assert [c.obj for c in found if c.kind == "expert"] == [case["expert"]]
    assert all(c.kind != "expert" for c in candidates_for_criteria(
        user=world.officer, country=case["senegal"], articles=[case["untoc_a18"]]))


def test_an_offer_answers_a_need_on_its_article_and_type_of_assistance_where_the_state_is():
    assert _is_offer({"article": 1.0, "ta_type": 1.0, "region": 1.0})
    assert _is_offer({"cluster": 1.0, "ta_type": 1.0, "country": 1.0})
    # a shared priority area is too broad to count as an offer; so is the theme without the type of assistance
    assert not _is_offer({"priority_area": 1.0, "ta_type": 1.0, "country": 1.0})
    assert not _is_offer({"article": 1.0, "country": 1.0})
    assert not _is_offer({"article": 1.0, "ta_type": 1.0})
