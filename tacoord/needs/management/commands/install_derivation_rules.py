from django.core.management.base import BaseCommand

from tacoord.core.context import change_context
from tacoord.needs.models import ArticlePriorityArea
from tacoord.needs.services import rules_install_default


class Command(BaseCommand):
    help = ("Create the default rule that derives needs from self-assessment answers, and give every article not yet "
            "mapped its default priority area (idempotent).")

    def handle(self, *args, **options):
        before = ArticlePriorityArea.objects.count()
        with change_context(source="install_derivation_rules"):
            rule = rules_install_default()
        self.stdout.write(f"{rule.pk}: {rule}")
        self.stdout.write(f"{ArticlePriorityArea.objects.count() - before} articles given their default priority area")
