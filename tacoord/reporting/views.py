"""Pages of reporting cycles: cycles and their monitoring, "my questionnaires", answering section by section (saved
question by question with htmx), submit / return / accept / publish, the offline workbook, as-of views and diffs."""

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from tacoord.core.errors import PermissionDeniedError
from tacoord.core.permissions import Action, user_may
from tacoord.core.roles import Role, role_of
from tacoord.core.views.generic import ObjectDetailView, ObjectEditView, ObjectHistoryView, ObjectListView
from tacoord.reporting.choices import CycleStatus, ResponseStatus
from tacoord.reporting.filtersets import QuestionnaireResponseFilterSet, ReportingCycleFilterSet
from tacoord.reporting.forms import (
    AddStatesForm,
    AsOfForm,
    RemoveStatesForm,
    ReportingCycleForm,
    ReturnForm,
    UploadForm,
)
from tacoord.reporting.models import QuestionnaireResponse, ReportingCycle, Submission
from tacoord.reporting.selectors import (
    RATE_GROUPINGS,
    answers_diff,
    cycle_response_rates,
    question_choices,
    response_answer_rows,
    response_answers,
    response_returns,
    responses_assigned,
    responses_overdue,
    template_choices,
    template_form,
    untouched_response_ids,
)
from tacoord.reporting.services import (
    AnswerConflictError,
    AnswerInput,
    answers_save,
    cycle_add_states,
    cycle_close,
    cycle_create,
    cycle_open,
    cycle_remove_states,
    cycle_update,
    reminders_send,
    response_accept,
    response_publish,
    response_return,
    response_submit,
    response_upload,
)
from tacoord.reporting.spreadsheets import response_workbook
from tacoord.reporting.structure import GENERAL_SECTION, parse_key
from tacoord.reporting.tables import QUESTIONNAIRE_RESPONSE_COLUMNS, REPORTING_CYCLE_COLUMNS

cycles = ReportingCycle.objects.select_related("template")
responses = QuestionnaireResponse.objects.select_related("cycle__template", "country", "submitted_by")
GENERAL_SLUG = "general"


def visible_response(request, pk) -> QuestionnaireResponse:
    return get_object_or_404(responses.restrict(request.user, Action.VIEW), pk=pk)


def show_error(request, error: ValidationError) -> None:
    if isinstance(error, PermissionDeniedError):
        raise PermissionDenied(" ".join(error.messages))
    for message in error.messages:
        messages.error(request, message)


# Cycles


class ReportingCycleListView(ObjectListView):
    queryset = cycles
    filterset = ReportingCycleFilterSet
    columns = REPORTING_CYCLE_COLUMNS
    export_stem = "reporting-cycles"


class ReportingCycleView(ObjectDetailView):
    queryset = cycles
    template_name = "reporting/reportingcycle.html"

    def get_extra_context(self, request, obj):
        user = request.user
        by = request.GET.get("by") if request.GET.get("by") in RATE_GROUPINGS else "region"
        may_manage = role_of(user) == Role.SECRETARIAT
        visible = list(obj.responses.restrict(user, Action.VIEW).select_related("country"))
        may_change_states = may_manage and obj.status != CycleStatus.CLOSED
        removable = untouched_response_ids(cycle=obj) if may_change_states else set()
        return {
            "responses": [(response, response.pk in removable) for response in visible],
            "add_states_form": AddStatesForm(cycle=obj) if may_change_states else None,
            "rates": cycle_response_rates(user=user, cycle=obj, by=by),
            "by": by,
            "groupings": [("region", _("Region")), ("sub_region", _("Sub-region")),
                          ("ldc", _("Least developed countries")), ("sids", _("Small island developing States"))],
            "overdue": responses_overdue(user=user, cycle=obj),
            "may_manage": may_manage,
        }


class ReportingCycleEditView(ObjectEditView):
    queryset = cycles
    form_class = ReportingCycleForm

    def save(self, *, user, form):
        data = form.cleaned_data
        if form.instance.pk is not None:
            return cycle_update(user=user, cycle=form.instance, name=data["name"], opens_on=data["opens_on"],
                                deadline=data["deadline"], instructions=data["instructions"],
                                previous_cycle=data["previous_cycle"])
        return cycle_create(user=user, name=data["name"], template=data["template"], opens_on=data["opens_on"],
                            deadline=data["deadline"], countries=data["countries"],
                            instructions=data["instructions"], previous_cycle=data["previous_cycle"])


