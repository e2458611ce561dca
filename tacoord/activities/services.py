"""Writes to activities. The form, the bulk import, the API and the IATI importer all save through `activity_save`."""

import uuid
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction as db_transaction
from django.db.models import DecimalField
from django.utils.translation import gettext as _

from tacoord.activities import bulk
from tacoord.activities import models as parts
from tacoord.activities.choices import DAC_5_DIGIT_VOCABULARY, ActivityOrigin
from tacoord.activities.models import Activity
from tacoord.activities.selectors import PART_NAMES, activity_parts_snapshot, codelists_known, sector_ids_by_code
from tacoord.activities.validation import currency_error, validate_parts
from tacoord.core.errors import ApplicationError
from tacoord.core.i18n import LANGUAGE_SUFFIXES
from tacoord.core.models import ChangeAction, ObjectChange
from tacoord.core.permissions import Action, user_may
from tacoord.core.serialization import deserialize_into, serialize_object
from tacoord.core.signals import record_change
from tacoord.organisations.models import Organisation
from tacoord.reference.models import Article, Country, Language, PriorityArea, TechnicalAssistanceType

PART_MODELS = {
    "participating_organisations": parts.ParticipatingOrganisation,
    "recipient_countries": parts.RecipientCountry,
    "recipient_regions": parts.RecipientRegion,
    "sectors": parts.ActivitySector,
    "budgets": parts.Budget,
    "transactions": parts.Transaction,
    "related_activities": parts.RelatedActivity,
    "results": parts.Result,
    "document_links": parts.DocumentLink,
    "policy_markers": parts.PolicyMarker,
    "tags": parts.ActivityTag,
}
assert tuple(PART_MODELS) == PART_NAMES


class ActivityReferenceData:
    """Codelists and sector codes, read once and reused when many activities are saved in a row (imports)."""

    def __init__(self):
        self.codelists = codelists_known()
        self.sector_ids = sector_ids_by_code()
        self.country_ids = {iso2: pk for pk, iso2 in Country.objects.values_list("pk", "iso2")}
        self.country_pks = set(self.country_ids.values())
        self.sector_pks = set(self.sector_ids.values())


def _resolve(children: dict[str, list[dict]], reference: ActivityReferenceData, errors: dict) -> None:
    """Fill in foreign keys from codes: a country from `country_code` (ISO alpha-2), a DAC sector from its code."""
    for index, row in enumerate(children.get("recipient_countries") or []):
        code = row.pop("country_code", None)
        if code is not None and not row.get("country") and not row.get("country_id"):
            row["country_id"] = reference.country_ids.get(str(code).upper())
            if row["country_id"] is None:
                errors.setdefault(f"recipient_countries.{index}.country", []).append(
                    _("%(code)s is not a known country code.") % {"code": code})
    for row in children.get("sectors") or []:
        if str(row.get("vocabulary") or DAC_5_DIGIT_VOCABULARY) == DAC_5_DIGIT_VOCABULARY and not row.get("sector") \
                and not row.get("sector_id"):
            row["sector_id"] = reference.sector_ids.get(str(row.get("code")))


def _build_rows(activity: Activity, children: dict[str, list[dict]], errors: dict,
                reference: ActivityReferenceData) -> dict[str, list]:
    rows = {}
    for name, values in children.items():
        model = PART_MODELS[name]
        rows[name] = []
        for index, data in enumerate(values):
            row = model(**{key: value for key, value in data.items() if key not in {"id", "activity", "activity_id"}})
            # Countries and sectors found through the reference data need no query each to check they exist.
            known = [field for field, valid in (("country", reference.country_pks), ("sector", reference.sector_pks))
                     if getattr(row, f"{field}_id", None) in valid]
            try:
                row.full_clean(exclude=["activity", *known])
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    errors.setdefault(f"{name}.{index}.{field}", []).extend(messages)
            else:
                _as_stored(row)
            rows[name].append(row)
    return rows


