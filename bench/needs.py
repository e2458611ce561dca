"""Benchmark of needs derivation and the needs-analysis pages (issue 3's quality bar).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tacoord .venv/bin/python bench/needs.py [--states 193] [--seed 7]

It makes a scratch database beside DATABASE_URL's (`test_<name>`, dropped at the end), loads the reference data,
builds the self-assessment, answers it for every UN Member State (generated, seeded: the same answers each run),
then times:

- derivation of every State's needs with `needs_derive` (target < 10 s), against a baseline measured in the same
  run: the naive way, one ORM query per answer and one `Need.objects.create` (with its change-log signals) per need,
  on a sample of States and scaled up;
- the needs-analysis page and one State's gap analysis, each rendered 20 times (median; target < 300 ms), and the
  analysis page's counting alone, one query per table (the earlier way) against all tables in one statement.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tacoord.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

STATUSES = ["yes", "yes_in_part", "no", "not_applicable"]


def generate_answers(*, template, responses, rng) -> int:
    from tacoord.questionnaires.choices import QuestionType
    from tacoord.questionnaires.models import Question
    from tacoord.reference.models import Language, TechnicalAssistanceType
    from tacoord.reporting.models import Answer

    ta_types = list(TechnicalAssistanceType.objects.values_list("code", flat=True))
    languages = list(Language.objects.filter(is_un_official=True).values_list("code", flat=True))
    groups = Question.objects.filter(template=template, type=QuestionType.GROUP, article__isnull=False)
    questions = {(group.name, child.name[len(group.name) + 1:]): child
                 for group in groups for child in group.children.all()}
    group_names = [group.name for group in groups]
    rows = []
    for response in responses:
        for group in group_names:
            status = rng.choices(STATUSES, weights=[4, 3, 2, 1])[0]
            needed = "yes" if status in {"no", "yes_in_part"} and rng.random() < 0.7 else "no"
            values = {"status": status, "ta_needed": needed, "measures": f"Measures of {group}",
                      "challenges": f"Challenges of {group}" if needed == "yes" else ""}
            if needed == "yes":
                values |= {"ta_types": rng.sample(ta_types, rng.randint(1, 3)),
                           "priority": rng.choice(["high", "medium", "low"]),
                           "languages": rng.sample(languages, rng.randint(1, 2))}
            rows.extend(Answer(response=response, question=questions[(group, short)], value=value, version=1)
                        for short, value in values.items() if (group, short) in questions)
    Answer.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def naive_derive(response, rule):
    """The baseline: what a first attempt does — one query per answer, one create (and its signals) per need."""
    from tacoord.needs.models import Need
    from tacoord.questionnaires.choices import QuestionType
    from tacoord.questionnaires.expressions import is_true
    from tacoord.questionnaires.models import Question
    from tacoord.reference.models import Language, TechnicalAssistanceType
    from tacoord.reporting.models import Answer

    made = 0
    for group in Question.objects.filter(template=response.cycle.template, type=QuestionType.GROUP,
                                         article__isnull=False):
        values = {}
        for question in group.children.all():
            answer = Answer.objects.filter(response=response, question=question).first()
            values[question.name[len(group.name) + 1:]] = answer.value if answer else None
        if not is_true(rule.condition, values):
            continue
        for code in values.get("ta_types") or []:
            need = Need.objects.create(country=response.country, article=group.article,
                                       ta_type=TechnicalAssistanceType.objects.get(code=code),
                                       priority=values.get("priority") or "medium", source="questionnaire",
                                       source_response=response, derived_by=rule)
            need.languages.set(Language.objects.filter(code__in=values.get("languages") or []))
            made += 1
    return made


def median_ms(client, url, runs=20) -> float:
    timings, cpu = [], []
    for _run in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    print(f"  {url}: median CPU in this process {statistics.median(cpu):.0f} ms")
    return statistics.median(timings)


def load() -> str:
    """The 1, 5 and 15 minute load averages: the machine is shared, and figures move with them."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def counting_ms(user, runs=20) -> tuple[float, float]:
    """The analysis page's counting alone: the seven tables one query each (the baseline) and in one statement."""
    from tacoord.needs.selectors import DIMENSIONS, _counts, current_needs

    each, once = [], []
    for _run in range(runs):
        started = time.perf_counter()
        separately = [_counts(current_needs(user=user), [dimension])[0] for dimension in DIMENSIONS]
        each.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        together = _counts(current_needs(user=user), DIMENSIONS)
        once.append((time.perf_counter() - started) * 1000)
        assert separately == together
    return statistics.median(each), statistics.median(once)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--states", type=int, default=193)
    parser.add_argument("--baseline-sample", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL server: the figures are meant for PostgreSQL.")
    # No setup_test_environment(): it instruments every template render for test assertions, which would
    # measure the instrumentation instead of the page.
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args):
    from tacoord.core.context import change_context
    from tacoord.core.roles import Role
    from tacoord.needs.models import Need
    from tacoord.needs.services import needs_derive, needs_derive_cycle, rules_install_default
    from tacoord.questionnaires.services import template_build_self_assessment
    from tacoord.reference.models import Country
    from tacoord.reporting.models import QuestionnaireResponse, ReportingCycle
    from tacoord.users.models import User

    rng = random.Random(args.seed)
    started = time.perf_counter()
    call_command("load_reference", verbosity=0)
    secretariat = User.objects.create(username="bench-secretariat", role=Role.SECRETARIAT)
    template = template_build_self_assessment(user=secretariat)
    rule = rules_install_default()
    cycle = ReportingCycle.objects.create(name="Benchmark cycle", template=template, opens_on="2026-01-01",
                                          deadline="2026-06-30", status="open")
    states = list(Country.objects.filter(un_status="member").order_by("iso2")[:args.states])
    responses = [QuestionnaireResponse.objects.create(cycle=cycle, country=state, status="submitted")
                 for state in states]
    answers = generate_answers(template=template, responses=responses, rng=rng)
    groups = template.questions.filter(article__isnull=False, type="begin_group").count()
    print(f"load average at the start: {load()}")
    print(f"setup: {len(states)} States × {groups} article groups, {answers} answers "
          f"({time.perf_counter() - started:.1f} s)")

    with change_context(source="bench"):
        sample = responses[:args.baseline_sample]
        with transaction.atomic():
            started = time.perf_counter()
            naive_needs = sum(naive_derive(response, rule) for response in sample)
            naive_seconds = time.perf_counter() - started
            transaction.set_rollback(True)
        naive_total = naive_seconds * len(responses) / len(sample)
        print(f"baseline (naive per-answer ORM loop): {naive_needs} needs for {len(sample)} States in "
              f"{naive_seconds:.2f} s → about {naive_total:.1f} s for {len(responses)} States")

        from tacoord.needs import services

        # Baseline 2: the same derivation writing through Django's bulk_create (the previous implementation).
        with transaction.atomic():
            services.USE_COPY = False
            started = time.perf_counter()
            bulk_created = needs_derive_cycle(cycle=cycle).created
            bulk_seconds = time.perf_counter() - started
            services.USE_COPY = True
            transaction.set_rollback(True)
        print(f"baseline (same derivation, bulk_create instead of COPY): {bulk_created} needs in {bulk_seconds:.2f} s")
        print(f"load average before the measured derivation: {load()}")

        if os.environ.get("BENCH_PROFILE"):
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        started, cpu_started = time.perf_counter(), time.process_time()
        created = needs_derive_cycle(cycle=cycle).created
        derive_seconds, derive_cpu = time.perf_counter() - started, time.process_time() - cpu_started
        if os.environ.get("BENCH_PROFILE"):
            profiler.disable()
            profiler.dump_stats(os.environ["BENCH_PROFILE"] + ".derive")
        print(f"needs_derive_cycle, all States: {created} needs in {derive_seconds:.2f} s "
              f"(target < 10 s; {naive_total / derive_seconds:.0f}× faster than the baseline; of which "
              f"{derive_cpu:.2f} s CPU in this process, the rest waiting on PostgreSQL or for a CPU)")

        started = time.perf_counter()
        unchanged = needs_derive_cycle(cycle=cycle).unchanged
        print(f"needs_derive_cycle again, nothing changed: {unchanged} unchanged in "
              f"{time.perf_counter() - started:.2f} s")

        started = time.perf_counter()
        reports = [needs_derive(response=response) for response in responses[:20]]
        print(f"needs_derive one response at a time: {(time.perf_counter() - started) / 20 * 1000:.0f} ms a State")
    assert Need.objects.count() == created

    client = Client()
    client.force_login(secretariat)
    kenya = "KE" if any(state.iso2 == "KE" for state in states) else states[0].iso2
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        client.get("/needs/analysis/")  # warm: imports and template compilation are not what is measured
        cProfile.runctx("client.get('/needs/analysis/')", globals(), locals(), os.environ["BENCH_PROFILE"])
    analysis_ms = median_ms(client, "/needs/analysis/")
    counts_each_ms, counts_once_ms = counting_ms(secretariat)
    print(f"needs-analysis counts: one GROUP BY query per table (the earlier way) median {counts_each_ms:.1f} ms, "
          f"all tables in one statement median {counts_once_ms:.1f} ms")
    gaps_ms = median_ms(client, f"/needs/gaps/{kenya}/")
    print(f"needs-analysis page: median {analysis_ms:.0f} ms of 20 (target < 300 ms)")
    report_ms = median_ms(client, "/needs/analysis/report/?format=pdf")
    print(f"analytical report as PDF: median {report_ms:.0f} ms of 20")
    print(f"gap analysis ({kenya}): median {gaps_ms:.0f} ms of 20 (target < 300 ms)")
    print(f"load average at the end: {load()}")
    print(f"machine: {platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} CPUs · "
          f"Python {platform.python_version()} · PostgreSQL {connection.pg_version}")


if __name__ == "__main__":
    main()
