from django.utils.translation import gettext_lazy as _

from tacoord.core.tables import Column

REPORTING_CYCLE_COLUMNS = [
    Column("name", _("Name"), link=True, order_by="name"),
    Column("template", _("Questionnaire")),
    Column("opens_on", _("Opens on"), nowrap=True),
    Column("deadline", _("Deadline"), nowrap=True),
    Column("get_status_display", _("Status")),
]

QUESTIONNAIRE_RESPONSE_COLUMNS = [
    Column(lambda response: str(response), _("Response"), link=True),
    Column("country.name", _("State")),
    Column("country.region", _("Region")),
    Column("cycle.template", _("Questionnaire")),
    Column("cycle.deadline", _("Deadline"), nowrap=True),
    Column("get_status_display", _("Status")),
    Column("submitted_at", _("Submitted at"), nowrap=True),
]