class ReportingCycleHistoryView(ObjectHistoryView):
    queryset = cycles


CYCLE_ACTIONS = {
    "open": (lambda user, cycle: cycle_open(user=user, cycle=cycle), _("The cycle is open: the States may answer.")),
    "close": (lambda user, cycle: cycle_close(user=user, cycle=cycle), _("The cycle is closed.")),
}


class ReportingCycleActionView(LoginRequiredMixin, View):
    """Open or close a cycle, or e-mail reminders to the focal points of States that have not submitted."""

    def post(self, request, pk, action):
        cycle = get_object_or_404(cycles.restrict(request.user, Action.VIEW), pk=pk)
        try:
            if action == "remind":
                sent = reminders_send(cycle=cycle, user=request.user)
                messages.success(request, _("%(count)d reminders sent.") % {"count": sent})
            elif action in STATE_ACTIONS:
                self.change_states(request, cycle, action)
            elif action in CYCLE_ACTIONS:
                service, done = CYCLE_ACTIONS[action]
                service(request.user, cycle)
                messages.success(request, done)
            else:
                raise Http404
        except ValidationError as error:
            show_error(request, error)
        return HttpResponseRedirect(cycle.get_absolute_url())

    def change_states(self, request, cycle, action):
        if role_of(request.user) != Role.SECRETARIAT:
            raise PermissionDenied(_("Only the secretariat changes the States of a reporting cycle."))
        form = STATE_ACTIONS[action](request.POST, cycle=cycle)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return
        countries = list(form.cleaned_data["countries"])
        if action == "add-states":
            added = cycle_add_states(user=request.user, cycle=cycle, countries=countries)
            messages.success(request, ngettext(
                "%(count)d State added; if the cycle is open, its focal point is told by e-mail.",
                "%(count)d States added; if the cycle is open, their focal points are told by e-mail.",
                len(added)) % {"count": len(added)})
        else:
            removed = cycle_remove_states(user=request.user, cycle=cycle, countries=countries)
            messages.success(request, ngettext("%(count)d State taken out of the cycle.",
                                               "%(count)d States taken out of the cycle.", removed)
                             % {"count": removed})


STATE_ACTIONS = {"add-states": AddStatesForm, "remove-states": RemoveStatesForm}


# Responses


class QuestionnaireResponseListView(ObjectListView):
    queryset = responses.filter(cycle__archived_at__isnull=True).select_related("country__region")
    filterset = QuestionnaireResponseFilterSet
    columns = QUESTIONNAIRE_RESPONSE_COLUMNS
    export_stem = "questionnaire-responses"


class MyQuestionnairesView(LoginRequiredMixin, View):
    def get(self, request):
        return render(request, "reporting/my_questionnaires.html", {"responses": responses_assigned(user=request.user)})


class QuestionnaireResponseView(ObjectDetailView):
    queryset = responses
    template_name = "reporting/questionnaireresponse.html"

    def get_extra_context(self, request, obj):
        user = request.user
        as_of_form = AsOfForm(request.GET)
        as_of = as_of_form.moment()
        values = response_answers(response=obj, as_of=as_of)
        form = template_form(template=obj.cycle.template)
        progress = form.progress(response_answers(response=obj))
        state_user = user_may(user, Action.CHANGE, obj) and role_of(user) != Role.SECRETARIAT
        return {
            "as_of": as_of,
            "as_of_form": as_of_form,
            "as_of_has_time": isinstance(as_of, datetime.datetime),
            "returns": list(response_returns(user=user, response=obj)),
            "answers": [(str(form.by_name[key.partition("[")[0]]), key, value) for key, value in values.items()
                        if key.partition("[")[0] in form.by_name],
            "progress": [(GENERAL_SLUG if row.name == GENERAL_SECTION else row.name, row) for row in progress],
            "submissions": obj.submissions.order_by("number"),
            "may_answer": state_user and obj.is_editable and obj.cycle.status == CycleStatus.OPEN,
            "may_submit": role_of(user) == Role.FOCAL_POINT and user.state_id == obj.country_id and obj.is_editable,
            "may_publish": role_of(user) == Role.FOCAL_POINT and user.state_id == obj.country_id,
            "may_review": role_of(user) == Role.SECRETARIAT and obj.status == ResponseStatus.SUBMITTED,
            "return_form": ReturnForm(),
            "upload_form": UploadForm(),
        }


