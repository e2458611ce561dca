"""The requests section of the country page: the State's requests the viewer may see, by stage."""

from django.db.models import Count

from tacoord.assistance.choices import Stage
from tacoord.assistance.selectors import visible_requests
from tacoord.core.panels import register_panel
from tacoord.core.roles import Role, role_of


def country_requests(request, country):
    if role_of(request.user) == Role.PUBLIC:
        return None
    requests = visible_requests(request.user).filter(country=country, archived_at__isnull=True)
    per_stage = dict(requests.values_list("stage").annotate(n=Count("pk")).order_by())
    if not per_stage:
        return None
    return {"country": country, "total": sum(per_stage.values()),
            "by_stage": [(label, per_stage[value]) for value, label in Stage.choices if per_stage.get(value)],
            "recent": requests.order_by("-stage_since")[:8]}


register_panel("country", template_name="assistance/country_panel.html", context=country_requests, position=25)
