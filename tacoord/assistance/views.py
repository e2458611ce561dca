from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View

from tacoord.assistance import lifecycle as lc
from tacoord.assistance.choices import ACTION_LABELS, OfferStatus, Stage
from tacoord.assistance.filtersets import OfferFilterSet, RequestFilterSet
from tacoord.assistance.forms import (
    AttachmentForm,
    CommentForm,
    MilestoneForm,
    OfferDecisionForm,
    OfferForm,
    RequestForm,
    RequestStepForm,
)
from tacoord.assistance.models import Offer, Request, RequestAttachment
from tacoord.assistance.selectors import pipeline, public_counts
from tacoord.assistance.services import (
    actor_roles,
    attachment_add,
    available_actions,
    comment_add,
    milestone_record,
    offer_accept,
    offer_decline,
    offer_restore_version,
    offer_save,
    offer_withdraw,
    organisations_for_circulation,
    request_restore_version,
    request_save,
    request_step,
)
from tacoord.assistance.tables import OFFER_COLUMNS, REQUEST_COLUMNS
from tacoord.core.exports import export_response
from tacoord.core.permissions import Action, user_may
from tacoord.core.roles import Role, role_of
from tacoord.core.tables import Column
from tacoord.core.views.generic import (
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)
from tacoord.needs.models import Need
from tacoord.reference.models import Country, Region

requests = Request.objects.select_related("country")


class RequestListView(ObjectListView):
    queryset = requests
    filterset = RequestFilterSet
    columns = REQUEST_COLUMNS
    export_stem = "requests-for-assistance"
    template_name = "assistance/request_list.html"


def _visible_request(user, pk) -> Request:
    return get_object_or_404(Request.objects.restrict(user, Action.VIEW).select_related("country", "activity"), pk=pk)


class RequestView(ObjectDetailView):
    queryset = Request.objects.select_related("country", "created_by", "merged_into", "activity")
    template_name = "assistance/request.html"

    def get_extra_context(self, request, obj):
        user = request.user
        offers = list(Offer.objects.restrict(user, Action.VIEW).filter(request=obj)
                      .select_related("provider").prefetch_related("co_providers", "languages", "experts",
                                                                   "partners"))
        roles = actor_roles(user, obj) if user.is_authenticated else set()
        deciding = bool({lc.FOCAL_POINT, lc.SECRETARIAT} & roles)
        actions = available_actions(user, obj) if user.is_authenticated else []
        may_offer = (user.is_authenticated and obj.stage in lc.OPEN_FOR_OFFERS
                     and user_may(user, Action.ADD, Offer(request=obj)))
        return {
            "needs": Need.objects.restrict(user, Action.VIEW).filter(assistance_requests=obj).select_related(
                "ta_type", "article"),
            "steps": obj.steps.select_related("user", "offer__provider"),
            "offers": offers,
            "open_offers": [offer for offer in offers if offer.status == OfferStatus.SUBMITTED],
            "deciding": deciding and obj.stage == lc.OFFERS_RECEIVED,
            "actions": [(action, ACTION_LABELS[action], lc.STEPS[action].needs_note) for action in actions],
            "may_offer": may_offer,
            "comments": obj.comments.select_related("author"),
            "attachments": obj.attachments.all(),
            "milestones": obj.milestones.all(),
            "may_attach": user.is_authenticated and (role_of(user) == Role.SECRETARIAT
                                                     or user_may(user, Action.CHANGE, obj)),
            "may_record_milestone": obj.stage == lc.IN_DELIVERY and bool({lc.PROVIDER, lc.SECRETARIAT} & roles),
            "is_secretariat": role_of(user) == Role.SECRETARIAT,
            "circulated_to": obj.circulated_to.all() if role_of(user) == Role.SECRETARIAT else [],
            "providers": organisations_for_circulation() if "circulate" in actions else [],
            "merge_candidates": (Request.objects.filter(country_id=obj.country_id).exclude(pk=obj.pk).exclude(
                stage__in=lc.CLOSED | lc.STATE_ONLY) if "merge" in actions else []),
            "step_form": RequestStepForm(request_obj=obj, user=user) if actions else None,
            "comment_form": CommentForm(),
            "attachment_form": AttachmentForm(),
            "milestone_form": MilestoneForm(),
            "decision_form": OfferDecisionForm(),
            "results_prompt": obj.stage == lc.COMPLETED and bool(roles),
        }


