"""The pages where the secretariat writes questionnaires: a draft's title, questions and choices, publishing,
retiring, new versions and the history; refused to everyone else."""

import io

import pytest
from openpyxl import load_workbook

from tacoord.core.i18n import LANGUAGE_SUFFIXES
from tacoord.questionnaires.choices import QuestionType, TemplateStatus
from tacoord.questionnaires.models import Choice, Question, QuestionnaireTemplate
from tacoord.questionnaires.services import choice_save, question_save, template_create, template_publish

pytestmark = pytest.mark.django_db

BASE = "/questionnaires/"


@pytest.fixture
def draft(world):
    user = world.secretariat
    template = template_create(user=user, code="justice", title={"en": "Justice", "fr": "Justice (fr)"})
    question_save(user=user, template=template, name="staff", type=QuestionType.INTEGER, label={"en": "Staff"})
    group = question_save(user=user, template=template, name="legal", type=QuestionType.GROUP,
                          label={"en": "Legislation"})
    question_save(user=user, template=template, name="has_law", type=QuestionType.SELECT_ONE, parent=group,
                  choice_list="yes_no", label={"en": "A law?"})
    for name in ("yes", "no"):
        choice_save(user=user, template=template, list_name="yes_no", name=name, label={"en": name.title()})
    return template


def question_data(**fields) -> dict:
    data = {"name": "since", "type": QuestionType.DATE, "parent": "", "choice_list": "", "relevant": "",
            "constraint": "", "calculation": "", **{f"label_{code}": "" for code in LANGUAGE_SUFFIXES},
            "label_en": "In force since", "label_fr": "En vigueur depuis"}
    data.update(fields)
    return data


def names(template) -> list[str]:
    return list(template.questions.order_by("position").values_list("name", flat=True))


def page_errors(response) -> dict:
    form = response.context["form"]
    return {field: list(errors) for field, errors in form.errors.items()}


