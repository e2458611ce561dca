from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View
from django.views.generic.base import TemplateResponseMixin

from tacoord.core.forms import add_validation_error
from tacoord.core.permissions import Action, user_may
from tacoord.core.views.generic import ObjectArchiveView, ObjectDetailView, ObjectHistoryView, ObjectListView
from tacoord.questionnaires.filtersets import QuestionFilterSet, QuestionnaireTemplateFilterSet
from tacoord.questionnaires.forms import SelfAssessmentBuildForm, XLSFormUploadForm
from tacoord.questionnaires.models import QuestionnaireTemplate
from tacoord.questionnaires.selectors import template_list, template_outline
from tacoord.questionnaires.services import (
    template_build_self_assessment,
    template_export_xlsform,
    template_import_xlsform,
)
from tacoord.questionnaires.tables import QUESTIONNAIRE_TEMPLATE_COLUMNS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
templates = QuestionnaireTemplate.objects.all()


def may_write_templates(user) -> bool:
    return user.is_authenticated and user_may(user, Action.ADD, QuestionnaireTemplate())


class QuestionnaireTemplateListView(ObjectListView):
    queryset = templates
    filterset = QuestionnaireTemplateFilterSet
    columns = QUESTIONNAIRE_TEMPLATE_COLUMNS
    export_stem = "questionnaires"
    template_name = "questionnaires/questionnairetemplate_list.html"

    def get_queryset(self, request):
        return template_list(user=request.user)

    def get_extra_context(self, request):
        return {"may_write": may_write_templates(request.user), "build_form": SelfAssessmentBuildForm()}


class QuestionnaireTemplateView(ObjectDetailView):
    """A questionnaire's sections and questions in the reader's language, filterable by instrument, cluster and
    article."""

    queryset = templates
    template_name = "questionnaires/questionnairetemplate.html"

    def get(self, request, **kwargs):
        response = super().get(request, **kwargs)
        if request.htmx and request.htmx.target == "outline":
            response.template_name = "questionnaires/outline.html"
        return response

    def get_extra_context(self, request, obj):
        questions = obj.questions.restrict(request.user, Action.VIEW)
        filterset = QuestionFilterSet(request.GET, queryset=questions)
        filtered = any(request.GET.get(name) for name in filterset.filters)
        outline = template_outline(user=request.user, template=obj,
                                   questions=filterset.qs if filtered and filterset.is_valid() else None)
        return {
            "filterset": filterset,
            "outline": outline,
            "has_articles": questions.filter(article__isnull=False).exists(),
            # Questions are changed through an XLSForm upload or by building again, not one by one.
            "may_change": False,
            "may_write": may_write_templates(request.user),
        }


class QuestionnaireTemplateArchiveView(ObjectArchiveView):
    queryset = templates


class QuestionnaireTemplateHistoryView(ObjectHistoryView):
    queryset = templates


class XLSFormDownloadView(View):
    def get(self, request, pk):
        template = get_object_or_404(templates.restrict(request.user, Action.VIEW), pk=pk)
        response = HttpResponse(template_export_xlsform(template=template), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{template.code}-v{template.version}.xlsx"'
        return response


class XLSFormUploadView(LoginRequiredMixin, TemplateResponseMixin, View):
    template_name = "questionnaires/xlsform_upload.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_write_templates(request.user):
            raise PermissionDenied(_("Only the secretariat imports questionnaires."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render_to_response({"form": XLSFormUploadForm()})

    def post(self, request):
        form = XLSFormUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                template = template_import_xlsform(user=request.user, file=form.cleaned_data["file"],
                                                   code=form.cleaned_data["code"] or None,
                                                   version=form.cleaned_data["version"])
            except ValidationError as error:
                add_validation_error(form, ValidationError({"file": error.messages}))
            else:
                messages.success(request, _("Imported %(object)s.") % {"object": template})
                return HttpResponseRedirect(template.get_absolute_url())
        return self.render_to_response({"form": form})


class SelfAssessmentBuildView(LoginRequiredMixin, View):
    """Build the self-assessment, or bring it up to date with the reference data."""

    def post(self, request):
        form = SelfAssessmentBuildForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
            return HttpResponseRedirect(reverse("questionnaires:questionnairetemplate_list"))
        try:
            template = template_build_self_assessment(user=request.user, code=form.cleaned_data["code"],
                                                      version=form.cleaned_data["version"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("questionnaires:questionnairetemplate_list"))
        messages.success(request, _("%(object)s is built from the articles of the Convention and its Protocols.")
                         % {"object": template})
        return HttpResponseRedirect(template.get_absolute_url())
