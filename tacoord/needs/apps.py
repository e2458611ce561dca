from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "tacoord.needs"
    label = "needs"
    verbose_name = _("Needs")

    def ready(self):
        from tacoord.needs import panels, permissions, receivers, search  # noqa: F401  registers them
