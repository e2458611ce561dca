from django.utils.translation import gettext_lazy as _

from tacoord.core.tables import Column


def _countries(activity) -> str:
    return ", ".join(row.country.iso2 for row in activity.recipient_countries.all())


def _period(activity) -> str:
    start, end = activity.start, activity.end
    if not start and not end:
        return ""
    return f"{start.isoformat() if start else '…'} – {end.isoformat() if end else '…'}"


ACTIVITY_COLUMNS = [
    Column("display_title", _("Title"), link=True),
    Column("iati_identifier", _("IATI identifier"), nowrap=True),
    Column("reporting_organisation", _("Reporting organisation")),
    Column(_countries, _("Recipient countries")),
    Column("get_status_display", _("Status")),
    Column(_period, _("Period"), nowrap=True),
    Column("get_coordination_setting_display", _("Coordination setting")),
    Column("parent.iati_identifier", _("Programme"), nowrap=True),
]

SPLIT_COLUMNS = [
    Column("activity.iati_identifier", _("IATI identifier")),
    Column("activity.display_title", _("Title")),
    Column("activity.reporting_organisation", _("Reporting organisation")),
    Column("activity.get_status_display", _("Status")),
    Column(lambda row: row.activity.start.isoformat() if row.activity.start else "", _("Start")),
    Column(lambda row: row.activity.end.isoformat() if row.activity.end else "", _("End")),
    Column("country_code", _("Country code")),
    Column("country_name", _("Country")),
    Column("country_percentage", _("Country percentage")),
    Column("sector_vocabulary", _("Sector vocabulary")),
    Column("sector_code", _("Sector code")),
    Column("sector_name", _("Sector")),
    Column("sector_percentage", _("Sector percentage")),
    Column("share", _("Share of the activity")),
    Column("budget", _("Budget (share)")),
    Column("commitments", _("Commitments (share)")),
    Column("disbursements", _("Disbursements and expenditure (share)")),
    Column("currency", _("Currency")),
]
