from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from tacoord.activities.models import Activity
from tacoord.core.permissions import Action, user_may
from tacoord.core.views.generic import ObjectDetailView, ObjectHistoryView, ObjectListView
from tacoord.duplicates.evidence import describe_all
from tacoord.duplicates.filtersets import DuplicateAlertFilterSet
from tacoord.duplicates.forms import ResolveForm
from tacoord.duplicates.models import DuplicateAlert
from tacoord.duplicates.services import alert_resolve
from tacoord.duplicates.tables import ALERT_COLUMNS

alerts = DuplicateAlert.objects.select_related("activity_a__reporting_organisation",
                                               "activity_b__reporting_organisation", "resolved_by")
PARTS = ("recipient_countries__country", "sectors", "participating_organisations", "transactions")


class DuplicateAlertListView(ObjectListView):
    queryset = alerts
    filterset = DuplicateAlertFilterSet
    columns = ALERT_COLUMNS
    export_stem = "duplicate-alerts"


class DuplicateAlertView(ObjectDetailView):
    queryset = alerts
    template_name = "duplicates/alert.html"

    def get_extra_context(self, request, obj, form=None):
        visible = Activity.objects.restrict(request.user, Action.VIEW).prefetch_related(
            "recipient_countries__country", "sectors", "participating_organisations", "transactions", "articles",
            "ta_types")
        pair = {a.pk: a for a in visible.filter(pk__in=[obj.activity_a_id, obj.activity_b_id])}
        return {
            "first": pair.get(obj.activity_a_id), "second": pair.get(obj.activity_b_id),
            "evidence": describe_all(obj.evidence),
            "form": form or ResolveForm(initial={"status": obj.status, "note": obj.note}),
            # resolving is the form on the page, not the generic edit page
            "may_resolve": request.user.is_authenticated and user_may(request.user, Action.CHANGE, obj),
            "may_change": False, "may_archive": False,
        }

    def post(self, request, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        obj = self.get_object(request, **kwargs)
        if not user_may(request.user, Action.CHANGE, obj):
            raise PermissionDenied(_("You may not resolve this alert."))
        form = ResolveForm(request.POST)
        if form.is_valid():
            try:
                alert_resolve(user=request.user, alert=obj, status=form.cleaned_data["status"],
                              note=form.cleaned_data["note"])
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The alert is now: %(status)s.") % {"status": obj.get_status_display()})
                return HttpResponseRedirect(obj.get_absolute_url())
        obj = get_object_or_404(self.queryset.restrict(request.user, Action.VIEW), **kwargs)
        context = {**self.base_context(), "object": obj, **self.get_extra_context(request, obj, form)}
        return self.render_to_response(context, status=400)


class DuplicateAlertHistoryView(ObjectHistoryView):
    queryset = alerts

    def post(self, request, **kwargs):
        raise PermissionDenied(_("Alerts are resolved, not restored."))
