from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "tacoord.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self):
        from tacoord.matching import panels, permissions, receivers  # noqa: F401  registers them
