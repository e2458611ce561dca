from django import template
from django.utils.translation import gettext as _

from tacoord.activities.choices import DAC_5_DIGIT_VOCABULARY
from tacoord.activities.forms import PART_FORMS
from tacoord.activities.services import PART_MODELS
from tacoord.activities.validation import CODED_FIELDS
from tacoord.core.permissions import Action
from tacoord.reference.models import CodelistItem, Sector

register = template.Library()

PART_LABELS = {name: label for name, (label, _form) in PART_FORMS.items()}
# The values that say what a row is, part by part, in the order they are read.
ROW_KEYS = ("role", "organisation_id", "country_id", "code", "vocabulary", "type", "date", "period_start",
            "period_end", "value", "currency", "percentage", "ref", "url", "name", "title", "narrative")
# Keys naming a related record: shown by its name (when the viewer may see it), not by its key.
RELATED_KEYS = ("organisation_id", "country_id")


def _key_label(part: str, key: str) -> str:
    """The translated label of a part's column, from its model field (e.g. 'country_id' → 'country')."""
    model = PART_MODELS.get(part)
    if model is not None:
        for field in model._meta.concrete_fields:
            if key in (field.attname, field.name):
                return str(field.verbose_name)
    return key.removesuffix("_id")


def _related_names(user, rows_by_part: dict[str, list[dict]]) -> dict[tuple[str, object], str]:
    """{(key, primary key): name} of the records the rows name, read once for the page, as far as `user` may see
    them; the others stay out, and their rows show the key."""
    wanted: dict[str, set] = {key: set() for key in RELATED_KEYS}
    models = {}
    for part, rows in rows_by_part.items():
        model = PART_MODELS.get(part)
        for row in rows:
            for key in RELATED_KEYS:
                if row.get(key) is not None and model is not None:
                    wanted[key].add(row[key])
                    models[key] = model._meta.get_field(key.removesuffix("_id")).related_model
    names = {}
    for key, pks in wanted.items():
        if not pks or key not in models:
            continue
        queryset = models[key]._default_manager.filter(pk__in=pks)
        if hasattr(queryset, "restrict"):
            queryset = queryset.restrict(user, Action.VIEW)
        names.update({(key, record.pk): str(record) for record in queryset})
    return names


# Codes named only in the OECD DAC's own vocabulary ("1" for sectors and policy markers alike), by where their names
# are: "Sector" for the reference data's purpose codes, otherwise an IATI codelist.
NAMED_IN_DAC_VOCABULARY = {"sectors": "Sector", "policy_markers": "PolicyMarker"}


def _in_dac_vocabulary(row: dict) -> bool:
    return str(row.get("vocabulary") or DAC_5_DIGIT_VOCABULARY) == DAC_5_DIGIT_VOCABULARY


def _codelist_names(rows_by_part: dict[str, list[dict]]) -> dict[tuple[str, str], str]:
    """{(codelist, code): name} of the IATI codes the rows hold that the reference data names (organisation types,
    sector vocabularies, DAC purpose codes under "Sector", OECD DAC policy markers), read once for the page.
    Currencies stay codes."""
    wanted: dict[str, set[str]] = {}
    for part, rows in rows_by_part.items():
        for key, codelist in CODED_FIELDS.get(part, {}).items():
            if codelist != "Currency":
                wanted.setdefault(codelist, set()).update(str(row[key]) for row in rows if row.get(key))
    for part, source in NAMED_IN_DAC_VOCABULARY.items():
        wanted.setdefault(source, set()).update(str(row["code"]) for row in rows_by_part.get(part, [])
                                                if row.get("code") and _in_dac_vocabulary(row))
    names = {}
    for source, codes in wanted.items():
        if codes:
            items = Sector.objects.filter(code__in=codes) if source == "Sector" else \
                CodelistItem.objects.filter(codelist=source, code__in=codes)
            names.update({(source, item.code): item.name for item in items})
    return names


def _code_text(part: str, key: str, code, codelist_names: dict, row: dict) -> str:
    """A coded value as its name with the code ("Implementing (4)"): named by the part's model where it has a
    `get_<key>_label` method (roles, transaction, budget, relation and result types), else by the IATI codelist
    in the reference data; a code neither knows is shown as it is."""
    if not isinstance(code, str):
        return str(code)
    model = PART_MODELS.get(part)
    label_of = getattr(model, f"get_{key}_label", None)
    if label_of is not None:
        label = str(label_of(model(**{key: code})))
    elif key == "code" and part in NAMED_IN_DAC_VOCABULARY:
        label = codelist_names.get((NAMED_IN_DAC_VOCABULARY[part], code), code) if _in_dac_vocabulary(row) else code
    else:
        label = codelist_names.get((CODED_FIELDS.get(part, {}).get(key), code), code)
    return f"{label} ({code})" if label and label != code else code


def _row_text(part: str, row: dict, names: dict, codelist_names: dict) -> str:
    values = []
    for key in ROW_KEYS:
        value = row.get(key)
        if isinstance(value, dict):
            value = next(iter(value.values()), "")
        if value in (None, "", [], {}):
            continue
        if key in RELATED_KEYS:
            value = names.get((key, value), f"#{value}")
        else:
            value = _code_text(part, key, value, codelist_names, row)
        values.append(f"{_key_label(part, key)} {value}")
    return ", ".join(values)


@register.simple_tag(takes_context=True)
def parts_differences(context, before, after) -> list[tuple[str, list[str], list[str]]]:
    """The parts a change touched, as (label, rows before, rows after), each row in a line."""
    before, after = before or {}, after or {}
    changed = [name for name in sorted(before.keys() | after.keys())
               # A part absent before and empty after did not change: only rows that differ are shown.
               if (before.get(name) or []) != (after.get(name) or [])]
    request = (context or {}).get("request")
    rows_by_part = {name: [*(before.get(name) or []), *(after.get(name) or [])] for name in changed}
    names, codelist_names = _related_names(getattr(request, "user", None), rows_by_part), \
        _codelist_names(rows_by_part)
    return [(str(PART_LABELS.get(name, _("Results") if name == "results" else name)),
             [_row_text(name, row, names, codelist_names) for row in before.get(name) or []],
             [_row_text(name, row, names, codelist_names) for row in after.get(name) or []]) for name in changed]
