import base64
import uuid

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View

from tacoord.activities import bulk
from tacoord.activities.filtersets import ActivityFilterSet
from tacoord.activities.forms import PART_FORMS, ActivityForm, BulkImportForm, formset_children, part_formsets
from tacoord.activities.models import Activity
from tacoord.activities.selectors import (
    activity_detail_queryset,
    activity_detail_rows,
    activity_links,
    activity_list,
    activity_money,
    activity_split_rows,
    codelist_suggestions,
    policy_markers_named,
)
from tacoord.activities.services import activity_bulk_import, activity_restore_version, activity_save
from tacoord.activities.tables import ACTIVITY_COLUMNS, DETAIL_COLUMNS, SPLIT_COLUMNS
from tacoord.core.exports import export_response
from tacoord.core.forms import add_validation_error
from tacoord.core.permissions import Action, user_may
from tacoord.core.views.generic import (
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)
from tacoord.iati.permissions import may_import

activities = Activity.objects.select_related("reporting_organisation", "parent")


class ActivityListView(ObjectListView):
    queryset = activities
    filterset = ActivityFilterSet
    columns = ACTIVITY_COLUMNS
    export_stem = "activities"
    template_name = "activities/activity_list.html"

    def get_queryset(self, request):
        return activity_list(user=request.user)

    def get(self, request):
        fmt = request.GET.get("export")
        if fmt in {"csv", "xlsx"} and request.GET.get("split"):
            # One row per activity × country × sector, money split by the percentages.
            queryset = ActivityFilterSet(request.GET, queryset=self.get_queryset(request), request=request).qs
            return export_response(columns=SPLIT_COLUMNS, queryset=activity_split_rows(queryset),
                                   file_stem="activities-by-country-and-sector", fmt=fmt)
        if fmt in {"csv", "xlsx"} and request.GET.get("detail"):
            # Every field with codelist names, the organisations by role, the money.
            queryset = ActivityFilterSet(request.GET, queryset=self.get_queryset(request), request=request).qs
            return export_response(columns=DETAIL_COLUMNS, queryset=activity_detail_rows(queryset),
                                   file_stem="activities-in-detail", fmt=fmt)
        return super().get(request)

    def get_extra_context(self, request):
        query = request.GET.copy()
        for name in ("page", "export", "split", "detail"):
            query.pop(name, None)
        return {"export_query": query.urlencode(), "may_import_iati": may_import(request.user)}


class ActivityView(ObjectDetailView):
    template_name = "activities/activity.html"

    @property
    def queryset(self):
        return activities

    def get_object(self, request, **kwargs):
        return get_object_or_404(activity_detail_queryset(user=request.user), **kwargs)

    def get_extra_context(self, request, obj):
        totals, currency = activity_money(obj)
        return {
            "programme_activities": activity_list(user=request.user).filter(parent=obj, archived_at__isnull=True),
            "parent_visible": obj.parent_id and Activity.objects.restrict(request.user, Action.VIEW).filter(
                pk=obj.parent_id).exists(),
            "totals": totals, "currency": currency,
            "titles": sorted((obj.title or {}).items()),
            "descriptions": sorted((obj.description or {}).items()),
            # The needs an activity addresses are shown only as far as the viewer may see them.
            "visible_needs": obj.needs.restrict(request.user, Action.VIEW).select_related(
                "country", "ta_type", "article__instrument"),
            "links": activity_links(obj, user=request.user),
            "policy_markers": policy_markers_named(obj),
            # When an IATI import last added or changed it: how fresh the data is.
            "imported_at": Activity.objects.filter(pk=obj.pk).values_list(
                "iati_import__last_run__finished_at", flat=True).first(),
        }


