from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "tacoord.experts"
    label = "experts"
    verbose_name = _("Expert roster")

    def ready(self):
        from tacoord.experts import permissions, search  # noqa: F401  registers them
