"""The demo's reporting cycles: reproducible synthetic answers, the States chosen, each response where its plan
says, needs derived from every submission and partly validated by the States, confidentiality kept.

The reference data, the demo world and a smaller demo reporting step (6 States besides the five of the world) are
built once for the module, in a transaction rolled back at its end; each test runs in a savepoint inside it.
"""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from tacoord.core.context import change_context
from tacoord.core.permissions import Action
from tacoord.core.roles import Role
from tacoord.demo.reporting import (
    CURRENT_CYCLE,
    EARLIER_CYCLE,
    EXTRA_STATES,
    SEED,
    SYNTHETIC,
    UN_LANGUAGE,
    WORLD_STATES,
    answers_generate,
    demo_reporting_build,
    states_choose,
    vocabulary_load,
)
from tacoord.demo.world import demo_world_build
from tacoord.needs.choices import NeedSource, NeedStatus
from tacoord.needs.models import Need
from tacoord.questionnaires.choices import QuestionPart
from tacoord.reference.models import Country
from tacoord.reporting.choices import CycleStatus, ResponseStatus
from tacoord.reporting.models import Answer, AnswerVersion, QuestionnaireResponse, ReportingCycle
from tacoord.reporting.selectors import response_answers
from tacoord.users.models import User

EXTRA = 6
EARLIER_EXTRA = 3
DONE = {ResponseStatus.SUBMITTED, ResponseStatus.ACCEPTED, ResponseStatus.RETURNED}