class QuestionnaireResponseHistoryView(ObjectHistoryView):
    queryset = responses


def _section_name(slug: str, form) -> str:
    name = GENERAL_SECTION if slug == GENERAL_SLUG else slug
    if name not in dict(form.sections()):
        raise Http404
    return name


def _entry_rows(response, form, section, *, typed=None, errors=None, conflicts=None, extra_instances=0):
    """What a section page shows for each question: value (typed or saved), version, choices, error, conflict."""
    rows = response_answer_rows(response=response)
    saved = {key: answer.value for key, answer in rows.items()}
    values = {**saved, **(typed or {})}
    lists = template_choices(template=response.cycle.template)
    shown = []
    for entry in form.entries(section, values, extra_instances=extra_instances):
        if not entry.relevant:
            continue
        answer = rows.get(entry.key)
        value = values.get(entry.key)
        conflict = (conflicts or {}).get(entry.key)
        shown.append({
            "entry": entry,
            "question": entry.question,
            "key": entry.key,
            "value": value,
            "values": value if isinstance(value, list) else ([] if value is None else [value]),
            "version": conflict.version if conflict else (answer.version if answer else 0),
            "choices": question_choices(entry.question, lists),
            "errors": (errors or {}).get(entry.key, []),
            "conflict": conflict,
            "indent": range(entry.depth),
        })
    return shown


def _shown(rows) -> set:
    """Which questions a section asks and what its calculated ones say: when either changes, it is shown anew."""
    return {(row["key"], repr(row["value"]) if row["entry"].is_calculated else "") for row in rows}


def _posted_inputs(request, keys=None) -> list[AnswerInput]:
    inputs = []
    for field, version in request.POST.items():
        if not field.startswith("v:"):
            continue
        key = field[2:]
        if keys is not None and key not in keys:
            continue
        inputs.append(AnswerInput(key=key, value=request.POST.getlist(f"q:{key}"),
                                  version=int(version) if version.isdecimal() else -1))
    return inputs


class ResponseSectionView(View):
    """One section of the questionnaire to answer; saving it saves every question on it, all or none."""

    template_name = "reporting/section.html"

    def context(self, request, response, slug, **kwargs):
        form = template_form(template=response.cycle.template)
        section = _section_name(slug, form)
        extra = 1 if request.GET.get("add") else 0
        sections = [(GENERAL_SLUG if name == GENERAL_SECTION else name, form.section_label(name))
                    for name, _heading in form.sections()]
        return {"object": response, "slug": slug, "section_label": form.section_label(section),
                "sections": sections, "rows": _entry_rows(response, form, section, extra_instances=extra, **kwargs),
                "may_answer": user_may(request.user, Action.CHANGE, response) and response.is_editable}

    def get(self, request, pk, slug):
        response = visible_response(request, pk)
        return render(request, self.template_name, self.context(request, response, slug))

    def post(self, request, pk, slug):
        response = visible_response(request, pk)
        inputs = _posted_inputs(request)
        try:
            answers_save(user=request.user, response=response, inputs=inputs)
        except AnswerConflictError as error:
            messages.error(request, error.messages[0])
            typed = {item.key: item.value for item in inputs}
            conflicts = {conflict.key: conflict for conflict in error.conflicts}
            return render(request, self.template_name,
                          self.context(request, response, slug, typed=typed, conflicts=conflicts), status=409)
        except ValidationError as error:
            if isinstance(error, PermissionDeniedError) or not hasattr(error, "error_dict"):
                show_error(request, error)
                return HttpResponseRedirect(response.get_absolute_url())
            messages.error(request, _("Nothing was saved: correct the answers marked below."))
            typed = {item.key: item.value for item in inputs}
            return render(request, self.template_name,
                          self.context(request, response, slug, typed=typed, errors=error.message_dict), status=400)
        messages.success(request, _("Answers saved."))
        return HttpResponseRedirect(reverse("reporting:response_section", kwargs={"pk": pk, "slug": slug}))


