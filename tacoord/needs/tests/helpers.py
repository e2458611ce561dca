"""A small self-assessment answered by a State, built directly from rows (no `load_reference`, no builder)."""

import datetime

from tacoord.questionnaires.choices import QuestionType
from tacoord.questionnaires.models import Question, QuestionnaireTemplate
from tacoord.reference.models import (
    Article,
    Cluster,
    Instrument,
    Language,
    PriorityArea,
    TechnicalAssistanceType,
)
from tacoord.reporting.models import Answer, QuestionnaireResponse, ReportingCycle

SHORT_NAMES = {"status": QuestionType.IMPLEMENTATION_STATUS, "ta_needed": QuestionType.SELECT_ONE,
               "ta_types": QuestionType.SELECT_MULTIPLE, "priority": QuestionType.SELECT_ONE,
               "languages": QuestionType.SELECT_MULTIPLE, "measures": QuestionType.TEXT,
               "challenges": QuestionType.TEXT}


def reference():
    """Two instruments, three articles, TA types and languages."""
    untoc = Instrument.objects.create(code="UNTOC", name_en="Convention", short_name_en="UNTOC", position=1)
    tip = Instrument.objects.create(code="TIP", name_en="Trafficking in Persons Protocol", short_name_en="TIP",
                                    position=2)
    crim = Cluster.objects.create(code="CRIM", name_en="Criminalization", position=1)
    ic = Cluster.objects.create(code="IC", name_en="International cooperation", position=2)
    for number, name in [(2, "Criminal justice responses"), (3, "International cooperation"), (5, "Protocols")]:
        PriorityArea.objects.create(number=number, name_en=name)
    articles = {
        "untoc_a5": Article.objects.create(instrument=untoc, number=5, cluster=crim, name_en="Participation"),
        "untoc_a18": Article.objects.create(instrument=untoc, number=18, cluster=ic, name_en="Mutual legal assistance"),
        "tip_a5": Article.objects.create(instrument=tip, number=5, cluster=crim, name_en="Criminalization"),
    }
    for position, code in enumerate(["legislative-drafting", "training", "legal-advice"]):
        TechnicalAssistanceType.objects.create(code=code, name_en=code.replace("-", " ").capitalize(),
                                               position=position)
    for code, name in [("en", "English"), ("fr", "French"), ("es", "Spanish")]:
        Language.objects.create(code=code, name_en=name, is_un_official=True)
    return articles


def self_assessment(articles, code="self-assessment", version=1):
    template = QuestionnaireTemplate.objects.create(code=code, version=version, title={"en": "Self-assessment"},
                                                    is_self_assessment=True)
    for position, (group_name, article) in enumerate(articles.items()):
        group = Question.objects.create(template=template, name=group_name, type=QuestionType.GROUP,
                                        article=article, position=position * 10)
        for offset, (short, kind) in enumerate(SHORT_NAMES.items(), start=1):
            Question.objects.create(template=template, parent=group, name=f"{group_name}_{short}", type=kind,
                                    choice_list=short if kind in {QuestionType.SELECT_ONE,
                                                                  QuestionType.SELECT_MULTIPLE} else "",
                                    position=position * 10 + offset)
    return template


def cycle(template, name="Cycle 2026", opens_on=datetime.date(2026, 1, 1)):
    return ReportingCycle.objects.create(name=name, template=template, opens_on=opens_on,
                                         deadline=opens_on + datetime.timedelta(days=90), status="open")


def response(cycle, country):
    return QuestionnaireResponse.objects.create(cycle=cycle, country=country, status="in_progress")


def answer(response, **values):
    """Set answers by full question name: answer(r, untoc_a5_status="no")."""
    for name, value in values.items():
        question = Question.objects.get(template=response.cycle.template, name=name)
        Answer.objects.update_or_create(response=response, question=question, repeat_index=0,
                                        defaults={"value": value})


def needing(response, group, *, status="no", ta_types=("training",), priority="high", languages=("fr",),
            challenges="", measures=""):
    answer(response, **{f"{group}_status": status, f"{group}_ta_needed": "yes", f"{group}_ta_types": list(ta_types),
                        f"{group}_priority": priority, f"{group}_languages": list(languages),
                        f"{group}_challenges": challenges, f"{group}_measures": measures})
