"""Benchmark of the requests pipeline and a request's page with 20 000 requests (issue 6: each under 300 ms).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tacoord .venv/bin/python bench/requests.py [--requests 20000]

It makes a scratch database beside DATABASE_URL's (`test_<name>`, dropped at the end), loads the reference data and
writes synthetic requests straight into the tables (seeded): 120 States, every stage, each request's history of
steps along the state machine (about 6 per request), offers from 40 providers on those circulated (one to four each,
joint ones among them) and the providers they were circulated to. It then renders each page 20 times as the
secretariat (median) and counts its queries, beside baselines measured in the same run: the same pipeline figures
computed naively in Python from every request and step, and a plain detail page (an organisation's).
"""

import sys
from pathlib import Path

# This file's name is the `requests` library's: bench/ must not shadow it, neither for this script (sys.path[0] is
# bench/) nor for another benchmark run from bench/ whose imports reach `import requests` (DRF's test client).
_BENCH = Path(__file__).resolve().parent
_PATH = [entry for entry in sys.path if Path(entry or ".").resolve() != _BENCH]
if __name__ != "__main__":
    import importlib

    _saved = sys.path[:]
    sys.path[:] = _PATH
    del sys.modules[__name__]
    sys.modules[__name__] = importlib.import_module(__name__)
    sys.path[:] = _saved
else:
    sys.path[:] = [str(_BENCH.parent), *_PATH]

import argparse  # noqa: E402
import datetime  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from decimal import Decimal  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tacoord.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

MAIN_PATH = ["draft", "awaiting_approval", "submitted", "under_triage", "accepted", "circulated", "offers_received",
             "agreed", "in_delivery", "completed"]
SIDE = {"clarification_asked": 4, "declined": 4, "merged": 4, "withdrawn": 6}  # stage: steps of MAIN_PATH before


def build(count: int, rng: random.Random):
    from tacoord.assistance.models import Offer, Request, RequestStep
    from tacoord.organisations.choices import OrganisationKind
    from tacoord.organisations.models import Organisation
    from tacoord.reference.models import Country

    providers = Organisation.objects.bulk_create([
        Organisation(name=f"Bench provider {index}", kind=OrganisationKind.DONOR_AGENCY,
                     iati_identifier=f"XM-BENCH-{index}") for index in range(40)])
    countries = list(Country.objects.filter(un_status="member").order_by("iso2")[:120])
    now = timezone.now()
    finals = MAIN_PATH + list(SIDE)
    weights = [3, 2, 4, 4, 2, 3, 5, 5, 4, 6, 2, 3, 1, 2]
    requests, plans = [], []
    for index in range(count):
        final = rng.choices(finals, weights=weights)[0]
        path = MAIN_PATH[:MAIN_PATH.index(final) + 1] if final in MAIN_PATH else MAIN_PATH[:SIDE[final]] + [final]
        moment = now - datetime.timedelta(days=rng.randint(30, 900))
        times = []
        for _stage in path:
            times.append(moment)
            moment = min(now, moment + datetime.timedelta(days=rng.expovariate(1 / 12), hours=rng.randint(0, 23)))
        requests.append(Request(country=rng.choice(countries), title=f"Bench request {index}", stage=final,
                                stage_since=times[-1], urgency=rng.choice(["low", "medium", "high"]),
                                context="Synthetic benchmark request", synthetic=True))
        plans.append((path, times))
    requests = Request.objects.bulk_create(requests, batch_size=2000)
    steps, offers, circulations = [], [], []
    through = Request.circulated_to.through
    for request, (path, times) in zip(requests, plans, strict=True):
        for position, stage in enumerate(path):
            previous = path[position - 1] if position else ""
            days = (times[position] - times[position - 1]).total_seconds() / 86400 if position else None
            steps.append(RequestStep(request=request, action="bench", from_stage=previous, to_stage=stage,
                                     at=times[position], days_in_stage=days))
        if "circulated" in path:
            chosen = rng.sample(providers, k=rng.randint(2, 5))
            circulations += [through(request_id=request.pk, organisation_id=p.pk) for p in chosen]
            if "offers_received" in path:
                for number, provider in enumerate(chosen[:rng.randint(1, 4)]):
                    status = "accepted" if number == 0 and "agreed" in path else (
                        "declined" if "agreed" in path else "submitted")
                    offers.append(Offer(request=request, provider=provider, scope="Bench offer", status=status,
                                        budget=Decimal(rng.randrange(10000, 500000, 1000)), currency="USD"))
    RequestStep.objects.bulk_create(steps, batch_size=5000)
    through.objects.bulk_create(circulations, batch_size=5000)
    offers = Offer.objects.bulk_create(offers, batch_size=5000)
    joint = Offer.co_providers.through
    joint.objects.bulk_create([joint(offer_id=offer.pk, organisation_id=providers[(offer.provider_id + 1) % 40].pk)
                               for offer in offers[::7]], batch_size=5000)
    print(f"built {len(requests)} requests, {len(steps)} steps, {len(offers)} offers, "
          f"{len(circulations)} circulations")
    busiest = Counter(offer.request_id for offer in offers).most_common(1)[0][0]
    return busiest