class ActivityEditView(ObjectEditView):
    queryset = activities
    form_class = ActivityForm
    template_name = "activities/activity_edit.html"

    def render_form(self, request, obj, form, formsets=None):
        formsets = formsets or part_formsets(obj)
        return self.render_to_response({**self.base_context(), "object": obj, "form": form, "formsets": [
            (name, PART_FORMS[name][0], formset) for name, formset in formsets.items()],
            "results": obj.results.all() if obj.pk else [], "codelists": codelist_suggestions()})

    def post(self, request, **kwargs):
        obj = self.get_object(request, **kwargs)
        form = self.get_form(request, obj, request.POST)
        formsets = part_formsets(obj, request.POST)
        if form.is_valid() and all(formset.is_valid() for formset in formsets.values()):
            activity = form.save(commit=False)
            children, sources = formset_children(formsets)
            relations = {field.name: form.cleaned_data[field.name] for field in Activity._meta.many_to_many}
            try:
                with transaction.atomic():
                    activity = activity_save(user=request.user, activity=activity, children=children,
                                             relations=relations)
            except ValidationError as error:
                _show_errors(form, sources, formsets, error)
            except PermissionDenied as error:
                form.add_error(None, str(error) or _("You may not save this record."))
            else:
                messages.success(request, _("Saved %(object)s.") % {"object": activity})
                return HttpResponseRedirect(activity.get_absolute_url())
        return self.render_form(request, obj, form, formsets)


def _show_errors(form, sources, formsets, error: ValidationError) -> None:
    """Put each of the service's errors beside its field: the activity's on the form, a part's on its row."""
    activity_errors = {}
    for key, messages_ in error.message_dict.items():
        name, _sep, rest = key.partition(".")
        if name in formsets and rest:
            index, _sep, field = rest.partition(".")
            row_form = sources[name][int(index)]
            row_form.add_error(field if field in row_form.fields else None, messages_)
        elif name in formsets:
            formsets[name].non_form_errors().extend(messages_)
        else:
            activity_errors[key] = messages_
    if activity_errors:
        add_validation_error(form, ValidationError(activity_errors))
    if len(activity_errors) < len(error.message_dict):
        form.add_error(None, _("Some parts of the activity need correcting: see below."))


class ActivityArchiveView(ObjectArchiveView):
    queryset = activities


class ActivityHistoryView(ObjectHistoryView):
    queryset = activities
    # The generic history, with the parts (kept under "children") shown row by row.
    template_name = "activities/activity_history.html"

    def restore(self, *, user, obj, change):
        return activity_restore_version(user=user, activity=obj, change=change)


SESSION_KEY = "activities_bulk_import"
MAX_UPLOAD = 5 * 1024 * 1024


class ActivityBulkImportView(LoginRequiredMixin, View):
    """Upload → preview with each row's errors → confirm. Confirming applies the whole set or nothing."""

    template_name = "activities/bulk_import.html"

    def check_may_add(self, request):
        if not user_may(request.user, Action.ADD, Activity()):
            raise PermissionDenied(_("You may not add activities."))

    def get(self, request):
        self.check_may_add(request)
        return render(request, self.template_name, {"form": BulkImportForm()})

    def post(self, request):
        self.check_may_add(request)
        if request.POST.get("confirm"):
            stored = request.session.get(SESSION_KEY)
            if not stored or stored.get("token") != request.POST.get("token"):
                messages.error(request, _("Upload the file again: the preview has expired."))
                return HttpResponseRedirect(reverse("activities:bulk_import"))
            content, filename = base64.b64decode(stored["content"]), stored["filename"]
        else:
            form = BulkImportForm(request.POST, request.FILES)
            if not form.is_valid():
                return render(request, self.template_name, {"form": form})
            upload = form.cleaned_data["file"]
            if upload.size > MAX_UPLOAD:
                form.add_error("file", _("The file is larger than 5 MB."))
                return render(request, self.template_name, {"form": form})
            content, filename = upload.read(), upload.name
        try:
            rows = bulk.read_table(content, filename)
        except bulk.TableError as error:
            return render(request, self.template_name, {"form": BulkImportForm(), "table_error": str(error)})
        applied = activity_bulk_import(user=request.user, rows=rows, apply=bool(request.POST.get("confirm")))
        if applied:
            request.session.pop(SESSION_KEY, None)
            messages.success(request, _("%(count)s activities imported.") % {"count": len(rows)})
            return HttpResponseRedirect(reverse("activities:activity_list") + "?origin=bulk_import")
        token = uuid.uuid4().hex
        request.session[SESSION_KEY] = {"content": base64.b64encode(content).decode(), "filename": filename,
                                        "token": token}
        return render(request, self.template_name, {
            "form": BulkImportForm(), "rows": rows, "token": token, "filename": filename,
            "valid": not any(row.errors for row in rows), "invalid_count": sum(1 for row in rows if row.errors),
        })


def bulk_import_template(request):
    response = HttpResponse(bulk.template_workbook(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="activities-template.xlsx"'
    return response
