"""Building the self-assessment, importing and exporting XLSForms: through the services, on the real database."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from tacoord.core.errors import ApplicationError
from tacoord.core.models import ObjectChange
from tacoord.questionnaires.choices import QuestionType, TemplateStatus
from tacoord.questionnaires.expressions import is_true
from tacoord.questionnaires.models import Choice, Question, QuestionnaireTemplate
from tacoord.questionnaires.services import (
    template_build_self_assessment,
    template_export_xlsform,
    template_import_xlsform,
)
from tacoord.questionnaires.tests.workbooks import sample_form, workbook
from tacoord.questionnaires.xlsform import XLSFormError
from tacoord.reference.models import Article, Language, TechnicalAssistanceType

pytestmark = pytest.mark.django_db

SUFFIXES = ["status", "measures", "examples", "challenges", "ta_needed", "ta_types", "priority", "languages",
            "confidential"]


def tree(template) -> list[tuple]:
    """What a template holds, comparable across templates."""
    questions = [(q.name, q.type, q.choice_list, q.label, q.hint, q.required, q.relevant, q.constraint,
                  q.constraint_message, q.calculation, q.or_other, q.other_for.name if q.other_for else None,
                  q.article_id, q.part, q.parent.name if q.parent else None)
                 for q in template.questions.select_related("parent", "other_for").order_by("position")]
    choices = [(c.list_name, c.name, c.label) for c in template.choices.order_by("list_name", "position")]
    return [questions, choices]


class TestSelfAssessment:
    def test_one_group_per_instrument_and_substantive_article(self, self_assessment):
        template = self_assessment
        assert template.status == TemplateStatus.PUBLISHED and template.is_self_assessment
        assert (template.code, template.version) == ("untoc-self-assessment", 1)
        top = template.questions.filter(parent=None)
        assert list(top.values_list("name", flat=True)) == ["untoc", "tip", "som", "fir"]
        article_groups = template.questions.filter(parent__in=top)
        assert article_groups.count() == Article.objects.filter(is_final_clause=False).count()
        assert not article_groups.filter(article__is_final_clause=True).exists()
        assert not template.questions.filter(article__number=32, article__instrument__code="UNTOC").exists()

    def test_questions_of_an_article(self, self_assessment):
        group = self_assessment.questions.get(name="untoc_a5")
        article = Article.objects.get(instrument__code="UNTOC", number=5)
        assert group.article == article and group.type == QuestionType.GROUP
        assert group.label["en"] == f"Article 5. {article.name_en}"
        assert group.label["zh"].startswith("第5条")
        children = list(group.children.order_by("position"))
        assert [child.name for child in children] == [f"untoc_a5_{suffix}" for suffix in SUFFIXES]
        assert [child.part for child in children] == SUFFIXES
        assert all(child.article == article for child in children)
        status = children[0]
        assert status.type == QuestionType.IMPLEMENTATION_STATUS and status.required
        assert status.choice_list == "implementation_status"
        for name in ("ta_types", "priority", "languages"):
            assert group.children.get(part=name).relevant == "${untoc_a5_ta_needed} = 'yes'"
        for child in children:
            assert set(child.label) == {"ar", "zh", "en", "fr", "ru", "es"}, child.name
        assert children[1].hint["fr"].startswith("Indiquez les lois")

    def test_choice_lists_follow_the_reference_data(self, self_assessment):
        lists = set(self_assessment.choices.values_list("list_name", flat=True))
        assert lists == {"implementation_status", "yes_no", "priority", "ta_types", "languages"}
        assert set(self_assessment.choices.filter(list_name="ta_types").values_list("name", flat=True)) == set(
            TechnicalAssistanceType.objects.values_list("code", flat=True))
        assert self_assessment.choices.filter(list_name="languages").count() == Language.objects.count()
        assert list(self_assessment.choices.filter(list_name="implementation_status").values_list(
            "name", flat=True)) == ["yes", "yes_in_part", "no", "not_applicable"]
        assert self_assessment.choices.get(list_name="priority", name="high").label["ru"] == "Высокий"

    def test_relevance_of_ta_questions(self, self_assessment):
        question = self_assessment.questions.get(name="tip_a6_ta_types")
        names = set(self_assessment.questions.values_list("name", flat=True))
        answers = dict.fromkeys(names)
        assert not is_true(question.relevant, answers)
        answers["tip_a6_ta_needed"] = "yes"
        assert is_true(question.relevant, answers)

    def test_building_again_changes_nothing(self, self_assessment, world):
        before = tree(self_assessment)
        changes = ObjectChange.objects.count()
        again = template_build_self_assessment(user=world.secretariat)
        assert again.pk == self_assessment.pk
        assert tree(again) == before
        assert ObjectChange.objects.count() == changes
        assert QuestionnaireTemplate.objects.filter(code="untoc-self-assessment").count() == 1

    def test_building_again_updates_in_place(self, self_assessment, world):
        article = Article.objects.get(instrument__code="UNTOC", number=5)
        article.name_en = "Participation in an organized criminal group"
        article.save()
        TechnicalAssistanceType.objects.create(code="mentoring", name_en="Mentoring", position=99)
        stale = self_assessment.questions.get(name="untoc_a5_examples")
        stale.label = {"en": "Changed by hand"}
        stale.save()
        Question.objects.create(template=self_assessment, name="leftover", type=QuestionType.TEXT, position=9999)
        template_build_self_assessment(user=world.secretariat)
        group = self_assessment.questions.get(name="untoc_a5")
        assert group.label["en"] == "Article 5. Participation in an organized criminal group"
        assert self_assessment.questions.get(pk=stale.pk).label["en"] == "Examples of implementation"
        assert self_assessment.choices.filter(list_name="ta_types", name="mentoring").exists()
        assert not self_assessment.questions.filter(name="leftover").exists()
        update = ObjectChange.objects.filter(changed_object_id=str(group.pk), action="update").first()
        assert update.user == world.secretariat and update.source == "build_self_assessment"

    def test_other_version_is_a_new_template(self, self_assessment, world):
        second = template_build_self_assessment(user=world.secretariat, version=2)
        assert second.pk != self_assessment.pk
        assert tree(second) == tree(self_assessment)
        latest = template_build_self_assessment(user=world.secretariat)
        assert latest.pk == second.pk

    def test_never_overwrites_an_imported_questionnaire(self, reference, world):
        imported = template_import_xlsform(user=world.secretariat, file=sample_form(), code="mine", version=1)
        with pytest.raises(ApplicationError, match="imported questionnaire"):
            template_build_self_assessment(user=world.secretariat, code="mine")
        assert imported.questions.count() == 10

    @pytest.mark.parametrize("who", ["focal_a", "officer", "expert", "anonymous"])
    def test_only_the_secretariat_builds(self, reference, world, who):
        with pytest.raises(PermissionDenied):
            template_build_self_assessment(user=world.person(who), code="another")
        with pytest.raises(PermissionDenied):
            template_build_self_assessment(user=world.person(who))
        assert not QuestionnaireTemplate.objects.filter(code="another").exists()


class TestImport:
    def test_sample_form(self, world):
        template = template_import_xlsform(user=world.secretariat, file=sample_form(), code=None, version=None)
        assert (template.code, template.version, template.title) == ("sample-form", 2, {"en": "Sample"})
        assert template.status == TemplateStatus.PUBLISHED
        status = template.questions.get(name="status")
        assert status.type == QuestionType.IMPLEMENTATION_STATUS and status.required
        assert status.parent.name == "general" and status.label == {"en": "Implemented?", "fr": "Appliqué ?"}
        assert status.hint == {"en": "Say how far"}
        kinds = template.questions.get(name="ta_kinds")
        assert (kinds.type, kinds.choice_list, kinds.relevant) == ("select_multiple", "ta", "${needs_ta} = 'yes'")
        assert kinds.constraint_message == {"en": "At most two"}
        assert template.questions.get(name="case_date").parent.type == QuestionType.REPEAT
        assert template.questions.get(name="thanks").parent is None
        assert list(template.choices.filter(list_name="ta").values_list("name", flat=True)) == [
            "legal-advice", "training", "3"]
        names = list(template.questions.order_by("position").values_list("name", flat=True))
        assert names == ["general", "status", "needs_ta", "ta_kinds", "staff", "cases", "case_name", "case_date",
                         "amount", "thanks"]

    def test_code_and_version_given(self, world):
        template = template_import_xlsform(user=world.secretariat, file=io.BytesIO(sample_form()), code="other",
                                           version=7)
        assert (template.code, template.version) == ("other", 7)

    def test_existing_version_is_refused(self, world):
        template_import_xlsform(user=world.secretariat, file=sample_form(), code="sample", version=1)
        with pytest.raises(ApplicationError, match="already exists"):
            template_import_xlsform(user=world.secretariat, file=sample_form(), code="sample", version=1)
        assert template_import_xlsform(user=world.secretariat, file=sample_form(), code="sample",
                                       version=None).version == 2

    @pytest.mark.parametrize("who", ["focal_a", "officer", "anonymous"])
    def test_only_the_secretariat_imports(self, world, who):
        with pytest.raises(PermissionDenied):
            template_import_xlsform(user=world.person(who), file=sample_form(), code="x", version=1)
        assert not QuestionnaireTemplate.objects.filter(code="x").exists()

    @pytest.mark.parametrize(("survey", "choices", "expected"), [
        ([["type", "label"], ["text", "A"]], None, "Sheet survey, row 1: the sheet has no 'name' column."),
        ([["type", "name", "label"], ["text", "a", "A"], ["geopoint", "where", "Where"]], None,
         "Sheet survey, row 3: question type 'geopoint' is not one tacoord handles"),
        ([["type", "name", "label"], ["text", "a b", "A"]], None,
         "Sheet survey, row 2: name 'a b' must be letters, digits and underscores"),
        ([["type", "name", "label"], ["text", "a", "A"], ["integer", "a", "Again"]], None,
         "Sheet survey, row 3: name 'a' is used twice (first in row 2)."),
        ([["type", "name", "label"], ["begin_group", "g", "G"], ["text", "a", "A"]], None,
         "Sheet survey, row 2: begin_group 'g' has no matching end_group."),
        ([["type", "name", "label"], ["text", "a", "A"], ["end_group", "", ""]], None,
         "Sheet survey, row 3: 'end_group' has no matching begin_group."),
        ([["type", "name", "label"], ["select_one nowhere", "a", "A"]], [["list_name", "name", "label"]],
         "Sheet survey, row 2: choice list 'nowhere' is not on the choices sheet."),
        ([["type", "name", "label", "relevant"], ["text", "a", "A", ""], ["text", "b", "B", "${zz} = 'x'"]], None,
         "Sheet survey, row 3: relevant refers to zz, not on the survey."),
        ([["type", "name", "label", "constraint"], ["integer", "a", "A", ". >"]], None,
         "Sheet survey, row 2: constraint: Unexpected the end of the expression"),
        ([["type", "name", "label", "relevant"], ["integer", "a", "A", "pulldata('x', 'y')"]], None,
         "Sheet survey, row 2: relevant: Unknown function or name 'pulldata'"),
        ([["type", "name", "label", "constraint"], ["text", "a", "A", r"regex(., '(a)\1')"]], None,
         "Sheet survey, row 2: constraint: regex() at position 1: the pattern '(a)\\\\1' cannot be read"),
        ([["type", "name", "label", "calculation"], ["calculate", "c", "", ""]], None,
         "Sheet survey, row 2: calculate 'c' has no calculation."),
        ([["type", "name", "label", "calculation"], ["text", "t", "T", "1 + 1"]], None,
         "Sheet survey, row 2: 't' has a calculation, but only a calculate row takes one."),
        ([["type", "name", "label", "calculation"], ["calculate", "c", "", "${d} + 1"],
          ["calculate", "d", "", "${c} + 1"]], None,
         "Sheet survey, row 2: calculation: The calculations depend on each other in a circle"),
        ([["type", "name", "label", "calculation"], ["calculate", "c", "", "${nowhere}"]], None,
         "Sheet survey, row 2: calculation refers to nowhere, not on the survey."),
        ([["type", "name", "label"], ["select_one yn or_other", "a", "A"]],
         [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "other", "Other"]],
         "Sheet survey, row 2: choice list 'yn' already has a choice 'other', which or_other adds."),
        ([["type", "name", "label"], ["select_one yn or_else", "a", "A"]], [["list_name", "name", "label"]],
         "Sheet survey, row 2: 'select_one yn or_else' must name one choice list"),
        ([["type", "name", "label"], ["select_one yn or_other", "a", "A"], ["text", "a_other", "Again"]],
         [["list_name", "name", "label"], ["yn", "yes", "Yes"]],
         "Sheet survey, row 3: name 'a_other' is used twice (first in row 2)."),
        ([["type", "name", "label", "required"], ["integer", "a", "A", "maybe"]], None,
         "Sheet survey, row 2: 'required' must be yes or no, not 'maybe'."),
        ([["type", "name", "label"], ["integer", "a", ""]], None, "Sheet survey, row 2: question 'a' has no label."),
        ([["type", "name", "label::Klingon"], ["integer", "a", "A"]], None,
         "Sheet survey, row 1: column 'label::Klingon' does not say its language"),
        ([["type", "name", "label", "article"], ["integer", "a", "A", "UNTOC 99"]], None,
         "Sheet survey, row 2: article 'UNTOC 99' is not an article"),
        ([["type", "name", "label"], ["select_multiple ta", "a", "A"]],
         [["list_name", "name", "label"], ["ta", "x y", "X"], ["ta", "z", "Z"], ["ta", "z", "Z again"]],
         "Sheet choices, row 2: choice name 'x y' must not contain spaces."),
        ([["type", "name", "label"], ["select_multiple ta", "a", "A"]],
         [["list_name", "name", "label"], ["ta", "z", "Z"], ["ta", "z", "Z again"]],
         "Sheet choices, row 3: choice 'z' appears twice in list 'ta'."),
        ([["type", "name", "label"]], None, "Sheet survey: the sheet holds no questions."),
        ([["type", "name", "label"], ["begin_repeat", "a", "A"], ["begin_group", "g", "G"],
          ["begin_repeat", "b", "B"], ["text", "t", "T"], ["end_repeat", "", ""], ["end_group", "", ""],
          ["end_repeat", "", ""]], None,
         "Sheet survey, row 4: repeat 'b' is inside another repeat; tacoord answers one level of repeats."),
    ])
    def test_malformed_form_is_refused_with_sheet_row_and_reason(self, reference, world, survey, choices, expected):
        counts = (QuestionnaireTemplate.objects.count(), Question.objects.count(), Choice.objects.count())
        with pytest.raises(XLSFormError) as caught:
            template_import_xlsform(user=world.secretariat, file=workbook(survey, choices), code="bad", version=1)
        assert any(message.startswith(expected) for message in caught.value.messages), caught.value.messages
        assert (QuestionnaireTemplate.objects.count(), Question.objects.count(), Choice.objects.count()) == counts

    def test_every_problem_is_listed(self, world):
        form = workbook([["type", "name", "label"], ["text", "", "A"], ["nonsense", "b", "B"]])
        with pytest.raises(XLSFormError) as caught:
            template_import_xlsform(user=world.secretariat, file=form, code="bad", version=1)
        assert [(problem.sheet, problem.row) for problem in caught.value.problems] == [("survey", 2), ("survey", 3)]

    def test_not_a_workbook(self, world):
        with pytest.raises(XLSFormError, match="not an Excel workbook"):
            template_import_xlsform(user=world.secretariat, file=b"type,name\ntext,a\n", code="bad", version=1)
        with pytest.raises(XLSFormError, match="no 'survey' sheet"):
            book = workbook([["type"]])
            loaded = load_workbook(io.BytesIO(book))
            loaded.active.title = "questions"
            buffer = io.BytesIO()
            loaded.save(buffer)
            template_import_xlsform(user=world.secretariat, file=buffer.getvalue(), code="bad", version=1)

    def test_what_pyxform_refuses_is_refused(self, world):
        # 'meta' passes our checks, but ODK reserves it for the form's metadata.
        form = workbook([["type", "name", "label"], ["text", "meta", "Meta"]])
        with pytest.raises(XLSFormError) as caught:
            template_import_xlsform(user=world.secretariat, file=form, code="bad", version=1)
        problem = caught.value.problems[0]
        assert (problem.sheet, problem.row) == ("survey", 2) and "reserved" in problem.reason


class TestExport:
    def test_sheets_and_columns(self, self_assessment):
        book = load_workbook(io.BytesIO(template_export_xlsform(template=self_assessment)))
        assert book.sheetnames == ["survey", "choices", "settings"]
        header = [cell.value for cell in book["survey"][1]]
        for language in ("Arabic (ar)", "Chinese (zh)", "English (en)", "French (fr)", "Russian (ru)",
                         "Spanish (es)"):
            assert f"label::{language}" in header and f"hint::{language}" in header
        rows = [dict(zip(header, row, strict=False)) for row in book["survey"].iter_rows(min_row=2, values_only=True)]
        status = next(row for row in rows if row["name"] == "untoc_a5_status")
        assert status["type"] == "select_one implementation_status" and status["required"] == "yes"
        assert status["article"] == "UNTOC 5" and status["part"] == "status"
        assert rows[0]["type"] == "begin_group" and rows[-1] == {**dict.fromkeys(header), "type": "end_group",
                                                                 "name": "fir"}
        assert any(row[0] == "implementation_status" for row in book["choices"].iter_rows(values_only=True))
        settings = dict(zip([cell.value for cell in book["settings"][1]], [cell.value for cell in book["settings"][2]],
                            strict=True))
        assert settings["form_title"] == self_assessment.title["en"]
        assert settings["form_title::French (fr)"] == self_assessment.title["fr"]
        assert (settings["form_id"], settings["version"], settings["default_language"]) == (
            "untoc-self-assessment", "1", "English (en)")

    def test_round_trip(self, self_assessment, world):
        exported = template_export_xlsform(template=self_assessment)
        again = template_import_xlsform(user=world.secretariat, file=exported, code="copy", version=1)
        assert tree(again) == tree(self_assessment)
        assert template_export_xlsform(template=again) != b""

    def test_round_trip_of_an_imported_form(self, world):
        first = template_import_xlsform(user=world.secretariat, file=sample_form(), code="one", version=1)
        second = template_import_xlsform(user=world.secretariat, file=template_export_xlsform(template=first),
                                         code="two", version=1)
        assert tree(second) == tree(first)
        assert second.title == first.title

