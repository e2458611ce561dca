"""Benchmark of matching (issue 5's quality bar): the best 10 candidates of each kind for each of 10 000 needs
against 2 000 providers and 20 000 activities, in under 60 s on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tacoord .venv/bin/python bench/matching.py \
        [--needs 10000] [--providers 2000] [--activities 20000] [--experts 300] [--seed 7]

It makes a scratch database beside DATABASE_URL's (`test_<name>`, dropped at the end), loads the reference data and
generates (seeded) the providers' offers, the activities and the validated needs straight into the tables (the
generation is not what is measured). Then it times `matches_compute(full=True)` — reading the features, scoring, and
writing the matches — with each stage apart, then an incremental run after 100 activities and 100 needs change. In
the same run it times the naive baseline (`scoring.naive_rank`: the same parts, one pair at a time in plain Python)
on a sample of needs against every candidate, scaled up, and checks that both rank the sample alike.
"""

import argparse
import datetime
import os
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tacoord.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

_VOCABULARY = ("mutual legal assistance extradition firearms trafficking persons migrants smuggling corruption money "
         "laundering witness protection asset recovery cybercrime investigation prosecution judges training law "
         "drafting legislation police border control forensic evidence cooperation victims")
WORDS = _VOCABULARY.split()


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def text(rng, n=12) -> str:
    """Words as descriptions use them: a few domain words, and many others with Zipf-like frequencies (a
    vocabulary of thousands, as real descriptions have)."""
    return " ".join(rng.choice(WORDS) if rng.random() < 0.3 else f"term{min(int(rng.paretovariate(0.7)), 5000)}"
                    for _ in range(n))