class RequestEditView(ObjectEditView):
    queryset = Request.objects.all()
    form_class = RequestForm

    def get_form(self, request, obj, data=None):
        need = None
        need_id = request.GET.get("need", "")
        if obj.pk is None and need_id.isdecimal():
            need = Need.objects.restrict(request.user, Action.VIEW).filter(pk=need_id).first()
        return self.form_class(data=data, instance=obj, user=request.user, need=need)

    def save(self, *, user, form):
        instance = form.save(commit=False)
        relations = {name: form.cleaned_data[name] for name in ["needs", "ta_types", "articles", "languages"]}
        return request_save(user=user, request=instance, relations=relations)


class RequestArchiveView(ObjectArchiveView):
    queryset = Request.objects.all()


class RequestHistoryView(ObjectHistoryView):
    queryset = Request.objects.all()

    def restore(self, *, user, obj, change):
        return request_restore_version(user=user, request=obj, change=change)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


class RequestStepView(LoginRequiredMixin, View):
    """Take one step of the request's lifecycle (the buttons of its page)."""

    def post(self, request, pk):
        obj = _visible_request(request.user, pk)
        form = RequestStepForm(request.POST, request_obj=obj, user=request.user)
        if not form.is_valid():
            messages.error(request, _("This step cannot be taken: %(errors)s") % {
                "errors": " ".join(str(e) for errors in form.errors.values() for e in errors)})
            return HttpResponseRedirect(obj.get_absolute_url())
        data = form.cleaned_data
        try:
            request_step(user=request.user, request=obj, action=data["action"], note=data["note"],
                         providers=data["providers"] or (), merge_into=data["merge_into"])
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": ACTION_LABELS[data["action"]]})
        return HttpResponseRedirect(obj.get_absolute_url())


class RequestCandidatesView(LoginRequiredMixin, View):
    """The engine's ranked candidates for the request, with the parts of each score (secretariat; htmx)."""

    def get(self, request, pk):
        if role_of(request.user) != Role.SECRETARIAT:
            raise PermissionDenied(_("The secretariat facilitates requests."))
        obj = _visible_request(request.user, pk)
        from tacoord.matching.selectors import candidates_for_criteria

        candidates = candidates_for_criteria(
            user=request.user, country=obj.country, articles=list(obj.articles.all()),
            ta_types=list(obj.ta_types.all()), languages=list(obj.languages.all()),
            priority_area=next((need.priority_area for need in obj.needs.select_related("priority_area")
                                if need.priority_area_id), None),
            text=f"{obj.title} {obj.context}", limit=5)
        for candidate in candidates:  # whom "circulate" would reach: the provider, or the activity's reporter
            candidate.organisation = (getattr(candidate.obj, "organisation", None) if candidate.kind == "provider"
                                      else getattr(candidate.obj, "reporting_organisation", None)
                                      if candidate.kind == "activity" else None)
        return TemplateResponse(request, "assistance/candidates.html", {
            "candidates": candidates, "object": obj, "may_circulate": "circulate" in lc.actions_from(obj.stage)})


class RequestCommentView(LoginRequiredMixin, View):
    def post(self, request, pk):
        obj = _visible_request(request.user, pk)
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                comment_add(user=request.user, request=obj, text=form.cleaned_data["text"])
            except ValidationError as error:
                messages.error(request, _error_text(error))
        else:
            messages.error(request, _("Write a comment first."))
        return HttpResponseRedirect(obj.get_absolute_url() + "#comments")


class RequestAttachmentView(LoginRequiredMixin, View):
    def post(self, request, pk):
        obj = _visible_request(request.user, pk)
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                attachment_add(user=request.user, request=obj, upload=form.cleaned_data["file"])
            except ValidationError as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(request, _("The document is attached."))
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(obj.get_absolute_url() + "#attachments")


class AttachmentDownloadView(View):
    def get(self, request, pk):
        attachment = get_object_or_404(RequestAttachment.objects.restrict(request.user, Action.VIEW), pk=pk)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=attachment.name)


class RequestMilestoneView(LoginRequiredMixin, View):
    def post(self, request, pk):
        obj = _visible_request(request.user, pk)
        form = MilestoneForm(request.POST)
        if form.is_valid():
            try:
                milestone_record(user=request.user, request=obj, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, _error_text(error))
        else:
            messages.error(request, _("Say what was reached, and when."))
        return HttpResponseRedirect(obj.get_absolute_url() + "#delivery")


