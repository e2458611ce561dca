"""Writes to activities. The form, the bulk import, the API and the IATI importer all save through `activity_save`."""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction as db_transaction
from django.utils.translation import gettext as _

from tacoord.activities import models as parts
from tacoord.activities.choices import DAC_5_DIGIT_VOCABULARY
from tacoord.activities.models import Activity
from tacoord.activities.selectors import PART_NAMES, activity_parts_snapshot, codelists_known, sector_ids_by_code
from tacoord.activities.validation import currency_error, validate_parts
from tacoord.core.models import ChangeAction, ObjectChange
from tacoord.core.permissions import Action, user_may
from tacoord.core.serialization import serialize_object
from tacoord.core.signals import record_change
from tacoord.reference.models import Country

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


def _build_rows(activity: Activity, children: dict[str, list[dict]], errors: dict) -> dict[str, list]:
    rows = {}
    for name, values in children.items():
        model = PART_MODELS[name]
        rows[name] = []
        for index, data in enumerate(values):
            row = model(**{key: value for key, value in data.items() if key not in {"id", "activity", "activity_id"}})
            try:
                row.full_clean(exclude=["activity"])
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    errors.setdefault(f"{name}.{index}.{field}", []).extend(messages)
            rows[name].append(row)
    return rows


def _identifier_for(activity: Activity) -> str:
    organisation = activity.reporting_organisation
    prefix = organisation.iati_identifier or f"XI-TACOORD-ORG{organisation.pk}"
    return f"{prefix}-{uuid.uuid4().hex[:10].upper()}"


def _require(user, action: str, activity: Activity) -> None:
    if user is not None and not user_may(user, action, activity):
        raise PermissionDenied(_("You may not do this to %(object)s.") % {"object": activity})


@db_transaction.atomic
def activity_save(*, user, activity: Activity, children: dict[str, list[dict]] | None = None,
                  relations: dict | None = None, reference: ActivityReferenceData | None = None) -> Activity:
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
    rows = _build_rows(activity, children, errors)
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
    for name, new_rows in rows.items():
        PART_MODELS[name].objects.filter(activity=activity).delete()
        for row in new_rows:
            row.activity = activity
        PART_MODELS[name].objects.bulk_create(new_rows)
    _log_parts(activity, content_type, last_change, before_parts)
    return activity


def _log_parts(activity: Activity, content_type, last_change: int, before_parts: dict | None) -> None:
    """Make this save one change log entry: the activity's fields, relations and parts before and after."""
    after_parts = activity_parts_snapshot(activity)
    after = {**serialize_object(activity), "children": after_parts}
    entries = list(ObjectChange.objects.filter(changed_object_type=content_type, changed_object_id=str(activity.pk),
                                               pk__gt=last_change).order_by("pk"))
    if not entries:
        if before_parts != after_parts:
            record_change(activity, ChangeAction.UPDATE, {**after, "children": before_parts}, after)
        return
    first = entries[0]
    if first.prechange_data is not None:
        first.prechange_data = {**first.prechange_data, "children": before_parts}
    first.postchange_data = after
    first.save(update_fields=["prechange_data", "postchange_data"])
    # The relations were logged as entries of their own; they belong to this one.
    ObjectChange.objects.filter(pk__in=[entry.pk for entry in entries[1:]]).delete()
