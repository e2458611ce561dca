"""The questionnaires API: read-only, the same restriction as the pages, nested sections, questions and choices."""

import pytest

from tacoord.questionnaires.choices import TemplateStatus
from tacoord.questionnaires.services import template_import_xlsform
from tacoord.questionnaires.tests.test_xlsform import features_form
from tacoord.questionnaires.tests.workbooks import sample_form
from tacoord.reference.models import Article

pytestmark = pytest.mark.django_db

TEMPLATES = "/api/questionnaires/templates/"
QUESTIONS = "/api/questionnaires/questions/"


@pytest.fixture
def draft(world):
    template = template_import_xlsform(user=world.secretariat, file=sample_form(), code="draft-form", version=1)
    template.status = TemplateStatus.DRAFT
    template.save()
    return template


def codes(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["code"] for row in response.json()["results"]}


@pytest.mark.parametrize("who", ["anonymous", "focal_a", "officer"])
def test_list_holds_published_templates_only(self_assessment, draft, world, api_for, who):
    assert codes(api_for(world.person(who)).get(TEMPLATES)) == {"untoc-self-assessment"}
    assert api_for(world.person(who)).get(f"{TEMPLATES}{draft.pk}/").status_code == 404
    assert api_for(world.person(who)).get(QUESTIONS, {"template": draft.pk}).json()["count"] == 0


def test_secretariat_sees_drafts_and_filters(self_assessment, draft, world, api_for):
    client = api_for(world.secretariat)
    assert codes(client.get(TEMPLATES)) == {"untoc-self-assessment", "draft-form"}
    assert codes(client.get(TEMPLATES, {"status": "draft"})) == {"draft-form"}
    assert codes(client.get(TEMPLATES, {"is_self_assessment": "true"})) == {"untoc-self-assessment"}


def test_detail_nests_sections_questions_and_choices(draft, world, api_for):
    data = api_for(world.secretariat).get(f"{TEMPLATES}{draft.pk}/").json()
    assert [section["name"] for section in data["sections"]] == ["general", "cases", "thanks"]
    general = data["sections"][0]
    assert [child["name"] for child in general["children"]] == ["status", "needs_ta", "ta_kinds", "staff"]
    assert general["children"][0]["type"] == "implementation_status"
    assert general["children"][2]["relevant"] == "${needs_ta} = 'yes'"
    assert data["choices"]["ta"] == [{"name": "legal-advice", "label": {"en": "Legal advice",
                                                                         "fr": "Conseils juridiques"}},
                                     {"name": "training", "label": {"en": "Training", "fr": "Formation"}},
                                     {"name": "3", "label": {"en": "Other", "fr": "Autre"}}]
    assert data["xlsform"].endswith(f"/questionnaires/{draft.pk}/xlsform/")


def test_questions_filter_by_instrument_cluster_article_and_part(self_assessment, api_for):
    client = api_for(None)
    rows = client.get(QUESTIONS, {"template": self_assessment.pk, "instrument": "SOM", "part": "status",
                                  "limit": 100}).json()["results"]
    assert [row["name"] for row in rows] == [
        f"som_a{article.number}_status"
        for article in Article.objects.filter(instrument__code="SOM", is_final_clause=False)]
    assert rows[0]["article"]["instrument"] == "SOM"
    crim = client.get(QUESTIONS, {"cluster": "CRIM", "name__endswith": "_ta_needed", "limit": 100}).json()
    assert crim["count"] == Article.objects.filter(cluster__code="CRIM", is_final_clause=False).count()
    article = Article.objects.get(instrument__code="FIR", number=8)
    assert client.get(QUESTIONS, {"article": article.pk}).json()["count"] == 10


def test_read_only(self_assessment, world, api_for):
    client = api_for(world.secretariat)
    assert client.post(TEMPLATES, {"code": "x"}, format="json").status_code == 405
    assert client.delete(f"{TEMPLATES}{self_assessment.pk}/").status_code == 405


def test_calculate_and_or_other_in_the_api(world, api_for):
    template = template_import_xlsform(user=world.secretariat, file=features_form())
    data = api_for(None).get(f"{TEMPLATES}{template.pk}/").json()
    questions = {question["name"]: question for question in data["sections"]}
    assert questions["staff"]["type"] == "calculate"
    assert questions["staff"]["calculation"] == "${judges} + ${prosecutors}"
    assert questions["kind"]["or_other"] is True
    assert questions["kind_other"]["other_for"] == questions["kind"]["id"]
    assert data["title"] == {"en": "Justice staff", "fr": "Personnel de la justice", "es": "Personal de justicia"}
