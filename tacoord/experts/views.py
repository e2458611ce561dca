from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View

from tacoord.core.permissions import Action, user_may
from tacoord.core.views.generic import (
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)
from tacoord.experts.filtersets import AssignmentFilterSet, AvailabilityFilterSet, ExpertFilterSet
from tacoord.experts.forms import AssignmentForm, AvailabilityForm, ExpertForm
from tacoord.experts.models import Assignment, Availability, Expert
from tacoord.experts.permissions import contacts_in_lists, may_see_contacts
from tacoord.experts.selectors import experts_with_relations
from tacoord.experts.services import assignment_save, availability_save, expert_save
from tacoord.experts.tables import ASSIGNMENT_COLUMNS, AVAILABILITY_COLUMNS, CONTACT_COLUMNS, EXPERT_COLUMNS

experts = experts_with_relations()
availability = Availability.objects.select_related("expert")
assignments = Assignment.objects.select_related("expert", "country", "organisation")


class ExpertListView(ObjectListView):
    queryset = experts
    filterset = ExpertFilterSet
    export_stem = "experts"

    def get(self, request):
        # Contacts stay out of the page and of its CSV / XLSX export for everyone but those who may read them.
        self.columns = EXPERT_COLUMNS + CONTACT_COLUMNS if contacts_in_lists(request.user) else EXPERT_COLUMNS
        return super().get(request)


class ExpertView(ObjectDetailView):
    queryset = experts
    template_name = "experts/expert.html"

    def get_extra_context(self, request, obj):
        return {
            "show_contacts": may_see_contacts(request.user, obj),
            "availability": obj.availability.restrict(request.user, Action.VIEW).active(),
            "assignments": obj.assignments.restrict(request.user, Action.VIEW).active().select_related(
                "country", "organisation"),
            "may_add_records": request.user.is_authenticated and user_may(
                request.user, Action.ADD, Availability(expert=obj)),
        }


class ExpertMeView(LoginRequiredMixin, View):
    """The signed-in expert's own entry, or the form to enter themselves on the roster."""

    def get(self, request):
        own = Expert.objects.filter(user=request.user).first()
        if own is not None:
            return HttpResponseRedirect(own.get_absolute_url())
        return HttpResponseRedirect(reverse("experts:expert_add"))


class ExpertEditView(ObjectEditView):
    queryset = experts
    form_class = ExpertForm

    def save(self, *, user, form):
        expert = form.save(commit=False)
        relations = {name: form.cleaned_data[name] for name in ("articles", "clusters", "priority_areas",
                                                                "languages", "regions")}
        return expert_save(user=user, expert=expert, relations=relations)


class ExpertArchiveView(ObjectArchiveView):
    queryset = experts


class ExpertHistoryView(ObjectHistoryView):
    """The change log keeps every version of the contacts, so only those who may change the entry read it."""

    queryset = experts

    def dispatch(self, request, *args, **kwargs):
        expert = get_object_or_404(self.queryset.restrict(request.user, Action.VIEW), **kwargs)
        if not user_may(request.user, Action.CHANGE, expert):
            raise PermissionDenied(_("The history of a roster entry is for the secretariat and the expert."))
        return super().dispatch(request, *args, **kwargs)


class ExpertRecordEditView(ObjectEditView):
    def get_form(self, request, obj, data=None):
        form = super().get_form(request, obj, data)
        if obj.pk is None and data is None and request.GET.get("expert", "").isdecimal():
            form.initial["expert"] = int(request.GET["expert"])
        return form


class AvailabilityListView(ObjectListView):
    queryset = availability
    filterset = AvailabilityFilterSet
    columns = AVAILABILITY_COLUMNS
    export_stem = "expert-availability"


class AvailabilityEditView(ExpertRecordEditView):
    queryset = availability
    form_class = AvailabilityForm

    def save(self, *, user, form):
        return availability_save(user=user, availability=form.save(commit=False))


class AvailabilityArchiveView(ObjectArchiveView):
    queryset = availability


class AvailabilityHistoryView(ObjectHistoryView):
    queryset = availability


class AssignmentListView(ObjectListView):
    queryset = assignments
    filterset = AssignmentFilterSet
    columns = ASSIGNMENT_COLUMNS
    export_stem = "expert-assignments"


class AssignmentEditView(ExpertRecordEditView):
    queryset = assignments
    form_class = AssignmentForm

    def save(self, *, user, form):
        return assignment_save(user=user, assignment=form.save(commit=False))


class AssignmentArchiveView(ObjectArchiveView):
    queryset = assignments


class AssignmentHistoryView(ObjectHistoryView):
    queryset = assignments
