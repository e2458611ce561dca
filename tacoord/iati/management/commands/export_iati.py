import sys

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from tacoord.iati.selectors import EXPORT_CHUNK, activities_for_export
from tacoord.iati.writer import write_activities


class Command(BaseCommand):
    help = ("Write activities as an IATI 2.03 activity file to standard output. Filters are those of the activity "
            "list, as NAME=VALUE (e.g. country=KE status=2 sector=151).")

    def add_arguments(self, parser):
        parser.add_argument("filters", nargs="*", help="NAME=VALUE filters of the activity list")
        parser.add_argument("--output", "-o", help="Write to this file instead of standard output")

    def handle(self, *args, filters, output, **options):
        # As in a query string: a filter given twice (status=2 status=3) takes both values.
        params = QueryDict(mutable=True)
        for item in filters:
            name, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"A filter is NAME=VALUE, not {item!r}")
            params.appendlist(name, value)
        try:
            # The command acts as the secretariat: it is run by whoever administers the installation.
            activities = activities_for_export(user=_system_user(), params=params)
        except ValueError as error:
            raise CommandError(str(error)) from None
        rows = activities.iterator(chunk_size=EXPORT_CHUNK)
        if output:
            with open(output, "wb") as stream:
                count = write_activities(rows, stream)
        else:
            count = write_activities(rows, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        self.stderr.write(f"{count} activities written")


def _system_user():
    from tacoord.users.models import User

    return User(is_superuser=True, is_active=True)
