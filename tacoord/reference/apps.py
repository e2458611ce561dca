from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "tacoord.reference"
    label = "reference"
    verbose_name = _("Reference data")

    def ready(self):
        from tacoord.reference import permissions, search  # noqa: F401  registers policy and search
