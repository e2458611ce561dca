"""Benchmark of duplicate detection (issue 5's quality bars).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tacoord_dupbench .venv/bin/python bench/duplicates.py
        [--skip-splink] [--skip-scale] [--label N] [--calibrate] [--incremental-db]

DATABASE_URL must name a database that holds the real d-portal set (`tacoord import_iati
../shared/data/iati-dportal/*.gz`; the script imports it when the database has no activities, which takes a few
minutes). It prints, in one run:

- the known funder/implementer pairs: activities whose transactions name another activity of the set as provider- or
  receiver-activity-id (different publishers). A copy of the set is made with every provider-activity-id,
  receiver-activity-id and related-activity removed (in memory, on the records detection reads: the same input an
  import of rewritten files would give), detection runs on it, and recall = known pairs flagged as *same activity*;
- the number of pairs flagged, by kind; the time of the full run (load from the database + detection);
- precision on the hand-labelled sample in bench/duplicates_labels.csv (100 flagged pairs of the final run drawn at
  random, `random.Random(10).sample(findings, 100)`, each labelled with a short reason), overall and per kind;
- splink 5 (Fellegi-Sunter on DuckDB) on the same copy and the same fields: title, description, recipient country,
  start date, reporting organisation, organisations named in transactions, amounts; trained by EM; recall, pairs
  flagged at match probability >= 0.9, time;
- scaling: 10k, 30k and 100k records (the real ones plus perturbed copies: words dropped from titles, dates shifted,
  amounts scaled, identifiers changed), each in its own process, time and peak memory (maxrss);
- incremental: 100 new activities (perturbed copies) on top of the real set, re-scored alone.

`--label N` prints N random flagged pairs (seed $LABEL_SEED, default 10) to label by hand into
bench/duplicates_labels.csv. `--incremental-db` measures the service as the background worker runs it: 100 new
activities saved through `activity_save` on top of the real set, then the incremental run (the copies are deleted).
"""

import csv
import dataclasses
import json
import logging
import os
import platform
import random
import resource
import subprocess
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tacoord.settings")

import django  # noqa: E402

django.setup()
logging.getLogger("splink").setLevel(logging.WARNING)

from tacoord.duplicates import detection  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "iati-dportal"
LABELS = Path(__file__).resolve().parent / "duplicates_labels.csv"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ensure_data():
    from django.core.management import call_command

    from tacoord.activities.models import Activity
    from tacoord.core.context import change_context

    call_command("migrate", verbosity=0)
    if not Activity.objects.exists():
        if not DATA.exists():
            sys.exit(f"{DATA} is missing: nothing to benchmark")
        from tacoord.iati.services import iati_import

        call_command("load_reference", verbosity=0)
        with change_context(source="bench"):
            iati_import(paths=sorted(DATA.glob("*.xml*")), user=None, source="bench")


def known_pairs(records) -> set[tuple[int, int]]:
    by_identifier = {r.identifier: r for r in records}
    known = set()
    for record in records:
        for txn in record.txns:
            for target in (txn.provider_activity_id, txn.receiver_activity_id):
                other = by_identifier.get(target)
                if other is not None and other.id != record.id and not (other.keys & record.keys):
                    known.add(tuple(sorted((record.id, other.id))))
    return known


def stripped_copy(records):
    return [detection.prepare(dataclasses.replace(
        record, related=(), fingerprint="",
        txns=[dataclasses.replace(t, provider_activity_id="", receiver_activity_id="") for t in record.txns]))
        for record in records]


def perturbed(record, index: int, rng: random.Random, new_id: int):
    words = " ".join(text for text in record.title.values())
    parts = words.split()
    if len(parts) > 3:
        parts.pop(rng.randrange(len(parts)))
    shift = timedelta(days=rng.randint(-400, 400))
    factor = Decimal(str(round(rng.uniform(0.5, 2.0), 2)))
    return detection.prepare(dataclasses.replace(
        record, id=new_id, identifier=f"{record.identifier}-COPY{index}", title={"en": " ".join(parts)},
        start=record.start + shift if record.start else None, end=record.end + shift if record.end else None,
        fingerprint="", txns=[dataclasses.replace(t, value=t.value * factor, date=t.date + shift if t.date else None)
                              for t in record.txns]))


def grown(records, size: int, seed: int = 3):
    rng = random.Random(seed)
    result = list(records)
    next_id = max(r.id for r in records) + 1
    index = 0
    while len(result) < size:
        index += 1
        source = records[len(result) % len(records)]
        result.append(perturbed(source, index, rng, next_id))
        next_id += 1
    return result


