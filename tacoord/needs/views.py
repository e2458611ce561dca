from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import View

from tacoord.core.exports import export_response
from tacoord.core.maps import world_map
from tacoord.core.permissions import Action, user_may
from tacoord.core.roles import Role, role_of
from tacoord.core.views.generic import (
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)
from tacoord.needs import documents
from tacoord.needs.choices import NEED_TRANSITIONS, NeedAction, NeedStatus
from tacoord.needs.filtersets import ArticlePriorityAreaFilterSet, DerivationRuleFilterSet, NeedFilterSet
from tacoord.needs.forms import ArticlePriorityAreaForm, DerivationRuleForm, NeedForm
from tacoord.needs.models import ArticlePriorityArea, DerivationRule, Need
from tacoord.needs.selectors import (
    DIMENSIONS,
    DIMENSIONS_BY_NAME,
    analytical_report,
    current_needs,
    gap_analysis,
    needs_analysis,
    needs_change_between_cycles,
    needs_count_by,
    needs_count_by_country,
)
from tacoord.needs.services import need_save, need_transition
from tacoord.needs.tables import (
    ARTICLE_PRIORITY_AREA_COLUMNS,
    CHANGE_COLUMNS,
    COUNT_COLUMNS,
    DERIVATION_RULE_COLUMNS,
    GAP_COLUMNS,
    NEED_COLUMNS,
)
from tacoord.needs.tasks import derive_cycle_needs, derive_needs
from tacoord.reference.models import Country
from tacoord.reporting.models import QuestionnaireResponse, ReportingCycle

needs = Need.objects.select_related("country", "article__instrument", "cluster", "priority_area", "ta_type",
                                    "derived_by", "source_response__cycle", "first_cycle").prefetch_related("languages")
rules = DerivationRule.objects.select_related("template")
mappings = ArticlePriorityArea.objects.select_related("article__instrument", "article__cluster", "priority_area")


class NeedListView(ObjectListView):
    queryset = needs
    filterset = NeedFilterSet
    columns = NEED_COLUMNS
    export_stem = "needs"


class NeedView(ObjectDetailView):
    queryset = needs
    template_name = "needs/need.html"

    def get_extra_context(self, request, obj):
        role = role_of(request.user)
        may_act = role in {Role.SECRETARIAT, Role.FOCAL_POINT} and user_may(request.user, Action.CHANGE, obj)
        source_response = None
        if obj.source_response_id:
            # The answers behind a need are confidential to the State and the secretariat.
            source_response = QuestionnaireResponse.objects.restrict(request.user, Action.VIEW).filter(
                pk=obj.source_response_id).first()
        return {
            "actions": [(action, NeedAction(action).label) for action, (sources, _target) in NEED_TRANSITIONS.items()
                        if may_act and obj.status in sources],
            "source_response": source_response,
        }


class NeedEditView(ObjectEditView):
    queryset = needs
    form_class = NeedForm

    def save(self, *, user, form):
        need = form.save(commit=False)
        return need_save(user=user, need=need, relations={"languages": form.cleaned_data["languages"]})


class NeedArchiveView(ObjectArchiveView):
    queryset = needs


class NeedHistoryView(ObjectHistoryView):
    queryset = needs


