"""Columns of a list page (and of its CSV/XLSX export), declared per model in the app's tables.py."""

from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Column:
    """One column: `accessor` is an attribute path ('country.name') or a callable taking the row."""

    accessor: Any
    label: str
    link: bool = False
    order_by: str | None = None
    # Codes and identifiers that must not break across lines (XM-DAC-41128).
    nowrap: bool = False
    # Long prose (evidence, descriptions): kept readable by a minimum width; the table scrolls sideways instead.
    wide: bool = False

    def value(self, obj):
        if callable(self.accessor):
            return self.accessor(obj)
        value = obj
        for part in self.accessor.split("."):
            if value is None:
                return None
            value = getattr(value, part)
            if callable(value) and not isinstance(value, models.Model):
                value = value()
        return value

    def text(self, obj) -> str:
        value = self.value(obj)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)
