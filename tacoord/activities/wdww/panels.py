"""The coordination section of the country page: the State's validated needs, which activities address them, the
gaps nobody addresses, and activities of different providers that may duplicate each other."""

from django.utils import timezone

from tacoord.activities.models import Activity
from tacoord.activities.wdww.selectors import country_coordination
from tacoord.core.panels import register_panel
from tacoord.core.permissions import Action

SHOWN = 8


def coordination_panel(request, country):
    activities = Activity.objects.restrict(request.user, Action.VIEW).filter(
        recipient_countries__country=country, archived_at__isnull=True).distinct()
    coordination = country_coordination(user=request.user, country=country, activities=activities,
                                        today=timezone.localdate())
    return {"country": country, "coordination": coordination, "shown": SHOWN,
            "addressed": sum(1 for _need, linked, matching in coordination.needs if linked or matching)}


register_panel("country", template_name="activities/wdww/country_panel.html", context=coordination_panel,
               position=21)
