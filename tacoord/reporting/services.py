"""Writes of reporting cycles: open and close cycles, save answers (never losing one), submit, return, accept,
publish, and remind the States that have not answered."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tacoord.core.errors import ApplicationError, PermissionDeniedError
from tacoord.core.permissions import Action
from tacoord.core.roles import Role, role_of
from tacoord.questionnaires.choices import TemplateStatus
from tacoord.questionnaires.models import in_language
from tacoord.reporting.choices import CycleStatus, ResponseStatus
from tacoord.reporting.models import (
    Answer,
    AnswerVersion,
    QuestionnaireResponse,
    ReportingCycle,
    ResponseReturn,
    Submission,
)
from tacoord.reporting.selectors import (
    focal_points_of,
    question_choices,
    response_answers,
    responses_awaiting,
    template_choices,
    template_form,
    untouched_response_ids,
)
from tacoord.reporting.signals import response_submitted
from tacoord.reporting.spreadsheets import workbook_rows
from tacoord.reporting.structure import answer_key, is_empty, parse_key
from tacoord.reporting.validation import clean_value

# Repeats are for a handful of entries (cases, laws); a larger index is a forged or mistaken key.
LARGEST_REPEAT_INDEX = 500


def _require_secretariat(user, message: str) -> None:
    if role_of(user) != Role.SECRETARIAT:
        raise PermissionDeniedError(message)


# Cycles


@transaction.atomic
def cycle_create(*, user, name: str, template, deadline: datetime.date, countries: Iterable,
                 opens_on: datetime.date | None = None, instructions: str = "",
                 previous_cycle: ReportingCycle | None = None) -> ReportingCycle:
    """A cycle being prepared, with one response for each State concerned (none of them sees it until it opens)."""
    _require_secretariat(user, _("Only the secretariat opens reporting cycles."))
    countries = list(dict.fromkeys(countries))
    if template.status != TemplateStatus.PUBLISHED or template.is_archived:
        raise ApplicationError({"template": [_("Choose a published questionnaire.")]})
    if not countries:
        raise ApplicationError({"countries": [_("Choose at least one State.")]})
    opens_on = opens_on or timezone.localdate()
    if deadline < opens_on:
        raise ApplicationError({"deadline": [_("The deadline cannot be before the cycle opens.")]})
    cycle = ReportingCycle(name=name, template=template, opens_on=opens_on, deadline=deadline,
                           instructions=instructions, previous_cycle=previous_cycle)
    cycle.full_clean()
    cycle.save()
    for country in countries:
        response = QuestionnaireResponse(cycle=cycle, country=country)
        response.full_clean()
        response.save()
    return cycle


def _cycle_move(*, user, cycle: ReportingCycle, from_status: str, to_status: str, refusal: str) -> ReportingCycle:
    _require_secretariat(user, _("Only the secretariat opens and closes reporting cycles."))
    cycle = ReportingCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != from_status:
        raise ApplicationError(refusal % {"status": cycle.get_status_display()})
    cycle.status = to_status
    cycle.full_clean()
    cycle.save()
    return cycle


@transaction.atomic
def cycle_open(*, user, cycle: ReportingCycle) -> ReportingCycle:
    """States see the cycle and may answer."""
    return _cycle_move(user=user, cycle=cycle, from_status=CycleStatus.DRAFT, to_status=CycleStatus.OPEN,
                       refusal=_("Only a cycle being prepared can be opened; this one is: %(status)s."))


@transaction.atomic
def cycle_close(*, user, cycle: ReportingCycle) -> ReportingCycle:
    """No more answers; what was submitted stays."""
    return _cycle_move(user=user, cycle=cycle, from_status=CycleStatus.OPEN, to_status=CycleStatus.CLOSED,
                       refusal=_("Only an open cycle can be closed; this one is: %(status)s."))


@transaction.atomic
def cycle_update(*, user, cycle: ReportingCycle, **fields) -> ReportingCycle:
    """Change a cycle's name, dates, instructions or previous cycle (its questionnaire and States stay: see
    cycle_add_states and cycle_remove_states). A closed cycle's deadline no longer moves."""
    _require_secretariat(user, _("Only the secretariat changes reporting cycles."))
    allowed = {"name", "opens_on", "deadline", "instructions", "previous_cycle"}
    unknown = set(fields) - allowed
    if unknown:
        raise ApplicationError({name: [_("This cannot be changed here.")] for name in sorted(unknown)})
    cycle = ReportingCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status == CycleStatus.CLOSED and {"opens_on", "deadline"} & {
            name for name, value in fields.items() if value != getattr(cycle, name)}:
        raise ApplicationError({"deadline": [_("The cycle is closed: its dates no longer change.")]})
    for name, value in fields.items():
        setattr(cycle, name, value)
    if cycle.deadline < cycle.opens_on:
        raise ApplicationError({"deadline": [_("The deadline cannot be before the cycle opens.")]})
    if cycle.previous_cycle_id == cycle.pk:
        raise ApplicationError({"previous_cycle": [_("A cycle cannot be compared with itself.")]})
    cycle.full_clean()
    cycle.save()
    return cycle


