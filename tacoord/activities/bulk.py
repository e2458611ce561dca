"""Bulk import of activities from a CSV or XLSX table: one activity per row, in the columns of TEMPLATE_COLUMNS.

Reading the file and turning cells into values is here; `services.activity_bulk_import` checks every row through
`activity_save` and applies the set only when every row is valid.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from tacoord.core.i18n import LANGUAGE_SUFFIXES

MAX_ROWS = 5000
LIST_SEPARATOR = ";"

# (column, what goes in it) — the template's header row and its second sheet of explanations.
TEMPLATE_COLUMNS = [
    ("iati_identifier", gettext_lazy("IATI identifier; empty: made from the reporting organisation's. An identifier "
                                     "already known changes that activity.")),
    ("reporting_organisation", gettext_lazy("IATI identifier, acronym or exact name of the reporting organisation")),
    *[(f"title_{suffix}", gettext_lazy("Title in this language (at least one)")) for suffix in LANGUAGE_SUFFIXES],
    *[(f"description_{suffix}", gettext_lazy("Description in this language")) for suffix in LANGUAGE_SUFFIXES],
    ("status", gettext_lazy("IATI activity status: 1 pipeline, 2 implementation, 3 finalisation, 4 closed, "
                            "5 cancelled, 6 suspended")),
    ("planned_start", gettext_lazy("Date, YYYY-MM-DD")),
    ("planned_end", gettext_lazy("Date, YYYY-MM-DD")),
    ("actual_start", gettext_lazy("Date, YYYY-MM-DD")),
    ("actual_end", gettext_lazy("Date, YYYY-MM-DD")),
    ("default_currency", gettext_lazy("ISO 4217 code, e.g. USD")),
    ("budget", gettext_lazy("Total budget over the planned period, in the default currency")),
    ("recipient_countries", gettext_lazy("ISO alpha-2 codes with percentages: KE:60; TZ:40")),
    ("sectors", gettext_lazy("OECD DAC purpose codes with percentages: 15130:70; 15210:30")),
    ("articles", gettext_lazy("Articles addressed: UNTOC 5; TIP 6")),
    ("priority_areas", gettext_lazy("Priority area numbers: 1; 3")),
    ("ta_types", gettext_lazy("Codes of the types of assistance: legal-advice; training")),
    ("delivery_languages", gettext_lazy("Language codes: en; fr")),
    ("modality", gettext_lazy("on_site, remote, regional_workshop, secondment, equipment or mixed")),
    ("coordination_setting", gettext_lazy("bilateral, regional, multilateral or joint")),
    ("beneficiary_institutions", gettext_lazy("Free text")),
    ("programme", gettext_lazy("IATI identifier of the programme (parent activity)")),
]
COLUMN_NAMES = [name for name, _help in TEMPLATE_COLUMNS]


class TableError(Exception):
    """The file cannot be read as a table of activities."""


@dataclass
class ImportRow:
    """One row of the file: its line number, its cells, and what is wrong with it."""

    number: int
    cells: dict[str, str]
    errors: list[str] = field(default_factory=list)
    action: str = ""

    @property
    def label(self) -> str:
        return self.cells.get("iati_identifier") or next(
            (self.cells[f"title_{suffix}"] for suffix in LANGUAGE_SUFFIXES if self.cells.get(f"title_{suffix}")), "")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(content: bytes, filename: str) -> list[ImportRow]:
    """The rows of a CSV (UTF-8, comma or semicolon) or XLSX file, keyed by the header row."""
    if filename.lower().endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
            raise TableError(_("This is not an XLSX workbook.")) from error
        lines = ([_cell_text(value) for value in row] for row in workbook.worksheets[0].iter_rows(values_only=True))
    elif filename.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise TableError(_("Save the CSV file in UTF-8.")) from error
        # The header decides: spreadsheet programs in many locales save with semicolons.
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        lines = ([cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter))
    else:
        raise TableError(_("Upload a .csv or .xlsx file."))
    header = next(lines, None)
    if not header:
        raise TableError(_("The file is empty."))
    header = [name.strip().lower() for name in header]
    unknown = [name for name in header if name and name not in COLUMN_NAMES]
    if unknown:
        raise TableError(_("Unknown columns: %(columns)s. Use the template's columns.") % {"columns": ", ".join(
            unknown)})
    rows = []
    for number, values in enumerate(lines, start=2):
        cells = {name: value for name, value in zip(header, values, strict=False) if name}
        if not any(cells.values()):
            continue
        rows.append(ImportRow(number=number, cells=cells))
        if len(rows) > MAX_ROWS:
            raise TableError(_("At most %(count)s activities per file.") % {"count": MAX_ROWS})
    if not rows:
        raise TableError(_("The file has no activities."))
    return rows


def split_list(text: str) -> list[str]:
    return [item.strip() for item in (text or "").replace(",", LIST_SEPARATOR).split(LIST_SEPARATOR) if item.strip()]


def parse_shares(text: str) -> list[tuple[str, Decimal | None]]:
    """'KE:60; TZ:40' → [('KE', 60), ('TZ', 40)]; 'KE' → [('KE', None)]. Raises ValueError on a bad percentage."""
    shares = []
    for item in split_list(text):
        code, _sep, percentage = item.partition(":")
        try:
            shares.append((code.strip(), Decimal(percentage.strip()) if percentage.strip() else None))
        except InvalidOperation as error:
            raise ValueError(item) from error
    return shares


def parse_date(text: str) -> datetime.date | None:
    if not text:
        return None
    return datetime.date.fromisoformat(text[:10])


def template_workbook() -> bytes:
    """The import template: the header row, one example row, and a sheet explaining each column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "activities"
    sheet.append(COLUMN_NAMES)
    example = {"reporting_organisation": "XM-DAC-41128", "title_en": "Training of prosecutors on trafficking cases",
               "status": "2", "planned_start": "2026-01-01", "planned_end": "2026-12-31", "default_currency": "USD",
               "budget": "250000", "recipient_countries": "KE:60; TZ:40", "sectors": "15130:100",
               "articles": "TIP 5", "priority_areas": "2", "delivery_languages": "en; sw",
               "modality": "regional_workshop", "coordination_setting": "regional"}
    sheet.append([example.get(name, "") for name in COLUMN_NAMES])
    help_sheet = workbook.create_sheet("columns")
    help_sheet.append([_("column"), _("what goes in it")])
    for name, text in TEMPLATE_COLUMNS:
        help_sheet.append([name, str(text)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
