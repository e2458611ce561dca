from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "tacoord.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from tacoord.notifications import kinds, permissions  # noqa: F401  registers them
