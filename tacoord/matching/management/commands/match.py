from django.core.management.base import BaseCommand

from tacoord.core.context import change_context
from tacoord.matching.services import matches_compute


class Command(BaseCommand):
    help = "Match needs with providers, activities and experts: only what changed since the last run, or --full."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Score every need against every candidate again.")

    def handle(self, *args, full=False, **options):
        with change_context(user=None, source="command"):
            run = matches_compute(full=full)
        self.stdout.write(f"{'Full' if run.full else 'Incremental'} run: {run.needs_scored} needs scored, "
                          f"{run.candidates_changed} candidates changed, {run.matches_written} matches written "
                          f"in {run.seconds:.1f} s.")
