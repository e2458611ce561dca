"""What a value typed, posted or read from a spreadsheet means for a question of each type, or why it is refused.

Values are stored as JSON: text and choice names as strings, several choices as a list, whole numbers as integers,
decimals as numbers, dates as ISO 8601 strings (YYYY-MM-DD).
"""

import datetime
import math
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tacoord.questionnaires.choices import ANSWERLESS_TYPES, COMPUTED_TYPES, QuestionType
from tacoord.reporting.structure import is_empty

# Numbers beyond this are typing mistakes, and would not survive a round trip through JSON and spreadsheets.
LARGEST_NUMBER = 10**15
LONGEST_TEXT = 20_000
INTEGER = re.compile(r"^[+-]?\d+$")
CHOICE_TYPES = {QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE, QuestionType.IMPLEMENTATION_STATUS}


def _single(raw):
    if isinstance(raw, (list, tuple)):
        if len(raw) > 1:
            raise ValidationError(_("Give one answer only."))
        return raw[0] if raw else None
    return raw


def _integer(raw) -> int:
    if isinstance(raw, bool):
        raise ValidationError(_("Enter a whole number."))
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str) and INTEGER.match(raw.strip()):
        raw = int(raw.strip())
    if not isinstance(raw, int):
        raise ValidationError(_("Enter a whole number."))
    if abs(raw) > LARGEST_NUMBER:
        raise ValidationError(_("This number is out of range."))
    return raw


def _decimal(raw) -> int | float:
    if isinstance(raw, bool):
        raise ValidationError(_("Enter a number."))
    try:
        number = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValidationError(_("Enter a number.")) from None
    if not number.is_finite():
        raise ValidationError(_("Enter a number."))
    if abs(number) > LARGEST_NUMBER:
        raise ValidationError(_("This number is out of range."))
    value = float(number)
    return int(value) if value.is_integer() and math.isfinite(value) else value


def _date(raw) -> str:
    if isinstance(raw, datetime.datetime):
        return raw.date().isoformat()
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    try:
        return datetime.date.fromisoformat(str(raw).strip()).isoformat()
    except ValueError:
        raise ValidationError(_("Enter a date as YYYY-MM-DD.")) from None


def _text(raw) -> str:
    if isinstance(raw, (dict, list, bool)):
        raise ValidationError(_("Enter text."))
    text = str(raw).strip()
    if len(text) > LONGEST_TEXT:
        raise ValidationError(_("Enter at most %(count)d characters.") % {"count": LONGEST_TEXT})
    return text


def _choices(raw, allowed: list[str]) -> list[str]:
    if isinstance(raw, str):
        # XLSForm writes several choices as names separated by spaces.
        raw = raw.replace(",", " ").split()
    if not isinstance(raw, (list, tuple)) or not all(isinstance(item, str) for item in raw):
        raise ValidationError(_("Choose from the list."))
    chosen = list(dict.fromkeys(item.strip() for item in raw if item.strip()))
    unknown = [item for item in chosen if item not in allowed]
    if unknown:
        raise ValidationError(_("Not in the list of choices: %(values)s.") % {"values": ", ".join(unknown)})
    return chosen


def clean_value(question, raw, allowed: list[str] | None = None):
    """The value to store for `raw`, None for no answer; ValidationError with a message for the person if refused.

    `allowed` is the names of the question's choices (for choice questions), "other" among them when the question
    offers it (`or_other`).
    """
    kind = question.type
    if kind in ANSWERLESS_TYPES:
        raise ValidationError(_("This item takes no answer."))
    if kind in COMPUTED_TYPES:
        raise ValidationError(_("This value is calculated from the other answers; it cannot be typed."))
    if kind == QuestionType.SELECT_MULTIPLE:
        if is_empty(raw) or (isinstance(raw, str) and not raw.strip()):
            return None
        return _choices(raw, allowed or []) or None
    raw = _single(raw)
    if is_empty(raw) or (isinstance(raw, str) and not raw.strip()):
        return None
    if kind == QuestionType.INTEGER:
        return _integer(raw)
    if kind == QuestionType.DECIMAL:
        return _decimal(raw)
    if kind == QuestionType.DATE:
        return _date(raw)
    if kind in CHOICE_TYPES:
        if not isinstance(raw, str):
            raise ValidationError(_("Choose from the list."))
        value = raw.strip()
        if value not in (allowed or []):
            raise ValidationError(_("Not in the list of choices: %(values)s.") % {"values": value})
        return value
    return _text(raw) or None
