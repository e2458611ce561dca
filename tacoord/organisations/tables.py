from django.utils.translation import gettext_lazy as _

from tacoord.core.tables import Column

ORGANISATION_COLUMNS = [
    Column("name", _("Name"), link=True, order_by="name"),
    Column("acronym", _("Acronym")),
    Column("get_kind_display", _("Kind")),
    Column("country.name", _("Country")),
    Column("parent.name", _("Part of")),
    Column("iati_identifier", _("IATI identifier"), nowrap=True),
]
