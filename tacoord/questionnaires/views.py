from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View
from django.views.generic.base import TemplateResponseMixin

from tacoord.core.forms import add_validation_error
from tacoord.core.permissions import Action, user_may
from tacoord.core.views.generic import ObjectArchiveView, ObjectDetailView, ObjectHistoryView, ObjectListView
from tacoord.questionnaires.choices import TemplateStatus
from tacoord.questionnaires.filtersets import QuestionFilterSet, QuestionnaireTemplateFilterSet
from tacoord.questionnaires.forms import (
    ChoiceForm,
    QuestionForm,
    SelfAssessmentBuildForm,
    TemplateForm,
    XLSFormUploadForm,
)
from tacoord.questionnaires.models import Choice, Question, QuestionnaireTemplate
from tacoord.questionnaires.selectors import (
    template_choice_lists,
    template_history,
    template_list,
    template_outline,
)
from tacoord.questionnaires.services import (
    choice_move,
    choice_remove,
    choice_save,
    question_move,
    question_remove,
    question_save,
    template_build_self_assessment,
    template_create,
    template_export_xlsform,
    template_import_xlsform,
    template_new_version,
    template_problems,
    template_publish,
    template_restore_version,
    template_retire,
    template_update,
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
        may_write = may_write_templates(request.user)
        may_edit = may_write and obj.status == TemplateStatus.DRAFT
        return {
            "filterset": filterset,
            "outline": outline,
            "choice_lists": template_choice_lists(user=request.user, template=obj),
            "has_articles": questions.filter(article__isnull=False).exists(),
            # The header's Edit button: a draft's title and description; its questions are edited below.
            "may_change": may_edit,
            "may_edit": may_edit,
            "may_write": may_write,
            "problems": template_problems(template=obj, with_pyxform=False) if may_edit else [],
            # Built once: an outline has hundreds of rows.
            "editor": {
                "questions": reverse("questionnaires:question_add", kwargs={"pk": obj.pk}).removesuffix("add/"),
                "choices": reverse("questionnaires:choice_add", kwargs={"pk": obj.pk}).removesuffix("add/"),
                "edit": _("Edit"), "add_here": _("Add a question here"), "up": _("Up"), "down": _("Down"),
                "remove": _("Remove"), "confirm_remove": _("Remove this question and what it holds?"),
                "confirm_remove_choice": _("Remove this choice?"),
            } if may_edit else {},
        }


class QuestionnaireTemplateArchiveView(ObjectArchiveView):
    queryset = templates


class QuestionnaireTemplateHistoryView(ObjectHistoryView):
    """Every change to the template, its questions and its choices; a draft's own earlier titles can be restored."""

    queryset = templates
    template_name = "questionnaires/template_history.html"

    def history(self, obj):
        return template_history(template=obj)

    def history_rows(self, obj, page) -> list[tuple]:
        models = {QuestionnaireTemplate: obj, Question: Question(), Choice: Choice()}
        rows = []
        for change in page:
            model = models.get(change.changed_object_type.model_class(), obj)
            rows.append((change, model, None if model is obj else model._meta.verbose_name))
        return rows

    def may_restore(self, user, obj) -> bool:
        return may_write_templates(user) and obj.status == TemplateStatus.DRAFT

    def restore(self, *, user, obj, change):
        return template_restore_version(user=user, template=obj, change=change)


class XLSFormDownloadView(View):
    def get(self, request, pk):
        template = get_object_or_404(templates.restrict(request.user, Action.VIEW), pk=pk)
        # ODK and Kobo cannot read translated titles: "for ODK" leaves them out.
        for_odk = request.GET.get("for") == "odk"
        response = HttpResponse(template_export_xlsform(template=template, for_odk=for_odk), content_type=XLSX)
        suffix = "-odk" if for_odk else ""
        response["Content-Disposition"] = (f'attachment; filename="{template.code}-v{template.version}{suffix}'
                                           '.xlsx"')
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


# Editing a draft: its title, its questions and its choices; publishing, retiring and new versions.


def _template(request, pk) -> QuestionnaireTemplate:
    return get_object_or_404(templates.restrict(request.user, Action.VIEW), pk=pk)


def _require_writer(request) -> None:
    if not may_write_templates(request.user):
        raise PermissionDenied(_("Only the secretariat writes questionnaires."))


class EditorView(LoginRequiredMixin, TemplateResponseMixin, View):
    """A form whose valid data a service saves: the form again with the service's reasons by field, if refused."""

    template_name = "questionnaires/edit.html"
    heading = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            _require_writer(request)
        return super().dispatch(request, *args, **kwargs)

    def setup_objects(self, request, **kwargs) -> None:
        """Find the records the page is about (self.template, and the question or choice)."""
        self.template = _template(request, kwargs["pk"]) if "pk" in kwargs else None
        if self.template is not None and self.template.status != TemplateStatus.DRAFT:
            raise _Frozen(self.template)

    def get(self, request, **kwargs):
        try:
            self.setup_objects(request, **kwargs)
        except _Frozen as frozen:
            return frozen.response(request)
        return self.render(self.make_form(None))

    def post(self, request, **kwargs):
        try:
            self.setup_objects(request, **kwargs)
        except _Frozen as frozen:
            return frozen.response(request)
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    saved = self.save(form)
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("Saved %(object)s.") % {"object": saved})
                return HttpResponseRedirect(self.success_url(saved))
        return self.render(form, status=400)

    def render(self, form, status=200):
        cancel = self.template.get_absolute_url() if self.template else reverse(
            "questionnaires:questionnairetemplate_list")
        response = self.render_to_response({"form": form, "heading": self.get_heading(), "template": self.template,
                                            "cancel_url": cancel})
        response.status_code = status
        return response

    def success_url(self, saved) -> str:
        return self.template.get_absolute_url() if self.template else saved.get_absolute_url()


