from django.utils.translation import gettext_lazy as _

from tacoord.core.tables import Column
from tacoord.duplicates.evidence import as_text

ALERT_COLUMNS = [
    Column("activity_a.iati_identifier", _("First activity"), link=True, nowrap=True),
    Column("activity_b.iati_identifier", _("Second activity"), nowrap=True),
    Column("activity_a.reporting_organisation", _("First provider")),
    Column("activity_b.reporting_organisation", _("Second provider")),
    Column("get_kind_display", _("Kind")),
    Column(lambda alert: round(alert.score, 3), _("Score")),
    Column("get_status_display", _("Status")),
    Column(lambda alert: as_text(alert.evidence), _("Evidence"), wide=True),
]
