"""Benchmark of the who-does-what-where pages with 10 000 activities (issue 4, item 5: views stay fast).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tacoord .venv/bin/python bench/wdww.py [--activities 10000]

It makes a scratch database beside DATABASE_URL's (`test_<name>`, dropped at the end), loads the reference data and
writes synthetic activities straight into the tables (seeded): 40 providers, one to three recipient countries with
percentages, DAC sectors, one or two articles, four transactions each; a third of the activities implement another
one's funds (outgoing disbursement with receiver-activity-id, incoming funds with provider-activity-id), so the
counting once has pairs to find. Then it renders each page 5 times (median) and counts its queries.
"""

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tacoord.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def build(count: int, rng: random.Random) -> None:
    from tacoord.activities import models as m
    from tacoord.needs.choices import NeedStatus
    from tacoord.needs.models import Need
    from tacoord.organisations.choices import OrganisationKind
    from tacoord.organisations.models import Organisation
    from tacoord.reference.models import Article, Country, Sector, TechnicalAssistanceType

    providers = Organisation.objects.bulk_create([
        Organisation(name=f"Bench provider {index}", kind=OrganisationKind.DONOR_AGENCY,
                     iati_identifier=f"XM-BENCH-{index}") for index in range(40)])
    countries = list(Country.objects.filter(un_status="member").order_by("iso2")[:120])
    busy = [country for country in countries if country.iso2 == "KE"] or countries[:1]
    sectors = list(Sector.objects.filter(code__startswith="15").values_list("pk", "code"))[:20]
    articles = list(Article.objects.filter(is_final_clause=False).values_list("pk", flat=True))
    ta_types = list(TechnicalAssistanceType.objects.values_list("pk", flat=True))
    activities = []
    for index in range(count):
        start = datetime.date(2018, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 8))
        activities.append(m.Activity(
            iati_identifier=f"XM-BENCH-A{index}", reporting_organisation=rng.choice(providers),
            title={"en": f"Bench activity {index}"}, planned_start=start,
            planned_end=start + datetime.timedelta(days=rng.randint(90, 1500)), default_currency="USD",
            status=rng.choice("12234"), search_text=f"Bench activity {index}"))
    activities = m.Activity.objects.bulk_create(activities, batch_size=2000)
    rows = {"countries": [], "sectors": [], "transactions": [], "articles": [], "ta_types": []}
    for index, activity in enumerate(activities):
        chosen = rng.sample(countries, rng.choice([1, 1, 2, 3]))
        if index % 10 == 0:
            chosen = busy + [country for country in chosen if country not in busy][:1]
        shares = [Decimal(100) / len(chosen)] * len(chosen)
        rows["countries"] += [m.RecipientCountry(activity=activity, country=country,
                                                 percentage=round(share, 2) if len(chosen) > 1 else None)
                              for country, share in zip(chosen, shares, strict=True)]
        pk, code = rng.choice(sectors)
        rows["sectors"].append(m.ActivitySector(activity=activity, code=code, sector_id=pk, percentage=100))
        for article in rng.sample(articles, rng.choice([1, 2])):
            rows["articles"].append(m.Activity.articles.through(activity_id=activity.pk, article_id=article))
        rows["ta_types"].append(m.Activity.ta_types.through(activity_id=activity.pk,
                                                            technicalassistancetype_id=rng.choice(ta_types)))
        day = activity.planned_start
        rows["transactions"] += [
            m.Transaction(activity=activity, type="2", date=day, value=Decimal(rng.randint(10, 500) * 1000)),
            m.Transaction(activity=activity, type="4", date=day + datetime.timedelta(days=200),
                          value=Decimal(rng.randint(5, 200) * 1000))]
        if index % 3 == 1:  # implements the previous activity's funds
            funder = activities[index - 1]
            value = Decimal(rng.randint(5, 100) * 1000)
            rows["transactions"] += [
                m.Transaction(activity=funder, type="3", date=day, value=value,
                              receiver_activity_id=activity.iati_identifier),
                m.Transaction(activity=activity, type="1", date=day, value=value,
                              provider_activity_id=funder.iati_identifier)]
        else:
            rows["transactions"].append(m.Transaction(activity=activity, type="3", date=day,
                                                      value=Decimal(rng.randint(5, 100) * 1000)))
    m.RecipientCountry.objects.bulk_create(rows["countries"], batch_size=5000)
    m.ActivitySector.objects.bulk_create(rows["sectors"], batch_size=5000)
    m.Transaction.objects.bulk_create(rows["transactions"], batch_size=5000)
    m.Activity.articles.through.objects.bulk_create(rows["articles"], batch_size=5000)
    m.Activity.ta_types.through.objects.bulk_create(rows["ta_types"], batch_size=5000)
    ta_type = TechnicalAssistanceType.objects.first()
    Need.objects.bulk_create([Need(country=busy[0], article_id=article, ta_type=ta_type, status=NeedStatus.VALIDATED)
                              for article in articles[:60]])
    print(f"built {len(activities)} activities, {len(rows['countries'])} country shares, "
          f"{len(rows['transactions'])} transactions; {busy[0].iso2} has "
          f"{sum(1 for row in rows['countries'] if row.country_id == busy[0].pk)} activities")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database (test_<name>) to look into")
    parser.add_argument("--profile", help="profile this page (a path) instead, and print where the time goes")
    args = parser.parse_args()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        run(args)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args):
    from tacoord.core.roles import Role
    from tacoord.users.models import User

    started = time.perf_counter()
    call_command("load_reference", verbosity=0)
    build(args.activities, random.Random(args.seed))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load: the planner needs the row counts
    print(f"setup {time.perf_counter() - started:.1f} s")
    secretariat = User.objects.create(username="bench-secretariat", role=Role.SECRETARIAT)
    client = Client()
    client.force_login(secretariat)
    base = "/activities/who-does-what-where/"
    if args.profile:
        import cProfile
        import pstats

        client.get(args.profile)
        with CaptureQueriesContext(connection) as queries:
            profile = cProfile.Profile()
            profile.enable()
            client.get(args.profile)
            profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:8]:
            print(query["time"], query["sql"][:600])
        return
    pages = [
        ("overview by country", base, {}),
        ("overview by article", base, {"by": "article"}),
        ("overview, one provider", base, {"by": "priority_area", "q": "Bench activity 1"}),
        ("overview, country KE", base, {"country": "KE", "by": "provider"}),
        ("totals CSV", base, {"table": "totals", "export": "csv"}),
        ("map, activities", base + "map/", {}),
        ("map, disbursements", base + "map/", {"measure": "spending"}),
        ("country KE", base + "country/KE/", {}),
        ("country page KE (panels)", "/reference/countries/KE/", {}),
        ("split CSV, country KE", base + "country/KE/", {"export": "csv", "split": "1"}),
    ]
    print(f"{'page':32} {'median ms':>10} {'queries':>8}")
    for name, url, query in pages:
        times = []
        for _attempt in range(args.repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                response = client.get(url, query)
                times.append(time.perf_counter() - began)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{name:32} {statistics.median(times) * 1000:10.0f} {len(queries.captured_queries):8d}")
    print(f"{connection.vendor} · Python {platform.python_version()} · {platform.machine()}")


if __name__ == "__main__":
    main()