def _notify_added(*, response: QuestionnaireResponse) -> int:
    """Tell the focal points of a State added to an open cycle, each in their own language."""
    cycle = response.cycle
    sent = 0
    for person in focal_points_of(country=response.country):
        with translation.override(person.language or "en"):
            subject = _("New questionnaire: %(cycle)s, deadline %(deadline)s") % {
                "cycle": cycle.name, "deadline": cycle.deadline.isoformat()}
            body = "\n\n".join([
                _("Dear %(name)s,") % {"name": person.get_full_name() or person.username},
                _("%(state)s is asked to answer “%(cycle)s” by %(deadline)s.")
                % {"state": response.country.name, "cycle": cycle.name, "deadline": cycle.deadline.isoformat()},
                _("You will find the questionnaire under “My questionnaires” in tacoord."),
                _("The secretariat (UNODC)"),
            ])
        sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
    return sent


@transaction.atomic
def cycle_add_states(*, user, cycle: ReportingCycle, countries: Iterable) -> list[QuestionnaireResponse]:
    """Ask more States to answer a cycle being prepared or open: one new response each. The focal points of States
    added to an open cycle are told by e-mail once the change is saved. The new responses."""
    _require_secretariat(user, _("Only the secretariat changes the States of a reporting cycle."))
    cycle = ReportingCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status == CycleStatus.CLOSED:
        raise ApplicationError({"countries": [_("The cycle is closed: no State can be added.")]})
    countries = list(dict.fromkeys(countries))
    if not countries:
        raise ApplicationError({"countries": [_("Choose at least one State.")]})
    already = set(cycle.responses.filter(country__in=countries).values_list("country__name_en", flat=True))
    if already:
        raise ApplicationError({"countries": [_("Already in this cycle: %(states)s.")
                                              % {"states": ", ".join(sorted(already))}]})
    added = []
    for country in countries:
        response = QuestionnaireResponse(cycle=cycle, country=country)
        response.full_clean()
        response.save()
        added.append(response)
    if cycle.status == CycleStatus.OPEN:
        transaction.on_commit(lambda: [_notify_added(response=response) for response in added])
    return added


@transaction.atomic
def cycle_remove_states(*, user, cycle: ReportingCycle, countries: Iterable) -> int:
    """Take States out of a cycle that is not closed, only while nobody of theirs has answered anything; all of them
    or none. The number of States taken out."""
    _require_secretariat(user, _("Only the secretariat changes the States of a reporting cycle."))
    cycle = ReportingCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status == CycleStatus.CLOSED:
        raise ApplicationError({"countries": [_("The cycle is closed: its States no longer change.")]})
    countries = list(dict.fromkeys(countries))
    if not countries:
        raise ApplicationError({"countries": [_("Choose at least one State.")]})
    responses = list(QuestionnaireResponse.objects.select_for_update().filter(cycle=cycle, country__in=countries)
                     .select_related("country"))
    errors = []
    missing = {country.pk for country in countries} - {response.country_id for response in responses}
    if missing:
        names = sorted(str(country) for country in countries if country.pk in missing)
        errors.append(_("Not in this cycle: %(states)s.") % {"states": ", ".join(names)})
    untouched = untouched_response_ids(cycle=cycle)
    touched = sorted(str(response.country) for response in responses if response.pk not in untouched)
    if touched:
        errors.append(_("Already answering, so they stay: %(states)s.") % {"states": ", ".join(touched)})
    if errors:
        raise ApplicationError({"countries": errors})
    if len(responses) == cycle.responses.count():
        raise ApplicationError({"countries": [_("A cycle keeps at least one State.")]})
    for response in responses:
        response.delete()  # nothing hangs from an untouched response; the change log records the deletion
    return len(responses)


# Answers


@dataclass(frozen=True)
class AnswerInput:
    """A value someone saves, with the version of the answer they saw (0 when there was none)."""

    key: str
    value: object
    version: int


