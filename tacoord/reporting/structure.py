"""A questionnaire as States answer it: sections, repeat instances, skip logic, progress and what a submission lacks.

Plain Python over the template's questions (any objects with the Question fields) and a {answer key: value} dict;
the services and selectors feed it and store its results. An answer key is the question's name, with `[i]` for the
i-th instance of a repeat (i > 0), as `response_answers` returns them.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tacoord.questionnaires.choices import ANSWERLESS_TYPES, COMPUTED_TYPES, CONTAINER_TYPES, QuestionType
from tacoord.questionnaires.expressions import (
    ExpressionError,
    evaluate,
    evaluation_order,
    is_true,
    referenced_names,
)

KEY_PATTERN = re.compile(r"^(?P<name>[A-Za-z_][\w.-]*)(?:\[(?P<index>\d{1,4})\])?$")
GENERAL_SECTION = ""
# A calculated text is kept no longer than a typed one may be.
LONGEST_CALCULATED_TEXT = 20_000


def answer_key(name: str, index: int = 0) -> str:
    return name if index == 0 else f"{name}[{index}]"


def parse_key(key: str) -> tuple[str, int] | None:
    """(question name, repeat index) of an answer key, or None when it is not one."""
    match = KEY_PATTERN.match(key or "")
    if match is None:
        return None
    return match["name"], int(match["index"] or 0)


def is_empty(value) -> bool:
    return value is None or value == "" or value == []


def expression_holds(expression: str, scope: dict, current=None) -> bool:
    """Whether an XLSForm expression is true. A template's own broken expression never blocks a State: it counts
    as true (the question is asked, the answer accepted) and the template's validation is where it is caught."""
    if not expression:
        return True
    try:
        return is_true(expression, scope, current)
    except ExpressionError:
        return True


@dataclass
class Entry:
    """One question (or group heading) in one repeat instance, as shown on a section page."""

    question: object
    index: int
    depth: int
    relevant: bool

    @property
    def key(self) -> str:
        return answer_key(self.question.name, self.index)

    @property
    def is_heading(self) -> bool:
        return self.question.type in CONTAINER_TYPES

    @property
    def is_answerable(self) -> bool:
        """Whether a person answers it: not a note, group or repeat, nor a value calculated from the answers."""
        return self.question.type not in ANSWERLESS_TYPES and not self.is_calculated

    @property
    def is_calculated(self) -> bool:
        return self.question.type in COMPUTED_TYPES


@dataclass
class SectionProgress:
    name: str
    label: str
    answered: int
    total: int
    required_missing: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


