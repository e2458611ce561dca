"""Reads of the IATI exchange: activities to export, import runs and their reports, tags waiting for review."""

from django.db.models import Prefetch
from django.http import QueryDict

from tacoord.activities.filtersets import ActivityFilterSet
from tacoord.activities.models import Activity, ParticipatingOrganisation, RecipientCountry
from tacoord.core.permissions import Action
from tacoord.iati.choices import TagStatus
from tacoord.iati.models import ActivityClassification, ImportRun

EXPORT_CHUNK = 500


def activities_for_export(*, user, params: QueryDict | dict | None = None, request=None):
    """The activities `user` may see, filtered as the activity list filters them, with everything IATI carries.

    Raises ValueError with the filter errors when `params` are not valid."""
    queryset = Activity.objects.restrict(user, Action.VIEW).filter(archived_at__isnull=True)
    filterset = ActivityFilterSet(params or {}, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise ValueError(filterset.errors.as_text())
    return filterset.qs.select_related("reporting_organisation").prefetch_related(
        Prefetch("participating_organisations", queryset=ParticipatingOrganisation.objects.order_by("pk")),
        Prefetch("recipient_countries", queryset=RecipientCountry.objects.select_related("country").order_by("pk")),
        "recipient_regions", "sectors", "tags", "policy_markers", "budgets", "transactions", "document_links",
        "related_activities", "results",
    ).order_by("iati_identifier")


def import_runs(*, user):
    return ImportRun.objects.restrict(user, Action.VIEW).select_related("user")


def classifications_to_review(*, user, activity_id: int | None = None):
    queryset = ActivityClassification.objects.restrict(user, Action.CHANGE).select_related(
        "activity", "article__instrument", "priority_area", "ta_type").filter(activity__archived_at__isnull=True)
    if activity_id:
        return queryset.filter(activity_id=activity_id)
    return queryset.filter(status=TagStatus.PROPOSED)
