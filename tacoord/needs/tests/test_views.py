import csv
import io

import pytest
from openpyxl import load_workbook

from tacoord.needs.choices import NeedStatus
from tacoord.needs.models import DerivationRule, Need
from tacoord.needs.services import needs_derive, rules_install_default
from tacoord.needs.tests import helpers
from tacoord.reference.models import Cluster, TechnicalAssistanceType

pytestmark = pytest.mark.django_db


@pytest.fixture
def derived(world):
    articles = helpers.reference()
    template = helpers.self_assessment(articles)
    rules_install_default()
    response = helpers.response(helpers.cycle(template), world.state_a)
    helpers.needing(response, "untoc_a5", ta_types=["training", "legal-advice"], challenges="No offence")
    helpers.needing(response, "tip_a5", ta_types=["legislative-drafting"], priority="low")
    needs_derive(response=response)
    Need.objects.filter(ta_type__code="training").update(status=NeedStatus.VALIDATED)
    return response


def listed(response):
    assert response.status_code == 200
    return {str(need.ta_type.code) for need in response.context["page"].object_list}


def test_list_filters_and_roles(world, client_for, derived):
    focal = client_for(world.focal_a)
    assert listed(focal.get("/needs/")) == {"training", "legal-advice", "legislative-drafting"}
    assert listed(focal.get("/needs/?instrument=TIP")) == {"legislative-drafting"}
    assert listed(focal.get("/needs/?priority=low")) == {"legislative-drafting"}
    assert listed(focal.get("/needs/?status=validated&country=KE&ta_type=training&cluster=CRIM")) == {"training"}
    assert listed(focal.get("/needs/?q=offence")) == {"training", "legal-advice"}
    assert listed(focal.get("/needs/?source=manual")) == set()
    assert listed(client_for(world.officer).get("/needs/")) == {"training"}
    assert listed(client_for(world.focal_b).get("/needs/")) == {"training"}
    assert listed(client_for(None).get("/needs/")) == set()
    assert focal.get("/needs/?country=ZZ&priority=bogus").status_code == 200


def test_exports(world, client_for, derived):
    client = client_for(world.officer)
    rows = list(csv.reader(io.StringIO(client.get("/needs/?export=csv").content.decode().lstrip("\ufeff"))))
    assert rows[0][0] == "State" and len(rows) == 2
    sheet = load_workbook(io.BytesIO(client.get("/needs/?export=xlsx").content)).active
    assert len(list(sheet.iter_rows())) == 2


def test_detail_actions_and_hidden_answers(world, client_for, derived):
    need = Need.objects.get(ta_type__code="legal-advice")
    page = client_for(world.focal_a).get(f"/needs/{need.pk}/")
    assert [a for a, _label in page.context["actions"]] == ["validate", "withdraw"]
    assert page.context["source_response"] == derived
    assert f'href="{derived.get_absolute_url()}"' in page.content.decode()
    assert client_for(world.officer).get(f"/needs/{need.pk}/").status_code == 404
    validated = Need.objects.get(ta_type__code="training")
    page = client_for(world.officer).get(f"/needs/{validated.pk}/")
    assert page.context["actions"] == [] and page.context["source_response"] is None
    # The provider is not led to the State's confidential answers.
    assert f'href="{derived.get_absolute_url()}"' not in page.content.decode()
    assert client_for(world.focal_a).get(f"/needs/{need.pk}/history/").status_code == 200


def test_actions_through_the_page(world, client_for, derived):
    need = Need.objects.get(ta_type__code="legal-advice")
    client = client_for(world.focal_a)
    response = client.post(f"/needs/{need.pk}/action/", {"action": "meet"}, follow=True)
    assert "cannot be given the action" in response.content.decode()
    assert Need.objects.get(pk=need.pk).status == NeedStatus.IDENTIFIED
    client.post(f"/needs/{need.pk}/action/", {"action": "validate"})
    assert Need.objects.get(pk=need.pk).status == NeedStatus.VALIDATED
    assert client_for(world.agency_a).post(f"/needs/{need.pk}/action/", {"action": "address"}).status_code == 403


