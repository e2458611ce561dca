from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IatiConfig(AppConfig):
    name = "tacoord.iati"
    label = "iati"
    verbose_name = _("IATI exchange")

    def ready(self):
        from tacoord.iati import permissions  # noqa: F401  registers them
