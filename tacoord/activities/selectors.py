"""Reads of activities."""

from django.db.models import Prefetch

from tacoord.activities.models import Activity, ParticipatingOrganisation, RecipientCountry
from tacoord.core.permissions import Action
from tacoord.core.serialization import serialize_object
from tacoord.reference.models import CodelistItem, Sector

PART_NAMES = (
    "participating_organisations", "recipient_countries", "recipient_regions", "sectors", "budgets", "transactions",
    "related_activities", "results", "document_links", "policy_markers", "tags",
)


def codelists_known() -> dict[str, set[str]]:
    """The codes of every IATI codelist that is loaded."""
    known: dict[str, set[str]] = {}
    for codelist, code in CodelistItem.objects.values_list("codelist", "code"):
        known.setdefault(codelist, set()).add(code)
    return known


def sector_ids_by_code() -> dict[str, int]:
    return dict(Sector.objects.values_list("code", "pk"))


def activity_list(*, user, action: str = Action.VIEW):
    """Activities `user` may act on, with what a list shows."""
    return (
        Activity.objects.restrict(user, action)
        .select_related("reporting_organisation", "parent")
        .prefetch_related(Prefetch("recipient_countries", queryset=RecipientCountry.objects.select_related("country")))
    )


def activity_detail_queryset(*, user):
    return Activity.objects.restrict(user, Action.VIEW).select_related("reporting_organisation", "parent") \
        .prefetch_related(
            Prefetch("participating_organisations",
                     queryset=ParticipatingOrganisation.objects.select_related("organisation")),
            Prefetch("recipient_countries", queryset=RecipientCountry.objects.select_related("country")),
            "sectors__sector", "recipient_regions", "budgets", "transactions", "related_activities", "results",
            "document_links", "policy_markers", "tags", "articles", "priority_areas", "ta_types",
            "delivery_languages", "partners", "needs",
        )


def activity_parts_snapshot(activity: Activity) -> dict[str, list[dict]]:
    """The activity's parts as plain JSON data, as the change log keeps them."""
    return {name: [serialize_object(row) for row in getattr(activity, name).all()] for name in PART_NAMES}
