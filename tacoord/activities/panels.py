"""The activities section of the country page: the assistance under way or planned in that country."""

from django.db.models import Count

from tacoord.activities.choices import ActivityStatus
from tacoord.activities.models import Activity
from tacoord.core.panels import register_panel
from tacoord.core.permissions import Action

CURRENT_STATUSES = [ActivityStatus.PIPELINE, ActivityStatus.IMPLEMENTATION, ActivityStatus.FINALISATION]


def country_activities(request, country):
    activities = Activity.objects.restrict(request.user, Action.VIEW).active().filter(
        recipient_countries__country=country)
    by_status = dict(activities.values_list("status").annotate(n=Count("pk", distinct=True))
                     .values_list("status", "n"))
    return {
        "country": country,
        "total": sum(by_status.values()),
        "by_status": [(label, by_status[value]) for value, label in ActivityStatus.choices if by_status.get(value)],
        "current": activities.filter(status__in=CURRENT_STATUSES).select_related("reporting_organisation")
        .order_by("-planned_start", "iati_identifier").distinct()[:10],
        "providers": activities.values_list("reporting_organisation__name", flat=True).distinct()
        .order_by("reporting_organisation__name")[:20],
    }


register_panel("country", template_name="activities/country_panel.html", context=country_activities, position=20)
