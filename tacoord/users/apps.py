from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "tacoord.users"
    label = "users"
    verbose_name = _("People")

    def ready(self):
        from tacoord.users import permissions, search  # noqa: F401  registers policy and search