@dataclass(frozen=True)
class Conflict:
    key: str
    yours: object
    theirs: object
    version: int
    saved_by: object
    saved_at: datetime.datetime | None


class AnswerConflictError(ApplicationError):
    """Someone saved one of the answers since the person loaded it. Nothing of the batch is saved."""

    def __init__(self, conflicts: list[Conflict]):
        super().__init__(_("Someone else saved %(count)d of these answers since you opened them. Nothing was "
                           "saved: compare the two answers, then save yours again or keep theirs.")
                         % {"count": len(conflicts)})
        self.conflicts = conflicts


def _require_answerable(*, user, response: QuestionnaireResponse) -> QuestionnaireResponse:
    if not QuestionnaireResponse.objects.restrict(user, Action.CHANGE).filter(pk=response.pk).exists():
        raise PermissionDeniedError(_("You may not answer for %(state)s.") % {"state": response.country})
    response = QuestionnaireResponse.objects.select_related("cycle__template", "country").get(pk=response.pk)
    if response.cycle.status != CycleStatus.OPEN:
        raise ApplicationError(_("This reporting cycle is not open for answers."))
    if not response.is_editable:
        raise ApplicationError(_("These answers are %(status)s: they can be changed only if the secretariat "
                                 "returns them.") % {"status": response.get_status_display().lower()})
    return response


def _write_answer(*, response, question, index: int, value, expected: int, user, source: str, now) -> Conflict | None:
    """Save one value if the answer is still at the version the person saw; the conflict if it is not."""
    answer = Answer.objects.filter(response=response, question=question, repeat_index=index).first()
    if (answer.value if answer else None) == value or (answer is None and is_empty(value)):
        return None  # the same answer, whoever saved it first: nothing to tell and nothing to keep
    if answer is None and expected == 0:
        try:
            with transaction.atomic():
                answer = Answer.objects.create(response=response, question=question, repeat_index=index,
                                               value=value, version=1, updated_by=user)
        except IntegrityError:
            answer = Answer.objects.get(response=response, question=question, repeat_index=index)
        else:
            AnswerVersion.objects.create(answer=answer, version=1, value=value, saved_at=now, saved_by=user,
                                         source=source)
            return None
    # The version is compared in the UPDATE itself, so of two simultaneous saves only one can win.
    elif answer is not None and Answer.objects.filter(pk=answer.pk, version=expected).update(
            value=value, version=expected + 1, updated_by=user, updated_at=now):
        AnswerVersion.objects.create(answer=answer, version=expected + 1, value=value, saved_at=now,
                                     saved_by=user, source=source)
        return None
    if answer is not None:
        answer.refresh_from_db()
        if answer.value == value:
            return None
    return Conflict(key=answer_key(question.name, index), yours=value,
                    theirs=answer.value if answer else None, version=answer.version if answer else 0,
                    saved_by=answer.updated_by if answer else None, saved_at=answer.updated_at if answer else None)


def answers_clean(*, response, inputs: Iterable[AnswerInput]) -> tuple[list, dict]:
    """[(question, index, value, version)] for the inputs and the answers they would make, or ApplicationError
    with the reasons by answer key. Checks each value against its question's type, choices and constraint."""
    template = response.cycle.template
    form = template_form(template=template)
    lists = template_choices(template=template)
    values = response_answers(response=response)
    errors: dict[str, list[str]] = {}
    cleaned = []
    for item in inputs:
        parsed = parse_key(item.key)
        question = form.by_name.get(parsed[0]) if parsed else None
        if question is None:
            errors[item.key] = [_("There is no question “%(key)s” in this questionnaire.") % {"key": item.key}]
            continue
        name, index = parsed
        if index and (form.repeat_of(question) is None or index > LARGEST_REPEAT_INDEX):
            errors[item.key] = [_("“%(key)s” is not an entry of a repeated group.") % {"key": item.key}]
            continue
        if not isinstance(item.version, int) or isinstance(item.version, bool) or item.version < 0:
            errors[item.key] = [_("The version of the answer you saw is missing.")]
            continue
        allowed = [choice for choice, _label in question_choices(question, lists)]
        try:
            value = clean_value(question, item.value, allowed)
        except ValidationError as error:
            errors[item.key] = error.messages
            continue
        cleaned.append((question, index, value, item.version))
        if is_empty(value):
            values.pop(answer_key(name, index), None)
        else:
            values[answer_key(name, index)] = value
    for question, index, _value, _version in cleaned:
        if not form.constraint_holds(question, index, values):
            key = answer_key(question.name, index)
            message = in_language(question.constraint_message)
            errors.setdefault(key, []).append(message or _("This answer does not meet the question's condition."))
    if errors:
        raise ApplicationError(errors)
    return cleaned, values


