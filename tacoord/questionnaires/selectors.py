"""Reads of questionnaires: a template's outline as a person sees it, filtered as the Omnibus software filtered."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from tacoord.core.models import ObjectChange
from tacoord.core.permissions import Action
from tacoord.questionnaires.models import Choice, Question, QuestionnaireTemplate, in_language


@dataclass
class OutlineRow:
    question: Question
    depth: int
    choices: list[str]


def template_list(*, user) -> QuerySet:
    return QuestionnaireTemplate.objects.restrict(user, Action.VIEW).annotate(
        question_count=Count("questions", filter=~Q(questions__type__in=["begin_group", "begin_repeat"])),
    ).order_by("code", "-version")


def template_outline(*, user, template: QuestionnaireTemplate, questions: QuerySet | None = None) -> list[OutlineRow]:
    """The template's groups and questions in reading order, each with its depth and choice labels.

    `questions`, a filtered queryset of the template's questions, keeps only those, with the groups above them and
    what the groups among them hold.
    """
    every = list(template.questions.restrict(user, Action.VIEW).select_related("article__instrument")
                 .order_by("position"))
    by_id = {question.pk: question for question in every}
    if questions is not None:
        matching = set(questions.values_list("pk", flat=True))
        kept = set(matching)
        for question in every:  # reading order: a group comes before what it holds
            if question.parent_id in kept:
                kept.add(question.pk)
        for pk in matching & by_id.keys():
            parent_id = by_id[pk].parent_id
            while parent_id is not None:
                kept.add(parent_id)
                parent_id = by_id[parent_id].parent_id
        every = [question for question in every if question.pk in kept]
    labels: dict[str, list[str]] = {}
    for choice in template.choices.restrict(user, Action.VIEW).order_by("list_name", "position"):
        labels.setdefault(choice.list_name, []).append(in_language(choice.label) or choice.name)
    depth: dict[int, int] = {}
    rows = []
    for question in every:
        depth[question.pk] = depth.get(question.parent_id, -1) + 1 if question.parent_id else 0
        rows.append(OutlineRow(question, depth[question.pk], labels.get(question.choice_list, [])))
    return rows


def template_history(*, template: QuestionnaireTemplate) -> QuerySet:
    """Every change to a template and to its questions and choices (removed ones included), newest first. The
    caller has checked the user may see the template."""
    parts = ContentType.objects.get_for_models(Question, Choice).values()
    of_parts = Q(changed_object_type__in=parts) & (Q(postchange_data__template_id=template.pk)
                                                   | Q(prechange_data__template_id=template.pk))
    own = Q(changed_object_type=ContentType.objects.get_for_model(QuestionnaireTemplate),
            changed_object_id=str(template.pk))
    return ObjectChange.objects.filter(own | of_parts).select_related("user", "changed_object_type")


def template_choice_lists(*, user, template: QuestionnaireTemplate) -> dict[str, list[Choice]]:
    """The template's choices by list, in order."""
    lists: dict[str, list[Choice]] = {}
    for choice in template.choices.restrict(user, Action.VIEW).order_by("list_name", "position"):
        lists.setdefault(choice.list_name, []).append(choice)
    return lists
