"""The questionnaire pages: list and exports, detail with its filters, XLSForm download and upload, building."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tacoord.questionnaires.choices import TemplateStatus
from tacoord.questionnaires.models import QuestionnaireTemplate
from tacoord.questionnaires.services import template_import_xlsform
from tacoord.questionnaires.tests.workbooks import sample_form, workbook
from tacoord.reference.models import Article

pytestmark = pytest.mark.django_db

LIST = "/questionnaires/"


@pytest.fixture
def draft(world):
    template = template_import_xlsform(user=world.secretariat, file=sample_form(), code="draft-form", version=1)
    template.status = TemplateStatus.DRAFT
    template.save()
    return template


def listed(response) -> set[str]:
    assert response.status_code == 200
    return {obj.code for obj in response.context["page"].object_list}


def outline_names(response) -> list[str]:
    assert response.status_code == 200
    return [row.question.name for row in response.context["outline"]]


class TestList:
    @pytest.mark.parametrize("who", ["anonymous", "focal_a", "officer"])
    def test_published_only(self, self_assessment, draft, world, client_for, who):
        assert listed(client_for(world.person(who)).get(LIST)) == {"untoc-self-assessment"}

    def test_secretariat_sees_drafts(self, self_assessment, draft, world, client_for):
        assert listed(client_for(world.secretariat).get(LIST)) == {"untoc-self-assessment", "draft-form"}
        assert listed(client_for(world.secretariat).get(LIST + "?status=draft")) == {"draft-form"}
        assert listed(client_for(world.secretariat).get(LIST + "?is_self_assessment=true")) == {
            "untoc-self-assessment"}
        assert listed(client_for(world.secretariat).get(LIST + "?q=draft")) == {"draft-form"}

    def test_exports_hold_what_the_list_shows(self, self_assessment, draft, world, client_for):
        for who, expected in (("anonymous", {"untoc-self-assessment"}),
                              ("secretariat", {"untoc-self-assessment", "draft-form"})):
            client = client_for(world.person(who))
            response = client.get(LIST + "?export=csv")
            rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
            assert {row[1] for row in rows[1:]} == expected
            sheet = load_workbook(io.BytesIO(client.get(LIST + "?export=xlsx").content)).active
            assert {row[1] for row in list(sheet.iter_rows(values_only=True))[1:]} == expected
        questions = next(row for row in rows[1:] if row[1] == "untoc-self-assessment")[5]
        assert int(questions) == 9 * Article.objects.filter(is_final_clause=False).count()

    def test_secretariat_actions_only_for_the_secretariat(self, world, client_for):
        assert "/questionnaires/import/" in client_for(world.secretariat).get(LIST).content.decode()
        assert "/questionnaires/import/" not in client_for(world.focal_a).get(LIST).content.decode()


class TestDetail:
    def url(self, template, query=""):
        return f"/questionnaires/{template.pk}/{query}"

    def test_outline_in_reading_order(self, self_assessment, client_for):
        names = outline_names(client_for(None).get(self.url(self_assessment)))
        assert names[:3] == ["untoc", "untoc_a1", "untoc_a1_status"]
        assert len(names) == self_assessment.questions.count()

    def test_in_the_readers_language(self, self_assessment, world, client_for):
        client = client_for(world.focal_a)
        client.cookies["tacoord_language"] = "fr"
        content = client.get(self.url(self_assessment), headers={"Accept-Language": "fr"}).content.decode()
        assert "Votre État a-t-il appliqué cet article ?" in content
        english = client_for(None).get(self.url(self_assessment)).content.decode()
        assert "Has your State implemented this article?" in english

    def test_filter_by_instrument_cluster_and_article(self, self_assessment, client_for):
        client = client_for(None)
        tip = outline_names(client.get(self.url(self_assessment, "?instrument=TIP")))
        assert tip[0] == "tip" and all(name.startswith("tip") for name in tip)
        assert len(tip) == 1 + 10 * Article.objects.filter(instrument__code="TIP", is_final_clause=False).count()
        crim = outline_names(client.get(self.url(self_assessment, "?instrument=TIP&cluster=CRIM")))
        assert crim == ["tip", "tip_a5", *[f"tip_a5_{part}" for part in (
            "status", "measures", "examples", "challenges", "ta_needed", "ta_types", "priority", "languages",
            "confidential")]]
        article = Article.objects.get(instrument__code="UNTOC", number=18)
        one = outline_names(client.get(self.url(self_assessment, f"?article={article.pk}")))
        assert one[:3] == ["untoc", "untoc_a18", "untoc_a18_status"] and len(one) == 11

    def test_htmx_outline_only(self, self_assessment, client_for):
        response = client_for(None).get(self.url(self_assessment, "?instrument=FIR"),
                                        headers={"HX-Request": "true", "HX-Target": "outline"})
        content = response.content.decode()
        assert "<html" not in content and "fir_a5" in content and "untoc_a5" not in content

    def test_invalid_filter_shows_everything_and_the_error(self, self_assessment, client_for):
        response = client_for(None).get(self.url(self_assessment, "?instrument=NOPE"))
        assert len(outline_names(response)) == self_assessment.questions.count()
        assert response.context["filterset"].errors

    def test_draft_is_hidden_from_all_but_the_secretariat(self, draft, world, client_for):
        assert client_for(world.focal_a).get(self.url(draft)).status_code == 404
        assert client_for(None).get(f"/questionnaires/{draft.pk}/xlsform/").status_code == 404
        assert outline_names(client_for(world.secretariat).get(self.url(draft)))[0] == "general"

    def test_download_as_xlsform(self, self_assessment, client_for):
        response = client_for(None).get(f"/questionnaires/{self_assessment.pk}/xlsform/")
        assert response.status_code == 200
        assert 'filename="untoc-self-assessment-v1.xlsx"' in response["Content-Disposition"]
        assert load_workbook(io.BytesIO(response.content)).sheetnames == ["survey", "choices", "settings"]

    def test_archive_and_history(self, draft, world, client_for):
        client = client_for(world.secretariat)
        assert client.post(f"/questionnaires/{draft.pk}/archive/").status_code == 302
        draft.refresh_from_db()
        assert draft.is_archived
        assert client.get(f"/questionnaires/{draft.pk}/history/").status_code == 200
        assert client_for(world.focal_a).post(f"/questionnaires/{draft.pk}/archive/").status_code == 404


class TestUpload:
    url = "/questionnaires/import/"

    def post(self, client, content, **fields):
        return client.post(self.url, {"file": SimpleUploadedFile("form.xlsx", content), **fields})

    def test_secretariat_imports(self, world, client_for):
        response = self.post(client_for(world.secretariat), sample_form(), code="uploaded", version="3")
        template = QuestionnaireTemplate.objects.get(code="uploaded", version=3)
        assert response.status_code == 302 and response["Location"] == template.get_absolute_url()

    def test_malformed_file_lists_sheet_row_and_reason(self, world, client_for):
        bad = workbook([["type", "name", "label"], ["text", "a", "A"], ["nonsense", "b", "B"],
                        ["select_one nowhere", "c", "C"]])
        response = self.post(client_for(world.secretariat), bad, code="bad")
        assert response.status_code == 200
        errors = response.context["form"].errors["file"]
        assert errors[0].startswith("Sheet survey, row 3: question type 'nonsense'")
        assert any(error.startswith("Sheet survey, row 4: choice list 'nowhere'") for error in errors)
        assert "Sheet survey, row 3" in response.content.decode()
        assert not QuestionnaireTemplate.objects.filter(code="bad").exists()

    def test_others_may_not(self, world, client_for):
        assert client_for(world.focal_a).get(self.url).status_code == 403
        assert self.post(client_for(world.focal_a), sample_form(), code="x").status_code == 403
        assert client_for(None).get(self.url).status_code == 302
        assert not QuestionnaireTemplate.objects.filter(code="x").exists()


class TestBuild:
    url = "/questionnaires/self-assessment/"

    def test_secretariat_builds_a_new_version(self, self_assessment, world, client_for):
        response = client_for(world.secretariat).post(self.url, {"code": "untoc-self-assessment", "version": "2"})
        template = QuestionnaireTemplate.objects.get(code="untoc-self-assessment", version=2)
        assert response["Location"] == template.get_absolute_url()
        assert template.questions.count() == self_assessment.questions.count()

    def test_others_may_not(self, reference, world, client_for):
        assert client_for(world.officer).post(self.url, {"code": "other"}).status_code == 403
        assert client_for(None).post(self.url, {"code": "other"}).status_code == 302
        assert not QuestionnaireTemplate.objects.filter(code="other").exists()
