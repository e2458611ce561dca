"""A small questionnaire and an open cycle for the two States of the shared world.

    general (loose questions):  staff (integer, required, constraint . >= 0), budget (decimal), since (date)
    legal (group):              status (implementation status, required), measures (text, relevant unless yes),
                                ta_types (select_multiple), detail (nested group): law (text, required)
    cases (repeat):             case_name (text), note_cases (note)
"""

import datetime
from dataclasses import dataclass

import pytest

from tacoord.questionnaires.choices import QuestionType, TemplateStatus
from tacoord.questionnaires.models import Choice, Question, QuestionnaireTemplate
from tacoord.reporting.models import QuestionnaireResponse, ReportingCycle
from tacoord.reporting.services import AnswerInput, answers_save, cycle_create, cycle_open


def make_template(code: str = "sa", status: str = TemplateStatus.PUBLISHED) -> QuestionnaireTemplate:
    template = QuestionnaireTemplate.objects.create(code=code, title={"en": "Self-assessment", "fr": "Auto-évaluation"},
                                                    status=status)
    position = iter(range(100))

    def add(name, kind, parent=None, **fields):
        return Question.objects.create(template=template, parent=parent, position=next(position), name=name,
                                       type=kind, label=fields.pop("label", {"en": name.title()}), **fields)

    add("staff", QuestionType.INTEGER, required=True, constraint=". >= 0",
        constraint_message={"en": "Cannot be negative.", "fr": "Pas de nombre négatif."},
        label={"en": "Staff", "fr": "Personnel"})
    add("budget", QuestionType.DECIMAL)
    add("since", QuestionType.DATE)
    legal = add("legal", QuestionType.GROUP, label={"en": "Legislation", "fr": "Législation"})
    add("status", QuestionType.IMPLEMENTATION_STATUS, legal, required=True)
    add("measures", QuestionType.TEXT, legal, relevant="${status} != 'yes'")
    add("ta_types", QuestionType.SELECT_MULTIPLE, legal, choice_list="ta")
    detail = add("detail", QuestionType.GROUP, legal)
    add("law", QuestionType.TEXT, detail, required=True)
    cases = add("cases", QuestionType.REPEAT)
    add("case_name", QuestionType.TEXT, cases)
    add("note_cases", QuestionType.NOTE, cases)
    for position, name in enumerate(["training", "equipment", "advice"]):
        Choice.objects.create(template=template, list_name="ta", name=name, label={"en": name.title()},
                              position=position)
    return template


@dataclass
class Reporting:
    template: QuestionnaireTemplate
    cycle: ReportingCycle
    response_a: QuestionnaireResponse
    response_b: QuestionnaireResponse


@pytest.fixture
def reporting(world) -> Reporting:
    template = make_template()
    cycle = cycle_create(user=world.secretariat, name="2027 self-assessment", template=template,
                         opens_on=datetime.date(2027, 1, 1), deadline=datetime.date(2027, 6, 30),
                         countries=[world.state_a, world.state_b])
    cycle = cycle_open(user=world.secretariat, cycle=cycle)
    responses = {r.country_id: r for r in cycle.responses.all()}
    return Reporting(template, cycle, responses[world.state_a.pk], responses[world.state_b.pk])


def save(user, response, **values):
    """Save answers as someone who saw no earlier answer (version 0) unless given as (value, version)."""
    inputs = [AnswerInput(key=key, value=value[0], version=value[1]) if isinstance(value, tuple)
              else AnswerInput(key=key, value=value, version=0) for key, value in values.items()]
    return answers_save(user=user, response=response, inputs=inputs)


COMPLETE = {"staff": 12, "status": "no", "measures": "Draft law", "law": "Penal Code s. 3"}
