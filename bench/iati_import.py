"""Benchmark of the IATI import (issue 4's quality bar).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tacoord .venv/bin/python bench/iati_import.py [DIR]

Imports every file of DIR (default ../shared/data/iati-dportal/, 98 gzipped d-portal files, 9,800 activities) into a
scratch database beside DATABASE_URL's (`test_<name>`, dropped at the end), and in the same run times:

- a plain `lxml.etree.iterparse` pass over the same files, clearing each activity (the speed limit);
- tacoord's streaming reader alone (parse, hash, map to the model's shape; no database);
- iatikit's reading of the same files (its activities and their transactions);
- the full import (`iati_import`: reader, validation, organisations, batches, change log, classification), which
  reads in a second process on a machine with several processors (`TACOORD_IATI_READ_AHEAD=false`: in one);
- the re-import of the unchanged set (files recognised by their digest are not read again), and the same once more
  with that memory of files erased, so that each activity is read and compared by its content hash;
- peak resident memory after the import and re-import (before iatikit, which holds whole trees; the reading process
  is measured apart: its peak is printed too).

For the first import it also prints the wall time spent inside database calls (`DatabaseClock`).

Each pass prints wall seconds and CPU seconds of this process, of its reading process, and of its PostgreSQL backend
when the server runs on the same machine: on a shared, loaded machine wall time mostly measures the other processes.

Targets: import at least 1/4 of the plain-parse rate; re-import at least 5 times faster than the first import; peak
memory under 500 MB.
"""

import contextlib
import functools
import gzip
import logging
import os
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tacoord.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from lxml import etree  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "data" / "iati-dportal"


CPU: dict[str, float] = {}


def timed(function, label: str = ""):
    """Wall seconds and the result; the CPU seconds of this process (and of its PostgreSQL backend, when the server
    runs on this machine) go to CPU[label]: on a loaded machine wall time mostly measures the other processes."""
    cpu_start, server_start, children_start = time.process_time(), server_cpu(), children_cpu()
    start = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - start
    CPU[label] = time.process_time() - cpu_start
    CPU[f"{label} children"] = children_cpu() - children_start
    server_end = server_cpu()
    CPU[f"{label} server"] = server_end - server_start if server_start is not None and server_end is not None else None
    return elapsed, result


def children_cpu() -> float:
    """CPU seconds of this process's children that have ended (the import's reading process)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def server_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend (None when not readable here)."""
    if connection.vendor != "postgresql":
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def plain_parse(paths) -> int:
    count = 0
    for path in paths:
        with gzip.open(path) if str(path).endswith(".gz") else open(path, "rb") as stream:
            for _event, element in etree.iterparse(stream, events=("end",), tag="iati-activity",
                                                   resolve_entities=False, no_network=True):
                count += 1
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
    return count


def reader_only(paths) -> int:
    from tacoord.iati.reader import read_activities

    return sum(1 for path in paths for _activity in read_activities(path))


def iatikit_read(paths) -> tuple[int, int]:
    import iatikit

    # It warns once per file that no registry metadata accompanies it; that is expected here.
    logging.getLogger("iatikit").setLevel(logging.ERROR)
    activities = transactions = 0
    for path in paths:
        for activity in iatikit.Dataset(str(path)).activities:
            activities += 1
            transactions += len(activity.etree.findall("transaction"))
    return activities, transactions


def run_import(paths):
    from tacoord.core.context import change_context
    from tacoord.iati.services import iati_import

    with change_context(source="bench"):
        return iati_import(paths=[str(path) for path in paths], user=None, source="bench")


