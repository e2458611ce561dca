"""`tacoord send_reminders`: e-mail the focal points of States that have not submitted, for every open cycle."""

from django.core.management.base import BaseCommand, CommandError

from tacoord.core.context import change_context
from tacoord.reporting.selectors import cycles_open
from tacoord.reporting.services import reminders_send


class Command(BaseCommand):
    help = "E-mail a reminder to the focal points of States that have not submitted their answers to an open cycle."

    def add_arguments(self, parser):
        parser.add_argument("--cycle", type=int, help="Only this cycle (its id); by default every open cycle.")

    def handle(self, *args, cycle: int | None, **options):
        cycles = cycles_open()
        if cycle is not None:
            cycles = cycles.filter(pk=cycle)
            if not cycles.exists():
                raise CommandError(f"No open reporting cycle has the id {cycle}.")
        with change_context(source="send_reminders"):
            for each in cycles:
                sent = reminders_send(cycle=each)
                self.stdout.write(f"{each}: {sent} reminders sent")
