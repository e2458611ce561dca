"""The lifecycle of a request for assistance as an explicit state machine (plain Python, no Django).

Stages and the steps between them are data: `step(stage, action)` says where a step leads or raises
IllegalStep. Who may take a step (the State's focal point, the secretariat, a provider the request was circulated
to) is decided by the services; this module only knows which steps exist from which stage.

    draft ─propose→ awaiting approval ─submit→ submitted ─triage→ under triage ─accept→ accepted ─circulate→
    circulated ─(first offer)→ offers received ─agree→ agreed ─start→ in delivery ─complete→ completed
    with: ask clarification ⇄ answer, decline, merge, withdraw, re-open, send back to draft.
"""

from __future__ import annotations

from dataclasses import dataclass

DRAFT = "draft"
AWAITING_APPROVAL = "awaiting_approval"
SUBMITTED = "submitted"
UNDER_TRIAGE = "under_triage"
CLARIFICATION_ASKED = "clarification_asked"
ACCEPTED = "accepted"
DECLINED = "declined"
MERGED = "merged"
CIRCULATED = "circulated"
OFFERS_RECEIVED = "offers_received"
AGREED = "agreed"
IN_DELIVERY = "in_delivery"
COMPLETED = "completed"
WITHDRAWN = "withdrawn"

STAGES = (DRAFT, AWAITING_APPROVAL, SUBMITTED, UNDER_TRIAGE, CLARIFICATION_ASKED, ACCEPTED, CIRCULATED,
          OFFERS_RECEIVED, AGREED, IN_DELIVERY, COMPLETED, DECLINED, MERGED, WITHDRAWN)
# Stages in which the request is with the State before anyone else sees it.
STATE_ONLY = frozenset({DRAFT, AWAITING_APPROVAL})
CLOSED = frozenset({COMPLETED, DECLINED, MERGED, WITHDRAWN})
# Stages in which providers it was circulated to see it and may offer.
OPEN_FOR_OFFERS = frozenset({CIRCULATED, OFFERS_RECEIVED})

# Who acts: the State (its focal point; an agency user only drafts and proposes), the secretariat, the provider.
STATE, FOCAL_POINT, SECRETARIAT, PROVIDER, SYSTEM = "state", "focal_point", "secretariat", "provider", "system"


@dataclass(frozen=True)
class Step:
    action: str
    sources: frozenset[str]
    target: str | None  # None: the stage stays (circulating to more providers)
    actors: frozenset[str]
    needs_note: bool = False


def _step(action, sources, target, actors, needs_note=False) -> Step:
    return Step(action, frozenset(sources), target, frozenset(actors), needs_note)


STEPS: dict[str, Step] = {step.action: step for step in [
    _step("propose", {DRAFT}, AWAITING_APPROVAL, {STATE}),
    _step("send_back", {AWAITING_APPROVAL}, DRAFT, {FOCAL_POINT}, needs_note=True),
    _step("submit", {DRAFT, AWAITING_APPROVAL}, SUBMITTED, {FOCAL_POINT}),
    _step("triage", {SUBMITTED}, UNDER_TRIAGE, {SECRETARIAT}),
    _step("ask_clarification", {SUBMITTED, UNDER_TRIAGE}, CLARIFICATION_ASKED, {SECRETARIAT}, needs_note=True),
    _step("answer_clarification", {CLARIFICATION_ASKED}, UNDER_TRIAGE, {FOCAL_POINT}, needs_note=True),
    _step("accept", {SUBMITTED, UNDER_TRIAGE}, ACCEPTED, {SECRETARIAT}),
    _step("decline", {SUBMITTED, UNDER_TRIAGE, CLARIFICATION_ASKED}, DECLINED, {SECRETARIAT}, needs_note=True),
    _step("merge", {SUBMITTED, UNDER_TRIAGE, CLARIFICATION_ASKED, ACCEPTED}, MERGED, {SECRETARIAT}),
    _step("circulate", {ACCEPTED, CIRCULATED, OFFERS_RECEIVED}, None, {SECRETARIAT}),
    _step("receive_offer", {CIRCULATED, OFFERS_RECEIVED}, OFFERS_RECEIVED, {SYSTEM}),
    _step("agree", {OFFERS_RECEIVED}, AGREED, {FOCAL_POINT, SECRETARIAT}),
    _step("start_delivery", {AGREED}, IN_DELIVERY, {PROVIDER, SECRETARIAT}),
    _step("complete", {IN_DELIVERY}, COMPLETED, {PROVIDER, SECRETARIAT}),
    _step("withdraw", {DRAFT, AWAITING_APPROVAL, SUBMITTED, UNDER_TRIAGE, CLARIFICATION_ASKED, ACCEPTED, CIRCULATED,
                       OFFERS_RECEIVED}, WITHDRAWN, {FOCAL_POINT}, needs_note=True),
    _step("reopen", {DECLINED, WITHDRAWN, AGREED}, None, {FOCAL_POINT, SECRETARIAT}, needs_note=True),
]}

# Where re-opening leads: a declined or withdrawn request goes back to triage; an agreement undone (before
# delivery) goes back to the offers.
REOPEN_TARGET = {DECLINED: UNDER_TRIAGE, WITHDRAWN: UNDER_TRIAGE, AGREED: OFFERS_RECEIVED}


class IllegalStep(Exception):
    """A step that does not exist, or not from this stage."""

    def __init__(self, action: str, stage: str):
        super().__init__(f"{action!r} is not possible from stage {stage!r}")
        self.action = action
        self.stage = stage


def step(stage: str, action: str) -> str:
    """The stage after taking `action` in `stage`, or IllegalStep."""
    found = STEPS.get(action)
    if found is None or stage not in found.sources:
        raise IllegalStep(action, stage)
    if action == "circulate":
        return CIRCULATED if stage == ACCEPTED else stage
    if action == "reopen":
        return REOPEN_TARGET[stage]
    return found.target


def actions_from(stage: str) -> list[str]:
    """The steps that exist from `stage`, in the order of STEPS."""
    return [action for action, found in STEPS.items() if stage in found.sources]


def stage_durations(events: list[tuple[str, float]], now: float) -> dict[str, list[float]]:
    """Days spent in each stage, from a request's entries into stages [(stage, time in seconds), ...] in order; the
    current stage counts until `now`."""
    spent: dict[str, list[float]] = {}
    for (stage, entered), following in zip(events, [*events[1:], (None, now)], strict=True):
        spent.setdefault(stage, []).append(max(0.0, (following[1] - entered) / 86400))
    return spent


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
