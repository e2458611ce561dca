"""The coverage section of the country page: for the State's validated needs, which are unmet, which are offered
but not yet taken up, which have several providers on them — by priority area. (The activities' coordination panel
lists gaps by activity; this one counts offers and matches too.)"""

from tacoord.core.panels import register_panel
from tacoord.core.roles import Role, role_of
from tacoord.matching.selectors import COVERAGE_LABELS, coverage, coverage_table


def country_coverage(request, country):
    if role_of(request.user) == Role.PUBLIC:
        return None
    rows = coverage(user=request.user, country=country)
    if not rows:
        return None
    return {
        "country": country,
        "labels": list(COVERAGE_LABELS.values()),
        "totals": list(zip(COVERAGE_LABELS.values(), coverage_table(rows, lambda need: None)[0][1], strict=True)),
        "by_area": coverage_table(rows, lambda need: need.priority_area),
        "several": [row for row in rows if row.status == "several"][:8],
    }


register_panel("country", template_name="matching/country_panel.html", context=country_coverage, position=35)
