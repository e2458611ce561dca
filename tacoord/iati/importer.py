"""Making a parsed IATI activity fit tacoord's activity model: what is valid is kept, the rest dropped with a warning.

Fed by `reader.ParsedActivity` and the reference data of `activities.services.ActivityReferenceData`; used by
`services.iati_import`. Checks are those of `activities.validation`, so an activity that passes here also passes
`activity_save`.
"""

from __future__ import annotations

import datetime
import functools
import operator
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_noop as N_

from tacoord.activities.choices import DAC_5_DIGIT_VOCABULARY, ActivityOrigin, ActivityStatus
from tacoord.activities.models import Activity
from tacoord.activities.services import PART_MODELS
from tacoord.activities.validation import currency_error, validate_parts
from tacoord.core.notes import Note
from tacoord.iati.reader import ParsedActivity

_url = URLValidator(schemes=["http", "https", "ftp", "ftps"])


@functools.lru_cache(maxsize=50_000)
def _is_web_address(url: str) -> bool:
    """Whether the model's URL check accepts `url`. Remembered: publishers link the same documents from many
    activities (6,102 addresses in 21,004 links of the d-portal excerpt), and the check is a costly expression."""
    try:
        _url(url)
    except ValidationError:
        return False
    return True


# What a web address may hold unencoded (RFC 3986's reserved and unreserved characters, and "%" of what is encoded).
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def _mended_address(url: str) -> str | None:
    """The web address a publisher meant, where it is plain: spaces and other characters written as they are
    (browsers encode them; 'Initiation Plan - signed.pdf'), or a host name without its scheme ('www.gtai.de/…',
    read as http, which a site on https redirects). None when that does not make it a web address."""
    candidate = url.strip()
    if candidate.lower().startswith("www."):
        candidate = f"http://{candidate}"
    candidate = quote(candidate, safe=_URL_SAFE)
    return candidate if candidate != url and _is_web_address(candidate) else None


def _max_lengths(model) -> dict[str, int]:
    return {f.attname: f.max_length for f in model._meta.concrete_fields
            if isinstance(f, models.CharField) and f.max_length}


MAX_LENGTHS = {name: _max_lengths(model) for name, model in PART_MODELS.items()}
ACTIVITY_MAX_LENGTHS = _max_lengths(Activity)

# The activity's own fields an imported value can break: lengths, choices, numbers, dates and times. Texts (JSON) and
# flags come from the reader in their final shape; `full_clean` re-encoding each JSON field to check it cost more than
# all the other checks of an import together.
_CHECKED_FIELDS = [field for field in Activity._meta.concrete_fields
                   if not field.primary_key and not field.is_relation and field.editable
                   and not isinstance(field, models.JSONField | models.BooleanField)]


def _plainly_valid(field) -> Callable[[object], bool] | None:
    """For a field whose only checks are its length and choices (no other validator), a quick test that a value
    passes them; None for the others, which `Field.clean` checks. A value failing the test is checked by `clean` too,
    which gives the message. (Django's own checks of a text cost ten times more.)"""
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField) and not field.validators:
        return lambda value: type(value) is datetime.date
    if not isinstance(field, models.CharField) or field.max_length is None or any(
            not isinstance(validator, MaxLengthValidator) for validator in field.validators):
        return None
    limit, choices = field.max_length, {str(value) for value, _label in field.flatchoices} if field.choices else None
    if choices is None:
        return lambda value: type(value) is str and len(value) <= limit and "\x00" not in value
    return lambda value: type(value) is str and value in choices and len(value) <= limit


_QUICK_CHECKS = [(field, _plainly_valid(field)) for field in _CHECKED_FIELDS]


def activity_field_errors(fields: dict) -> dict[str, list[str]]:
    """Check the activity's own values as `full_clean` does, converting them in place (a date-time given as text
    becomes a datetime); the messages by field name."""
    errors: dict[str, list[str]] = {}
    for field, plainly_valid in _QUICK_CHECKS:
        value = fields.get(field.attname)
        if value is None or value == "":
            if value == "" and not field.blank:
                errors[field.attname] = [str(field.error_messages["blank"])]
            continue
        if plainly_valid is not None and plainly_valid(value):
            continue
        try:
            fields[field.attname] = field.clean(value, None)
        except ValidationError as error:
            errors[field.attname] = error.messages
    fields["search_text"] = Activity.texts_for_search(fields.get("title"), fields.get("description"))
    return errors


