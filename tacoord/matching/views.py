from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tacoord.core.exports import export_response
from tacoord.core.maps import world_map
from tacoord.core.permissions import Action, user_may
from tacoord.core.tables import Column
from tacoord.core.views.generic import (
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)
from tacoord.matching.choices import Part
from tacoord.matching.filtersets import MatchFilterSet, MatchSubscriptionFilterSet
from tacoord.matching.forms import MatchingWeightsForm, MatchSubscriptionForm
from tacoord.matching.models import Match, MatchingRun, MatchingWeights, MatchSubscription
from tacoord.matching.selectors import (
    COVERAGE_LABELS,
    candidates_for_need,
    coverage,
    coverage_by,
    coverage_table,
    needs_for_provider,
)
from tacoord.matching.services import current_weights, match_subscription_save, matching_weights_save
from tacoord.matching.tables import MATCH_COLUMNS, MATCH_SUBSCRIPTION_COLUMNS
from tacoord.needs.models import Need
from tacoord.providers.models import ProviderProfile
from tacoord.reference.models import Country, PriorityArea


class MatchListView(ObjectListView):
    queryset = Match.objects.select_related("need__country", "need__article__instrument", "need__ta_type",
                                            "provider__organisation", "activity", "expert")
    filterset = MatchFilterSet
    columns = MATCH_COLUMNS
    export_stem = "matches"


@login_required
def need_candidates(request, pk):
    """A need's ranked candidates of each kind, each score explained by its parts."""
    need = get_object_or_404(Need.objects.restrict(request.user, Action.VIEW).select_related(
        "country", "article__instrument", "ta_type", "priority_area"), pk=pk)
    candidates = candidates_for_need(need=need, user=request.user)
    kinds = {}
    for candidate in candidates:
        kinds.setdefault(candidate.kind_label, []).append(candidate)
    return render(request, "matching/need.html", {"need": need, "kinds": kinds, "weights": current_weights(),
                                                  "need_languages": need.languages.all()})


@login_required
def provider_needs(request, pk):
    """The needs an offer could address, best first."""
    profile = get_object_or_404(ProviderProfile.objects.restrict(request.user, Action.VIEW).select_related(
        "organisation"), pk=pk)
    found = needs_for_provider(profile=profile, user=request.user)
    may_subscribe = user_may(request.user, Action.ADD, MatchSubscription(provider=profile))
    return render(request, "matching/provider.html", {"profile": profile, "needs": found,
                                                      "may_subscribe": may_subscribe})


@login_required
def weights(request):
    """The weights in force; the secretariat's saved record if there is one."""
    current = current_weights()
    if current.pk:
        return redirect(current.get_absolute_url())
    parts = [(label, getattr(current, part)) for part, label in Part.choices]
    return render(request, "matching/weights_default.html", {
        "parts": parts, "may_add": user_may(request.user, Action.ADD, MatchingWeights())})


class MatchingWeightsView(ObjectDetailView):
    queryset = MatchingWeights.objects.all()
    template_name = "matching/matchingweights.html"

    def get_extra_context(self, request, obj):
        runs = MatchingRun.objects.restrict(request.user, Action.VIEW)[:5]
        return {"parts": [(label, getattr(obj, part)) for part, label in Part.choices], "runs": runs}


class MatchingWeightsEditView(ObjectEditView):
    queryset = MatchingWeights.objects.all()
    form_class = MatchingWeightsForm

    def save(self, *, user, form):
        return matching_weights_save(user=user, weights=form.save(commit=False))


class MatchingWeightsHistoryView(ObjectHistoryView):
    queryset = MatchingWeights.objects.all()


subscriptions = MatchSubscription.objects.select_related("provider__organisation")


class MatchSubscriptionListView(ObjectListView):
    queryset = subscriptions
    filterset = MatchSubscriptionFilterSet
    columns = MATCH_SUBSCRIPTION_COLUMNS
    export_stem = "subscriptions"


class MatchSubscriptionView(ObjectDetailView):
    queryset = subscriptions
    template_name = "matching/matchsubscription.html"


class MatchSubscriptionEditView(ObjectEditView):
    queryset = subscriptions
    form_class = MatchSubscriptionForm

    def get_form(self, request, obj, data=None):
        form = super().get_form(request, obj, data)
        if obj.pk is None and data is None and request.GET.get("provider", "").isdecimal():
            form.initial["provider"] = int(request.GET["provider"])
        return form

    def save(self, *, user, form):
        return match_subscription_save(user=user, subscription=form.save(commit=False))


class MatchSubscriptionArchiveView(ObjectArchiveView):
    queryset = subscriptions


class MatchSubscriptionHistoryView(ObjectHistoryView):
    queryset = subscriptions


COVERAGE_COLUMNS = [
    Column("need", _("Need"), link=True),
    Column("need.country.name", _("State")),
    Column("need.priority_area", _("Priority area")),
    Column("need.ta_type", _("Type of assistance")),
    Column(lambda row: str(COVERAGE_LABELS[row.status]), _("Coverage")),
    Column("activities", _("Activities addressing it")),
    Column("providers", _("Providers behind them")),
    Column("offers", _("Matching offers")),
]


@login_required
def coverage_page(request):
    """Coverage and gaps: validated needs nobody addresses, needs with several providers on them; by priority
    area and on a world map of unmet needs; exportable."""
    country = Country.objects.filter(iso2=request.GET.get("country", "").upper()).first()
    area = request.GET.get("priority_area", "")
    status = request.GET.get("coverage", "")
    rows = coverage(user=request.user, country=country)
    if area.isdecimal():
        rows = [row for row in rows if row.need.priority_area and row.need.priority_area.number == int(area)]
    if status in COVERAGE_LABELS:
        rows = [row for row in rows if row.status == status]
    fmt = request.GET.get("export")
    if fmt in {"csv", "xlsx"}:
        return export_response(columns=COVERAGE_COLUMNS, queryset=rows, file_stem="coverage", fmt=fmt)
    unmet = coverage_by([row for row in rows if row.status == "unmet"], lambda need: need.country)
    world = world_map(values={c.iso2: counts["unmet"] for c, counts in unmet},
                      names={c.iso2: c.name for c, _counts in unmet},
                      url=lambda iso2: f"?country={iso2}&coverage=unmet",
                      caption=_("Unmet needs by State"), value_label=_("Unmet needs"), no_data_label=_("None"))
    query = request.GET.copy()
    query.pop("export", None)
    return render(request, "matching/coverage.html", {
        "rows": rows[:300], "more": len(rows) > 300, "total": len(rows), "map": world,
        "by_area": coverage_table(rows, lambda need: need.priority_area), "labels": COVERAGE_LABELS,
        "country": country, "areas": PriorityArea.objects.all(), "area": area, "status": status,
        "querystring": query.urlencode()})
