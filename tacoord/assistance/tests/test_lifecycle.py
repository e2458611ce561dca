import pytest

from tacoord.assistance import lifecycle as lc


def test_main_path_is_a_chain_of_legal_steps():
    stage = lc.DRAFT
    for action in ["propose", "submit", "triage", "accept", "circulate", "receive_offer", "agree", "start_delivery",
                   "complete"]:
        stage = lc.step(stage, action)
    assert stage == lc.COMPLETED


@pytest.mark.parametrize(("stage", "action"), [
    (lc.DECLINED, "agree"), (lc.DRAFT, "circulate"), (lc.COMPLETED, "withdraw"), (lc.MERGED, "reopen"),
    (lc.SUBMITTED, "receive_offer"), (lc.DRAFT, "no_such_step"), (lc.IN_DELIVERY, "submit")])
def test_illegal_steps_are_refused(stage, action):
    with pytest.raises(lc.IllegalStep):
        lc.step(stage, action)


def test_circulating_again_and_reopening():
    assert lc.step(lc.ACCEPTED, "circulate") == lc.CIRCULATED
    assert lc.step(lc.OFFERS_RECEIVED, "circulate") == lc.OFFERS_RECEIVED
    assert lc.step(lc.DECLINED, "reopen") == lc.UNDER_TRIAGE
    assert lc.step(lc.AGREED, "reopen") == lc.OFFERS_RECEIVED


def test_every_stage_but_the_closed_ones_has_a_way_out():
    for stage in lc.STAGES:
        if stage not in {lc.COMPLETED, lc.MERGED}:
            assert lc.actions_from(stage), stage


def test_durations_and_median():
    day = 86400
    spent = lc.stage_durations([(lc.DRAFT, 0), (lc.SUBMITTED, 2 * day), (lc.UNDER_TRIAGE, 5 * day)], now=6 * day)
    assert spent == {lc.DRAFT: [2.0], lc.SUBMITTED: [3.0], lc.UNDER_TRIAGE: [1.0]}
    assert lc.median([3, 1, 2]) == 2 and lc.median([1, 2, 3, 4]) == 2.5 and lc.median([]) is None