def splink_run(records, known):
    import duckdb
    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    rows = []
    for record in records:
        named = sorted({t.receiver_org for t in record.txns if t.receiver_org}
                       | {t.provider_org for t in record.txns if t.provider_org})
        amounts = sorted({detection._rounded(t.value) for t in record.txns if t.value})[:50]
        rows.append({"unique_id": record.id, "title": " ".join(record.title.values())[:300].lower(),
                     "description": " ".join(record.description.values())[:500].lower(),
                     "country": sorted(record.countries)[0] if record.countries else None,
                     "start": record.start, "reporter": record.reporter, "orgs": [record.reporter, *named],
                     "amounts": amounts})
    started = time.perf_counter()
    con = duckdb.connect()
    con.register("records_arrow", pa.Table.from_pylist(rows))
    con.execute("create table records as select * from records_arrow")
    api = DuckDBAPI(connection=con)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("title", [0.95, 0.85, 0.7]),
            cl.JaroWinklerAtThresholds("description", [0.95, 0.8]),
            cl.ExactMatch("country"),
            cl.ExactMatch("reporter"),
            cl.ArrayIntersectAtSizes("orgs", [2, 1]),
            cl.ArrayIntersectAtSizes("amounts", [2, 1]),
            cl.AbsoluteDateDifferenceAtThresholds("start", input_is_string=False, metrics=["day", "day"],
                                                  thresholds=[31, 365]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("country"),
            "list_has_any(l.amounts, r.amounts)",
            block_on("substr(title, 1, 12)"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(api.register("records"), settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("country", "substr(title, 1, 8)")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("country"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("substr(title, 1, 12)"))
    predictions = linker.inference.predict(threshold_match_probability=0.9)
    pairs = {tuple(sorted((int(a), int(b)))) for a, b in con.execute(
        f"select unique_id_l, unique_id_r from {predictions.physical_name}").fetchall()}
    seconds = time.perf_counter() - started
    return {"pairs": len(pairs), "recall": round(len(pairs & known) / len(known), 3) if known else None,
            "seconds": round(seconds, 1)}


def child_scale(size: int) -> None:
    """Run in a subprocess: detection over `size` records, print JSON."""
    from tacoord.duplicates.selectors import load_records
    from tacoord.duplicates.services import calibration_load

    records = grown(stripped_copy(load_records()), size)
    calibration = calibration_load(records)
    base = rss_mb()
    started = time.perf_counter()
    findings, stats = detection.detect(records, calibration)
    print(json.dumps({"size": size, "seconds": round(time.perf_counter() - started, 1),
                      "candidates": stats["candidates"], "findings": len(findings),
                      "peak_mb": round(rss_mb()), "before_mb": round(base)}))


def calibrate():
    """Write the lexical null distribution of the real set into tacoord/duplicates/data/calibration.json (the one
    used for sets under 500 activities); the semantic part is measured by embedding titles (see its notes)."""
    from tacoord.duplicates.selectors import load_records
    from tacoord.duplicates.services import CALIBRATION_FILE

    records = stripped_copy(load_records())
    detection.prune_common(records)
    data = json.loads(CALIBRATION_FILE.read_text())
    data["lexical"] = detection.calibrate_lexical(records)
    CALIBRATION_FILE.write_text(json.dumps(data))
    print("lexical quantiles 50/90/99/99.9 %:", [data["lexical"][i] for i in (500, 900, 990, 999)])


def incremental_db(count: int = 100) -> None:
    """The service as the background worker runs it: a warm run, then `count` new activities (copies of real ones,
    saved through `activity_save`) and the run that scores them. The copies are deleted at the end."""
    from django.db import transaction

    from tacoord.activities.models import Activity
    from tacoord.activities.services import activity_save
    from tacoord.core.context import change_context
    from tacoord.duplicates.services import duplicates_detect

    suffix = "-BENCHCOPY"
    Activity.objects.filter(iati_identifier__endswith=suffix).delete()
    started = time.perf_counter()
    report = duplicates_detect(cached=True)
    print(f"incremental (service, worker cache): warm-up run {time.perf_counter() - started:.1f} s, "
          f"{report['changed']} changed")
    rng = random.Random(3)
    pks = rng.sample(list(Activity.objects.filter(archived_at__isnull=True).values_list("pk", flat=True)), count)
    fields = ("type", "date", "value", "currency", "provider_org_ref", "provider_org_name", "receiver_org_ref",
              "receiver_org_name")
    with change_context(source="bench"), transaction.atomic():
        for pk in pks:
            activity = Activity.objects.get(pk=pk)
            children = {
                "recipient_countries": [{"country_id": row.country_id, "percentage": row.percentage}
                                        for row in activity.recipient_countries.all()],
                "transactions": [{name: getattr(row, name) for name in fields} for row in activity.transactions.all()]}
            activity.pk = activity.id = None
            activity.iati_identifier = activity.iati_identifier[:240] + suffix
            activity.title = {code: f"{text} (copy)" for code, text in (activity.title or {}).items()}
            try:
                activity_save(user=None, activity=activity, children=children)
            except Exception:  # noqa: BLE001 - a real activity the form would refuse: left out
                continue
    started = time.perf_counter()
    report = duplicates_detect(cached=True)
    print(f"incremental (service, worker cache): {report['changed']} new activities scored in "
          f"{time.perf_counter() - started:.1f} s (load {report['load_seconds']} s, detection "
          f"{report.get('detect_seconds')} s, {report.get('embeddings_computed', 0)} embeddings computed) (bar < 10 s)")
    Activity.objects.filter(iati_identifier__endswith=suffix).delete()


def print_sample(findings, by_id, count: int):
    rng = random.Random(int(os.environ.get("LABEL_SEED", "10")))
    for finding in rng.sample(findings, min(count, len(findings))):
        a, b = by_id[finding.a], by_id[finding.b]
        print("---", a.identifier, "|", b.identifier, finding.kind, finding.score)
        for record in (a, b):
            print("   ", record.reporter, sorted(record.countries), record.start, record.end,
                  " / ".join(record.title.values())[:150])
        print("   ", [e["signal"] for e in finding.evidence if e["signal"] != "blocks"])


def main():
    args = sys.argv[1:]
    if "--incremental-db" in args:
        incremental_db()
        return
    if "--calibrate" in args:
        calibrate()
        return
    if "--child" in args:
        child_scale(int(args[args.index("--child") + 1]))
        return
    from django.db import connection

    from tacoord.duplicates.selectors import load_records
    from tacoord.duplicates.services import calibration_load

    ensure_data()
    print(f"# duplicates benchmark — {time.strftime('%Y-%m-%d %H:%M')} UTC, {platform.node()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {connection.vendor}, "
          f"load average {os.getloadavg()[0]:.1f}")
    started = time.perf_counter()
    records = load_records()
    load_seconds = time.perf_counter() - started
    known = known_pairs(records)
    copy = stripped_copy(records)
    started = time.perf_counter()
    calibration = calibration_load(copy)
    findings, stats = detection.detect(copy, calibration)
    detect_seconds = time.perf_counter() - started
    by_kind = {}
    for finding in findings:
        by_kind[finding.kind] = by_kind.get(finding.kind, 0) + 1
    same = {(f.a, f.b) for f in findings if f.kind == detection.SAME}
    print(f"activities: {len(records)}; known funder/implementer pairs: {len(known)}")
    print(f"full run without the links: load {load_seconds:.1f} s + detection {detect_seconds:.1f} s "
          f"= {load_seconds + detect_seconds:.1f} s (bar < 60 s); candidates {stats['candidates']}")
    print(f"flagged pairs: {len(findings)} {by_kind}")
    print(f"recall (known pairs flagged as same activity): {len(known & same)}/{len(known)} = "
          f"{len(known & same) / len(known):.3f} (bar >= 0.8)")
    by_id = {r.id: r for r in copy}
    if "--label" in args:
        print_sample(findings, by_id, int(args[args.index("--label") + 1]))
        return
    if LABELS.exists():
        flagged = {(by_id[f.a].identifier, by_id[f.b].identifier): f.kind for f in findings}
        flagged.update({(b, a): kind for (a, b), kind in list(flagged.items())})
        with LABELS.open() as stream:
            labels = list(csv.DictReader(stream))
        right = sum(1 for row in labels if row["correct"] == "1")
        kept = [row for row in labels if (row["activity_a"], row["activity_b"]) in flagged]
        still = len(kept)
        kept_right = sum(1 for row in kept if row["correct"] == "1")
        print(f"precision on {len(labels)} hand-labelled flagged pairs: {right}/{len(labels)} = "
              f"{right / len(labels):.3f} (bar >= 0.8); {still} of them flagged again in this run, "
              f"{kept_right}/{still} of those right")
        for kind in (detection.SAME, detection.OVERLAP, detection.SYNERGY):
            rows = [row for row in labels if row["kind"] == kind]
            if rows:
                good = sum(1 for row in rows if row["correct"] == "1")
                print(f"  {kind}: {good}/{len(rows)} = {good / len(rows):.2f}")
    if "--skip-splink" not in args:
        try:
            result = splink_run(copy, known)
            print(f"splink (DuckDB, EM-trained, p >= 0.9): recall {result['recall']}, pairs {result['pairs']}, "
                  f"{result['seconds']} s  |  tacoord: recall {len(known & same) / len(known):.3f}, pairs "
                  f"{len(findings)} ({len(same)} same), {detect_seconds:.1f} s")
        except Exception as error:  # noqa: BLE001 - the comparison must not hide our own figures
            print(f"splink failed: {error!r}")
    # incremental: 100 new activities
    rng = random.Random(11)
    next_id = max(r.id for r in copy) + 1
    new = [perturbed(rng.choice(copy), i, rng, next_id + i) for i in range(100)]
    started = time.perf_counter()
    detection.detect(copy + new, calibration, changed={r.id for r in new})
    incremental = time.perf_counter() - started
    print(f"incremental, 100 new activities: detection {incremental:.1f} s, + load {load_seconds:.1f} s = "
          f"{incremental + load_seconds:.1f} s (bar < 10 s)")
    if "--skip-scale" not in args:
        for size in (10_000, 30_000, 100_000):
            output = subprocess.run([sys.executable, __file__, "--child", str(size)], capture_output=True, text=True,
                                    env=os.environ)
            line = output.stdout.strip().splitlines()[-1] if output.stdout.strip() else output.stderr[-500:]
            print(f"scale {size}: {line}")


if __name__ == "__main__":
    main()