def generate(args, rng):
    """Providers, activities, experts and needs, written straight into the tables."""
    from tacoord.activities.models import Activity, RecipientCountry
    from tacoord.experts.models import Availability, Expert
    from tacoord.needs.models import Need
    from tacoord.organisations.models import Organisation
    from tacoord.providers.models import ProviderProfile
    from tacoord.reference.models import Article, Country, Language, PriorityArea, Region, TechnicalAssistanceType

    articles = list(Article.objects.filter(is_final_clause=False).values_list("pk", "cluster_id"))
    areas = list(PriorityArea.objects.values_list("pk", flat=True))
    ta_types = list(TechnicalAssistanceType.objects.values_list("pk", flat=True))
    languages = list(Language.objects.filter(is_un_official=True).values_list("pk", flat=True))
    countries = list(Country.objects.filter(un_status="member").values_list("pk", flat=True))
    regions = list(Region.objects.filter(level__in=["region", "sub_region"]).values_list("pk", flat=True))
    kinds = ["donor_agency", "un_entity", "civil_society", "regional_organisation", "academic"]
    organisations = Organisation.objects.bulk_create(
        [Organisation(name=f"Bench provider {i}", kind=rng.choice(kinds)) for i in range(args.providers)],
        batch_size=5000)
    profiles = ProviderProfile.objects.bulk_create(
        [ProviderProfile(organisation=org, summary=text(rng), offers_on_site=rng.random() < 0.7,
                         offers_remote=rng.random() < 0.5, offers_regional_workshop=rng.random() < 0.3,
                         unodc_partnership=rng.choice(["none", "none", "donor", "implementing_partner"]))
         for org in organisations], batch_size=5000)

    def through(relation, owner_field, item_field, owners, pool, low, high):
        rows = [relation.through(**{owner_field: owner.pk, item_field: item})
                for owner in owners for item in rng.sample(pool, rng.randint(low, high))]
        relation.through.objects.bulk_create(rows, batch_size=10000)

    article_ids = [pk for pk, _cluster in articles]
    through(ProviderProfile.articles, "providerprofile_id", "article_id", profiles, article_ids, 1, 6)
    through(ProviderProfile.ta_types, "providerprofile_id", "technicalassistancetype_id", profiles, ta_types, 1, 3)
    through(ProviderProfile.languages, "providerprofile_id", "language_id", profiles, languages, 1, 3)
    through(ProviderProfile.regions, "providerprofile_id", "region_id", profiles, regions, 0, 2)
    through(ProviderProfile.countries, "providerprofile_id", "country_id", profiles, countries, 0, 5)
    through(ProviderProfile.priority_areas, "providerprofile_id", "priorityarea_id", profiles, areas, 0, 2)

    today = datetime.date.today()
    activities = Activity.objects.bulk_create([
        Activity(iati_identifier=f"XM-BENCH-{i}", reporting_organisation=rng.choice(organisations),
                 title={"en": text(rng, 6)}, description={"en": text(rng, 30)},
                 status=rng.choice(["1", "2", "2", "2", "3", "4"]),
                 planned_start=today - datetime.timedelta(days=rng.randint(0, 900)),
                 planned_end=today + datetime.timedelta(days=rng.randint(-300, 900)), default_currency="USD")
        for i in range(args.activities)], batch_size=5000)
    RecipientCountry.objects.bulk_create([RecipientCountry(activity=activity, country_id=country)
                                          for activity in activities
                                          for country in rng.sample(countries, rng.randint(1, 3))], batch_size=10000)
    through(Activity.articles, "activity_id", "article_id", activities, article_ids, 1, 4)
    through(Activity.ta_types, "activity_id", "technicalassistancetype_id", activities, ta_types, 1, 2)
    through(Activity.delivery_languages, "activity_id", "language_id", activities, languages, 1, 2)
    through(Activity.priority_areas, "activity_id", "priorityarea_id", activities, areas, 0, 1)

    experts = Expert.objects.bulk_create([Expert(first_name=f"Expert{i}", last_name="Bench", expertise=text(rng))
                                          for i in range(args.experts)])
    through(Expert.articles, "expert_id", "article_id", experts, article_ids, 1, 5)
    through(Expert.languages, "expert_id", "language_id", experts, languages, 1, 3)
    through(Expert.regions, "expert_id", "region_id", experts, regions, 0, 2)
    Availability.objects.bulk_create([Availability(expert=expert, starts_on=today, ends_on=today
                                                   + datetime.timedelta(days=90))
                                      for expert in experts if rng.random() < 0.5])

    cluster_of = dict(articles)
    # As derivation does (ArticlePriorityArea): an article's needs fall in its one priority area.
    area_of = {article: rng.choice(areas) for article in article_ids}
    needs = []
    for _ in range(args.needs):
        article = rng.choice(article_ids)
        needs.append(Need(country_id=rng.choice(countries), article_id=article, cluster_id=cluster_of[article],
                          priority_area_id=area_of[article], ta_type_id=rng.choice(ta_types), status="validated",
                          description=text(rng, 15)))
    needs = Need.objects.bulk_create(needs, batch_size=5000)
    through(Need.languages, "need_id", "language_id", needs, languages, 1, 2)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return needs, activities


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--needs", type=int, default=10000)
    parser.add_argument("--providers", type=int, default=2000)
    parser.add_argument("--activities", type=int, default=20000)
    parser.add_argument("--experts", type=int, default=300)
    parser.add_argument("--baseline-sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL server: the figures are meant for PostgreSQL.")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args):
    from tacoord.activities.models import Activity
    from tacoord.core.context import change_context
    from tacoord.matching import features, scoring
    from tacoord.matching.models import Match
    from tacoord.matching.services import matches_compute
    from tacoord.needs.models import Need

    rng = random.Random(args.seed)
    print(f"machine: {platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} CPUs · "
          f"Python {platform.python_version()} · PostgreSQL {connection.pg_version / 10000:.0f}")
    print(f"load average at the start: {load()}")
    started = time.perf_counter()
    call_command("load_reference", verbosity=0)
    needs, activities = generate(args, rng)
    print(f"setup: {args.needs} validated needs, {args.providers} providers, {args.activities} activities "
          f"({features.current_activities().count()} planned or under way), {args.experts} experts "
          f"({time.perf_counter() - started:.1f} s)")

    today = datetime.date.today()
    started = time.perf_counter()
    candidates = features.all_candidates(today)
    need_rows = features.need_features(features.open_needs())
    read = time.perf_counter() - started
    started = time.perf_counter()
    matcher = scoring.Matcher(candidates, needs_corpus=[n.text for n in need_rows])
    ranked = list(matcher.rank(need_rows, 10))
    scored = time.perf_counter() - started
    print(f"stages: reading features {read:.1f} s · scoring {len(need_rows)} × {len(candidates)} {scored:.1f} s "
          f"({sum(len(r) for r in ranked)} candidates kept)")

    with change_context(source="bench"):
        started = time.perf_counter()
        run_ = matches_compute(full=True, today=today)
        full = time.perf_counter() - started
    print(f"full run (read + score + write): {full:.1f} s — {run_.matches_written} matches written "
          f"[bar: < 60 s] {'PASS' if full < 60 else 'FAIL'}")

    sample = need_rows[:args.baseline_sample]
    started = time.perf_counter()
    naive = scoring.naive_rank(sample, candidates, limit=10, vectoriser=matcher.vectoriser)
    naive_seconds = time.perf_counter() - started
    print(f"baseline (naive pair-by-pair Python): {len(sample)} needs in {naive_seconds:.1f} s → about "
          f"{naive_seconds * len(need_rows) / len(sample):.0f} s for {len(need_rows)} needs "
          f"(scoring alone; {naive_seconds * len(need_rows) / len(sample) / max(scored, 1e-9):.0f}× the matrices)")
    fast = {n.id: {(s.kind, s.candidate) for s in found} for n, found in zip(need_rows, ranked, strict=True)}
    agree = sum(len(fast[n.id] & {(k, c) for k, c, _s in found}) for n, found in zip(sample, naive, strict=True))
    total = sum(len(found) for found in naive)
    same_scores = sum(
        len(found) == len(expected) and all(abs(s.score - e[2]) < 1e-3 for s, e in zip(found, expected, strict=True))
        for found, expected in zip(ranked, naive, strict=False))
    print(f"same candidates as the baseline on the sample: {agree} of {total}; the same scores in the same order "
          f"for {same_scores} of {len(sample)} needs")

    with change_context(source="bench"):
        changed = rng.sample([a.pk for a in activities], 100)
        Activity.objects.filter(pk__in=changed).update(last_updated=django.utils.timezone.now(), status="2")
        Need.objects.filter(pk__in=[n.pk for n in rng.sample(needs, 100)]).update(
            last_updated=django.utils.timezone.now(), priority="high")
        started = time.perf_counter()
        run_ = matches_compute(today=today)
        incremental = time.perf_counter() - started
    print(f"incremental run after 100 activities and 100 needs changed: {incremental:.1f} s "
          f"({run_.needs_scored} needs scored again, {Match.objects.count()} matches stored)")
    print(f"load average at the end: {load()}")


if __name__ == "__main__":
    main()
