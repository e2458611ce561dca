"""Who does what where: the summary tables, totals by provider and year, the world map, one country's timeline and
coordination. Every page takes the activity list's filters (`ActivityFilterSet`) and exports CSV / XLSX, also "one
row per activity × country × sector" (`split=1`)."""

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tacoord.activities import exchange
from tacoord.activities.filtersets import ActivityFilterSet
from tacoord.activities.models import Activity
from tacoord.activities.selectors import activity_split_rows, iati_freshness
from tacoord.activities.tables import ACTIVITY_COLUMNS, SPLIT_COLUMNS
from tacoord.activities.wdww import selectors
from tacoord.core.exports import export_response
from tacoord.core.i18n import localized
from tacoord.core.maps import world_map
from tacoord.core.permissions import Action
from tacoord.core.tables import Column
from tacoord.iati.selectors import import_runs
from tacoord.reference.models import Country

EXPORTS = {"csv", "xlsx"}
MEASURES = {
    "activities": gettext_lazy("Number of activities"),
    "commitments": gettext_lazy("Commitments"),
    "spending": gettext_lazy("Disbursements and expenditure"),
}


def _filtered(request, **fixed):
    """The shared filters over what the user may see; `fixed` values (a country page's country) win."""
    data = request.GET.copy()
    for name, value in fixed.items():
        data[name] = value
    filterset = ActivityFilterSet(data, queryset=Activity.objects.restrict(request.user, Action.VIEW),
                                  request=request)
    return filterset, filterset.qs


def _counts(request, activities) -> dict:
    """How many activities, and how fresh the IATI data among them is, in one query; the report of the newest
    import that changed them, for those who may read it (what was rejected or left out: why an activity someone
    expected is missing)."""
    freshness = iati_freshness(activities)
    if freshness["last_run_id"]:
        freshness["last_run"] = import_runs(user=request.user).filter(pk=freshness["last_run_id"]).first()
    return {"total": freshness["total"], "freshness": freshness}


def _query(request, *drop) -> str:
    query = request.GET.copy()
    for name in ("export", "split", "table", "page", *drop):
        query.pop(name, None)
    return query.urlencode()


def _in_usd(request) -> bool:
    """Whether the amounts are asked for in US dollars (`amounts=usd`) rather than as reported, by currency."""
    return request.GET.get("amounts") == "usd"


def _money(request, activities, country=None) -> selectors.Money:
    """The money of `activities` counted once; the share falling on `country`; in US dollars when asked for."""
    money = selectors.money(activities=activities, user=request.user)
    if country is not None:
        money = money.in_country(country, activities)
    return money.in_usd() if _in_usd(request) else money


def _amounts_context(request, money: selectors.Money | None) -> dict:
    in_usd = _in_usd(request)
    return {"amounts": "usd" if in_usd else "", "rates_until": exchange.last_rate_day() if in_usd else None,
            "not_converted": (money.not_converted or {}) if money is not None else {}}


def _filtered_country(filterset):
    return filterset.form.cleaned_data.get("country") if filterset.form.is_valid() else None


def _split_export(request, activities, stem):
    fmt = request.GET.get("export")
    if fmt in EXPORTS and request.GET.get("split"):
        return export_response(columns=SPLIT_COLUMNS, queryset=activity_split_rows(activities),
                               file_stem=f"{stem}-by-country-and-sector", fmt=fmt)
    return None


@dataclass
class _Line:
    """One line of an export: a table row in one currency."""

    label: str
    code: str
    activities: int
    currency: str
    commitments: Decimal | None
    spending: Decimal | None


SUMMARY_COLUMNS = [
    Column("label", gettext_lazy("Name")),
    Column("code", gettext_lazy("Code")),
    Column("activities", gettext_lazy("Activities")),
    Column("currency", gettext_lazy("Currency")),
    Column("commitments", gettext_lazy("Commitments (counted once)")),
    Column("spending", gettext_lazy("Disbursements and expenditure (counted once)")),
]

TOTAL_COLUMNS = [
    Column("provider", gettext_lazy("Provider")),
    Column("year", gettext_lazy("Year")),
    Column("currency", gettext_lazy("Currency")),
    Column("commitments", gettext_lazy("Commitments (counted once)")),
    Column("commitments_reported", gettext_lazy("Commitments (as reported)")),
    Column("spending", gettext_lazy("Disbursements and expenditure (counted once)")),
    Column("spending_reported", gettext_lazy("Disbursements and expenditure (as reported)")),
    Column("confirmed_duplicate", gettext_lazy("Counted once: confirmed duplicate")),
]


def _summary_lines(rows, unspecified):
    for row in [*rows, unspecified] if unspecified.activities else rows:
        currencies = row.currencies() or [{"currency": "", "commitments": None, "spending": None}]
        for line in currencies:
            yield _Line(label=row.label, code=row.filter_value, activities=row.activities, **line)


