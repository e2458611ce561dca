import pytest

from tacoord.needs.choices import NeedStatus
from tacoord.needs.models import DerivationRule, Need
from tacoord.needs.services import rules_install_default
from tacoord.needs.tests import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(world):
    return helpers.reference()


def new(api, articles, country="KE", **extra):
    return api.post("/api/needs/", {"country": country, "article": articles["untoc_a5"].pk, "ta_type": "training",
                                    "priority": "high", "languages": ["fr"], **extra}, format="json")


def test_crud_within_permissions(world, api_for, articles):
    agency = api_for(world.agency_a)
    created = new(agency, articles, status="validated")
    assert created.status_code == 201, created.data
    assert created.data["status"] == "identified" and created.data["languages"] == ["fr"]
    pk = created.data["id"]
    assert new(agency, articles, country="PE").status_code == 403
    assert new(api_for(world.officer), articles).status_code == 403
    assert new(api_for(None), articles).status_code in {401, 403}
    assert api_for(world.officer).get(f"/api/needs/{pk}/").status_code == 404
    focal = api_for(world.focal_a)
    assert focal.post(f"/api/needs/{pk}/action/", {"action": "meet"}, format="json").status_code == 400
    assert focal.post(f"/api/needs/{pk}/action/", {"action": "validate"}, format="json").data["status"] == "validated"
    assert api_for(world.officer).get("/api/needs/").data["count"] == 1
    assert agency.patch(f"/api/needs/{pk}/", {"priority": "low"}, format="json").status_code == 403
    assert agency.delete(f"/api/needs/{pk}/").status_code == 403
    assert focal.delete(f"/api/needs/{pk}/").status_code == 204
    assert Need.objects.get(pk=pk).archived_at is not None and Need.objects.get(pk=pk).status == NeedStatus.VALIDATED


def test_rules_api(world, api_for):
    rule = rules_install_default()
    assert api_for(world.focal_a).get(f"/api/needs/rules/{rule.pk}/").status_code == 404
    api = api_for(world.secretariat)
    bad = api.patch(f"/api/needs/rules/{rule.pk}/", {"condition": "${status} ="}, format="json")
    assert bad.status_code == 400 and "condition" in bad.data["errors"]
    assert api.patch(f"/api/needs/rules/{rule.pk}/", {"is_active": False}, format="json").status_code == 200
    assert DerivationRule.objects.get().is_active is False
