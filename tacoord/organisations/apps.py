from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "tacoord.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from tacoord.organisations import permissions, search  # noqa: F401  registers policy and search