class QuestionnaireForm:
    """A template's questions as a tree. Sections are the top-level groups; questions outside any group form a
    general section of their own, shown first."""

    def __init__(self, questions: Iterable):
        self.questions = sorted(questions, key=lambda q: (q.position, q.pk or 0))
        self.by_name = {q.name: q for q in self.questions}
        self.by_id = {q.pk: q for q in self.questions}
        self.children: dict[int | None, list] = {}
        for question in self.questions:
            self.children.setdefault(question.parent_id, []).append(question)
        self.in_repeat = {q.name: self.repeat_of(q) is not None for q in self.questions
                          if q.type not in ANSWERLESS_TYPES}

    # The tree

    def parent(self, question):
        return self.by_id.get(question.parent_id)

    def repeat_of(self, question):
        """The nearest repeat around a question (or the repeat itself), None outside repeats."""
        node = question
        while node is not None:
            if node.type == QuestionType.REPEAT:
                return node
            node = self.parent(node)
        return None

    def section_of(self, question) -> str:
        node = question
        while node.parent_id is not None:
            node = self.parent(node)
        return node.name if node.type in CONTAINER_TYPES else GENERAL_SECTION

    def sections(self) -> list[tuple[str, object | None]]:
        """(name, heading question) of each section, the general one (heading None) first when there is one."""
        top = self.children.get(None, [])
        result = [(GENERAL_SECTION, None)] if any(q.type not in CONTAINER_TYPES for q in top) else []
        return result + [(q.name, q) for q in top if q.type in CONTAINER_TYPES]

    def section_label(self, name: str) -> str:
        return str(self.by_name[name]) if name else _("General")

    def descendants(self, question) -> Iterator:
        for child in self.children.get(question.pk, []):
            yield child
            yield from self.descendants(child)

    # Answers

    def instance_count(self, repeat, values: dict) -> int:
        """How many entries a repeat has: as many as its highest answered index, and at least one."""
        names = {q.name for q in self.descendants(repeat)}
        highest = 0
        for key in values:
            parsed = parse_key(key)
            if parsed and parsed[0] in names:
                highest = max(highest, parsed[1])
        return highest + 1

    def scope(self, values: dict, index: int = 0) -> dict:
        """The {name: value} an expression sees from repeat instance `index` (its own instance's answers)."""
        return {name: values.get(answer_key(name, index if inside else 0)) for name, inside in self.in_repeat.items()}

    def is_relevant(self, question, index: int, values: dict, scopes: dict | None = None) -> bool:
        scopes = {} if scopes is None else scopes
        node = question
        while node is not None:
            if node.relevant:
                if index not in scopes:
                    scopes[index] = self.scope(values, index)
                if not expression_holds(node.relevant, scopes[index]):
                    return False
            node = self.parent(node)
        return True

    def entries(self, section: str, values: dict, extra_instances: int = 0) -> list[Entry]:
        """Every question and heading of a section, in order, repeats expanded into their instances."""
        if section == GENERAL_SECTION:
            roots = [q for q in self.children.get(None, []) if q.type not in CONTAINER_TYPES]
        else:
            roots = [self.by_name[section]]
        result: list[Entry] = []
        walk = _Walk(self, values, extra_instances, result)
        for root in roots:
            walk(root, 0, 0)
        return result

    def progress(self, values: dict) -> list[SectionProgress]:
        """Per section: answered of the questions asked (relevant and answerable), and the required ones missing."""
        rows = []
        for name, _heading in self.sections():
            asked = [e for e in self.entries(name, values) if e.is_answerable and e.relevant]
            answered = [e for e in asked if not is_empty(values.get(e.key))]
            missing = [e.key for e in asked if e.question.required and is_empty(values.get(e.key))]
            rows.append(SectionProgress(name, self.section_label(name), len(answered), len(asked), missing))
        return rows

    def calculation_order(self) -> list:
        """The calculated questions, each after the calculated ones its calculation uses."""
        calculated = [q for q in self.questions if q.type in COMPUTED_TYPES]
        dependencies = {}
        for question in calculated:
            try:
                dependencies[question.name] = referenced_names(question.calculation)
            except ExpressionError:
                dependencies[question.name] = set()
        try:
            return [self.by_name[name] for name in evaluation_order(dependencies)]
        except ExpressionError:  # a loop the template's checks let through: in reading order
            return calculated

    def calculated(self, values: dict) -> dict[str, object]:
        """{answer key: value} of every calculated question (each entry of a repeat apart) from the answers in
        `values`; None where it is not asked or its calculation gives nothing."""
        values = dict(values)
        result: dict[str, object] = {}
        for question in self.calculation_order():
            repeat = self.repeat_of(question)
            for index in range(self.instance_count(repeat, values) if repeat else 1):
                value = None
                if self.is_relevant(question, index, values):
                    try:
                        value = stored_value(evaluate(question.calculation, self.scope(values, index)))
                    except ExpressionError:
                        value = None
                key = answer_key(question.name, index)
                result[key] = value
                if value is None:
                    values.pop(key, None)
                else:
                    values[key] = value
        return result

    def constraint_holds(self, question, index: int, values: dict) -> bool:
        value = values.get(answer_key(question.name, index))
        if not question.constraint or is_empty(value):
            return True
        return expression_holds(question.constraint, self.scope(values, index), value)

    def submission_errors(self, values: dict) -> list[str]:
        """Why these answers cannot be submitted: required questions asked but unanswered, broken constraints."""
        errors = []
        for name, _heading in self.sections():
            for entry in self.entries(name, values):
                if not (entry.is_answerable and entry.relevant):
                    continue
                label = f"{self.section_label(name)} › {entry.question}"
                if entry.index:
                    label += f" ({entry.index + 1})"
                if entry.question.required and is_empty(values.get(entry.key)):
                    errors.append(_("%(question)s: an answer is required.") % {"question": label})
                elif not self.constraint_holds(entry.question, entry.index, values):
                    errors.append(_("%(question)s: the answer does not meet the question's condition.")
                                  % {"question": label})
        return errors


def stored_value(result):
    """An expression's result as an answer is stored: numbers as numbers, everything else as text, nothing as
    None (ODK keeps calculations as text; numbers stay numbers here so the analysis can count with them)."""
    if isinstance(result, bool):
        return "true" if result else "false"
    if isinstance(result, int | float):
        return result if math.isfinite(result) else None
    if isinstance(result, datetime.date):
        return result.isoformat()
    if isinstance(result, list | tuple | set | frozenset):
        result = " ".join(str(item) for item in result)
    text = str(result)[:LONGEST_CALCULATED_TEXT] if result is not None else ""
    return text or None


@dataclass
class _Walk:
    form: QuestionnaireForm
    values: dict
    extra_instances: int
    result: list
    scopes: dict = field(default_factory=dict)

    def __call__(self, question, index: int, depth: int) -> None:
        form = self.form
        if question.type == QuestionType.REPEAT:
            for instance in range(form.instance_count(question, self.values) + self.extra_instances):
                relevant = form.is_relevant(question, instance, self.values, self.scopes)
                self.result.append(Entry(question, instance, depth, relevant))
                for child in form.children.get(question.pk, []):
                    self(child, instance, depth + 1)
            return
        relevant = form.is_relevant(question, index, self.values, self.scopes)
        self.result.append(Entry(question, index, depth, relevant))
        for child in form.children.get(question.pk, []):
            self(child, index, depth + 1)
