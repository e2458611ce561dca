import csv
import sys

from django.core.management.base import BaseCommand, CommandError

from tacoord.duplicates.evidence import as_text
from tacoord.duplicates.models import DuplicateAlert

HEADER = ["activity_a", "activity_b", "kind", "score", "evidence", "status"]


class Command(BaseCommand):
    help = "Export the duplication alerts (the two IATI identifiers, kind, score, evidence, status)."

    def add_arguments(self, parser):
        parser.add_argument("--format", default="csv", choices=["csv"], help="Only csv")
        parser.add_argument("--output", "-o", help="File to write (default: standard output)")
        parser.add_argument("--status", action="append", help="Only alerts with this status (repeatable)")

    def handle(self, *args, format, output, status, **options):
        alerts = DuplicateAlert.objects.filter(archived_at__isnull=True).select_related(
            "activity_a", "activity_b").order_by("-score", "pk")
        if status:
            alerts = alerts.filter(status__in=status)
        try:
            stream = open(output, "w", newline="", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
        except OSError as error:
            raise CommandError(str(error)) from error
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for alert in alerts.iterator(chunk_size=2000):
            writer.writerow([alert.activity_a.iati_identifier, alert.activity_b.iati_identifier, alert.kind,
                             f"{alert.score:.4f}", as_text(alert.evidence), alert.status])
        if output:
            stream.close()
