"""Reads of reporting cycles and answers. Callers pass querysets already restricted to what the user may see, or a
user to restrict with; `response_answers` reads one response for a caller that has checked access itself."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tacoord.core.permissions import Action
from tacoord.core.roles import Role
from tacoord.questionnaires.choices import (
    IMPLEMENTATION_STATUS_CHOICES,
    IMPLEMENTATION_STATUS_LIST,
    OTHER_CHOICE,
    QuestionType,
)
from tacoord.questionnaires.models import Choice, in_language
from tacoord.reporting.choices import CycleStatus, ResponseStatus
from tacoord.reporting.models import (
    Answer,
    AnswerVersion,
    QuestionnaireResponse,
    ReportingCycle,
    ResponseReturn,
    Submission,
)
from tacoord.reporting.structure import QuestionnaireForm, SectionProgress, answer_key

DONE_STATUSES = {ResponseStatus.SUBMITTED, ResponseStatus.ACCEPTED}


def template_form(*, template) -> QuestionnaireForm:
    return QuestionnaireForm(template.questions.all())


def template_choices(*, template) -> dict[str, list[tuple[str, str]]]:
    """{list name: [(name, label in the active language)]}; the implementation-status scale is always there."""
    lists: dict[str, list[tuple[str, str]]] = {}
    for choice in Choice.objects.filter(template=template).order_by("list_name", "position"):
        lists.setdefault(choice.list_name, []).append((choice.name, in_language(choice.label) or choice.name))
    lists.setdefault(IMPLEMENTATION_STATUS_LIST, [(name, str(label)) for name, label in IMPLEMENTATION_STATUS_CHOICES])
    return lists


def question_choices(question, lists: dict) -> list[tuple[str, str]]:
    if question.type == QuestionType.IMPLEMENTATION_STATUS:
        return lists.get(question.choice_list or IMPLEMENTATION_STATUS_LIST) or lists[IMPLEMENTATION_STATUS_LIST]
    if question.type in {QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE}:
        other = [(OTHER_CHOICE, _("Other"))] if question.or_other else []
        return lists.get(question.choice_list, []) + other
    return []


def response_answer_rows(*, response) -> dict[str, Answer]:
    """The current Answer rows of a response by answer key."""
    return {answer_key(answer.question.name, answer.repeat_index): answer
            for answer in Answer.objects.filter(response=response).select_related("question", "updated_by")}


def _saved_by(moment: datetime.date | datetime.datetime) -> dict:
    """The filter of the versions saved by `moment`: a day counts to its end, a date and time to that instant (a
    naive one in the current time zone)."""
    if isinstance(moment, datetime.datetime):
        return {"saved_at__lte": moment if timezone.is_aware(moment) else timezone.make_aware(moment)}
    return {"saved_at__lt": timezone.make_aware(
        datetime.datetime.combine(moment + datetime.timedelta(days=1), datetime.time.min))}


def parse_as_of(text: str | None, time_text: str | None = None) -> datetime.date | datetime.datetime | None:
    """The moment of an "as of" view from what a person or client typed: a day (YYYY-MM-DD), a date and time
    (YYYY-MM-DDTHH:MM[:SS], a space also separates them, an offset may follow), or a day and a separate time. None
    when nothing was given; ValueError when it is not a date."""
    text, time_text = (text or "").strip(), (time_text or "").strip()
    if not text:
        if time_text:
            raise ValueError(time_text)
        return None
    if time_text:
        text = f"{text}T{time_text}"
    if "T" not in text and " " not in text:
        return datetime.date.fromisoformat(text)
    return datetime.datetime.fromisoformat(text)


def response_answers(*, response, as_of: datetime.date | datetime.datetime | None = None) -> dict[str, object]:
    """{answer key: value} of a response now, or as saved at `as_of` (a day counts to its end, a date and time to
    that instant). Unanswered questions, and answers emptied since, are left out."""
    if as_of is None:
        rows = Answer.objects.filter(response=response).values_list("question__name", "repeat_index", "value")
        return {answer_key(name, index): value for name, index, value in rows if value not in (None, "", [])}
    values: dict[str, object] = {}
    versions = (AnswerVersion.objects.filter(answer__response=response, **_saved_by(as_of))
                .order_by("answer_id", "version")
                .values_list("answer__question__name", "answer__repeat_index", "value"))
    for name, index, value in versions:
        values[answer_key(name, index)] = value
    return {key: value for key, value in values.items() if value not in (None, "", [])}


def response_progress(*, response, values: dict | None = None) -> list[SectionProgress]:
    values = response_answers(response=response) if values is None else values
    return template_form(template=response.cycle.template).progress(values)


def responses_assigned(*, user):
    """"My questionnaires": the responses of open cycles the user may answer, deadline first."""
    return (QuestionnaireResponse.objects.restrict(user, Action.CHANGE)
            .filter(cycle__status=CycleStatus.OPEN, archived_at__isnull=True)
            .select_related("cycle", "country").order_by("cycle__deadline", "country__name_en"))


@dataclass
class AnswerDifference:
    key: str
    label: str
    before: object
    after: object


def answers_diff(*, form: QuestionnaireForm, before: dict, after: dict) -> list[AnswerDifference]:
    """The answers that differ between two sets of answers (two submissions, or a submission and now)."""
    order = {q.name: i for i, q in enumerate(form.questions)}

    def sort_key(key):
        name, _sep, rest = key.partition("[")
        return order.get(name, len(order)), rest

    keys = sorted((before.keys() | after.keys()), key=sort_key)
    return [AnswerDifference(key, str(form.by_name[key.partition("[")[0]]) if key.partition("[")[0] in form.by_name
                             else key, before.get(key), after.get(key))
            for key in keys if before.get(key) != after.get(key)]


@dataclass
class ResponseRate:
    group: str
    states: int
    submitted: int

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.states) if self.states else 0


RATE_GROUPINGS = {
    "region": lambda country: country.region.name if country.region else _("No region"),
    "sub_region": lambda country: country.sub_region.name if country.sub_region else _("No sub-region"),
    "ldc": lambda country: _("Least developed countries") if country.is_ldc else _("Other States"),
    "sids": lambda country: _("Small island developing States") if country.is_sids else _("Other States"),
}


def cycle_response_rates(*, user, cycle, by: str) -> list[ResponseRate]:
    """Submitted (or accepted) responses of the States the user may see, grouped by region, sub-region, LDC or
    SIDS, with the whole cycle last."""
    grouping = RATE_GROUPINGS[by]
    responses = (QuestionnaireResponse.objects.restrict(user, Action.VIEW).filter(cycle=cycle)
                 .select_related("country__region", "country__sub_region"))
    groups: dict[str, ResponseRate] = {}
    total = ResponseRate(_("All States"), 0, 0)
    for response in responses:
        group = str(grouping(response.country))
        row = groups.setdefault(group, ResponseRate(group, 0, 0))
        done = response.status in DONE_STATUSES
        for counter in (row, total):
            counter.states += 1
            counter.submitted += done
    return [*sorted(groups.values(), key=lambda rate: rate.group), total]


def responses_overdue(*, user, cycle=None, today: datetime.date | None = None):
    """Responses of open cycles whose deadline has passed without a submission."""
    today = today or timezone.localdate()
    responses = (QuestionnaireResponse.objects.restrict(user, Action.VIEW)
                 .filter(cycle__status=CycleStatus.OPEN, cycle__deadline__lt=today, archived_at__isnull=True)
                 .exclude(status__in=DONE_STATUSES).select_related("cycle", "country")
                 .order_by("cycle__deadline", "country__name_en"))
    return responses.filter(cycle=cycle) if cycle is not None else responses


def responses_awaiting(*, cycle):
    """Responses of an open cycle not yet submitted: the States a reminder goes to."""
    return (QuestionnaireResponse.objects.filter(cycle=cycle, cycle__status=CycleStatus.OPEN,
                                                 archived_at__isnull=True)
            .exclude(status__in=DONE_STATUSES).select_related("country", "cycle"))


def focal_points_of(*, country):
    """The active accounts of a State's national focal point, with an e-mail address."""
    return (get_user_model().objects.filter(role=Role.FOCAL_POINT, is_active=True, archived_at__isnull=True,
                                            organisation__country=country, organisation__is_focal_point=True,
                                            organisation__archived_at__isnull=True)
            .exclude(Q(email="") | Q(email__isnull=True)))


def cycles_open():
    return ReportingCycle.objects.filter(status=CycleStatus.OPEN, archived_at__isnull=True)


def response_returns(*, user, response):
    """Every return of a response with its comment, who and when, oldest first: for the secretariat and that
    State's users only (empty for anyone else)."""
    return (ResponseReturn.objects.restrict(user, Action.VIEW).filter(response=response)
            .select_related("returned_by", "submission").order_by("returned_at", "pk"))


def untouched_response_ids(*, cycle) -> set[int]:
    """The responses of a cycle nobody has answered, submitted or been returned: their States can still be taken
    out of the cycle (one query, for the cycle page)."""
    def hanging(model):
        return Exists(model.objects.filter(response=OuterRef("pk")))

    return set(QuestionnaireResponse.objects.filter(cycle=cycle, status=ResponseStatus.NOT_STARTED)
               .exclude(hanging(Answer)).exclude(hanging(Submission)).exclude(hanging(ResponseReturn))
               .values_list("pk", flat=True))