class OfferListView(ObjectListView):
    queryset = Offer.objects.select_related("provider", "request")
    filterset = OfferFilterSet
    columns = OFFER_COLUMNS
    export_stem = "offers"

    def add_url(self):
        return None  # made from a request's page


class OfferView(ObjectDetailView):
    queryset = Offer.objects.select_related("provider", "request__country")
    template_name = "assistance/offer.html"


class OfferEditView(ObjectEditView):
    queryset = Offer.objects.select_related("request")
    form_class = OfferForm

    def get_form(self, request, obj, data=None):
        request_obj = None
        request_id = request.GET.get("request", "")
        if obj.pk is None and request_id.isdecimal():
            request_obj = Request.objects.restrict(request.user, Action.VIEW).filter(pk=request_id).first()
        return self.form_class(data=data, instance=obj, user=request.user, request_obj=request_obj)

    def save(self, *, user, form):
        instance = form.save(commit=False)
        relations = {name: form.cleaned_data[name] for name in ["co_providers", "languages", "experts", "partners"]}
        return offer_save(user=user, offer=instance, relations=relations)


class OfferArchiveView(ObjectArchiveView):
    queryset = Offer.objects.all()


class OfferHistoryView(ObjectHistoryView):
    queryset = Offer.objects.all()

    def restore(self, *, user, obj, change):
        return offer_restore_version(user=user, offer=obj, change=change)


class OfferDecisionView(LoginRequiredMixin, View):
    """Accept, decline (the State's focal point or the secretariat) or withdraw (the provider) an offer."""

    def post(self, request, pk):
        offer = get_object_or_404(Offer.objects.restrict(request.user, Action.VIEW).select_related("request"), pk=pk)
        form = OfferDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose what to do with the offer."))
            return HttpResponseRedirect(offer.request.get_absolute_url())
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == "accept":
                offer_accept(user=request.user, offer=offer, note=note, others_note=form.cleaned_data["others_note"])
                messages.success(request, _("The offer is accepted; a planned activity is recorded."))
            elif decision == "decline":
                offer_decline(user=request.user, offer=offer, note=note)
                messages.success(request, _("The offer is declined."))
            else:
                offer_withdraw(user=request.user, offer=offer, note=note)
                messages.success(request, _("The offer is withdrawn."))
        except ValidationError as error:
            messages.error(request, _error_text(error))
        return HttpResponseRedirect(offer.request.get_absolute_url() + "#offers")


def _region_and_country(request):
    region = country = None
    region_id = request.GET.get("region", "")
    if region_id.isdecimal():
        region = Region.objects.filter(pk=region_id).first()
    if request.GET.get("country"):
        country = Country.objects.filter(iso2=request.GET["country"].upper()).first()
    return region, country


class PipelineView(LoginRequiredMixin, View):
    """Requests per stage with the median days spent in each, by region and by State, as the user may see them."""

    def get(self, request):
        region, country = _region_and_country(request)
        data = pipeline(user=request.user, region=region, country=country)
        fmt = request.GET.get("export")
        if fmt in {"csv", "xlsx"}:
            columns = [Column(lambda row: row[0].name, _("State")), Column(lambda row: row[0].iso2, _("ISO code")),
                       Column(lambda row: row[0].region.name if row[0].region_id else "", _("Region"))]
            for index, (_stage, label, _count, _median) in enumerate(data["stages"]):
                columns.append(Column(lambda row, index=index: row[1][index], label))
            columns.append(Column(lambda row: row[2], _("Total")))
            return export_response(columns=columns, queryset=data["by_state"], file_stem="request-pipeline", fmt=fmt)
        query = request.GET.copy()
        query.pop("export", None)
        return TemplateResponse(request, "assistance/pipeline.html", {
            **data, "region": region, "country": country, "querystring": query.urlencode(),
            "regions": Region.objects.filter(parent__isnull=False, countries_in_region__isnull=False).distinct()})


class StatisticsView(View):
    """Anonymised counts for everyone: how many requests are at each stage, by region — no State, no title."""

    def get(self, request):
        return TemplateResponse(request, "assistance/statistics.html", public_counts())


def need_request_url(need) -> str:
    return f"{reverse('assistance:request_add')}?need={need.pk}"


__all__ = ["Stage"]
