"""`tacoord demo --no-serve` end to end, in a process of its own on a SQLite file of its own."""

import os
import sqlite3
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from tacoord.demo.world import DEMO_PASSWORD, PEOPLE


def run_demo(var_dir) -> subprocess.CompletedProcess:
    """The demo with 3 States besides the five of the world, to keep the test short (the default is 35)."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["TACOORD_VAR_DIR"] = str(var_dir)
    return subprocess.run([sys.executable, "-m", "tacoord", "demo", "--no-serve", "--states", "3"], env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_builds_a_fresh_database_each_time(tmp_path):
    first = run_demo(tmp_path)
    assert first.returncode == 0, first.stderr
    for spec in PEOPLE:
        assert spec.username in first.stdout
    assert DEMO_PASSWORD in first.stdout
    assert "Self-assessment 2026 (open for answers" in first.stdout
    assert "8 States" in first.stdout
    assert "synthetic" in first.stdout.lower()

    database = tmp_path / "tacoord.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("UPDATE organisations_organisation SET name = 'Changed by hand' WHERE acronym = 'FCDO'")
    second = run_demo(tmp_path)
    assert second.returncode == 0, second.stderr
    with sqlite3.connect(database) as db:
        names = [row[0] for row in db.execute("SELECT name FROM organisations_organisation WHERE acronym = 'FCDO'")]
        (countries,) = db.execute("SELECT COUNT(*) FROM reference_country").fetchone()
        (cycles,) = db.execute("SELECT COUNT(*) FROM reporting_reportingcycle").fetchone()
        (needs,) = db.execute("SELECT COUNT(*) FROM needs_need").fetchone()
    assert names == ["Foreign, Commonwealth & Development Office"]
    assert countries > 200
    assert cycles == 2
    assert needs > 0


def test_refuses_to_wipe_a_database_that_is_not_sqlite(monkeypatch):
    monkeypatch.setattr(connections["default"], "vendor", "postgresql")
    with pytest.raises(CommandError, match="--force"):
        call_command("demo", "--no-serve")
