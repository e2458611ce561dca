from django.utils.translation import gettext_lazy as _

from tacoord.core.tables import Column

REQUEST_COLUMNS = [
    Column("title", _("Title"), link=True),
    Column("country.name", _("State")),
    Column("get_stage_display", _("Stage")),
    Column(lambda request: request.stage_since.date(), _("In this stage since"), nowrap=True),
    Column("get_urgency_display", _("Urgency")),
    Column("desired_start", _("Desired start"), nowrap=True),
    Column("desired_end", _("Desired end"), nowrap=True),
    Column("submitted_at", _("Submitted at"), nowrap=True),
]

OFFER_COLUMNS = [
    Column("provider", _("Provider"), link=True),
    Column("request", _("Request")),
    Column("get_status_display", _("Status")),
    Column("get_modality_display", _("Modality")),
    Column("start", _("Start"), nowrap=True),
    Column("end", _("End"), nowrap=True),
    Column("budget", _("Budget")),
    Column("currency", _("Currency")),
]
