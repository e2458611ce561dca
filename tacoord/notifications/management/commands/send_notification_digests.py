from django.core.management.base import BaseCommand, CommandError

from tacoord.notifications.services import notification_digests_send


class Command(BaseCommand):
    help = "E-mail the daily digest to each person who chose one (run once a day, e.g. from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7,
                            help="Include notifications of at most this many days that were not yet e-mailed.")

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        self.stdout.write(f"digests: {notification_digests_send(days=days)}")