def _store_calculations(*, response, values: dict, user, source: str, now) -> None:
    """Store what each calculated question gives from the answers now (a new version where it changed). No one
    types these, so the row is locked rather than compared with a version someone saw."""
    form = template_form(template=response.cycle.template)
    for key, value in form.calculated(values).items():
        if value == values.get(key):
            continue
        name, index = parse_key(key)
        question = form.by_name[name]
        answer = Answer.objects.select_for_update().filter(response=response, question=question,
                                                           repeat_index=index).first()
        _write_answer(response=response, question=question, index=index, value=value,
                      expected=answer.version if answer else 0, user=user, source=source, now=now)


@transaction.atomic
def answers_save(*, user, response: QuestionnaireResponse, inputs: Iterable[AnswerInput],
                 source: str = "web") -> list[Answer]:
    """Save a batch of answers (one question, a section, an uploaded sheet): all of it or none.

    Refused with the reasons by answer key (ApplicationError) when a value is wrong or names no question of this
    questionnaire; refused with the conflicting answers (AnswerConflictError) when someone saved one in between.
    Every saved value is kept as an AnswerVersion.
    """
    response = _require_answerable(user=user, response=response)
    inputs = list(inputs)
    cleaned, values = answers_clean(response=response, inputs=inputs)
    now = timezone.now()
    conflicts = [conflict for question, index, value, version in cleaned
                 if (conflict := _write_answer(response=response, question=question, index=index, value=value,
                                               expected=version, user=user, source=source, now=now))]
    if conflicts:
        raise AnswerConflictError(conflicts)
    _store_calculations(response=response, values=values, user=user, source=source, now=now)
    if response.status == ResponseStatus.NOT_STARTED:
        response.status = ResponseStatus.IN_PROGRESS
        response.full_clean()
        response.save()
    keys = {(question.pk, index) for question, index, _value, _version in cleaned}
    return [answer for answer in Answer.objects.filter(response=response).select_related("question")
            if (answer.question_id, answer.repeat_index) in keys]


@transaction.atomic
def response_upload(*, user, response: QuestionnaireResponse, content: bytes) -> int:
    """Apply a workbook filled in offline (see spreadsheets.py): every row valid and applied, or nothing applied
    and every faulty row named with its reason. The number of answers changed."""
    response = _require_answerable(user=user, response=response)
    errors: list[tuple[int, str]] = []
    inputs, row_of = [], {}

    def refuse(row: int, key: str, reason: str) -> None:
        errors.append((row, _("Row %(row)d (%(key)s): %(reason)s") % {"row": row, "key": key, "reason": reason}))

    for row, key, value, version in workbook_rows(response=response, content=content):
        if isinstance(version, float) and version.is_integer():
            version = int(version)
        if isinstance(version, str) and version.strip().isdecimal():
            version = int(version)
        if key in row_of:
            refuse(row, key, _("this question is already on row %(row)d.") % {"row": row_of[key]})
        elif not isinstance(version, int) or version < 0:
            refuse(row, key, _("the version column was changed; download the questionnaire again."))
        else:
            row_of[key] = row
            inputs.append(AnswerInput(key=key, value=value, version=version))
    try:
        answers_clean(response=response, inputs=inputs)
    except ApplicationError as error:
        for key, messages in error.message_dict.items():
            for message in messages:
                refuse(row_of.get(key, 0), key, message)
    if errors:
        raise ApplicationError([message for _row, message in sorted(errors, key=lambda error: error[0])])
    versions_before = AnswerVersion.objects.filter(answer__response=response).count()
    try:
        answers_save(user=user, response=response, inputs=inputs, source="xlsx")
    except AnswerConflictError as error:
        raise ApplicationError([
            _("Row %(row)d (%(key)s): changed online since you downloaded the file (now: %(theirs)s); download it "
              "again.") % {"row": row_of[conflict.key], "key": conflict.key, "theirs": conflict.theirs}
            for conflict in error.conflicts]) from None
    return AnswerVersion.objects.filter(answer__response=response).count() - versions_before


# Workflow


def _is_focal_point_of(user, response) -> bool:
    return role_of(user) == Role.FOCAL_POINT and user.state_id == response.country_id


def _locked(response) -> QuestionnaireResponse:
    return QuestionnaireResponse.objects.select_for_update().select_related("cycle__template", "country").get(
        pk=response.pk)


