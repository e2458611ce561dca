from django.utils.translation import gettext_lazy as _

from tacoord.core.permissions import Action
from tacoord.core.views.generic import (
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)
from tacoord.organisations.filtersets import OrganisationFilterSet
from tacoord.organisations.forms import OrganisationForm
from tacoord.organisations.models import Organisation
from tacoord.organisations.services import organisation_save
from tacoord.organisations.tables import ORGANISATION_COLUMNS

organisations = Organisation.objects.select_related("country", "parent")


class OrganisationListView(ObjectListView):
    queryset = organisations
    filterset = OrganisationFilterSet
    columns = ORGANISATION_COLUMNS
    export_stem = "organisations"


class OrganisationView(ObjectDetailView):
    queryset = organisations
    template_name = "organisations/organisation.html"

    def get_extra_context(self, request, obj):
        return {
            "children": obj.children.restrict(request.user, Action.VIEW).active().select_related("country"),
            "people": obj.people.restrict(request.user, Action.VIEW).active(),
            "title": _("Organisation"),
        }


class OrganisationEditView(ObjectEditView):
    queryset = organisations
    form_class = OrganisationForm

    def save(self, *, user, form):
        return organisation_save(user=user, organisation=form.save(commit=False))


class OrganisationArchiveView(ObjectArchiveView):
    queryset = organisations


class OrganisationHistoryView(ObjectHistoryView):
    queryset = organisations
