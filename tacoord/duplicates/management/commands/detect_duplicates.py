from django.core.management.base import BaseCommand

from tacoord.core.context import change_context
from tacoord.duplicates.services import duplicates_detect


class Command(BaseCommand):
    help = ("Detect activities reported twice, overlapping or to be coordinated. Incremental: only new and changed "
            "activities are scored again, unless --full.")

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Score every activity again")
        parser.add_argument("--no-semantic", action="store_true",
                            help="Leave out the multilingual embeddings (lexical similarity only)")

    def handle(self, *args, full, no_semantic, **options):
        with change_context(source="detect_duplicates"):
            report = duplicates_detect(full=full, semantic=not no_semantic)
        for key, value in report.items():
            self.stdout.write(f"{key}: {value}")
