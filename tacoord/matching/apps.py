from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "tacoord.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self):
        from tacoord.matching import panels, permissions, receivers  # noqa: F401  registers them
        from tacoord.matching.services import NOTICE_KIND
        from tacoord.notifications.kinds import register_kind

        register_kind(NOTICE_KIND, _("New validated needs match your organisation's offer"))
