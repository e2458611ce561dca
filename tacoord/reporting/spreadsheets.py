"""The offline route: a State's questionnaire as an XLSX workbook to fill in, and the rows read back from it.

Sheet "answers", one row per question (and per entry of a repeated group): key, section, question in the reader's
language, type, allowed values, required, answer, version. The person fills in the answer column only; the version
column says which saved answer they started from, so an answer changed online meanwhile is not overwritten.
"""

import io
import zipfile

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from tacoord.core.errors import ApplicationError
from tacoord.questionnaires.choices import QuestionType
from tacoord.reporting.selectors import (
    question_choices,
    response_answer_rows,
    template_choices,
    template_form,
)

SHEET = "answers"
ABOUT_SHEET = "about"
ANSWER_COLUMN = 7  # G
LARGEST_UPLOAD_ROWS = 20_000


def _headers() -> list[str]:
    return [_("Key"), _("Section"), _("Question"), _("Type"), _("Allowed values"), _("Required"), _("Answer"),
            _("Version (do not change)")]


def _cell(value, question):
    if value is None:
        return None
    if question.type == QuestionType.SELECT_MULTIPLE and isinstance(value, list):
        return " ".join(value)
    return value


def response_workbook(*, response) -> bytes:
    """The workbook of a response, labels in the active language, current answers filled in."""
    template = response.cycle.template
    form = template_form(template=template)
    lists = template_choices(template=template)
    rows = response_answer_rows(response=response)
    values = {key: answer.value for key, answer in rows.items()}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for name, _heading in form.sections():
        section = form.section_label(name)
        for entry in form.entries(name, values, extra_instances=1):
            if not entry.is_answerable:
                continue
            question = entry.question
            label = str(question) + (f" ({entry.index + 1})" if entry.index else "")
            allowed = "\n".join(f"{choice} = {text}" for choice, text in question_choices(question, lists))
            answer = rows.get(entry.key)
            sheet.append([entry.key, section, label, question.get_type_display(), allowed,
                          _("yes") if question.required else "", _cell(answer.value if answer else None, question),
                          answer.version if answer else 0])
            sheet.cell(row=sheet.max_row, column=ANSWER_COLUMN).fill = PatternFill("solid", fgColor="FFF6D5")
    for column, width in zip("ABCDEFGH", (18, 22, 60, 16, 30, 9, 40, 10), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    about = workbook.create_sheet(ABOUT_SHEET)
    about.append(["response", response.pk])
    about.append(["state", response.country.iso2])
    about.append(["cycle", response.cycle.name])
    about.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_rows(*, response, content: bytes) -> list[tuple[int, str, object, object]]:
    """(row number, key, answer, version) of each filled row, or ApplicationError naming what is wrong."""
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ApplicationError(_("This file cannot be read as an XLSX workbook.")) from None
    if SHEET not in workbook.sheetnames or ABOUT_SHEET not in workbook.sheetnames:
        raise ApplicationError(_("This is not a questionnaire downloaded from tacoord (its “%(sheet)s” sheet is "
                                 "missing).") % {"sheet": SHEET})
    about = {row[0]: row[1] for row in workbook[ABOUT_SHEET].iter_rows(max_col=2, values_only=True) if row}
    if str(about.get("response")) != str(response.pk):
        raise ApplicationError(_("This file is the questionnaire of another State or cycle: download the one of "
                                 "%(response)s.") % {"response": response})
    rows = []
    for number, row in enumerate(workbook[SHEET].iter_rows(min_row=2, max_col=8, values_only=True), start=2):
        if number > LARGEST_UPLOAD_ROWS:
            raise ApplicationError(_("This file has too many rows."))
        row = (*row, *[None] * (8 - len(row)))
        key = row[0]
        if key is None or str(key).strip() == "":
            continue
        rows.append((number, str(key).strip(), row[ANSWER_COLUMN - 1], row[7]))
    return rows
