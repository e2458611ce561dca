"""The duplicates section of the country page: open alerts on activities in the State, as far as the viewer may
see them."""

from tacoord.core.panels import register_panel
from tacoord.duplicates.selectors import alerts_open_in_country


def country_alerts(request, country):
    alerts = alerts_open_in_country(user=request.user, country=country)
    if not request.user.is_authenticated or not alerts.exists():
        return None
    return {"country": country, "count": alerts.count(), "alerts": alerts[:10]}


register_panel("country", template_name="duplicates/country_panel.html", context=country_alerts, position=60)
