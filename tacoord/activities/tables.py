from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from tacoord.activities.choices import OrganisationRole
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
    Column("budget_usd", _("Budget (share, USD)")),
    Column("commitments_usd", _("Commitments (share, USD)")),
    Column("disbursements_usd", _("Disbursements and expenditure (share, USD)")),
]


# --- the detailed export: codelist names and organisations by role (what d-portal's users ask for) ---------------


def _share(percentage) -> str:
    return f" {percentage.normalize():f} %" if percentage is not None else ""


def _organisations(role: str):
    def names(activity) -> str:
        return "; ".join(f"{row}{f' ({row.ref})' if row.ref and str(row) != row.ref else ''}"
                         for row in activity.participating_organisations.all() if row.role == role)
    return names


def _money(kind: str):
    def value(activity):
        return activity.money[0].get(kind)
    return value


def _date(name: str):
    def value(activity) -> str:
        day = getattr(activity, name)
        return day.isoformat() if day else ""
    return value


def _names(relation: str):
    def value(activity) -> str:
        return "; ".join(str(item) for item in getattr(activity, relation).all())
    return value


DETAIL_COLUMNS = [
    Column("iati_identifier", _("IATI identifier")),
    Column("display_title", _("Title")),
    Column("display_description", _("Description")),
    Column("reporting_organisation.name", _("Reporting organisation")),
    Column("reporting_organisation.iati_identifier", _("Reporting organisation identifier")),
    Column(_organisations(OrganisationRole.FUNDING), _("Funding organisations")),
    Column(_organisations(OrganisationRole.ACCOUNTABLE), _("Accountable organisations")),
    Column(_organisations(OrganisationRole.EXTENDING), _("Extending organisations")),
    Column(_organisations(OrganisationRole.IMPLEMENTING), _("Implementing organisations")),
    Column("get_status_display", _("Status")),
    Column(_date("planned_start"), _("planned start")),
    Column(_date("planned_end"), _("planned end")),
    Column(_date("actual_start"), _("actual start")),
    Column(_date("actual_end"), _("actual end")),
    Column(lambda activity: "; ".join(f"{row.country.name} ({row.country.iso2}){_share(row.percentage)}"
                                      for row in activity.recipient_countries.all()), _("Recipient countries")),
    Column(lambda activity: "; ".join(f"{row.vocabulary}/{row.code}{_share(row.percentage)}"
                                      for row in activity.recipient_regions.all()), _("Recipient regions")),
    Column(lambda activity: "; ".join(
        f"{row.sector if row.sector_id else f'{row.vocabulary}/{row.code}'}{_share(row.percentage)}"
        for row in activity.sectors.all()), _("Sectors")),
    Column(_names("articles"), _("Articles addressed")),
    Column(_names("priority_areas"), _("Priority areas")),
    Column(_names("ta_types"), _("Types of assistance")),
    Column(_names("delivery_languages"), _("Languages of delivery")),
    Column("get_modality_display", _("Modality")),
    Column("get_coordination_setting_display", _("Coordination setting")),
    Column(lambda activity: gettext_now("yes") if activity.humanitarian else gettext_now("no"), _("Humanitarian")),
    Column(lambda activity: activity.money[1], _("Currency")),
    Column(_money("budget"), _("Budget")),
    Column(_money("commitments"), _("Commitments")),
    Column(_money("disbursements"), _("Disbursements and expenditure")),
    Column(lambda activity: activity.money_usd.get("budget"), _("Budget (USD)")),
    Column(lambda activity: activity.money_usd.get("commitments"), _("Commitments (USD)")),
    Column(lambda activity: activity.money_usd.get("disbursements"), _("Disbursements and expenditure (USD)")),
    Column("get_origin_display", _("Origin")),
    Column(lambda activity: activity.last_updated_datetime.date().isoformat() if activity.last_updated_datetime
           else "", _("Updated by the publisher")),
    Column("parent.iati_identifier", _("Programme")),
]
