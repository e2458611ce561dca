from django.core.management.base import BaseCommand, CommandError

from tacoord.core.context import change_context
from tacoord.iati.report import format_report
from tacoord.iati.services import iati_import


class Command(BaseCommand):
    help = "Import IATI activity files (2.01 to 2.03, plain or gzipped) and print the report. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="IATI activity files")
        parser.add_argument("--warnings", action="store_true", help="List every warning, not only their number")
        parser.add_argument("--again", action="store_true",
                            help="Read every file and activity again, skipping none as unchanged (after the reference "
                                 "data changed, say: what was left out as unknown is then taken)")

    def handle(self, *args, paths, warnings, again, **options):
        with change_context(source="import_iati"):
            run = iati_import(paths=paths, user=None, source="import_iati", read_again=again)
        self.stdout.write(format_report(run, warnings=warnings))
        if run.files and all(item.get("refused") for item in run.files):
            raise CommandError("every file was refused")
