from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tacoord.core.tables import Column

USER_COLUMNS = [
    Column("username", _("User name"), link=True),
    Column("get_full_name", pgettext_lazy("a person's", "Name")),
    Column("get_role_display", _("Role")),
    Column("organisation", _("Organisation")),
    Column("email", _("E-mail")),
    Column("get_language_display", _("Language")),
]