class TestSecretariat:
    def test_new_draft(self, world, client_for):
        client = client_for(world.secretariat)
        assert client.get(BASE).context["may_add"] is True
        assert client.get(BASE + "add/").status_code == 200
        response = client.post(BASE + "add/", {"code": "tip-survey", "title_en": "Trafficking survey",
                                               "title_fr": "Enquête sur la traite", "default_language": "en"})
        template = QuestionnaireTemplate.objects.get(code="tip-survey")
        assert response.status_code == 302 and response["Location"] == template.get_absolute_url()
        assert (template.version, template.status, template.title) == (1, TemplateStatus.DRAFT, {
            "en": "Trafficking survey", "fr": "Enquête sur la traite"})
        refused = client.post(BASE + "add/", {"code": "bad code", "title_en": "", "default_language": "xx"})
        assert refused.status_code == 400 and set(page_errors(refused)) == {"code", "default_language"}
        untitled = client.post(BASE + "add/", {"code": "untitled", "default_language": "en"})
        assert page_errors(untitled) == {"__all__": ["Give the questionnaire a title."]}
        assert not QuestionnaireTemplate.objects.filter(code__in=["untitled", "bad code"]).exists()

    def test_draft_page_offers_editing(self, world, client_for, draft):
        page = client_for(world.secretariat).get(draft.get_absolute_url())
        html = page.content.decode()
        assert page.context["may_edit"] and page.context["problems"] == []
        for url in (f"{BASE}{draft.pk}/questions/add/", f"{BASE}{draft.pk}/choices/add/", f"{BASE}{draft.pk}/edit/",
                    f"{BASE}{draft.pk}/do/publish/"):
            assert url in html

    def test_edit_title(self, world, client_for, draft):
        response = client_for(world.secretariat).post(f"{BASE}{draft.pk}/edit/", {
            "title_en": "Justice staff", "description_es": "Personal", "default_language": "es"})
        assert response.status_code == 302
        draft.refresh_from_db()
        assert (draft.title, draft.description, draft.default_language) == (
            {"en": "Justice staff"}, {"es": "Personal"}, "es")
        assert "<p>Personal</p>" in client_for(world.secretariat).get(draft.get_absolute_url()).content.decode()

    def test_add_edit_move_and_remove_questions(self, world, client_for, draft):
        client = client_for(world.secretariat)
        legal = draft.questions.get(name="legal")
        assert client.get(f"{BASE}{draft.pk}/questions/add/?parent={legal.pk}").context["form"][
            "parent"].initial == legal.pk
        response = client.post(f"{BASE}{draft.pk}/questions/add/", question_data(parent=legal.pk))
        assert response.status_code == 302 and response["Location"].endswith("#q-since")
        since = draft.questions.get(name="since")
        assert since.parent == legal and since.label == {"en": "In force since", "fr": "En vigueur depuis"}
        assert names(draft) == ["staff", "legal", "has_law", "since"]
        client.post(f"{BASE}{draft.pk}/questions/{since.pk}/edit/", question_data(
            name="since", type=QuestionType.DATE, parent=legal.pk, relevant="${has_law} = 'yes'", required="on"))
        since.refresh_from_db()
        assert since.relevant == "${has_law} = 'yes'" and since.required
        client.post(f"{BASE}{draft.pk}/questions/{since.pk}/up/")
        assert names(draft) == ["staff", "legal", "since", "has_law"]
        client.post(f"{BASE}{draft.pk}/questions/{legal.pk}/up/")
        assert names(draft) == ["legal", "since", "has_law", "staff"]
        refused = client.post(f"{BASE}{draft.pk}/questions/{draft.questions.get(name='has_law').pk}/remove/",
                              follow=True)
        assert "since use this question: change them first." in refused.content.decode()
        client.post(f"{BASE}{draft.pk}/questions/{since.pk}/remove/")
        assert names(draft) == ["legal", "has_law", "staff"]

    def test_a_refused_question_shows_why_beside_the_field(self, world, client_for, draft):
        response = client_for(world.secretariat).post(f"{BASE}{draft.pk}/questions/add/", question_data(
            relevant="${nobody} = 1", constraint="regex(., '(a)\\1')", type=QuestionType.CALCULATE))
        assert response.status_code == 400
        errors = page_errors(response)
        assert errors["relevant"] == ["${nobody}: no question of this questionnaire has this name."]
        assert errors["constraint"][0].startswith("regex() at position 1: the pattern")
        assert "since" not in names(draft)

    def test_calculate_and_or_other(self, world, client_for, draft):
        client = client_for(world.secretariat)
        client.post(f"{BASE}{draft.pk}/questions/add/", question_data(
            name="doubled", type=QuestionType.CALCULATE, calculation="${staff} * 2", label_en="", label_fr=""))
        has_law = draft.questions.get(name="has_law")
        client.post(f"{BASE}{draft.pk}/questions/{has_law.pk}/edit/", question_data(
            name="has_law", type=QuestionType.SELECT_ONE, choice_list="yes_no", or_other="on",
            parent=has_law.parent_id, label_en="A law?"))
        assert names(draft) == ["staff", "legal", "has_law", "has_law_other", "doubled"]
        html = client.get(draft.get_absolute_url()).content.decode()
        assert "Calculated as <code>${staff} * 2</code>" in html and "Yes · No · Other" in html
        other = draft.questions.get(name="has_law_other")
        assert f"{BASE}{draft.pk}/questions/{other.pk}/edit/" not in html

    def test_choices(self, world, client_for, draft):
        client = client_for(world.secretariat)
        label = {f"label_{code}": "" for code in LANGUAGE_SUFFIXES}
        assert client.get(f"{BASE}{draft.pk}/choices/add/?list=yes_no").context["form"][
            "list_name"].initial == "yes_no"
        response = client.post(f"{BASE}{draft.pk}/choices/add/", {**label, "list_name": "yes_no", "name": "partly",
                                                                  "label_en": "Partly", "label_ar": "جزئيا"})
        assert response.status_code == 302 and response["Location"].endswith("#choices-yes_no")
        partly = draft.choices.get(name="partly")
        assert partly.label == {"en": "Partly", "ar": "جزئيا"}
        client.post(f"{BASE}{draft.pk}/choices/{partly.pk}/up/")
        assert list(draft.choices.order_by("position").values_list("name", flat=True)) == ["yes", "partly", "no"]
        refused = client.post(f"{BASE}{draft.pk}/choices/{partly.pk}/edit/", {**label, "list_name": "yes_no",
                                                                              "name": "no", "label_en": "No"})
        assert page_errors(refused) == {"name": ["The list yes_no has a choice no already."]}
        client.post(f"{BASE}{draft.pk}/choices/{partly.pk}/remove/")
        assert not draft.choices.filter(name="partly").exists()

    def test_publish_then_frozen_then_new_version(self, world, client_for, draft):
        client = client_for(world.secretariat)
        assert client.post(f"{BASE}{draft.pk}/do/publish/").status_code == 302
        draft.refresh_from_db()
        assert draft.status == TemplateStatus.PUBLISHED
        page = client.get(draft.get_absolute_url())
        assert not page.context["may_edit"] and f"{BASE}{draft.pk}/do/new-version/" in page.content.decode()
        counts = (Question.objects.count(), Choice.objects.count())
        staff = draft.questions.get(name="staff")
        for url, data in [(f"{BASE}{draft.pk}/questions/add/", question_data()),
                          (f"{BASE}{draft.pk}/questions/{staff.pk}/edit/", question_data(name="staff")),
                          (f"{BASE}{draft.pk}/edit/", {"title_en": "Changed", "default_language": "en"})]:
            response = client.post(url, data, follow=True)
            assert "can no longer change: make a new version to change it." in response.content.decode()
            assert client.get(url).status_code == 302
        for url in (f"{BASE}{draft.pk}/questions/{staff.pk}/remove/", f"{BASE}{draft.pk}/questions/{staff.pk}/down/",
                    f"{BASE}{draft.pk}/do/publish/"):
            assert "can no longer change" in client.post(url, follow=True).content.decode()
        assert (Question.objects.count(), Choice.objects.count()) == counts
        draft.refresh_from_db()
        assert draft.title["en"] == "Justice"
        response = client.post(f"{BASE}{draft.pk}/do/new-version/")
        copy = QuestionnaireTemplate.objects.get(code="justice", version=2)
        assert response["Location"] == copy.get_absolute_url() and copy.status == TemplateStatus.DRAFT
        assert names(copy) == names(draft)
        client.post(f"{BASE}{draft.pk}/do/retire/")
        draft.refresh_from_db()
        assert draft.status == TemplateStatus.RETIRED

    def test_publishing_a_broken_draft_says_why(self, world, client_for, draft):
        question_save(user=world.secretariat, template=draft, name="kind", type=QuestionType.SELECT_ONE,
                      choice_list="kinds", label={"en": "Kind"})
        client = client_for(world.secretariat)
        assert client.get(draft.get_absolute_url()).context["problems"] == [
            "choice list 'kinds' is not on the choices sheet."]
        html = client.post(f"{BASE}{draft.pk}/do/publish/", follow=True).content.decode()
        assert "The questionnaire cannot be published yet:" in html
        draft.refresh_from_db()
        assert draft.status == TemplateStatus.DRAFT

    def test_history_holds_the_questions_and_restores_a_draft_title(self, world, client_for, draft):
        client = client_for(world.secretariat)
        client.post(f"{BASE}{draft.pk}/edit/", {"title_en": "Renamed", "default_language": "en"})
        page = client.get(f"{BASE}{draft.pk}/history/")
        html = page.content.decode()
        assert page.status_code == 200 and "A law?" in html and "Legislation" in html and "Yes" in html
        first = [change for change, model, _kind in page.context["rows"] if model == draft][-1]
        client.post(f"{BASE}{draft.pk}/history/", {"change": first.pk})
        draft.refresh_from_db()
        assert draft.title == {"en": "Justice", "fr": "Justice (fr)"}
        template_publish(user=world.secretariat, template=draft)
        assert not client.get(f"{BASE}{draft.pk}/history/").context["may_restore"]
        html = client.post(f"{BASE}{draft.pk}/history/", {"change": first.pk}, follow=True).content.decode()
        assert "can no longer change" in html

    def test_download_for_odk(self, world, client_for, draft):
        template_publish(user=world.secretariat, template=draft)
        client = client_for(world.secretariat)
        full = load_workbook(io.BytesIO(client.get(f"{BASE}{draft.pk}/xlsform/").content))["settings"]
        odk = client.get(f"{BASE}{draft.pk}/xlsform/?for=odk")
        assert odk["Content-Disposition"] == 'attachment; filename="justice-v1-odk.xlsx"'
        assert "form_title::French (fr)" in [cell.value for cell in full[1]]
        odk_settings = load_workbook(io.BytesIO(odk.content))["settings"]
        assert not any(str(cell.value).startswith("form_title::") for cell in odk_settings[1])