class AnswerSaveView(LoginRequiredMixin, View):
    """Save one question as the person leaves it (htmx); answers with the question's block, showing the new version,
    the reason for a refusal, or the other person's answer on a conflict."""

    def post(self, request, pk, key):
        response = visible_response(request, pk)
        parsed = parse_key(key)
        form = template_form(template=response.cycle.template)
        if parsed is None or parsed[0] not in form.by_name:
            raise Http404
        section = form.section_of(form.by_name[parsed[0]])
        inputs = _posted_inputs(request, keys={key})
        before = _shown(_entry_rows(response, form, section))
        status, kwargs = 200, {}
        try:
            answers_save(user=request.user, response=response, inputs=inputs)
        except AnswerConflictError as error:
            status, kwargs = 409, {"typed": {i.key: i.value for i in inputs},
                                   "conflicts": {c.key: c for c in error.conflicts}}
        except ValidationError as error:
            if isinstance(error, PermissionDeniedError):
                raise PermissionDenied(" ".join(error.messages)) from None
            messages_by_key = error.message_dict if hasattr(error, "error_dict") else {key: error.messages}
            status, kwargs = 400, {"typed": {i.key: i.value for i in inputs}, "errors": messages_by_key}
        rows = _entry_rows(response, form, section, **kwargs)
        row = next((row for row in rows if row["key"] == key), None)
        result = render(request, "reporting/answer_field.html", {"row": row, "object": response, "may_answer": True},
                        status=status) if row else HttpResponse(status=status)
        if status == 200 and _shown(rows) != before:
            # The answer changed which questions are asked, or a calculated value: the page shows them anew.
            result["HX-Refresh"] = "true"
        return result


RESPONSE_ACTIONS = {"submit", "return", "accept", "publish", "unpublish"}


class ResponseActionView(LoginRequiredMixin, View):
    def post(self, request, pk, action):
        response = visible_response(request, pk)
        if action not in RESPONSE_ACTIONS:
            raise Http404
        user = request.user
        try:
            if action == "submit":
                submission = response_submit(user=user, response=response)
                messages.success(request, _("Submitted to the secretariat (submission %(number)d).")
                                 % {"number": submission.number})
            elif action == "return":
                response_return(user=user, response=response, comment=request.POST.get("comment", ""))
                messages.success(request, _("Returned to the State with your comments."))
            elif action == "accept":
                response_accept(user=user, response=response)
                messages.success(request, _("Accepted."))
            else:
                response_publish(user=user, response=response, published=action == "publish")
                messages.success(request, _("Published: anyone may read these answers.") if action == "publish"
                                 else _("The answers are confidential again."))
        except ValidationError as error:
            show_error(request, error)
        return HttpResponseRedirect(response.get_absolute_url())


class ResponseWorkbookView(View):
    """Download the questionnaire with the current answers as XLSX; upload it filled in."""

    def get(self, request, pk):
        response = visible_response(request, pk)
        result = HttpResponse(response_workbook(response=response),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        result["Content-Disposition"] = (f'attachment; filename="questionnaire-{response.country.iso2}-'
                                         f'{response.cycle_id}.xlsx"')
        return result

    def post(self, request, pk):
        response = visible_response(request, pk)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose the filled-in XLSX file."))
            return HttpResponseRedirect(response.get_absolute_url())
        try:
            changed = response_upload(user=request.user, response=response, content=form.cleaned_data["file"].read())
        except ValidationError as error:
            messages.error(request, _("Nothing was applied:"))
            show_error(request, error)
        else:
            messages.success(request, _("%(count)d answers changed from the file.") % {"count": changed})
        return HttpResponseRedirect(response.get_absolute_url())


class ResponseDiffView(View):
    """What changed between two submissions (or between a submission and the answers now)."""

    def get(self, request, pk):
        response = visible_response(request, pk)
        submissions = {s.number: s for s in Submission.objects.restrict(request.user, Action.VIEW)
                       .filter(response=response)}
        try:
            earlier = submissions[int(request.GET.get("from", 0))]
        except (KeyError, ValueError):
            raise Http404 from None
        later_number = request.GET.get("to", "")
        if later_number == "now" or not later_number:
            later, after = None, response_answers(response=response)
        else:
            later = submissions.get(int(later_number)) if later_number.isdecimal() else None
            if later is None:
                raise Http404
            after = later.snapshot
        form = template_form(template=response.cycle.template)
        return render(request, "reporting/diff.html", {
            "object": response, "earlier": earlier, "later": later,
            "differences": answers_diff(form=form, before=earlier.snapshot, after=after)})