@transaction.atomic
def response_submit(*, user, response: QuestionnaireResponse) -> Submission:
    """The focal point sends its State's answers to the secretariat; a snapshot of them is kept."""
    if not _is_focal_point_of(user, response):
        raise PermissionDeniedError(_("Only the national focal point of %(state)s submits its answers.")
                                    % {"state": response.country})
    response = _locked(response)
    if response.cycle.status != CycleStatus.OPEN:
        raise ApplicationError(_("This reporting cycle is not open for answers."))
    if not response.is_editable:
        raise ApplicationError(_("These answers are already %(status)s.")
                               % {"status": response.get_status_display().lower()})
    values = response_answers(response=response)
    errors = template_form(template=response.cycle.template).submission_errors(values)
    if errors:
        raise ApplicationError([_("The answers cannot be submitted yet:"), *errors])
    now = timezone.now()
    submission = Submission(response=response, number=response.submissions.count() + 1, submitted_at=now,
                            submitted_by=user, snapshot=values)
    submission.full_clean()
    submission.save()
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = now
    response.submitted_by = user
    response.full_clean()
    response.save()
    transaction.on_commit(lambda: response_submitted.send(sender=QuestionnaireResponse, response=response,
                                                          submission=submission))
    return submission


@transaction.atomic
def response_return(*, user, response: QuestionnaireResponse, comment: str) -> QuestionnaireResponse:
    """The secretariat sends a submission back to the State with comments; the State may change and resubmit."""
    _require_secretariat(user, _("Only the secretariat returns submissions."))
    comment = (comment or "").strip()
    if not comment:
        raise ApplicationError({"comment": [_("Say what the State should change.")]})
    response = _locked(response)
    if response.status != ResponseStatus.SUBMITTED:
        raise ApplicationError(_("Only submitted answers can be returned; these are %(status)s.")
                               % {"status": response.get_status_display().lower()})
    response.status = ResponseStatus.RETURNED
    response.full_clean()
    response.save()
    entry = ResponseReturn(response=response, submission=response.submissions.order_by("-number").first(),
                           comment=comment, returned_at=timezone.now(), returned_by=user)
    entry.full_clean()
    entry.save()
    return response


@transaction.atomic
def response_accept(*, user, response: QuestionnaireResponse) -> QuestionnaireResponse:
    _require_secretariat(user, _("Only the secretariat accepts submissions."))
    response = _locked(response)
    if response.status != ResponseStatus.SUBMITTED:
        raise ApplicationError(_("Only submitted answers can be accepted; these are %(status)s.")
                               % {"status": response.get_status_display().lower()})
    response.status = ResponseStatus.ACCEPTED
    response.full_clean()
    response.save()
    return response


@transaction.atomic
def response_publish(*, user, response: QuestionnaireResponse, published: bool) -> QuestionnaireResponse:
    """The State makes its answers public (or confidential again): providers and the public may then read them."""
    if not _is_focal_point_of(user, response):
        raise PermissionDeniedError(_("Only the national focal point of %(state)s publishes its answers.")
                                    % {"state": response.country})
    response = _locked(response)
    response.is_published = published
    response.full_clean()
    response.save()
    return response


# Reminders


def reminders_send(*, cycle: ReportingCycle, user=None, today: datetime.date | None = None) -> int:
    """E-mail the focal points of the States that have not submitted, each in their own language. `user` is the
    secretariat officer asking (None from the command line). The number of e-mails sent."""
    if user is not None:
        _require_secretariat(user, _("Only the secretariat sends reminders."))
    if cycle.status != CycleStatus.OPEN:
        raise ApplicationError(_("Reminders go out only for an open cycle."))
    today = today or timezone.localdate()
    sent = 0
    for response in responses_awaiting(cycle=cycle):
        for person in focal_points_of(country=response.country):
            with translation.override(person.language or "en"):
                subject = _("Reminder: %(cycle)s, deadline %(deadline)s") % {
                    "cycle": cycle.name, "deadline": cycle.deadline.isoformat()}
                days = (cycle.deadline - today).days
                timing = (_("The deadline has passed by %(days)d days.") % {"days": -days} if days < 0
                          else _("%(days)d days remain before the deadline.") % {"days": days})
                body = "\n\n".join([
                    _("Dear %(name)s,") % {"name": person.get_full_name() or person.username},
                    _("The answers of %(state)s to “%(cycle)s” have not been submitted yet. %(timing)s")
                    % {"state": response.country.name, "cycle": cycle.name, "timing": timing},
                    _("You will find the questionnaire under “My questionnaires” in tacoord."),
                    _("The secretariat (UNODC)"),
                ])
            sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
    return sent
