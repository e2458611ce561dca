from django import template
from django.utils.translation import gettext as _

from tacoord.activities.forms import PART_FORMS

register = template.Library()

PART_LABELS = {name: label for name, (label, _form) in PART_FORMS.items()}
# The values that say what a row is, part by part, in the order they are read.
ROW_KEYS = ("role", "organisation_id", "country_id", "code", "vocabulary", "type", "date", "period_start",
            "period_end", "value", "currency", "percentage", "ref", "url", "name", "title", "narrative")


def _row_text(row: dict) -> str:
    values = []
    for key in ROW_KEYS:
        value = row.get(key)
        if isinstance(value, dict):
            value = next(iter(value.values()), "")
        if value not in (None, "", [], {}):
            values.append(f"{key.removesuffix('_id')} {value}")
    return ", ".join(values)


@register.simple_tag
def parts_differences(before, after) -> list[tuple[str, list[str], list[str]]]:
    """The parts a change touched, as (label, rows before, rows after), each row in a line."""
    before, after = before or {}, after or {}
    rows = []
    for name in sorted(before.keys() | after.keys()):
        # A part absent before and empty after did not change: only rows that differ are shown.
        if (before.get(name) or []) != (after.get(name) or []):
            rows.append((str(PART_LABELS.get(name, _("Results") if name == "results" else name)),
                         [_row_text(row) for row in before.get(name) or []],
                         [_row_text(row) for row in after.get(name) or []]))
    return rows
