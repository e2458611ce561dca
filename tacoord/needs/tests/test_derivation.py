"""The derivation algorithm on its own, with a stand-in evaluator: no database."""

from tacoord.needs import defaults, derivation
from tacoord.questionnaires.expressions import is_true

RULE = derivation.Rule(id=1, condition="(${status} = 'no' or ${status} = 'yes_in_part') and ${ta_needed} = 'yes'",
                       ta_types_question="ta_types", priority_question="priority", languages_question="languages",
                       description_question="challenges measures")
NAMES = ["status", "ta_needed", "ta_types", "priority", "languages", "challenges", "measures"]


def groups(**answers):
    values = {f"untoc_a5_{key}": value for key, value in answers.items()}
    return derivation.split_groups(values=values, answer_ids={"untoc_a5_ta_types": 99},
                                   groups={"untoc_a5": (5, [f"untoc_a5_{name}" for name in NAMES])})


def derive(**answers):
    return derivation.derive(rules=[RULE], groups=groups(**answers), country="KE", template_code="sa",
                             is_true=is_true, ta_types={"training", "legal-advice"}, languages={"fr", "en"})


def test_one_need_per_ta_type_with_the_answers():
    needs = derive(status="no", ta_needed="yes", ta_types=["training", "legal-advice"], priority="high",
                   languages=["fr", "xx"], challenges="No law yet.", measures="A draft bill.")
    assert [(n.key, n.ta_type, n.priority, n.languages, n.answer_id, n.article_id) for n in needs] == [
        ("1:KE:sa:untoc_a5:training", "training", "high", ("fr",), 99, 5),
        ("1:KE:sa:untoc_a5:legal-advice", "legal-advice", "high", ("fr",), 99, 5)]
    assert needs[0].description == "No law yet.\n\nA draft bill."


def test_condition_not_holding_or_unanswered_gives_nothing():
    assert derive(status="yes", ta_needed="yes", ta_types=["training"]) == []
    assert derive(status="no", ta_needed="no", ta_types=["training"]) == []
    assert derive() == []


def test_unknown_ta_types_left_out_and_priority_defaults():
    needs = derive(status="yes_in_part", ta_needed="yes", ta_types="training bogus", priority="urgent")
    assert [(n.ta_type, n.priority) for n in needs] == [("training", "medium")]


def existing(key, **fields):
    base = {"id": 7, "key": key, "status": "identified", "edited_by_person": False, "archived": False,
            "priority": "high", "languages": ("fr",), "description": "", "article_id": 5, "answer_id": 99,
            "response_id": 1}
    return derivation.ExistingNeed(**{**base, **fields})


def test_plan_updates_withdraws_reopens_and_leaves_people_alone():
    found = derive(status="no", ta_needed="yes", ta_types=["training", "legal-advice"], priority="high",
                   languages=["fr"])
    plan = derivation.plan(derived=found, existing=[
        existing("1:KE:sa:untoc_a5:training", priority="low"),
        existing("1:KE:sa:untoc_a5:legal-advice", status="withdrawn", id=8),
        existing("1:KE:sa:untoc_a6:training", id=9),
        existing("1:KE:sa:untoc_a7:training", id=10, edited_by_person=True),
        existing("1:KE:sa:untoc_a8:training", id=11, status="validated"),
    ], response_id=1)
    assert [e.id for e, _n in plan.update] == [7]
    assert [e.id for e, _n in plan.reopen] == [8]
    assert [e.id for e in plan.withdraw] == [9]
    assert [e.id for e in plan.left_to_people] == [10]
    assert [e.id for e in plan.unchanged] == [11]
    assert plan.create == []


def test_priority_areas():
    assert defaults.priority_area_number(instrument_code="TIP", article_number=5, cluster_code="CRIM") == 5
    assert defaults.priority_area_number(instrument_code="UNTOC", article_number=18, cluster_code="IC") == 3
    assert defaults.priority_area_number(instrument_code="UNTOC", article_number=28, cluster_code="PTA") == 4
    assert defaults.priority_area_number(instrument_code="UNTOC", article_number=5, cluster_code="CRIM") == 2
    assert defaults.priority_area_number(instrument_code="UNTOC", article_number=1, cluster_code="GEN") is None
