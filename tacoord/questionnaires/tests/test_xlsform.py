"""XLSForm features beyond the basics: translated settings, calculate, regex() and or_other, imported and exported."""

import io

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from tacoord.questionnaires.choices import OTHER_LABEL, QuestionType
from tacoord.questionnaires.services import template_export_xlsform, template_import_xlsform
from tacoord.questionnaires.tests.test_services import tree
from tacoord.questionnaires.tests.workbooks import workbook
from tacoord.questionnaires.xlsform import XLSFormError

pytestmark = pytest.mark.django_db

SURVEY = [
    ["type", "name", "label::English (en)", "label::French (fr)", "constraint", "calculation"],
    ["select_one kind or_other", "kind", "Kind of body", "Type d'organe", "", ""],
    ["select_multiple ta or_other", "ta", "Assistance", "Assistance", "", ""],
    ["text", "code", "Code", "Code", r"regex(., '^[A-Z]{2}-\d{3}$')", ""],
    ["integer", "judges", "Judges", "Juges", ". >= 0", ""],
    ["integer", "prosecutors", "Prosecutors", "Procureurs", ". >= 0", ""],
    ["calculate", "staff", "", "", "", "${judges} + ${prosecutors}"],
    ["calculate", "share", "Share of judges", "Part des juges", "", "if(${staff} > 0, ${judges} div ${staff}, '')"],
]
CHOICES = [
    ["list_name", "name", "label::English (en)", "label::French (fr)"],
    ["kind", "court", "Court", "Tribunal"],
    ["kind", "police", "Police", "Police"],
    ["ta", "training", "Training", "Formation"],
]
SETTINGS = [
    ["form_title", "form_title::French (fr)", "form_title::Spanish (es)", "description::English (en)",
     "description::French (fr)", "form_id", "version", "default_language"],
    ["Justice staff", "Personnel de la justice", "Personal de justicia", "Who works in justice",
     "Qui travaille dans la justice", "justice", "1", "English (en)"],
]


def features_form(settings=SETTINGS) -> bytes:
    return workbook(SURVEY, CHOICES, settings)


def settings_of(content: bytes) -> dict:
    sheet = load_workbook(io.BytesIO(content))["settings"]
    return dict(zip([cell.value for cell in sheet[1]], [cell.value for cell in sheet[2]], strict=True))


def survey_of(content: bytes) -> list[dict]:
    sheet = load_workbook(io.BytesIO(content))["survey"]
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row, strict=False)) for row in sheet.iter_rows(min_row=2, values_only=True)]


class TestTranslatedSettings:
    def test_titles_and_descriptions_in_every_language(self, world):
        template = template_import_xlsform(user=world.secretariat, file=features_form())
        assert template.title == {"en": "Justice staff", "fr": "Personnel de la justice",
                                  "es": "Personal de justicia"}
        assert template.description == {"en": "Who works in justice", "fr": "Qui travaille dans la justice"}

    def test_export_writes_them_and_reads_them_back(self, world):
        template = template_import_xlsform(user=world.secretariat, file=features_form())
        exported = template_export_xlsform(template=template)
        settings = settings_of(exported)
        assert settings["form_title"] == "Justice staff"
        assert settings["form_title::French (fr)"] == "Personnel de la justice"
        assert settings["form_title::Spanish (es)"] == "Personal de justicia"
        assert settings["description::French (fr)"] == "Qui travaille dans la justice"
        again = template_import_xlsform(user=world.secretariat, file=exported, code="again", version=1)
        assert (again.title, again.description) == (template.title, template.description)
        assert tree(again) == tree(template)

    def test_default_language_other_than_english(self, world):
        settings = [["form_title", "form_title::English (en)", "form_id", "default_language"],
                    ["Personnel", "Staff", "fr-form", "French (fr)"]]
        template = template_import_xlsform(user=world.secretariat, file=features_form(settings))
        assert template.title == {"fr": "Personnel", "en": "Staff"} and template.default_language == "fr"
        exported = settings_of(template_export_xlsform(template=template))
        assert (exported["form_title"], exported["form_title::English (en)"]) == ("Personnel", "Staff")

    def test_for_odk_the_translations_of_the_title_are_left_out(self, world):
        template = template_import_xlsform(user=world.secretariat, file=features_form())
        exported = template_export_xlsform(template=template, for_odk=True)
        assert not any(key.startswith("form_title::") for key in settings_of(exported))
        # pyxform, which ODK and Kobo use, reads it as it is.
        assert "Justice staff" in convert(exported, file_type=".xlsx").xform

    def test_a_setting_in_an_unknown_language_is_refused(self, world):
        settings = [["form_title", "form_title::Klingon", "form_id"], ["T", "K", "k"]]
        with pytest.raises(XLSFormError) as caught:
            template_import_xlsform(user=world.secretariat, file=features_form(settings))
        assert caught.value.messages == ["Sheet settings, row 1: column 'form_title::Klingon' does not say its "
                                         "language; write it as form_title::French (fr)."]


class TestCalculateRegexOrOther:
    def test_imported(self, world):
        template = template_import_xlsform(user=world.secretariat, file=features_form())
        questions = {q.name: q for q in template.questions.select_related("other_for")}
        assert questions["staff"].type == QuestionType.CALCULATE
        assert questions["staff"].calculation == "${judges} + ${prosecutors}"
        assert questions["code"].constraint == r"regex(., '^[A-Z]{2}-\d{3}$')"
        kind, other = questions["kind"], questions["kind_other"]
        assert kind.or_other and kind.type == QuestionType.SELECT_ONE and kind.choice_list == "kind"
        assert other.other_for == kind and other.type == QuestionType.TEXT and other.label == OTHER_LABEL
        assert other.relevant == "selected(${kind}, 'other')" and other.parent_id == kind.parent_id
        assert other.position == kind.position + 1
        assert questions["ta"].or_other and questions["ta_other"].other_for == questions["ta"]
        # "other" is offered by the question, not added to the list other questions may share.
        assert not template.choices.filter(name="other").exists()

    def test_exported_as_written(self, world):
        template = template_import_xlsform(user=world.secretariat, file=features_form())
        rows = {row["name"]: row for row in survey_of(template_export_xlsform(template=template))}
        assert rows["kind"]["type"] == "select_one kind or_other"
        assert rows["ta"]["type"] == "select_multiple ta or_other"
        assert "kind_other" not in rows and "ta_other" not in rows
        assert (rows["staff"]["type"], rows["staff"]["calculation"]) == ("calculate", "${judges} + ${prosecutors}")
        assert rows["code"]["constraint"] == r"regex(., '^[A-Z]{2}-\d{3}$')"

    def test_round_trip(self, world):
        first = template_import_xlsform(user=world.secretariat, file=features_form())
        second = template_import_xlsform(user=world.secretariat, file=template_export_xlsform(template=first),
                                         code="second", version=1)
        assert tree(second) == tree(first)
        odk = template_import_xlsform(user=world.secretariat,
                                      file=template_export_xlsform(template=first, for_odk=True),
                                      code="odk", version=1)
        assert tree(odk) == tree(first)