def overview(request):
    """Activities by country, provider, article, priority area or type of assistance, and totals by provider and
    year, all with money counted once."""
    filterset, activities = _filtered(request)
    split = _split_export(request, activities, "who-does-what-where")
    if split:
        return split
    dimensions = selectors.dimensions()
    dimension = dimensions.get(request.GET.get("by") or "country") or dimensions["country"]
    money = _money(request, activities, _filtered_country(filterset))
    fmt = request.GET.get("export")
    if fmt in EXPORTS and request.GET.get("table") == "totals":
        return export_response(columns=TOTAL_COLUMNS, queryset=selectors.provider_year_totals(money_=money),
                               file_stem="totals-by-provider-and-year", fmt=fmt)
    rows, unspecified = selectors.summary(dimension=dimension.name, activities=activities, money_=money)
    if fmt in EXPORTS:
        return export_response(columns=SUMMARY_COLUMNS, queryset=_summary_lines(rows, unspecified),
                               file_stem=f"activities-by-{dimension.name.replace('_', '-')}", fmt=fmt)
    totals = selectors.provider_year_totals(money_=money)
    query = _query(request, "by", dimension.filter_name)
    return render(request, "activities/wdww/overview.html", {
        "filterset": filterset, "dimension": dimension, "dimensions": dimensions.values(), "rows": rows,
        "unspecified": unspecified, "totals": totals, **_counts(request, activities),
        "any_duplicate": any(row.confirmed_duplicate for row in totals),
        "querystring": _query(request), "row_query": query,
        "filtered_country": money.weights is not None,
        "keep": [("by", dimension.name)], "iati_query": _query(request, "by", "amounts"),
        **_amounts_context(request, money),
    })


def world(request):
    """A world map coloured by the number of activities or by the money (counted once) in one currency."""
    filterset, activities = _filtered(request)
    split = _split_export(request, activities, "who-does-what-where")
    if split:
        return split
    measure = request.GET.get("measure") if request.GET.get("measure") in MEASURES else "activities"
    money = currencies = None
    currency = ""
    if measure != "activities":
        money = _money(request, activities)
        currencies = selectors.currencies_used(money)
        currency = (request.GET.get("currency") or "").upper()
        if currency not in currencies:
            currency = currencies[0] if currencies else ""
    values = selectors.country_values(activities=activities, measure=measure, currency=currency, money_=money)
    label = str(MEASURES[measure]) + (f" ({currency})" if currency else "")
    fmt = request.GET.get("export")
    if fmt in EXPORTS:
        rows = [_Line(label=name, code=iso2, activities=value if measure == "activities" else None,
                      currency=currency, commitments=value if measure == "commitments" else None,
                      spending=value if measure == "spending" else None)
                for iso2, (name, value) in sorted(values.items(), key=lambda item: -item[1][1])]
        return export_response(columns=SUMMARY_COLUMNS, queryset=rows, file_stem=f"activities-map-{measure}",
                               fmt=fmt)
    query = _query(request, "measure", "currency", "country")

    def url(iso2):
        return reverse("activities:wdww:country", kwargs={"iso2": iso2}) + (f"?{query}" if query else "")

    world_ = world_map(values={iso2: value for iso2, (_name, value) in values.items()},
                       names={iso2: name for iso2, (name, _value) in values.items()}, url=url,
                       caption=_("Technical assistance activities by recipient country"), value_label=label,
                       no_data_label=_("No activities"))
    return render(request, "activities/wdww/map.html", {
        "filterset": filterset, "map": world_, "measure": measure, "measures": MEASURES.items(),
        "currency": currency, "currencies": currencies or [], "querystring": _query(request),
        "countries": len(values), **_counts(request, activities),
        "iati_query": _query(request, "measure", "currency", "amounts"), **_amounts_context(request, money),
    })


def country(request, iso2):
    """One country: who does what there (timeline), the money by provider and year, and coordination."""
    country_ = get_object_or_404(Country, iso2=iso2.upper())
    filterset, activities = _filtered(request, country=country_.iso2)
    if not filterset.form.is_valid() and "country" in filterset.form.errors:
        raise Http404
    split = _split_export(request, activities, f"activities-{country_.iso2.lower()}")
    if split:
        return split
    fmt = request.GET.get("export")
    if fmt in EXPORTS and request.GET.get("table") == "totals":
        money = _money(request, activities, country_)
        return export_response(columns=TOTAL_COLUMNS, queryset=selectors.provider_year_totals(money_=money),
                               file_stem=f"totals-{country_.iso2.lower()}-by-provider-and-year", fmt=fmt)
    if fmt in EXPORTS:
        listed = activities.select_related("reporting_organisation", "parent").prefetch_related(
            "recipient_countries__country")
        return export_response(columns=ACTIVITY_COLUMNS, queryset=listed,
                               file_stem=f"activities-{country_.iso2.lower()}", fmt=fmt)
    today = timezone.localdate()
    money = _money(request, activities, country_)
    totals = selectors.provider_year_totals(money_=money)
    return render(request, "activities/wdww/country.html", {
        "country": country_, "country_name": localized(country_, "name"), "filterset": filterset,
        "timeline": selectors.timeline(activities=activities, today=today),
        "totals": totals, "any_duplicate": any(row.confirmed_duplicate for row in totals),
        "coordination": selectors.country_coordination(user=request.user, country=country_,
                                                       activities=activities, today=today),
        "querystring": _query(request), **_counts(request, activities),
        "iati_query": "&".join(part for part in (_query(request, "country", "amounts"), f"country={country_.iso2}")
                               if part),
        **_amounts_context(request, money),
    })
