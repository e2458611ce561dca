from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "tacoord.activities"
    label = "activities"
    verbose_name = _("Activities")

    def ready(self):
        from tacoord.activities import panels, permissions, search  # noqa: F401  registers them
        from tacoord.activities.wdww import panels as wdww_panels  # noqa: F401  the coordination panel
