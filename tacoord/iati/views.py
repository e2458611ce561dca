"""Pages of the IATI exchange: upload and import reports, export, and the review of proposed tags."""

import tempfile

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from tacoord.core.context import change_context
from tacoord.core.permissions import Action
from tacoord.iati.choices import ImportStatus, IssueKind
from tacoord.iati.forms import ImportUploadForm
from tacoord.iati.models import ActivityClassification
from tacoord.iati.permissions import may_import
from tacoord.iati.selectors import EXPORT_CHUNK, activities_for_export, classifications_to_review, import_runs
from tacoord.iati.services import classification_review
from tacoord.iati.uploads import import_uploaded
from tacoord.iati.writer import write_activities


class ImportView(LoginRequiredMixin, View):
    """The upload page, with the user's earlier imports below it."""

    def check(self, request):
        if not may_import(request.user):
            raise PermissionDenied(_("Only the secretariat and provider officers import IATI files."))

    def render_page(self, request, form, status=200):
        page = Paginator(import_runs(user=request.user), 25).get_page(request.GET.get("page"))
        return render(request, "iati/import.html", {"form": form, "page": page}, status=status)

    def get(self, request):
        self.check(request)
        return self.render_page(request, ImportUploadForm())

    def post(self, request):
        self.check(request)
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        run = import_uploaded(user=request.user, uploads=form.cleaned_data["files"],
                              read_again=form.cleaned_data["read_again"])
        return redirect(run.get_absolute_url())


class ImportRunView(LoginRequiredMixin, View):
    def get(self, request, pk):
        run = get_object_or_404(import_runs(user=request.user), pk=pk)
        kind = request.GET.get("kind", "")
        issues = run.issues.all()
        if kind in IssueKind.values:
            issues = issues.filter(kind=kind)
        page = Paginator(issues, 100).get_page(request.GET.get("page"))
        pending = run.status in {ImportStatus.QUEUED, ImportStatus.RUNNING}
        return render(request, "iati/importrun.html", {"object": run, "files": run.files_read(), "page": page,
                                                       "kinds": IssueKind.choices, "kind": kind, "pending": pending})


def export(request):
    """The activities the list shows with the same filters, as an IATI 2.03 file."""
    try:
        activities = activities_for_export(user=request.user, params=request.GET, request=request)
    except ValueError as error:
        return HttpResponseBadRequest(_("The filters are not valid: %(errors)s") % {"errors": error},
                                      content_type="text/plain; charset=utf-8")
    stream = tempfile.TemporaryFile()  # noqa: SIM115  closed by the response once sent
    write_activities(activities.iterator(chunk_size=EXPORT_CHUNK), stream)
    stream.seek(0)
    return FileResponse(stream, as_attachment=True, filename="tacoord-iati-activities.xml",
                        content_type="application/xml")


class ClassificationReviewView(LoginRequiredMixin, View):
    """Tags the classifier proposed for imported activities, for a person to accept or reject."""

    def get(self, request):
        activity = request.GET.get("activity", "")
        queryset = classifications_to_review(user=request.user,
                                             activity_id=int(activity) if activity.isdecimal() else None)
        page = Paginator(queryset.order_by("-confidence", "activity_id", "pk"), 50).get_page(request.GET.get("page"))
        return render(request, "iati/review.html", {"page": page, "activity": activity})

    def post(self, request):
        ids = [value for value in request.POST.getlist("classification") if value.isdecimal()]
        decision = request.POST.get("decision")
        if decision not in {"accept", "reject"} or not ids:
            messages.error(request, _("Choose at least one tag and accept or reject."))
            return redirect(request.get_full_path())
        queryset = ActivityClassification.objects.restrict(request.user, Action.CHANGE).filter(pk__in=ids)
        reviewed = 0
        with change_context(user=request.user, source="tag review"):
            for classification in queryset.select_related("activity"):
                classification_review(user=request.user, classification=classification,
                                      accept=decision == "accept")
                reviewed += 1
        if not reviewed:
            raise PermissionDenied(_("You may not review these tags."))
        messages.success(request, _("%(count)s tags reviewed.") % {"count": reviewed})
        return redirect(request.get_full_path())