def _as_stored(row) -> None:
    """Decimals as the database gives them back (50 → 50.000), so a snapshot of the row matches a later read."""
    for field in row._meta.concrete_fields:
        value = getattr(row, field.attname)
        if isinstance(field, DecimalField) and value is not None:
            setattr(row, field.attname, value.quantize(Decimal(1).scaleb(-field.decimal_places)))


def _identifier_for(activity: Activity) -> str:
    organisation = activity.reporting_organisation
    prefix = organisation.iati_identifier or f"XI-TACOORD-ORG{organisation.pk}"
    return f"{prefix}-{uuid.uuid4().hex[:10].upper()}"


def _require(user, action: str, activity: Activity) -> None:
    if user is not None and not user_may(user, action, activity):
        raise PermissionDenied(_("You may not do this to %(object)s.") % {"object": activity})


@db_transaction.atomic
def activity_save(*, user, activity: Activity, children: dict[str, list[dict]] | None = None,
                  relations: dict | None = None, reference: ActivityReferenceData | None = None,
                  change_action: str | None = None) -> Activity:
    """Validate and save an activity with its many-to-many relations and parts, in one transaction.

    `children` maps part names (PART_NAMES) to lists of field dicts; each part named is replaced as a whole, parts
    not named are left as they are. A recipient country may be given as `country_code` (ISO alpha-2); a DAC sector
    is linked to reference.Sector by its code. Everything is checked before anything is written: a ValidationError
    carries field errors keyed by activity field or "<part>.<row>.<field>". `user` None is the system acting (a
    command); anyone else needs the permission to add or change the activity. The change log gets one entry, whose
    "children" holds the parts before and after.
    """
    reference = reference or ActivityReferenceData()
    children = {name: [dict(row) for row in rows] for name, rows in (children or {}).items()}
    unknown = set(children) - set(PART_MODELS)
    if unknown:
        raise ValueError(f"Unknown activity parts: {sorted(unknown)}")
    adding = activity.pk is None
    if adding and not activity.iati_identifier and activity.reporting_organisation_id:
        activity.iati_identifier = _identifier_for(activity)
    errors: dict[str, list[str]] = {}
    try:
        activity.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    message = currency_error(activity.default_currency, reference.codelists)
    if message:
        errors.setdefault("default_currency", []).append(message)
    _resolve(children, reference, errors)
    for key, messages in validate_parts(children, default_currency=activity.default_currency,
                                        codelists=reference.codelists,
                                        known_sector_codes=set(reference.sector_ids)).items():
        errors.setdefault(key, []).extend(messages)
    rows = _build_rows(activity, children, errors, reference)
    if errors:
        raise ValidationError(errors)
    _require(user, Action.ADD if adding else Action.CHANGE, activity)

    content_type = ContentType.objects.get_for_model(Activity)
    before_parts = None if adding else activity_parts_snapshot(activity)
    last_change = ObjectChange.objects.filter(changed_object_type=content_type).order_by("-pk").values_list(
        "pk", flat=True).first() or 0
    activity.save()
    # Checked again on the saved row, so a change cannot move an activity out of the user's own reach.
    if not adding:
        _require(user, Action.CHANGE, activity)
    for name, value in (relations or {}).items():
        getattr(activity, name).set(value)
    after_parts = dict(before_parts) if before_parts is not None else {name: [] for name in PART_NAMES}
    for name, new_rows in rows.items():
        if before_parts and before_parts[name]:
            PART_MODELS[name].objects.filter(activity=activity).delete()
        for row in new_rows:
            row.activity = activity
        PART_MODELS[name].objects.bulk_create(new_rows)
        after_parts[name] = [serialize_object(row) for row in new_rows]
    _log_parts(activity, content_type, last_change, before_parts, after_parts, change_action)
    return activity


