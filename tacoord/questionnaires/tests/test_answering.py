"""Answering what XLSForm brings beyond the basics: calculated values, regex() constraints, "other, specify"."""

import datetime
import io
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from tacoord.core.errors import ApplicationError
from tacoord.questionnaires.choices import QuestionType
from tacoord.questionnaires.services import template_import_xlsform
from tacoord.questionnaires.tests.test_xlsform import features_form
from tacoord.reporting.models import Answer, AnswerVersion
from tacoord.reporting.selectors import response_answers, response_progress
from tacoord.reporting.services import AnswerInput, answers_save, cycle_create, cycle_open
from tacoord.reporting.spreadsheets import response_workbook
from tacoord.reporting.structure import QuestionnaireForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def response(world):
    template = template_import_xlsform(user=world.secretariat, file=features_form())
    cycle = cycle_create(user=world.secretariat, name="Justice staff 2027", template=template,
                         opens_on=datetime.date(2027, 1, 1), deadline=datetime.date(2027, 6, 30),
                         countries=[world.state_a, world.state_b])
    cycle = cycle_open(user=world.secretariat, cycle=cycle)
    return cycle.responses.get(country=world.state_a)


def save(user, response, **values):
    versions = {f"{answer.question.name}": answer.version for answer in Answer.objects.filter(response=response)
                .select_related("question")}
    return answers_save(user=user, response=response,
                        inputs=[AnswerInput(key=key, value=value, version=versions.get(key, 0))
                                for key, value in values.items()])


def refusal(user, response, **values) -> dict:
    with pytest.raises(ApplicationError) as caught:
        save(user, response, **values)
    return caught.value.message_dict


class TestCalculate:
    def test_calculated_when_the_answers_are_saved(self, world, response):
        save(world.focal_a, response, judges="3", prosecutors="2")
        assert response_answers(response=response) == {"judges": 3, "prosecutors": 2, "staff": 5, "share": 0.6}
        save(world.agency_a, response, judges="5")
        answers = response_answers(response=response)
        assert (answers["staff"], answers["share"]) == (7, 5 / 7)
        staff = Answer.objects.get(response=response, question__name="staff")
        assert staff.version == 2 and staff.updated_by == world.agency_a
        assert list(AnswerVersion.objects.filter(answer=staff).values_list("value", flat=True)) == [5, 7]

    def test_emptied_when_its_inputs_are(self, world, response):
        save(world.focal_a, response, judges="0", prosecutors="0")
        # 0 staff: the share's if() gives the empty text, so it has no value.
        assert response_answers(response=response) == {"judges": 0, "prosecutors": 0, "staff": 0}
        save(world.focal_a, response, judges="", prosecutors="")
        # No answers: '' + '' is not a number (NaN, as in ODK), so nothing is stored.
        assert response_answers(response=response) == {}
        assert Answer.objects.get(response=response, question__name="staff").version == 2

    def test_never_typed(self, world, response):
        assert refusal(world.focal_a, response, staff="12") == {
            "staff": ["This value is calculated from the other answers; it cannot be typed."]}
        assert not Answer.objects.filter(response=response).exists()

    def test_not_counted_in_progress_nor_in_the_workbook(self, world, response):
        save(world.focal_a, response, judges="3", prosecutors="2")
        general = response_progress(response=response)[0]
        assert (general.answered, general.total) == (2, 5)  # kind, ta, code, judges, prosecutors
        keys = [row[0] for row in load_workbook(io.BytesIO(response_workbook(response=response)))["answers"]
                .iter_rows(min_row=2, values_only=True)]
        assert "staff" not in keys and "share" not in keys and "judges" in keys


class TestRegexConstraint:
    def test_checked(self, world, response):
        save(world.focal_a, response, code="KE-123")
        assert response_answers(response=response)["code"] == "KE-123"
        assert refusal(world.focal_a, response, code="ke-12") == {
            "code": ["This answer does not meet the question's condition."]}
        assert response_answers(response=response)["code"] == "KE-123"