class _Frozen(Exception):
    """The template is not a draft: the editing page says so instead of a form."""

    def __init__(self, template):
        self.template = template

    def response(self, request):
        messages.error(request, _("Version %(version)s of %(code)s is %(status)s, so it can no longer change: make "
                                  "a new version to change it.")
                       % {"version": self.template.version, "code": self.template.code,
                          "status": self.template.get_status_display().lower()})
        return HttpResponseRedirect(self.template.get_absolute_url())


class TemplateEditView(EditorView):
    """A new draft questionnaire, or a draft's title, description and default language."""

    def get_heading(self):
        return _("Change %(object)s") % {"object": self.template} if self.template else _("New questionnaire")

    def make_form(self, data):
        return TemplateForm(data, template=self.template)

    def save(self, form):
        values = {"title": form.texts("title"), "description": form.texts("description"),
                  "default_language": form.cleaned_data["default_language"]}
        if self.template is None:
            return template_create(user=self.request.user, code=form.cleaned_data["code"], **values)
        return template_update(user=self.request.user, template=self.template, **values)

    def success_url(self, saved) -> str:
        return saved.get_absolute_url()


class QuestionEditView(EditorView):
    def setup_objects(self, request, **kwargs):
        super().setup_objects(request, pk=kwargs["pk"])
        self.question = get_object_or_404(self.template.questions, pk=kwargs["question"]) \
            if "question" in kwargs else None
        parent = request.GET.get("parent", "")
        self.parent = self.template.questions.filter(pk=parent).first() if parent.isdecimal() else None

    def get_heading(self):
        if self.question is not None:
            return _("Change question %(name)s") % {"name": self.question.name}
        return _("Add a question to %(object)s") % {"object": self.template}

    def make_form(self, data):
        return QuestionForm(data, template=self.template, question=self.question, parent=self.parent)

    def save(self, form):
        return question_save(user=self.request.user, template=self.template, question=self.question,
                             **form.values())

    def success_url(self, saved) -> str:
        return f"{self.template.get_absolute_url()}#q-{saved.name}"


class ChoiceEditView(EditorView):
    def setup_objects(self, request, **kwargs):
        super().setup_objects(request, pk=kwargs["pk"])
        self.choice = get_object_or_404(self.template.choices, pk=kwargs["choice"]) if "choice" in kwargs else None

    def get_heading(self):
        if self.choice is not None:
            return _("Change choice %(name)s") % {"name": self.choice.name}
        return _("Add a choice to %(object)s") % {"object": self.template}

    def make_form(self, data):
        return ChoiceForm(data, choice=self.choice, list_name=self.request.GET.get("list", ""))

    def save(self, form):
        return choice_save(user=self.request.user, template=self.template, choice=self.choice,
                           list_name=form.cleaned_data["list_name"], name=form.cleaned_data["name"],
                           label=form.texts("label"))

    def success_url(self, saved) -> str:
        return f"{self.template.get_absolute_url()}#choices-{saved.list_name}"


STEPS = {"up": -1, "down": 1}


def _act(request, template, action, success: str):
    """Run a service for a button; its refusal becomes a message on the template's page."""
    try:
        result = action()
    except PermissionDenied:
        raise
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(template.get_absolute_url())
    messages.success(request, success)
    return HttpResponseRedirect(result.get_absolute_url() if isinstance(result, QuestionnaireTemplate)
                                else template.get_absolute_url())


class QuestionActionView(LoginRequiredMixin, View):
    def post(self, request, pk, question, action):
        template = _template(request, pk)
        question = get_object_or_404(template.questions, pk=question)
        if action in STEPS:
            return _act(request, template, lambda: question_move(user=request.user, question=question,
                                                                 step=STEPS[action]),
                        _("Moved %(object)s.") % {"object": question.name})
        if action == "remove":
            return _act(request, template, lambda: question_remove(user=request.user, question=question),
                        _("Removed %(object)s.") % {"object": question.name})
        raise Http404


class ChoiceActionView(LoginRequiredMixin, View):
    def post(self, request, pk, choice, action):
        template = _template(request, pk)
        choice = get_object_or_404(template.choices, pk=choice)
        if action in STEPS:
            return _act(request, template, lambda: choice_move(user=request.user, choice=choice, step=STEPS[action]),
                        _("Moved %(object)s.") % {"object": choice.name})
        if action == "remove":
            return _act(request, template, lambda: choice_remove(user=request.user, choice=choice),
                        _("Removed %(object)s.") % {"object": choice.name})
        raise Http404


class TemplateActionView(LoginRequiredMixin, View):
    """Publish a draft, retire a published template, or copy one as a new draft version."""

    def post(self, request, pk, action):
        template = _template(request, pk)
        if action == "publish":
            return _act(request, template, lambda: template_publish(user=request.user, template=template),
                        _("%(object)s is published: it can no longer change.") % {"object": template})
        if action == "retire":
            return _act(request, template, lambda: template_retire(user=request.user, template=template),
                        _("%(object)s is retired: no new reporting cycle can use it.") % {"object": template})
        if action == "new-version":
            return _act(request, template, lambda: template_new_version(user=request.user, template=template),
                        _("A new version of %(code)s is made as a draft.") % {"code": template.code})
        raise Http404