class NeedTransitionView(LoginRequiredMixin, View):
    """The focal point's actions on a need; an action its status does not allow is refused and nothing changes."""

    def post(self, request, pk):
        need = get_object_or_404(Need.objects.restrict(request.user, Action.VIEW), pk=pk)
        try:
            need_transition(user=request.user, need=need, action=request.POST.get("action", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(object)s is now “%(status)s”.")
                             % {"object": need, "status": need.get_status_display()})
        return HttpResponseRedirect(need.get_absolute_url())


def _require_secretariat(request):
    if role_of(request.user) != Role.SECRETARIAT:
        raise PermissionDenied(_("Only the secretariat derives needs again."))


class DeriveView(LoginRequiredMixin, View):
    """The secretariat's "Derive again": the cycles with a button each (GET), and deriving a cycle or one response
    again in the background (POST), with the same services and task as a submission."""

    def get(self, request):
        _require_secretariat(request)
        cycles = ReportingCycle.objects.restrict(request.user, Action.VIEW).select_related("template").annotate(
            response_count=Count("responses", filter=Q(responses__archived_at__isnull=True)),
            need_count=Count("needs_first_raised", distinct=True)).order_by("-opens_on", "-pk")
        return render(request, "needs/derive.html", {"cycles": cycles})

    def post(self, request):
        _require_secretariat(request)
        cycle_id, response_id = request.POST.get("cycle"), request.POST.get("response")
        if response_id:
            response = get_object_or_404(QuestionnaireResponse.objects.restrict(request.user, Action.VIEW),
                                         pk=response_id if str(response_id).isdigit() else 0)
            derive_needs.enqueue(response.pk, request.user.pk)
            messages.success(request, _("The needs of %(response)s are being derived again.")
                             % {"response": response})
            target = response.get_absolute_url()
        else:
            cycle = get_object_or_404(ReportingCycle.objects.restrict(request.user, Action.VIEW),
                                      pk=cycle_id if str(cycle_id or "").isdigit() else 0)
            derive_cycle_needs.enqueue(cycle.pk, request.user.pk)
            messages.success(request, _("The needs of the cycle %(cycle)s are being derived again; States that "
                                        "have answered a later cycle are left out.") % {"cycle": cycle})
            target = cycle.get_absolute_url()
        following = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(following, allowed_hosts={request.get_host()}) and following:
            target = following
        return HttpResponseRedirect(target)


class DerivationRuleListView(ObjectListView):
    queryset = rules
    filterset = DerivationRuleFilterSet
    columns = DERIVATION_RULE_COLUMNS
    export_stem = "derivation-rules"


class DerivationRuleView(ObjectDetailView):
    queryset = rules
    template_name = "needs/derivationrule.html"


class DerivationRuleEditView(ObjectEditView):
    queryset = rules
    form_class = DerivationRuleForm


class DerivationRuleArchiveView(ObjectArchiveView):
    queryset = rules


class DerivationRuleHistoryView(ObjectHistoryView):
    queryset = rules


class ArticlePriorityAreaListView(ObjectListView):
    queryset = mappings
    filterset = ArticlePriorityAreaFilterSet
    columns = ARTICLE_PRIORITY_AREA_COLUMNS
    export_stem = "article-priority-areas"


class ArticlePriorityAreaView(ObjectDetailView):
    queryset = mappings
    template_name = "needs/articlepriorityarea.html"


class ArticlePriorityAreaEditView(ObjectEditView):
    queryset = mappings
    form_class = ArticlePriorityAreaForm


class ArticlePriorityAreaArchiveView(ObjectArchiveView):
    queryset = mappings


class ArticlePriorityAreaHistoryView(ObjectHistoryView):
    queryset = mappings


def _export(request, *, columns, rows, stem):
    fmt = request.GET.get("export")
    return export_response(columns=columns, queryset=rows, file_stem=stem, fmt=fmt) if fmt in {"csv", "xlsx"} \
        else None


def _filtered_needs(request):
    filterset = NeedFilterSet(request.GET, queryset=current_needs(user=request.user), request=request)
    return filterset, filterset.qs


# Long tables on the analysis page show their largest rows first, and the rest on demand.
FOLDED = {"article"}
FOLD = 15


def analysis(request):
    """Needs counted by priority area, cluster, article, TA type, region, LDC/SIDS and priority, as bar charts.

    `?table=<dimension>&export=csv|xlsx` downloads one table.
    """
    filterset, queryset = _filtered_needs(request)
    table = request.GET.get("table")
    if table:
        dimension = DIMENSIONS_BY_NAME.get(table)
        if dimension is None:
            raise Http404
        rows = needs_count_by(needs=queryset, dimension=dimension)
        return _export(request, columns=COUNT_COLUMNS, rows=rows, stem=f"needs-by-{dimension.name}") or render(
            request, "needs/analysis.html", {"filterset": filterset, "tables": [(dimension, rows)],
                                             "total": queryset.count()})
    tables = needs_analysis(needs=queryset)
    # Every need has a priority: the priority table's counts add up to the total, with no query of its own.
    total = sum(row.count for dimension, rows in tables if dimension.name == "priority" for row in rows)
    return render(request, "needs/analysis.html", {"filterset": filterset, "tables": tables, "total": total,
                                                   "querystring": request.GET.urlencode(), "folded": FOLDED,
                                                   "fold": FOLD, "fold_slice": f":{FOLD}"})



def needs_map(request):
    """States coloured by their current needs the user may see, with the analysis page's filters; a State links to
    its needs. `?export=csv|xlsx` downloads the figures."""
    filterset, queryset = _filtered_needs(request)
    rows = needs_count_by_country(needs=queryset)
    exported = _export(request, columns=COUNT_COLUMNS, rows=rows, stem="needs-by-state")
    if exported:
        return exported
    # A State links to the list of the needs it was counted for: the same filters, the current statuses.
    filters = request.GET.copy()
    for name in ("country", "export", "page", "status", "archived"):
        filters.pop(name, None)
    filters.setlist("status", [status for status in NeedStatus.values if status != NeedStatus.WITHDRAWN])

    def url(iso2):
        query = filters.copy()
        query["country"] = iso2
        return f"{reverse('needs:need_list')}?{query.urlencode()}"

    world = world_map(values={row.key: row.count for row in rows}, names={row.key: row.label for row in rows},
                      url=url, caption=_("Current needs by State"), value_label=_("Needs"),
                      no_data_label=_("No needs"))
    return render(request, "needs/map.html", {"filterset": filterset, "map": world, "rows": rows,
                                              "total": sum(row.count for row in rows),
                                              "querystring": request.GET.urlencode()})

def _cycles(request):
    visible = ReportingCycle.objects.restrict(request.user, Action.VIEW)

    def chosen(name):
        value = request.GET.get(name, "")
        return visible.filter(pk=value).first() if value.isdigit() else None  # anything else: no cycle chosen

    return visible, chosen("earlier"), chosen("later")


def change(request):
    """Needs by the cycle whose answers gave rise to them: an earlier and a later cycle side by side."""
    cycles, earlier, later = _cycles(request)
    dimension = DIMENSIONS_BY_NAME.get(request.GET.get("table") or "priority_area")
    if dimension is None:
        raise Http404
    rows = needs_change_between_cycles(needs=current_needs(user=request.user), earlier=earlier, later=later,
                                       dimension=dimension) if earlier and later else []
    return _export(request, columns=CHANGE_COLUMNS, rows=rows, stem=f"needs-change-{dimension.name}") or render(
        request, "needs/change.html", {"cycles": cycles, "earlier": earlier, "later": later, "rows": rows,
                                       "dimension": dimension, "dimensions": DIMENSIONS,
                                       "querystring": request.GET.urlencode()})


def gaps(request, iso2):
    """A State's implementation status and assistance needs, article by article."""
    country = get_object_or_404(Country, iso2=iso2.upper())
    response, rows = gap_analysis(user=request.user, country=country)
    return _export(request, columns=GAP_COLUMNS, rows=rows, stem=f"gap-analysis-{country.iso2}") or render(
        request, "needs/gaps.html", {"country": country, "response": response, "rows": rows})


DOCUMENTS = {
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}


def report(request):
    """The analytical report for the Working Group: a printable page, or `?format=pdf|docx` the same report as a
    document made on the server. It counts the needs the user may see, like every page of the analysis."""
    cycles, earlier, later = _cycles(request)
    data = analytical_report(user=request.user, earlier=earlier, later=later)
    fmt = request.GET.get("format")
    if fmt in DOCUMENTS:
        content_type, extension = DOCUMENTS[fmt]
        content = documents.report_pdf(data) if fmt == "pdf" else documents.report_docx(data)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{documents.file_name(data, extension)}"'
        return response
    return render(request, "needs/report.html", {
        "cycles": cycles, "later": later, "earlier": earlier, "total": data.total, "states": data.states,
        "responses": data.responses, "tables": data.tables, "change": data.change,
        "querystring": request.GET.urlencode(),
    })
