"""`tacoord load_reference`: load or update the reference data from the files in tacoord/reference/data/."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tacoord.core.errors import ApplicationError
from tacoord.reference.services import DATA_DIR, reference_load


class Command(BaseCommand):
    help = ("Load the reference data (countries, regions, the Convention and Protocols with their articles, priority "
            "areas, TA types, languages, sectors, IATI codelists). Safe to run again: unchanged rows are not touched, "
            "changed rows are updated in place and logged, nothing is deleted.")

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR,
                            help=f"Folder of the data files (default {DATA_DIR}).")

    def handle(self, *args, data_dir: Path, verbosity: int, **options):
        try:
            report = reference_load(data_dir=data_dir)
        except ApplicationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if verbosity >= 1:
            self.stdout.write("\n".join(report.lines()))
            self.stdout.write(self.style.SUCCESS("Reference data changed." if report.changed
                                                 else "Reference data was already up to date: nothing changed."))