class Prepared:
    """An activity ready to write: its field values and its parts as field dicts keyed by model attribute."""

    def __init__(self, parsed: ParsedActivity):
        self.parsed = parsed
        self.fields: dict = {}
        self.children: dict[str, list[dict]] = {}
        self.warnings: list[Note] = parsed.warnings
        self.rejection: Note | str = ""
        self.tags: list[dict] = []  # the tags proposed for a new activity, as `ActivityClassification` rows
        self.field_errors: dict[str, list[str]] = {}  # what refuses the activity's own fields, by field
        # On PostgreSQL, for a new activity, parts already written out (see `copy_rows.write_out`): part name →
        # (COPY lines without the activity's key, the part's rows as change-log JSON).
        self.rendered: dict[str, tuple[bytes, bytes]] = {}

    def warn(self, template: str, **params) -> None:
        self.warnings.append(Note(template, self.parsed.line, **params))


def prepare(parsed: ParsedActivity, reference) -> Prepared:
    """Map a parsed activity onto the model's fields, drop what the model's checks refuse, with warnings. The
    participating organisations are linked to tacoord's organisations later, by `link_organisations`."""
    prepared = Prepared(parsed)
    fields = dict(parsed.fields)
    fields["origin"] = ActivityOrigin.IATI_IMPORT
    fields["content_hash"] = parsed.content_hash
    if not fields.get("status"):
        prepared.warn(N_("no activity status; 'implementation' assumed"))
        fields["status"] = ActivityStatus.IMPLEMENTATION
    for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        if fields.get(start) and fields.get(end) and fields[end] < fields[start]:
            prepared.warn(N_("%(field)s %(end)s is before the start %(start)s; left out"), field=_field_name(end),
                          end=fields[end], start=fields[start])
            fields[end] = None
    if fields.get("default_currency") and currency_error(fields["default_currency"], reference.codelists):
        prepared.warn(N_("default currency %(value)s is not known; left out"), value=repr(fields["default_currency"]))
        fields["default_currency"] = ""
    if fields.get("default_language"):
        fields["default_language"] = fields["default_language"][:ACTIVITY_MAX_LENGTHS["default_language"]]
    for name in ("collaboration_type", "default_flow_type", "default_finance_type", "default_aid_type"):
        if len(fields.get(name) or "") > ACTIVITY_MAX_LENGTHS[name]:
            prepared.warn(N_("%(field)s %(value)s is too long; left out"), field=_field_name(name),
                          value=repr(fields[name]))
            fields[name] = ""
    prepared.fields = fields
    prepared.children = _map_children(prepared, parsed.children, reference)
    _drop_invalid(prepared, reference)
    return prepared


# IATI 1.0x codes that some files still carry under version 2.0x, read as the 2.0x codes the standard replaced
# them with (with a warning) instead of leaving the row out: in the d-portal excerpt, 138 transactions typed "C" or "D",
# roles written "FUNDING", sectors of vocabulary "DAC-3".
IATI1_TRANSACTION_TYPES = {"C": "2", "D": "3", "E": "4", "IF": "1", "IR": "5", "LR": "6", "R": "7", "QP": "8",
                           "QS": "9", "CG": "10"}
IATI1_ROLES = {"FUNDING": "1", "ACCOUNTABLE": "2", "EXTENDING": "3", "IMPLEMENTING": "4"}
IATI1_SECTOR_VOCABULARIES = {"DAC": "1", "DAC-3": "2", "COFOG": "3", "NACE": "4", "NTEE": "5", "RO": "99",
                             "RO2": "98"}


def _field_name(name: str) -> Note:
    """An activity's field by its label. The import runs in English, where a label is its message id: the note
    shows it in the reader's language."""
    return Note(str(Activity._meta.get_field(name).verbose_name))


def _part_name(part: str) -> Note:
    """A part by its model's plural name (see `_field_name`)."""
    return Note(str(PART_MODELS[part]._meta.verbose_name_plural))


def _iati1(prepared: Prepared, what: str, codes: dict[str, str], code: str) -> str:
    """`code`, or the 2.0x code an IATI 1.0x code became (with a warning)."""
    new = codes.get(code.upper())
    if new is None:
        return code
    prepared.warn(N_("%(what)s %(value)s (IATI 1) read as %(code)s"), what=Note(what), value=repr(code), code=new)
    return new


