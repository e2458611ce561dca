"""How questionnaire answers become needs: the derivation algorithm, in plain Python.

The Django layer (services.needs_derive) reads a response's answers and the rules, hands them here, and stores the
plan this module returns. Nothing here touches the database, so the rules of derivation can be tested on their own.

A self-assessment has one group per article (`untoc_a5`), holding questions named `{group}_{short name}`. A rule's
condition and question names use the short names (`${status}`, `ta_types`), so one rule serves every group.

The derivation key says which need a rule made from which group:
`{rule id}:{State ISO2}:{template code}:{group}:{TA type code}`. It leaves out the cycle, the response and the
template version on purpose: the same State answering the same questionnaire (code) in a later cycle describes the
same gap, so deriving from the later response updates that need (and keeps its history and its validation) rather
than adding a second one beside it.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

SEPARATOR = ":"

@dataclass(frozen=True)
class Rule:
    """A derivation rule as the algorithm needs it. Question names are short names within a group."""

    id: int
    condition: str
    ta_types_question: str
    priority_question: str = ""
    languages_question: str = ""
    # Several short names separated by spaces: their answers are joined into the need's description.
    description_question: str = ""
    default_priority: str = "medium"


@dataclass(frozen=True)
class Group:
    """One article group of a response: its answers under short names, and the answer row behind each."""

    name: str
    article_id: int | None
    values: Mapping[str, object]
    answer_ids: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DerivedNeed:
    key: str
    rule_id: int
    group: str
    article_id: int | None
    ta_type: str
    priority: str
    languages: tuple[str, ...]
    description: str
    answer_id: int | None
    priority_area_id: int | None = None


@dataclass(frozen=True)
class ExistingNeed:
    """What derivation must know of a stored need with a derivation key."""

    id: int
    key: str
    status: str
    edited_by_person: bool
    archived: bool
    priority: str
    languages: tuple[str, ...]
    description: str
    article_id: int | None
    answer_id: int | None
    response_id: int | None
    priority_area_id: int | None = None


@dataclass
class Plan:
    """What to store: new needs, needs to bring up to date, needs to withdraw, and those left alone."""

    create: list[DerivedNeed] = field(default_factory=list)
    update: list[tuple[ExistingNeed, DerivedNeed]] = field(default_factory=list)
    reopen: list[tuple[ExistingNeed, DerivedNeed]] = field(default_factory=list)
    withdraw: list[ExistingNeed] = field(default_factory=list)
    unchanged: list[ExistingNeed] = field(default_factory=list)
    left_to_people: list[ExistingNeed] = field(default_factory=list)


IDENTIFIED = "identified"
WITHDRAWN = "withdrawn"
PRIORITIES = ("high", "medium", "low")


def derivation_key(*, rule_id: int, country: str, template_code: str, group: str, ta_type: str) -> str:
    return SEPARATOR.join((str(rule_id), country, template_code, group, ta_type))


def key_prefix(*, rule_id: int, country: str, template_code: str) -> str:
    """The start every key of one rule, State and questionnaire shares: the needs one derivation owns."""
    return SEPARATOR.join((str(rule_id), country, template_code, ""))


def key_country(key: str) -> str:
    return key.split(SEPARATOR)[1]


def split_groups(*, values: Mapping[str, object], answer_ids: Mapping[str, int],
                 groups: Mapping[str, tuple[int | None, Iterable[str]]]) -> list[Group]:
    """The article groups of a response, each with its questions' values under the short names.

    `values` and `answer_ids` are keyed by full question name; `groups` maps a group's name to its article and the
    names of its questions. An unanswered question is there as None, so a condition can name it.
    """
    result = []
    for name, (article_id, question_names) in groups.items():
        prefix = f"{name}_"
        names = [key for key in question_names if key.startswith(prefix)]
        short_values = {key[len(prefix):]: values.get(key) for key in names}
        short_ids = {key[len(prefix):]: answer_ids[key] for key in names if key in answer_ids}
        result.append(Group(name=name, article_id=article_id, values=short_values, answer_ids=short_ids))
    return result


def _as_list(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return value.split()  # XLSForm keeps a select_multiple as space-separated names
    return [str(item) for item in value]


def _description(rule: Rule, group: Group) -> str:
    parts = [str(group.values.get(name) or "").strip() for name in rule.description_question.split()]
    return "\n\n".join(part for part in parts if part)


def derive(*, rules: Iterable[Rule], groups: Iterable[Group], country: str, template_code: str,
           is_true: Callable[[str, Mapping[str, object]], bool], ta_types: set[str],
           languages: set[str], priority_areas: Mapping[int, int | None] | None = None) -> list[DerivedNeed]:
    """The needs the rules find in a response's groups.

    `priority_areas` gives the priority area of a need on each article (the secretariat's mapping).
    `is_true(condition, values)` evaluates a condition over a group's short-named values. TA type and language codes
    not in `ta_types` / `languages` (withdrawn from the reference lists, or mistyped in an upload) are left out.
    """
    groups = list(groups)
    derived: dict[str, DerivedNeed] = {}
    for rule in rules:
        for group in groups:
            if not is_true(rule.condition, group.values):
                continue
            priority = str(group.values.get(rule.priority_question) or "") if rule.priority_question else ""
            priority = priority if priority in PRIORITIES else rule.default_priority
            chosen_languages = tuple(sorted({code for code in _as_list(group.values.get(rule.languages_question))
                                             if code in languages})) if rule.languages_question else ()
            description = _description(rule, group)
            for ta_type in dict.fromkeys(_as_list(group.values.get(rule.ta_types_question))):
                if ta_type not in ta_types:
                    continue
                key = derivation_key(rule_id=rule.id, country=country, template_code=template_code,
                                     group=group.name, ta_type=ta_type)
                derived[key] = DerivedNeed(key=key, rule_id=rule.id, group=group.name, article_id=group.article_id,
                                           ta_type=ta_type, priority=priority, languages=chosen_languages,
                                           description=description,
                                           answer_id=group.answer_ids.get(rule.ta_types_question),
                                           priority_area_id=(priority_areas or {}).get(group.article_id))
    return list(derived.values())


def _differs(existing: ExistingNeed, need: DerivedNeed, response_id: int | None) -> bool:
    return (existing.priority, existing.languages, existing.description, existing.article_id, existing.answer_id,
            existing.response_id, existing.priority_area_id) != (
        need.priority, need.languages, need.description, need.article_id, need.answer_id, response_id,
        need.priority_area_id)


def plan(*, derived: Iterable[DerivedNeed], existing: Iterable[ExistingNeed], response_id: int | None) -> Plan:
    """Reconcile what the rules find now with the needs they made before.

    - A person's work wins: a need a person edited or archived is never touched.
    - A need the rules find again is brought up to date; one they had withdrawn is identified again.
    - A need the rules no longer find is withdrawn, but only while the State has not acted on it: once validated,
      being addressed or met, its status is the State's to change.
    """
    result = Plan()
    existing_by_key = {need.key: need for need in existing}
    derived_keys = set()
    for need in derived:
        derived_keys.add(need.key)
        stored = existing_by_key.get(need.key)
        if stored is None:
            result.create.append(need)
        elif stored.edited_by_person or stored.archived:
            result.left_to_people.append(stored)
        elif stored.status == WITHDRAWN:
            result.reopen.append((stored, need))
        elif _differs(stored, need, response_id):
            result.update.append((stored, need))
        else:
            result.unchanged.append(stored)
    for stored in existing_by_key.values():
        if stored.key in derived_keys:
            continue
        if stored.edited_by_person or stored.archived:
            result.left_to_people.append(stored)
        elif stored.status == IDENTIFIED:
            result.withdraw.append(stored)
        else:
            result.unchanged.append(stored)
    return result