def test_editing_a_derived_need_marks_it(world, client_for, derived):
    need = Need.objects.get(ta_type__code="legal-advice")
    response = client_for(world.agency_a).post(f"/needs/{need.pk}/edit/", {
        "article": need.article_id, "ta_type": need.ta_type_id, "priority": "medium", "description": "Ours",
        "source_reference": ""})
    assert response.status_code == 302, response.context["form"].errors
    need.refresh_from_db()
    assert need.edited_by_person and need.description == "Ours"


def test_rules_pages_secretariat_only(world, client_for, derived):
    rule = DerivationRule.objects.get()
    assert client_for(world.focal_a).get(f"/needs/rules/{rule.pk}/").status_code == 404
    client = client_for(world.secretariat)
    assert client.get("/needs/rules/").status_code == 200
    response = client.post(f"/needs/rules/{rule.pk}/edit/", {
        "name": rule.name, "condition": "${status} = ", "ta_types_question": "ta_types", "default_priority": "medium",
        "is_active": "on"})
    assert response.status_code == 200 and "condition" in response.context["form"].errors
    assert DerivationRule.objects.get().condition == rule.condition


def test_analysis_pages(world, client_for, derived):
    client = client_for(world.secretariat)
    page = client.get("/needs/analysis/")
    tables = {dimension.name: {row.label: row.count for row in rows} for dimension, rows in page.context["tables"]}
    assert tables["priority"] == {"High": 2, "Medium": 0, "Low": 1}
    assert tables["cluster"] == {"Criminalization": 3}
    assert tables["priority_area"] == {"Criminal justice responses": 2, "Protocols": 1}
    assert "<span class=\"bar\"" in page.content.decode()
    exported = client.get("/needs/analysis/?table=ta_type&export=csv").content.decode().lstrip("\ufeff")
    assert exported.splitlines()[0] == "Value,Needs" and len(exported.splitlines()) == 4
    assert client_for(world.officer).get("/needs/analysis/").context["total"] == 1
    assert client_for(None).get("/needs/analysis/").context["total"] == 0
    assert client.get("/needs/analysis/report/").status_code == 200
    cycle = derived.cycle
    change = client.get(f"/needs/analysis/change/?earlier={cycle.pk}&later={cycle.pk}&table=priority")
    assert [(row.label, row.later) for row in change.context["rows"]] == [("High", 2), ("Medium", 0), ("Low", 1)]


def test_gap_analysis(world, client_for, derived):
    helpers.answer(derived, untoc_a18_status="yes")
    page = client_for(world.focal_a).get("/needs/gaps/KE/")
    rows = {(row.article.instrument.code, row.article.number): row for row in page.context["rows"]}
    assert rows[("UNTOC", 5)].status == "no" and len(rows[("UNTOC", 5)].needs) == 2
    assert rows[("UNTOC", 18)].status == "yes" and rows[("UNTOC", 18)].needs == []
    # A provider sees the validated needs, never the answers.
    page = client_for(world.officer).get("/needs/gaps/KE/")
    assert page.context["response"] is None
    assert [(row.article.number, row.status, len(row.needs)) for row in page.context["rows"]] == [(5, None, 1)]
    exported = client_for(world.focal_a).get("/needs/gaps/KE/?export=xlsx")
    assert len(list(load_workbook(io.BytesIO(exported.content)).active.iter_rows())) == 4


def test_country_page_shows_the_needs_the_viewer_may_see(world, client_for):
    """The State's focal point sees its draft needs on the country page; a provider only validated ones; the public
    no needs section at all."""
    cluster = Cluster.objects.get_or_create(code="IC", defaults={"name_en": "International cooperation"})[0]
    ta_type = TechnicalAssistanceType.objects.first() or TechnicalAssistanceType.objects.create(
        code="legal-advice", name_en="Legal advice")
    Need.objects.create(country=world.state_a, cluster=cluster, ta_type=ta_type, priority="high",
                        status=NeedStatus.IDENTIFIED, description="Draft need")
    page = f"/reference/countries/{world.state_a.iso2}/"
    focal = client_for(world.focal_a).get(page).content.decode()
    assert "1 need recorded" in focal
    provider = client_for(world.officer).get(page).content.decode()
    assert "No need is recorded that you may see." in provider
    public = client_for(None).get(page).content.decode()
    assert "Needs for technical assistance" not in public