class DatabaseClock:
    """Wall seconds this process spends inside database calls: statements, COPY blocks (the rows written within
    them included) and commits. The import writes through one connection and waits for each call, so this time and
    the process's own work between calls form a chain that more cores do not shorten. Measured by wrapping
    psycopg's `Cursor.execute`, `Cursor.copy` and `Connection.commit` for the benchmark only."""

    def __init__(self):
        self.seconds = 0.0
        self.depth = 0  # a call made within a timed one (a COPY's statement) is not counted twice

    @contextlib.contextmanager
    def _timing(self):
        if self.depth:
            yield
            return
        self.depth += 1
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds += time.perf_counter() - start
            self.depth -= 1

    def _call(self, function):
        @functools.wraps(function)
        def timed_call(*args, **kwargs):
            with self._timing():
                return function(*args, **kwargs)
        return timed_call

    def _block(self, function):
        @contextlib.contextmanager
        @functools.wraps(function)
        def timed_block(*args, **kwargs):
            with self._timing(), function(*args, **kwargs) as block:
                yield block
        return timed_block

    @contextlib.contextmanager
    def running(self):
        import psycopg

        originals = psycopg.Cursor.execute, psycopg.Cursor.copy, psycopg.Connection.commit
        psycopg.Cursor.execute = self._call(originals[0])
        psycopg.Cursor.copy = self._block(originals[1])
        psycopg.Connection.commit = self._call(originals[2])
        try:
            yield self
        finally:
            psycopg.Cursor.execute, psycopg.Cursor.copy, psycopg.Connection.commit = originals


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main():
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR
    paths = sorted(folder.glob("*.xml*"))
    if not paths:
        sys.exit(f"No IATI files in {folder}")
    if connection.vendor != "postgresql":
        print("Warning: not PostgreSQL; the quality bar is measured on PostgreSQL.")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_reference", verbosity=0)
        from tacoord.activities.models import Activity, Transaction

        # Loaded before the clocks start: loading modules (openpyxl among them) is not import work.
        from tacoord.iati import services  # noqa: F401

        plain_time, plain_count = timed(lambda: plain_parse(paths), "plain")
        reader_time, reader_count = timed(lambda: reader_only(paths), "reader")
        with DatabaseClock().running() as database_clock:
            import_time, first = timed(lambda: run_import(paths), "import")
        stored = Activity.objects.count()
        transactions = Transaction.objects.count()
        reimport_time, second = timed(lambda: run_import(paths), "reimport")
        # The same without the memory of whole files: every activity read and compared by its content hash.
        from tacoord.iati.models import ImportedFile

        ImportedFile.objects.all().delete()
        by_activity_time, by_activity = timed(lambda: run_import(paths), "by activity")
        import_peak = peak_mb()
        kit_time, (kit_count, kit_transactions) = timed(lambda: iatikit_read(paths), "iatikit")

        def rate(count, seconds):
            return count / seconds if seconds else float("inf")

        print(f"{len(paths)} files from {folder}")
        server = getattr(connection, "pg_version", "")
        print(f"machine: {platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} cores · "
              f"Python {platform.python_version()} · {connection.vendor} {server}")
        print(f"load average at the end: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
        print(f"{'pass':<34}{'activities':>11}{'seconds':>10}{'act./s':>10}{'CPU s':>10}{'reader CPU s':>14}"
              f"{'server CPU s':>14}")
        rows = [("plain lxml iterparse (limit)", plain_count, plain_time, "plain"),
                ("tacoord reader alone", reader_count, reader_time, "reader"),
                ("iatikit", kit_count, kit_time, "iatikit"),
                ("tacoord import (first)", plain_count, import_time, "import"),
                ("tacoord re-import (unchanged)", plain_count, reimport_time, "reimport"),
                ("  the same, activity by activity", plain_count, by_activity_time, "by activity")]
        for label, count, seconds, key in rows:
            server = CPU.get(f"{key} server")
            server_text = f"{server:>14.2f}" if server is not None else f"{'-':>14}"
            children = CPU.get(f"{key} children") or 0.0
            children_text = f"{children:>14.2f}" if children else f"{'-':>14}"
            print(f"{label:<34}{count:>11}{seconds:>10.2f}{rate(count, seconds):>10.0f}{CPU[key]:>10.2f}"
                  f"{children_text}{server_text}")
        print(f"first import: {first.added} added, {first.updated} updated, {first.unchanged} unchanged, "
              f"{first.rejected} rejected, {first.warnings} warnings; {stored} activities and {transactions} "
              f"transactions stored (iatikit reads {kit_count} activities, {kit_transactions} transactions)")
        print(f"re-import: {second.added} added, {second.updated} updated, {second.unchanged} unchanged, "
              f"{second.rejected} rejected; {sum(1 for item in second.files if item.get('same_file'))} files "
              f"recognised and not read again; activity by activity: {by_activity.unchanged} unchanged")
        import_ratio = rate(plain_count, import_time) / rate(plain_count, plain_time)
        print(f"import / plain parse rate: {import_ratio:.3f} (target >= 0.25)")
        print(f"first import inside database calls (statements, COPY blocks, commits, one after another on one "
              f"connection): {database_clock.seconds:.2f} s of {import_time:.2f} s; 1/4 of the plain-parse rate "
              f"allows {4 * plain_time:.2f} s in all")
        server = CPU.get("import server") or 0.0
        children = CPU.get("import children") or 0.0
        print(f"by CPU time: plain parse / import {CPU['plain'] / (CPU['import'] + children):.3f} (this process and "
              f"its reader), {CPU['plain'] / (CPU['import'] + children + server):.3f} (with its PostgreSQL backend)")
        print(f"import / iatikit rate: {rate(plain_count, import_time) / rate(kit_count, kit_time):.3f}")
        print(f"first import / re-import time: {import_time / reimport_time:.1f}x (target >= 5x); activity by "
              f"activity {import_time / by_activity_time:.1f}x")
        print(f"peak memory through import and re-import: {import_peak:.0f} MB (target < 500 MB), the reading "
              f"process {children_peak_mb():.0f} MB; after iatikit: {peak_mb():.0f} MB")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