def link_organisations(prepared: Prepared, organisation_ids: dict[str, int]) -> None:
    """Link participating organisations to tacoord's organisations by their IATI identifiers."""
    for row in prepared.children["participating_organisations"]:
        row["organisation_id"] = organisation_ids.get(row["ref"]) if row["ref"] else None


def _map_children(prepared: Prepared, children: dict[str, list[dict]], reference) -> dict:
    mapped: dict[str, list[dict]] = {}
    mapped["participating_organisations"] = [
        {"role": _iati1(prepared, N_("role"), IATI1_ROLES, row["role"]), "ref": row["ref"], "type": row["type"],
         "activity_ref": row["activity_id"], "name": row["name"], "organisation_id": None}
        for row in children.get("participating_organisations", [])
    ]
    countries = []
    for row in children.get("recipient_countries", []):
        country_id = reference.country_ids.get(row["code"])
        if country_id is None:
            prepared.warn(N_("recipient country %(value)s is not a known country code; left out"),
                          value=repr(row["code"]))
        else:
            countries.append({"country_id": country_id, "percentage": row["percentage"]})
    mapped["recipient_countries"] = countries
    mapped["recipient_regions"] = list(children.get("recipient_regions", []))
    sectors = []
    for row in children.get("sectors", []):
        if not row["vocabulary"].isdigit():
            row = {**row, "vocabulary": _iati1(prepared, N_("sector vocabulary"), IATI1_SECTOR_VOCABULARIES,
                                               row["vocabulary"])}
        sector_id = reference.sector_ids.get(row["code"]) if row["vocabulary"] == DAC_5_DIGIT_VOCABULARY else None
        sectors.append({**row, "sector_id": sector_id})
    mapped["sectors"] = sectors
    mapped["budgets"] = list(children.get("budgets", []))
    transactions = []
    for row in children.get("transactions", []):
        if not row["type"].isdigit():
            row = {**row, "type": _iati1(prepared, N_("transaction type"), IATI1_TRANSACTION_TYPES,
                                        row["type"])}
        if row["date"] is None:
            if row["value_date"] is None:
                prepared.warn(N_("transaction without a date; left out"))
                continue
            row = {**row, "date": row["value_date"]}
        transactions.append(row)
    mapped["transactions"] = transactions
    mapped["related_activities"] = list(children.get("related_activities", []))
    mapped["results"] = [
        {**row, "aggregation_status": {"1": True, "true": True, "0": False, "false": False}.get(
            row["aggregation_status"].lower())}
        for row in children.get("results", [])
    ]
    links = []
    for row in children.get("document_links", []):
        if not _is_web_address(row["url"]):
            mended = _mended_address(row["url"])
            if mended is None:
                prepared.warn(N_("document link %(value)s is not a web address; left out"),
                              value=repr(row["url"][:100]))
                continue
            prepared.warn(N_("document link %(value)s read as %(address)s"), value=repr(row["url"][:100]),
                          address=repr(mended[:100]))
            row = {**row, "url": mended}
        links.append(row)
    mapped["document_links"] = links
    mapped["policy_markers"] = list(children.get("policy_markers", []))
    mapped["tags"] = list(children.get("tags", []))
    for name, rows in mapped.items():
        if rows:
            mapped[name] = _short_enough(prepared, name, rows)
    return mapped


def _short_enough(prepared: Prepared, part: str, rows: list[dict]) -> list[dict]:
    """The rows whose texts fit their columns; the others left out with a warning. (Hundreds of thousands of rows
    in a big import: for rows shaped like the first, the lengths of the limited texts are taken and compared in one
    go; the texts are named one by one only for a row shaped otherwise, with a value not text, or too long.)"""
    limits = MAX_LENGTHS[part]
    shape = rows[0].keys()
    keys = [key for key in limits if key in shape]
    # The first key is asked for twice so that `itemgetter` gives a tuple even for one key; `map` below stops at the
    # end of the shorter `maxima`, so the extra value is not compared.
    values_of, maxima = operator.itemgetter(*keys, *keys[:1]) if keys else None, [limits[key] for key in keys]
    kept = []
    for row in rows:
        try:
            if row.keys() == shape and (values_of is None or all(map(operator.le, map(len, values_of(row)),
                                                                         maxima))):
                kept.append(row)
                continue
        except TypeError:  # a value that is not text: checked below
            pass
        too_long = [key for key, limit in limits.items()
                    if isinstance(value := row.get(key), str) and len(value) > limit]
        if too_long:
            prepared.warn(N_("%(part)s: %(fields)s too long; the row is left out"), part=_part_name(part),
                          fields=", ".join(too_long))
        else:
            kept.append(row)
    return kept


