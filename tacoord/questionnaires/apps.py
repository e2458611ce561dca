from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "tacoord.questionnaires"
    label = "questionnaires"
    verbose_name = _("Questionnaires")

    def ready(self):
        from tacoord.questionnaires import permissions, search  # noqa: F401  registers policy and search
