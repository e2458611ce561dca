from django.core.management.base import BaseCommand

from tacoord.core.context import change_context
from tacoord.needs.services import rules_install_default


class Command(BaseCommand):
    help = "Create the default rule that derives needs from self-assessment answers (idempotent)."

    def handle(self, *args, **options):
        with change_context(source="install_derivation_rules"):
            rule = rules_install_default()
        self.stdout.write(f"{rule.pk}: {rule}")