class TestOrOther:
    def test_other_is_a_choice_and_asks_which(self, world, response):
        save(world.focal_a, response, kind="other", kind_other="Anti-corruption commission",
             ta=["training", "other"], ta_other="Mentoring")
        answers = response_answers(response=response)
        assert answers["kind"] == "other" and answers["kind_other"] == "Anti-corruption commission"
        assert answers["ta"] == ["training", "other"] and answers["ta_other"] == "Mentoring"

    def test_the_specify_question_is_asked_only_for_other(self, world, response):
        save(world.focal_a, response, kind="court")
        keys = [row.key for row in QuestionnaireForm(response.cycle.template.questions.all())
                .entries("", response_answers(response=response)) if row.relevant]
        assert "kind_other" not in keys and "ta_other" not in keys
        save(world.focal_a, response, kind="other")
        keys = [row.key for row in QuestionnaireForm(response.cycle.template.questions.all())
                .entries("", response_answers(response=response)) if row.relevant]
        assert keys.index("kind_other") == keys.index("kind") + 1

    def test_still_a_choice_of_the_list(self, world, response):
        assert refusal(world.focal_a, response, kind="others") == {"kind": ["Not in the list of choices: others."]}


class TestStructure:
    """The calculation order and repeats, on plain objects."""

    @staticmethod
    def question(pk, name, kind, parent=None, calculation="", relevant=""):
        return SimpleNamespace(pk=pk, name=name, type=kind, parent_id=parent, position=pk, calculation=calculation,
                               relevant=relevant, required=False, constraint="")

    def test_a_calculation_using_a_later_one_and_each_entry_of_a_repeat(self):
        form = QuestionnaireForm([
            self.question(1, "double_total", QuestionType.CALCULATE, calculation="${total} * 2"),
            self.question(2, "items", QuestionType.REPEAT),
            self.question(3, "price", QuestionType.DECIMAL, parent=2),
            self.question(4, "with_tax", QuestionType.CALCULATE, parent=2, calculation="${price} * 1.5"),
            self.question(5, "total", QuestionType.CALCULATE, calculation="${extra} + 1"),
            self.question(6, "extra", QuestionType.INTEGER),
            self.question(7, "label", QuestionType.CALCULATE, calculation="concat('n=', ${extra})",
                          relevant="${extra} > 1"),
        ])
        assert form.calculated({"extra": 4, "price": 2, "price[1]": 10}) == {
            "total": 5, "double_total": 10, "with_tax": 3, "with_tax[1]": 15, "label": "n=4"}
        assert form.calculated({"extra": 1}) == {
            "total": 2, "double_total": 4, "with_tax": None, "label": None}


class TestSectionPage:
    @staticmethod
    def url(response, key=None):
        if key:
            return f"/reporting/responses/{response.pk}/answers/{key}/"
        return f"/reporting/responses/{response.pk}/sections/general/"

    def test_shows_the_calculated_value_read_only_and_the_other_choice(self, world, response, client_for):
        save(world.focal_a, response, judges="3", prosecutors="2", kind="other")
        page = client_for(world.agency_a).get(self.url(response))
        html = page.content.decode()
        assert page.status_code == 200
        assert '<output aria-labelledby="q-staff-label">5</output>' in html
        assert 'name="q:staff"' not in html and 'name="v:staff"' not in html
        assert '<option value="other" selected>Other</option>' in html
        assert 'name="q:kind_other"' in html and "Specify other" in html

    def test_saving_the_section_stores_the_calculation(self, world, response, client_for):
        posted = {"v:judges": "0", "q:judges": "4", "v:prosecutors": "0", "q:prosecutors": "4"}
        assert client_for(world.focal_a).post(self.url(response), posted).status_code == 302
        assert response_answers(response=response)["staff"] == 8

    def test_a_forged_calculated_value_is_refused(self, world, response, client_for):
        posted = {"v:judges": "0", "q:judges": "4", "v:staff": "0", "q:staff": "99"}
        page = client_for(world.focal_a).post(self.url(response), posted)
        assert page.status_code == 400 and "cannot be typed" in page.content.decode()
        assert response_answers(response=response) == {}

    def test_saving_one_answer_reloads_the_page_when_a_calculation_changes(self, world, response, client_for):
        save(world.focal_a, response, prosecutors="2")
        client = client_for(world.focal_a)
        changed = client.post(self.url(response, "judges"), {"v:judges": "0", "q:judges": "4"})
        assert changed.status_code == 200 and changed["HX-Refresh"] == "true"
        same = client.post(self.url(response, "code"), {"v:code": "0", "q:code": "KE-123"})
        assert same.status_code == 200 and "HX-Refresh" not in same

    @pytest.mark.parametrize("who", ["focal_b", "officer", "anonymous"])
    def test_others_may_not_answer(self, world, response, client_for, who):
        page = client_for(world.person(who)).post(self.url(response), {"v:judges": "0", "q:judges": "4"})
        assert page.status_code in {302, 403, 404}
        assert response_answers(response=response) == {}
