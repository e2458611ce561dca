from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "tacoord.meetings"
    label = "meetings"
    verbose_name = _("Coordination meetings")

    def ready(self):
        from tacoord.meetings import panels, permissions, reminders, search  # noqa: F401  registers them
        from tacoord.notifications.kinds import register_kind

        register_kind("meetings.follow_up_assigned", _("A meeting's follow-up action is given to you"))
