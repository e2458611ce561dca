"""XLSForm workbooks built in the tests."""

import io

from openpyxl import Workbook


def workbook(survey: list[list], choices: list[list] | None = None, settings: list[list] | None = None) -> bytes:
    """An .xlsx with the given rows (the first row of each sheet is its header)."""
    book = Workbook()
    book.active.title = "survey"
    for row in survey:
        book.active.append(row)
    for title, rows in (("choices", choices), ("settings", settings)):
        if rows is not None:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SURVEY_HEADER = ["type", "name", "label::English (en)", "label::French (fr)", "hint::English (en)", "required",
                 "relevant", "constraint", "constraint_message::English (en)"]


def sample_form() -> bytes:
    """A small questionnaire using every feature tacoord reads."""
    return workbook(
        [
            SURVEY_HEADER,
            ["begin_group", "general", "General", "Généralités", "", "", "", "", ""],
            ["select_one implementation_status", "status", "Implemented?", "Appliqué ?", "Say how far", "yes", "",
             "", ""],
            ["select_one yes_no", "needs_ta", "Need TA?", "Besoin d'AT ?", "", "yes", "", "", ""],
            ["select_multiple ta", "ta_kinds", "Which?", "Lesquels ?", "", "", "${needs_ta} = 'yes'",
             "count-selected(.) <= 2", "At most two"],
            ["integer", "staff", "Staff", "Personnel", "", "", "", ". >= 0 and . <= 10000", "0 to 10000"],
            ["end_group", "general", "", "", "", "", "", "", ""],
            ["begin_repeat", "cases", "Cases", "Affaires", "", "", "", "", ""],
            ["text", "case_name", "Case", "Affaire", "", "", "", "string-length(.) <= 200", ""],
            ["date", "case_date", "Date", "Date", "", "", "", ". <= today()", ""],
            ["decimal", "amount", "Amount", "Montant", "", "", "", "", ""],
            ["end_repeat", "cases", "", "", "", "", "", "", ""],
            ["note", "thanks", "Thank you", "Merci", "", "", "", "", ""],
        ],
        [
            ["list_name", "name", "label::English (en)", "label::French (fr)"],
            ["implementation_status", "yes", "Yes", "Oui"],
            ["implementation_status", "yes_in_part", "Yes, in part", "Oui, en partie"],
            ["implementation_status", "no", "No", "Non"],
            ["implementation_status", "not_applicable", "Not applicable", "Sans objet"],
            ["yes_no", "yes", "Yes", "Oui"],
            ["yes_no", "no", "No", "Non"],
            ["ta", "legal-advice", "Legal advice", "Conseils juridiques"],
            ["ta", "training", "Training", "Formation"],
            ["ta", 3, "Other", "Autre"],
        ],
        [["form_title", "form_id", "version", "default_language"], ["Sample", "sample-form", "2", "English (en)"]],
    )