def naive_pipeline():
    """The baseline: every request and step into Python, counted and medians taken there."""
    from tacoord.assistance import lifecycle as lc
    from tacoord.assistance.models import Request, RequestStep

    per_stage, by_state = Counter(), defaultdict(Counter)
    for stage, country in Request.objects.values_list("stage", "country_id"):
        per_stage[stage] += 1
        by_state[country][stage] += 1
    durations = defaultdict(list)
    for stage, days in RequestStep.objects.filter(days_in_stage__isnull=False).values_list("from_stage",
                                                                                             "days_in_stage"):
        durations[stage].append(days)
    return per_stage, by_state, {stage: lc.median(values) for stage, values in durations.items()}


def timed(function, repeat):
    times = []
    for _attempt in range(repeat):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database (test_<name>) to look into")
    args = parser.parse_args()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        run(args)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args):
    from tacoord.core.roles import Role
    from tacoord.organisations.models import Organisation
    from tacoord.users.models import User

    started = time.perf_counter()
    call_command("load_reference", verbosity=0)
    busiest = build(args.requests, random.Random(args.seed))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would after a bulk load (row counts, visibility map)
    print(f"setup {time.perf_counter() - started:.1f} s")
    secretariat = User.objects.create(username="bench-secretariat", role=Role.SECRETARIAT)
    client = Client()
    client.force_login(secretariat)
    organisation = Organisation.objects.order_by("pk").first()
    pages = [
        ("pipeline page", "/requests/pipeline/", {}),
        ("pipeline page, one State (KE)", "/requests/pipeline/", {"country": "KE"}),
        ("pipeline CSV", "/requests/pipeline/", {"export": "csv"}),
        ("request page (most offers)", f"/requests/{busiest}/", {}),
        ("request list, first page", "/requests/", {}),
        ("public statistics", "/requests/statistics/", {}),
        ("baseline: organisation page", f"/organisations/{organisation.pk}/", {}),
    ]
    print(f"{'page':34} {'median ms':>10} {'queries':>8}")
    for name, url, query in pages:
        client.get(url, query)  # warm
        times = []
        for _attempt in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                response = client.get(url, query)
                times.append(time.perf_counter() - began)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{name:34} {statistics.median(times) * 1000:10.0f} {len(queries.captured_queries):8d}")
    print(f"{'baseline: naive pipeline in Python':34} {timed(naive_pipeline, max(3, args.repeat // 4)):10.0f}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{connection.vendor} · Python {platform.python_version()} · {platform.machine()} · "
          f"{os.cpu_count()} cores · load {load:.1f} · {datetime.date.today().isoformat()}")


if __name__ == "__main__":
    main()
