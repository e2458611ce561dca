from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "tacoord.reporting"
    label = "reporting"
    verbose_name = _("Reporting cycles")

    def ready(self):
        from tacoord.reporting import permissions  # noqa: F401  registers the policies