@pytest.mark.parametrize("who", ["focal_a", "agency_a", "officer", "expert", "anonymous"])
class TestOthers:
    def test_may_not_write(self, world, client_for, draft, who):
        client = client_for(world.person(who))
        published = template_create(user=world.secretariat, code="pub", title={"en": "Pub"})
        question_save(user=world.secretariat, template=published, name="q", type=QuestionType.TEXT,
                      label={"en": "Q"})
        template_publish(user=world.secretariat, template=published)
        before = (QuestionnaireTemplate.objects.count(), Question.objects.count(), Choice.objects.count(),
                  list(QuestionnaireTemplate.objects.values_list("status", flat=True)))
        expected = {302} if who == "anonymous" else {403, 404}
        staff = draft.questions.get(name="staff")
        q = published.questions.get(name="q")
        for method, url in [
            ("get", BASE + "add/"), ("post", BASE + "add/"),
            ("get", f"{BASE}{draft.pk}/edit/"), ("post", f"{BASE}{draft.pk}/questions/add/"),
            ("post", f"{BASE}{draft.pk}/questions/{staff.pk}/remove/"),
            ("post", f"{BASE}{draft.pk}/do/publish/"),
            ("get", f"{BASE}{published.pk}/questions/add/"), ("post", f"{BASE}{published.pk}/questions/{q.pk}/edit/"),
            ("post", f"{BASE}{published.pk}/questions/{q.pk}/up/"),
            ("post", f"{BASE}{published.pk}/do/retire/"), ("post", f"{BASE}{published.pk}/do/new-version/"),
            ("post", f"{BASE}{published.pk}/choices/add/"),
        ]:
            data = {"code": "x", "title_en": "X", "default_language": "en"} | question_data()
            response = getattr(client, method)(url, data) if method == "post" else client.get(url)
            assert response.status_code in expected, (method, url, response.status_code)
        assert (QuestionnaireTemplate.objects.count(), Question.objects.count(), Choice.objects.count(),
                list(QuestionnaireTemplate.objects.values_list("status", flat=True))) == before
        page = client.get(published.get_absolute_url())
        assert page.status_code == 200 and not page.context["may_edit"] and not page.context["may_write"]
        assert client.get(f"{BASE}{draft.pk}/").status_code == 404
