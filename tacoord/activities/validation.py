"""Checks on an activity's parts that no single row can make: percentages that must add up, codes from IATI's
codelists, currencies. Errors are keyed "<part>" for the whole part or "<part>.<row>.<field>" for one field."""

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_noop as N_

from tacoord.activities.choices import DAC_5_DIGIT_VOCABULARY
from tacoord.core.notes import Note

# Publishers round: 33.33 + 33.33 + 33.33 is accepted as 100.
PERCENTAGE_TOLERANCE = Decimal("0.5")

# Which fields of which part hold codes of which IATI codelist.
CODED_FIELDS: dict[str, dict[str, str]] = {
    "participating_organisations": {"role": "OrganisationRole", "type": "OrganisationType"},
    "sectors": {"vocabulary": "SectorVocabulary"},
    "budgets": {"currency": "Currency"},
    "transactions": {"type": "TransactionType", "currency": "Currency"},
    "related_activities": {"type": "RelatedActivityType"},
}


def _decimal(value) -> Decimal | None:
    if value.__class__ is Decimal:
        return value
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def currency_error(code: str, codelists: dict[str, set[str]]) -> str | None:
    known = codelists.get("Currency")
    if not code:
        return None
    if (known and code.upper() not in known) or (not known and not (len(code) == 3 and code.isalpha())):
        return Note(N_("%(code)s is not a known currency (ISO 4217, e.g. USD)."), code=code)
    return None


def _add(errors: dict[str, list[str]], key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def _check_sum(errors, key: str, total: Decimal, label) -> None:
    """`label()` names what is summed; called only when there is an error (translating costs, and imports check
    hundreds of thousands of sums)."""
    if abs(total - 100) > PERCENTAGE_TOLERANCE:
        _add(errors, key, Note(N_("The percentages of %(what)s add up to %(total)s, not 100."), what=label(),
                               total=f"{total.normalize():f}"))


def validate_parts(children: dict[str, list[dict]], *, default_currency: str,
                   codelists: dict[str, set[str]], known_sector_codes: set[str] | None = None) -> dict[str, list[str]]:
    """Errors in an activity's parts. A codelist that is not loaded is not checked."""
    errors: dict[str, list[str]] = {}
    known_currencies = codelists.get("Currency")
    for part, fields in CODED_FIELDS.items():
        rows = children.get(part)
        if not rows:
            continue
        # Each field with its codes (None: not checked) or, for a currency, the check that gives the message.
        checks = [(field, None if codelist == "Currency" else codelists.get(codelist) or None, codelist)
                  for field, codelist in fields.items()]
        for index, row in enumerate(rows):
            for field, codes, codelist in checks:
                value = row.get(field)
                if not value:
                    continue
                if value.__class__ is not str:
                    value = str(value)
                if codelist == "Currency":
                    # The common case decided here; `currency_error` words the message.
                    if known_currencies and value.upper() in known_currencies:
                        continue
                    message = currency_error(value, codelists)
                    if message:
                        _add(errors, f"{part}.{index}.{field}", message)
                elif codes is not None and value not in codes:
                    _add(errors, f"{part}.{index}.{field}",
                         Note(N_("%(code)s is not a code of IATI's %(codelist)s list."), code=value, codelist=codelist))
    if not default_currency:
        for part in ("budgets", "transactions"):
            for index, row in enumerate(children.get(part) or []):
                if not row.get("currency"):
                    _add(errors, f"{part}.{index}.currency",
                         Note(N_("Give a currency here or a default currency for the activity.")))
    for index, row in enumerate(children.get("budgets") or []):
        if row.get("period_start") and row.get("period_end") and row["period_end"] < row["period_start"]:
            _add(errors, f"budgets.{index}.period_end", Note(N_("The end cannot be before the start.")))
    for index, row in enumerate(children.get("sectors") or []):
        vocabulary = str(row.get("vocabulary") or DAC_5_DIGIT_VOCABULARY)
        if vocabulary == DAC_5_DIGIT_VOCABULARY and known_sector_codes and str(row.get("code")) not in \
                known_sector_codes:
            _add(errors, f"sectors.{index}.code",
                 Note(N_("%(code)s is not an OECD DAC purpose code."), code=row.get("code")))
    for part in ("sectors", "recipient_countries", "recipient_regions"):
        for index, row in enumerate(children.get(part) or []):
            value = _decimal(row.get("percentage"))
            if row.get("percentage") not in (None, "") and (value is None or not 0 <= value <= 100):
                _add(errors, f"{part}.{index}.percentage", Note(N_("A percentage is a number from 0 to 100.")))
    _check_percentages(errors, children)
    return errors


def _check_percentages(errors, children) -> None:
    sectors_by_vocabulary: dict[str, list[Decimal | None]] = defaultdict(list)
    for row in children.get("sectors") or []:
        sectors_by_vocabulary[str(row.get("vocabulary") or DAC_5_DIGIT_VOCABULARY)].append(
            _decimal(row.get("percentage")))
    for vocabulary, shares in sectors_by_vocabulary.items():
        if len(shares) > 1 or any(share is not None for share in shares):
            if any(share is None for share in shares):
                _add(errors, "sectors", Note(N_("Give a percentage for every sector of a vocabulary, or for none.")))
            else:
                _check_sum(errors, "sectors", sum(shares), lambda vocabulary=vocabulary: Note(
                    N_("sectors (vocabulary %(vocabulary)s)"), vocabulary=vocabulary))
    # IATI: countries and the regions of each region vocabulary together make 100.
    countries = [_decimal(row.get("percentage")) for row in children.get("recipient_countries") or []]
    regions: dict[str, list[Decimal | None]] = defaultdict(list)
    for row in children.get("recipient_regions") or []:
        regions[str(row.get("vocabulary") or "1")].append(_decimal(row.get("percentage")))
    groups = [countries + shares for shares in regions.values()] or [countries]
    for shares in groups:
        if len(shares) <= 1 and all(share is None for share in shares):
            continue
        if any(share is None for share in shares):
            _add(errors, "recipient_countries",
                 Note(N_("With several recipient countries or regions, give each a percentage.")))
            break
        _check_sum(errors, "recipient_countries", sum(shares), lambda: Note(N_("recipient countries and regions")))
