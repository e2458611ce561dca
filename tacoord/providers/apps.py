from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "tacoord.providers"
    label = "providers"
    verbose_name = _("Provider profiles")

    def ready(self):
        from tacoord.providers import panels, permissions, search  # noqa: F401  registers them