def _log_parts(activity: Activity, content_type, last_change: int, before_parts: dict | None, after_parts: dict,
               change_action: str | None) -> None:
    """Make this save one change log entry: the activity's fields, relations and parts before and after."""
    entries = list(ObjectChange.objects.filter(changed_object_type=content_type, changed_object_id=str(activity.pk),
                                               pk__gt=last_change).order_by("pk"))
    if not entries:
        if before_parts != after_parts:
            after = {**serialize_object(activity), "children": after_parts}
            record_change(activity, change_action or ChangeAction.UPDATE, {**after, "children": before_parts}, after)
        return
    # The last entry written in this save holds the activity's fields and relations as they now are.
    after = {**entries[-1].postchange_data, "children": after_parts}
    first = entries[0]
    if first.prechange_data is not None:
        first.prechange_data = {**first.prechange_data, "children": before_parts}
    first.postchange_data = after
    if change_action and first.action != ChangeAction.CREATE:
        first.action = change_action
    first.save(update_fields=["prechange_data", "postchange_data", "action"])
    # The relations were logged as entries of their own; they belong to this one.
    ObjectChange.objects.filter(pk__in=[entry.pk for entry in entries[1:]]).delete()


def _part_data(row: dict) -> dict:
    return {key: value for key, value in row.items() if key not in {"id", "activity", "activity_id"}}


@db_transaction.atomic
def activity_restore_version(*, user, activity: Activity, change: ObjectChange) -> Activity:
    """Bring the activity, its relations and its parts back to what they were after `change`, as a new change.

    Whether it is archived stays as it is: that is its own permission.
    """
    if change.changed_object_id != str(activity.pk) or not change.postchange_data:
        raise ApplicationError(_("This version cannot be restored."))
    _require(user, Action.CHANGE, activity)
    data = {key: value for key, value in change.postchange_data.items() if key != "archived_at"}
    pending = deserialize_into(activity, data)
    children = {name: [_part_data(row) for row in rows] for name, rows in (data.get("children") or {}).items()
                if name in PART_MODELS}
    return activity_save(user=user, activity=activity, children=children,
                         relations={name: data[name] for name in pending}, change_action=ChangeAction.RESTORE)



class _Lookups:
    """Reference records a bulk import names by code, read once."""

    def __init__(self, user):
        self.organisations = {}
        for organisation in Organisation.objects.active():
            for key in (organisation.iati_identifier, organisation.acronym, organisation.name):
                if key:
                    self.organisations.setdefault(key.lower(), organisation)
        self.articles = {f"{code} {number}".lower(): pk
                         for pk, code, number in Article.objects.values_list("pk", "instrument__code", "number")}
        self.priority_areas = {str(number): pk for pk, number in PriorityArea.objects.values_list("pk", "number")}
        self.ta_types = dict(TechnicalAssistanceType.objects.values_list("code", "pk"))
        self.languages = dict(Language.objects.values_list("code", "pk"))
        self.visible_activities = Activity.objects.restrict(user, Action.VIEW)


def _codes(text: str, known: dict, column: str, errors: list[str]) -> list:
    found = []
    for item in bulk.split_list(text):
        key = " ".join(item.split()).lower() if column == "articles" else item
        if key in known:
            found.append(known[key])
        else:
            errors.append(_("%(column)s: %(code)s is not known.") % {"column": column, "code": item})
    return found