def _drop_invalid(prepared: Prepared, reference) -> None:
    """Leave out the rows the model's checks refuse; spread shares that do not add up to 100 proportionally."""
    known_sectors = set(reference.sector_ids)
    currency = prepared.fields.get("default_currency", "")
    for _attempt in range(3):
        errors = validate_parts(prepared.children, default_currency=currency, codelists=reference.codelists,
                                known_sector_codes=known_sectors)
        if not errors:
            return
        dropped: dict[str, set[int]] = defaultdict(set)
        for key, messages in errors.items():
            part, _dot, rest = key.partition(".")
            if rest:
                index = int(rest.split(".")[0])
                dropped[part].add(index)
                prepared.warn(N_("%(part)s row %(row)s: %(reasons)s The row is left out."),
                              part=_part_name(part), row=index + 1, reasons=messages)
            elif part == "sectors":
                _rebalance_sectors(prepared)
            elif part == "recipient_countries":
                _rebalance_geography(prepared)
        for part, indexes in dropped.items():
            prepared.children[part] = [row for index, row in enumerate(prepared.children[part])
                                       if index not in indexes]
    errors = validate_parts(prepared.children, default_currency=currency, codelists=reference.codelists,
                            known_sector_codes=known_sectors)
    if errors:
        prepared.rejection = rejection_of(errors)


def rejection_of(errors: dict[str, list]) -> Note:
    """Why an activity is refused, from errors by key ("part.row.field": messages)."""
    return Note(N_("%(reasons)s"), reasons=[Note(N_("%(key)s: %(messages)s"), key=key, messages=list(messages))
                                           for key, messages in errors.items()])


def _shares(percentages: list) -> str:
    return ", ".join("–" if share is None else f"{share.normalize():f}" for share in percentages)


def _scale(rows: list[dict]) -> None:
    """Give rows shares adding up to 100: proportional to the shares given, equal where none are."""
    given = [row["percentage"] for row in rows]
    if rows and all(share is not None for share in given) and sum(given) > 0:
        total = sum(given)
        shares = [(share * 100 / total).quantize(Decimal("0.001")) for share in given]
    else:
        shares = [(Decimal(100) / len(rows)).quantize(Decimal("0.001"))] * len(rows) if rows else []
    if shares:
        shares[-1] += Decimal(100) - sum(shares)
    for row, share in zip(rows, shares, strict=True):
        row["percentage"] = share


def _rebalance_sectors(prepared: Prepared) -> None:
    by_vocabulary: dict[str, list[dict]] = defaultdict(list)
    for row in prepared.children["sectors"]:
        by_vocabulary[row["vocabulary"]].append(row)
    for vocabulary, rows in by_vocabulary.items():
        before = [row["percentage"] for row in rows]
        if len(rows) == 1 and before[0] is None:
            continue
        _scale(rows)
        if before != [row["percentage"] for row in rows]:
            prepared.warn(N_("sector percentages (vocabulary %(vocabulary)s: %(shares)s) do not add up to 100; "
                             "shares spread proportionally"), vocabulary=vocabulary, shares=_shares(before))


def _rebalance_geography(prepared: Prepared) -> None:
    countries = prepared.children["recipient_countries"]
    regions_by_vocabulary: dict[str, list[dict]] = defaultdict(list)
    for row in prepared.children["recipient_regions"]:
        regions_by_vocabulary[row["vocabulary"]].append(row)
    groups = [countries + rows for rows in regions_by_vocabulary.values()] or [countries]
    for rows in groups:
        before = [row["percentage"] for row in rows]
        if len(rows) <= 1 and all(share is None for share in before):
            continue
        _scale(rows)
        if before != [row["percentage"] for row in rows]:
            prepared.warn(N_("recipient country and region percentages (%(shares)s) do not add up to 100; shares "
                             "spread proportionally"), shares=_shares(before))
