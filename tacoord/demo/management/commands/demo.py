"""`tacoord demo`: a fresh database with reference data and the demo world, then a local server on it."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from tacoord.core.context import change_context
from tacoord.demo.reporting import EXTRA_STATES, SEED, demo_reporting_build
from tacoord.demo.steps import demo_steps_run
from tacoord.demo.world import demo_world_build
from tacoord.notifications.services import emails_suppressed

SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


class Command(BaseCommand):
    help = ("Wipe and rebuild the database with reference data and the demo world (States, agencies, UNODC, "
            "providers, one account per role), two reporting cycles of the self-assessment with synthetic answers "
            "and the needs derived from them, print the sign-in names, then serve it on http://127.0.0.1:PORT.")

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Only build the database; do not serve it.")
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (default 8000).")
        parser.add_argument("--force", action="store_true",
                            help="Also wipe a database that is not SQLite (every table in it is dropped).")
        parser.add_argument("--states", type=int, default=EXTRA_STATES,
                            help=f"How many UN Member States answer the self-assessment besides the five of the demo "
                                 f"world (default {EXTRA_STATES}).")
        parser.add_argument("--seed", type=int, default=SEED,
                            help=f"Seed of the synthetic answers: the same seed gives the same answers "
                                 f"(default {SEED}).")

    def handle(self, *args, no_serve: bool, port: int, force: bool, states: int, seed: int, verbosity: int,
               **options):
        if states < 0:
            raise CommandError("--states cannot be negative.")
        self.database_wipe(force=force)
        quiet = max(verbosity - 1, 0)
        call_command("migrate", interactive=False, verbosity=quiet)
        call_command("load_reference", verbosity=quiet)
        # Nobody is e-mailed about what the demo makes; its notifications stay in the application.
        with change_context(user=None, source="demo"), emails_suppressed():
            world = demo_world_build()
            reporting = demo_reporting_build(seed=seed, extra_states=states, people=world.people)
            later_steps = list(demo_steps_run(world=world, seed=seed))
        self.stdout.write(self.style.SUCCESS(
            f"Demo world built: {len(world.organisations)} organisations, {len(world.people)} accounts."))
        for line in reporting.summary():
            self.stdout.write(f"  {line}")
        for line in later_steps:
            self.stdout.write(f"  {line}")
        self.credentials_print(world.credentials())
        if no_serve:
            return
        self.stdout.write(f"Serving on http://127.0.0.1:{port}/ (Ctrl-C stops it), with a background task worker.")
        # The worker derives needs from submissions made while the demo runs, as `tacoord db_worker` does in
        # production; it stops with the server.
        worker = subprocess.Popen([sys.executable, "-m", "tacoord", "db_worker"])
        try:
            # Without the reloader: its child process would run this command, and so rebuild the database, again.
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)

    def database_wipe(self, *, force: bool) -> None:
        """Remove the SQLite file (and its journal files), or with --force drop every table of another database."""
        if connection.vendor == "sqlite":
            name = str(settings.DATABASES["default"]["NAME"])
            connections.close_all()
            if name and name != ":memory:" and not name.startswith("file:"):
                for suffix in SQLITE_COMPANIONS:
                    Path(name + suffix).unlink(missing_ok=True)
                self.stdout.write(f"Building a fresh SQLite database at {name}")
            return
        description = f"{connection.vendor} database {settings.DATABASES['default']['NAME']!r}"
        if not force:
            raise CommandError(f"DATABASE_URL points to the {description}. The demo wipes its database: "
                               "run it on the default SQLite file (unset DATABASE_URL), or add --force.")
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
        self.stdout.write(f"Dropped {len(tables)} tables of the {description}")

    def credentials_print(self, rows: list[tuple[str, str, str, str]]) -> None:
        header = ("Role", "User name", "Password", "Scope")
        widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
        self.stdout.write("")
        for row in (header, None, *rows):
            cells = row or ["-" * width for width in widths]
            self.stdout.write("  ".join(str(v).ljust(w) for v, w in zip(cells, widths, strict=True)).rstrip())
        self.stdout.write("")
