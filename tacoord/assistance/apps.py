from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "tacoord.assistance"
    label = "assistance"
    verbose_name = _("Requests for assistance")

    def ready(self):
        from tacoord.assistance import notices, panels, permissions, reminders, search  # noqa: F401  registers them

        notices.register_kinds()
