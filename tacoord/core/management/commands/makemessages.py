"""Django's makemessages, also finding messages marked `N_(...)`: the notes kept to be shown later in the reader's
language (`core.notes`) are marked with `gettext_noop` under that short name, which xgettext does not know."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]
