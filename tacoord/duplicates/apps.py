from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuplicatesConfig(AppConfig):
    name = "tacoord.duplicates"
    label = "duplicates"
    verbose_name = _("Duplicates and overlaps")

    def ready(self):
        from tacoord.duplicates import panels, permissions, receivers  # noqa: F401  registers them
