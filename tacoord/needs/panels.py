"""The needs section of the country page: what the viewer may see of the State's needs, and where to read more."""

from django.db.models import Count

from tacoord.core.panels import register_panel
from tacoord.core.permissions import Action
from tacoord.core.roles import Role, role_of
from tacoord.needs.choices import NeedStatus
from tacoord.needs.models import Need


def country_needs(request, country):
    if role_of(request.user) == Role.PUBLIC:
        return None
    needs = Need.objects.restrict(request.user, Action.VIEW).active().filter(country=country)
    by_status = dict(needs.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {
        "country": country,
        "total": sum(by_status.values()),
        "by_status": [(label, by_status.get(value, 0)) for value, label in NeedStatus.choices if by_status.get(value)],
        "high_priority": needs.filter(priority="high").exclude(status=NeedStatus.WITHDRAWN)
        .select_related("article__instrument", "ta_type")[:10],
    }


register_panel("country", template_name="needs/country_panel.html", context=country_needs, position=10)
