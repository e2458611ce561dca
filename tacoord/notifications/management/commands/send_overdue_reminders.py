from django.core.management.base import BaseCommand, CommandError

from tacoord.core.context import change_context
from tacoord.core.errors import ApplicationError
from tacoord.notifications.reminders import overdue_sources
from tacoord.notifications.services import overdue_reminders_send


class Command(BaseCommand):
    help = "Remind people of steps and follow-up actions that wait too long (run daily, e.g. from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat-days", type=int, default=7,
                            help="Remind the same person of the same thing at most once in this many days.")
        parser.add_argument("--source", action="append", dest="sources",
                            help="Only this overdue source (repeatable). Known: "
                                 + ", ".join(sorted(overdue_sources())))

    def handle(self, *args, repeat_days, sources, **options):
        if repeat_days < 1:
            raise CommandError("--repeat-days must be at least 1.")
        try:
            with change_context(source="send_overdue_reminders"):
                sent = overdue_reminders_send(repeat_days=repeat_days, only=sources)
        except ApplicationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for name, count in sent.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(f"total: {sum(sent.values())}")