@pytest.fixture(scope="module")
def _built(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_reference", verbosity=0)
        with change_context(user=None, source="demo"):
            world = demo_world_build()
            reporting = demo_reporting_build(extra_states=EXTRA, earlier_extra_states=EARLIER_EXTRA,
                                             people=world.people)
        yield world, reporting
        transaction.set_rollback(True)


@pytest.fixture
def built(_built, db):
    return _built


@pytest.fixture
def reporting(built):
    return built[1]


@pytest.fixture
def people(built):
    return built[0].people


def plan_of(reporting, iso2):
    return next(plan for plan in reporting.plans if plan.country.iso2 == iso2)


# Reproducible


def test_the_same_seed_gives_the_same_answers_and_another_seed_others(reporting):
    vocabulary = vocabulary_load()
    plan = plan_of(reporting, "NG")
    first = answers_generate(plan=plan, cycle_key="current", vocabulary=vocabulary, seed=SEED)
    again = answers_generate(plan=plan, cycle_key="current", vocabulary=vocabulary, seed=SEED)
    other = answers_generate(plan=plan, cycle_key="current", vocabulary=vocabulary, seed=SEED + 1)
    assert first == again
    assert first != other
    assert {f"untoc_a{n}_status" for n in (5, 6, 18)} <= first.keys()


def test_what_is_stored_is_what_the_seed_generates(reporting):
    vocabulary = vocabulary_load()
    for iso2 in ("NG", "RS"):
        plan = plan_of(reporting, iso2)
        for cycle, key in ((reporting.earlier, "earlier"), (reporting.current, "current")):
            stored = response_answers(response=reporting.response(cycle, iso2))
            assert stored == answers_generate(plan=plan, cycle_key=key, vocabulary=vocabulary, seed=SEED)


def test_states_are_chosen_by_seed_across_regions_with_ldcs_and_sids(reporting):
    states = states_choose(seed=SEED, extra=EXTRA_STATES)
    assert [country.iso2 for country in states] == [country.iso2 for country in states_choose(extra=EXTRA_STATES)]
    assert [country.iso2 for country in states_choose(seed=SEED + 1)] != [country.iso2 for country in states]
    assert len(states) == len({country.iso2 for country in states}) == 40
    assert tuple(country.iso2 for country in states[:5]) == WORLD_STATES
    assert all(country.un_status == "member" for country in states)
    assert sum(country.is_ldc for country in states) >= 8
    assert sum(country.is_sids for country in states) >= 5
    assert {country.region.name_en for country in states} == {"Africa", "Americas", "Asia", "Europe", "Oceania"}
    assert len({country.sub_region_id for country in states}) >= 12


# Cycles and responses


def test_an_earlier_closed_cycle_and_a_current_open_one_say_the_answers_are_synthetic(reporting):
    earlier, current = (ReportingCycle.objects.get(name=name) for name in (EARLIER_CYCLE, CURRENT_CYCLE))
    assert earlier.status == CycleStatus.CLOSED
    assert current.status == CycleStatus.OPEN
    assert current.previous_cycle == earlier
    assert current.deadline > current.opens_on and earlier.deadline < current.opens_on
    assert all("synthetic" in cycle.instructions for cycle in (earlier, current))
    assert current.template == earlier.template == reporting.template
    assert reporting.template.is_self_assessment
    assert current.responses.count() == len(WORLD_STATES) + EXTRA
    assert earlier.responses.count() == len(WORLD_STATES) + EARLIER_EXTRA


def test_each_response_is_where_its_plan_says(reporting):
    for cycle, key in ((reporting.earlier, "earlier"), (reporting.current, "current")):
        statuses = dict(cycle.responses.values_list("country__iso2", "status"))
        expected = {plan.country.iso2: getattr(plan, key) for plan in reporting.plans if getattr(plan, key)}
        assert statuses == expected
    current = Counter(reporting.current.responses.values_list("status", flat=True))
    assert current[ResponseStatus.RETURNED] == 1
    assert current[ResponseStatus.IN_PROGRESS] >= 2  # Colombia and another
    assert current[ResponseStatus.NOT_STARTED] >= 1
    assert current[ResponseStatus.SUBMITTED] + current[ResponseStatus.ACCEPTED] >= len(reporting.plans) / 2
    returned = reporting.current.responses.get(status=ResponseStatus.RETURNED)
    assert returned.return_comment.startswith("[Synthetic demo comment]")
    assert reporting.current.responses.get(country__iso2="KE").status == ResponseStatus.SUBMITTED
    assert reporting.current.responses.get(country__iso2="CO").status == ResponseStatus.IN_PROGRESS


def test_submitted_responses_answer_every_article_and_drafts_part_of_them(reporting):
    articles = reporting.template.questions.filter(part=QuestionPart.STATUS).count()
    for response in reporting.current.responses.all():
        statuses = Answer.objects.filter(response=response, question__part=QuestionPart.STATUS).count()
        if response.status in DONE:
            assert statuses == articles
            assert response.submissions.count() == 1
            assert response.submitted_by.role == Role.FOCAL_POINT
            assert response.submitted_by.state_id == response.country_id
        elif response.status == ResponseStatus.IN_PROGRESS:
            assert 0 < statuses < articles
        else:
            assert statuses == 0


def test_answers_are_plausible_and_marked_synthetic(reporting):
    answers = Answer.objects.filter(response__cycle=reporting.current).select_related("question", "response__country")
    by_part = {}
    for answer in answers:
        by_part.setdefault(answer.question.part, []).append(answer)
    statuses = Counter(answer.value for answer in by_part[QuestionPart.STATUS])
    assert set(statuses) <= {"yes", "yes_in_part", "no", "not_applicable"}
    assert statuses["yes"] and statuses["yes_in_part"] and statuses["no"]
    for part in (QuestionPart.MEASURES, QuestionPart.CHALLENGES, QuestionPart.EXAMPLES):
        assert all(answer.value.startswith(SYNTHETIC) for answer in by_part.get(part, []))
    assert by_part[QuestionPart.MEASURES]
    assert {answer.value for answer in by_part[QuestionPart.PRIORITY]} == {"high", "medium", "low"}
    assert len({code for answer in by_part[QuestionPart.TA_TYPES] for code in answer.value}) >= 8
    for answer in by_part[QuestionPart.LANGUAGES]:
        assert UN_LANGUAGE.get(answer.response.country.iso2, "en") in answer.value
    # Kenya's police drafted the Convention's articles, its focal point the Protocols.
    kenya = reporting.response(reporting.current, "KE")
    savers = {(answer.question.name.split("_")[0], answer.updated_by.username)
              for answer in Answer.objects.filter(response=kenya).select_related("question", "updated_by")}
    assert ("untoc", "agency-ke") in savers and ("tip", "focalpoint-ke") in savers
    assert set(AnswerVersion.objects.filter(answer__response=kenya).values_list("source", flat=True)) == {"demo"}


def test_ldcs_report_more_gaps_than_the_others(reporting):
    gaps = {True: Counter(), False: Counter()}
    for response in QuestionnaireResponse.objects.filter(status__in=DONE).select_related("country"):
        values = response_answers(response=response)
        ldc = response.country.is_ldc or response.country.is_sids
        for key, value in values.items():
            if key.endswith("_status"):
                gaps[ldc]["all"] += 1
                gaps[ldc]["gap"] += value in {"no", "yes_in_part"}
    assert gaps[True]["all"] and gaps[False]["all"]
    assert gaps[True]["gap"] / gaps[True]["all"] > gaps[False]["gap"] / gaps[False]["all"]


# Needs


def test_needs_are_derived_from_every_submission_and_from_no_draft(reporting):
    assert Need.objects.filter(source=NeedSource.QUESTIONNAIRE).count() == reporting.needs_derived > 0
    for response in QuestionnaireResponse.objects.all():
        derived = Need.objects.filter(source_response=response)
        if response.status == ResponseStatus.IN_PROGRESS or response.status == ResponseStatus.NOT_STARTED:
            assert not derived.exists(), response
        elif response.cycle == reporting.current:
            needing = Answer.objects.filter(response=response, question__part=QuestionPart.TA_NEEDED, value="yes")
            assert derived.exists() == needing.exists(), response
    # Colombia is drafting: its needs are still those of its earlier submission.
    colombia = Need.objects.filter(country__iso2="CO").exclude(status=NeedStatus.WITHDRAWN)
    assert colombia.exists()
    assert set(colombia.values_list("source_response__cycle__name", flat=True)) == {EARLIER_CYCLE}


def test_kenya_validated_part_of_its_needs_and_providers_see_only_those(reporting, people):
    kenya = Need.objects.filter(country__iso2="KE", source_response__cycle=reporting.current)
    statuses = Counter(kenya.values_list("status", flat=True))
    assert statuses[NeedStatus.VALIDATED] and statuses[NeedStatus.IDENTIFIED]
    assert set(kenya.filter(status=NeedStatus.VALIDATED).values_list("validated_by__username", flat=True)) == {
        "focalpoint-ke"}
    validated = Need.objects.filter(status=NeedStatus.VALIDATED)
    assert reporting.needs_validated == validated.count()
    assert validated.values("country").distinct().count() >= 3
    for need in validated.select_related("validated_by"):
        assert need.validated_by.state_id == need.country_id

    provider = people["provider-fcdo"]
    seen = Need.objects.restrict(provider, Action.VIEW)
    assert set(seen.values_list("pk", flat=True)) == set(validated.values_list("pk", flat=True))
    assert not QuestionnaireResponse.objects.restrict(provider, Action.VIEW).exists()
    assert not Answer.objects.restrict(provider, Action.VIEW).exists()


def test_extra_states_get_a_focal_point_that_cannot_sign_in(reporting):
    demo_world = {"focalpoint-ke", "focalpoint-co"}
    for iso2, person in reporting.focal_points.items():
        assert person.role == Role.FOCAL_POINT
        assert person.state_id == Country.objects.get(iso2=iso2).pk
        if person.username not in demo_world:
            assert not person.has_usable_password()
            assert person.username == f"focalpoint-{iso2.lower()}"
    assert User.objects.filter(role=Role.FOCAL_POINT).count() == len(WORLD_STATES) + EXTRA


def test_a_second_build_is_refused(reporting):
    with pytest.raises(ValidationError, match="already exist"):
        demo_reporting_build(extra_states=EXTRA)