def _row_activity(row: bulk.ImportRow, lookups: _Lookups) -> tuple[Activity, dict, dict]:
    cells, errors = row.cells, row.errors
    identifier = cells.get("iati_identifier", "")
    activity = Activity.objects.filter(iati_identifier=identifier).first() if identifier else None
    row.action = "update" if activity else "add"
    activity = activity or Activity(iati_identifier=identifier, origin=ActivityOrigin.BULK_IMPORT)
    reporter = lookups.organisations.get(cells.get("reporting_organisation", "").lower())
    if reporter is None:
        errors.append(_("Unknown reporting organisation: %(name)s.") % {"name": cells.get("reporting_organisation")})
    else:
        activity.reporting_organisation = reporter
    for field in ("title", "description"):
        values = {suffix: cells[f"{field}_{suffix}"] for suffix in LANGUAGE_SUFFIXES if cells.get(f"{field}_{suffix}")}
        if values or row.action == "add":
            setattr(activity, field, values)
    if not activity.title:
        errors.append(_("Give a title in at least one language."))
    for name in ("status", "default_currency", "modality", "coordination_setting", "beneficiary_institutions"):
        if cells.get(name):
            setattr(activity, name, cells[name])
    for name in ("planned_start", "planned_end", "actual_start", "actual_end"):
        try:
            setattr(activity, name, bulk.parse_date(cells.get(name, "")))
        except ValueError:
            errors.append(_("%(column)s: %(value)s is not a date (YYYY-MM-DD).") % {"column": name,
                                                                                   "value": cells[name]})
    if cells.get("programme"):
        parent = lookups.visible_activities.filter(iati_identifier=cells["programme"]).first()
        if parent is None:
            errors.append(_("Unknown programme: %(code)s.") % {"code": cells["programme"]})
        activity.parent = parent
    children: dict[str, list[dict]] = {}
    try:
        children["recipient_countries"] = [{"country_code": code, "percentage": share}
                                           for code, share in bulk.parse_shares(cells.get("recipient_countries", ""))]
        children["sectors"] = [{"vocabulary": DAC_5_DIGIT_VOCABULARY, "code": code, "percentage": share}
                               for code, share in bulk.parse_shares(cells.get("sectors", ""))]
    except ValueError as error:
        errors.append(_("%(value)s: write a code and a percentage as KE:60.") % {"value": error})
    if cells.get("budget"):
        try:
            value = Decimal(cells["budget"])
        except InvalidOperation:
            errors.append(_("The budget %(value)s is not a number.") % {"value": cells["budget"]})
        else:
            if not (activity.planned_start and activity.planned_end):
                errors.append(_("A budget needs the planned start and end."))
            else:
                children["budgets"] = [{"type": "1", "status": "2", "period_start": activity.planned_start,
                                        "period_end": activity.planned_end, "value": value}]
    relations = {
        "articles": _codes(cells.get("articles", ""), lookups.articles, "articles", errors),
        "priority_areas": _codes(cells.get("priority_areas", ""), lookups.priority_areas, "priority_areas", errors),
        "ta_types": _codes(cells.get("ta_types", ""), lookups.ta_types, "ta_types", errors),
        "delivery_languages": _codes(cells.get("delivery_languages", ""), lookups.languages, "delivery_languages",
                                     errors),
    }
    return activity, children, relations


def activity_bulk_import(*, user, rows: list[bulk.ImportRow], apply: bool) -> bool:
    """Check every row as `activity_save` would save it; with `apply`, save them all if every row is valid.

    Nothing is written unless every row is valid and `apply` is given: a preview runs the same saves and rolls them
    back. Each row gets its errors and whether it adds or changes an activity. Returns whether the set was applied.
    """
    reference = ActivityReferenceData()
    lookups = _Lookups(user)
    with db_transaction.atomic():
        for row in rows:
            activity, children, relations = _row_activity(row, lookups)
            if activity.reporting_organisation_id is None:
                continue
            # Saved even when the row has errors already, so the preview names all of them at once.
            try:
                with db_transaction.atomic():
                    activity_save(user=user, activity=activity, children=children, relations=relations,
                                  reference=reference)
            except ValidationError as error:
                row.errors.extend(f"{key}: {' '.join(messages)}" if key != NON_FIELD_ERRORS else " ".join(messages)
                                  for key, messages in error.message_dict.items())
            except PermissionDenied:
                row.errors.append(_("You may not add or change this activity."))
        applied = apply and not any(row.errors for row in rows)
        if not applied:
            db_transaction.set_rollback(True)
    return applied
