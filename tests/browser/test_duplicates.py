"""The secretariat opens a duplication alert, sees the evidence and the two activities side by side, confirms them as
one activity reported twice; the decision is in the alert's history and in the pairs the totals count once."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tacoord.activities.models import Activity
from tacoord.activities.services import activity_save
from tacoord.core.context import change_context
from tacoord.duplicates.models import DuplicateAlert
from tacoord.duplicates.selectors import confirmed_duplicate_identifiers, confirmed_duplicate_pairs
from tacoord.duplicates.services import duplicates_detect
from tacoord.organisations.models import Organisation

pytestmark = pytest.mark.browser


def _activity(reporter, identifier, title, transactions):
    activity = Activity(iati_identifier=identifier, reporting_organisation=reporter, title={"en": title},
                        description={"en": title}, planned_start=datetime.date(2025, 1, 1),
                        planned_end=datetime.date(2026, 12, 31), default_currency="GBP")
    return activity_save(user=None, activity=activity, children={
        "recipient_countries": [{"country_code": "KE", "percentage": None}],
        "transactions": transactions})


def test_secretariat_confirms_a_double_report(site, page: Page, screenshot):
    funder = Organisation.objects.get(iati_identifier="GB-GOV-1")
    implementer = Organisation.objects.get(iati_identifier="XM-DAC-47066")
    with change_context(user=None, source="test"):
        _activity(funder, "GB-GOV-1-BROWSER-1", "Kenya: support to the fight against human trafficking", [
            {"type": "3", "date": datetime.date(2025, 3, 1), "value": Decimal("400000"), "currency": "GBP",
             "receiver_org_ref": "XM-DAC-47066"}])
        _activity(implementer, "XM-DAC-47066-KE-TIP", "Counter-trafficking response in Kenya", [
            # The incoming funds name the funder by name only, as many publishers do: the funder/implementer rule of
            # the totals (which pairs organisation identifiers) cannot tell the two reports are one.
            {"type": "1", "date": datetime.date(2025, 3, 12), "value": Decimal("400000"), "currency": "GBP",
             "provider_org_name": "Foreign, Commonwealth & Development Office"},
            {"type": "4", "date": datetime.date(2025, 6, 1), "value": Decimal("400000"), "currency": "GBP"}])
        duplicates_detect(semantic=False)
    alert = DuplicateAlert.objects.get(activity_a__iati_identifier__in=["GB-GOV-1-BROWSER-1", "XM-DAC-47066-KE-TIP"],
                                       activity_b__iati_identifier__in=["GB-GOV-1-BROWSER-1", "XM-DAC-47066-KE-TIP"])

    # Kenya's who-does-what-where page: the implementer's 400,000 GBP is now left out as a confirmed duplicate and the
    # funder's counted, so Kenya's money falls from 800,000 to 400,000 (checked below, and again after reopening).
    def kenya_rows():
        page.goto(site.url("/activities/who-does-what-where/country/KE/"))
        expect(page.locator("main")).to_contain_text("Kenya")
        return page.locator("#totals-table tbody tr")

    site.sign_in(page, "secretariat")
    page.goto(site.url("/duplicates/?country=KE&status=open"))
    page.get_by_role("link", name=alert.activity_a.iati_identifier).first.click()
    expect(page.locator("#alert-kind")).to_have_text("Same activity reported twice")
    expect(page.locator("#evidence")).to_contain_text("same amounts: 400000.00 GBP")
    side = page.locator("#side-by-side section")
    expect(side).to_have_count(2)
    expect(side.nth(0)).to_contain_text(alert.activity_a.iati_identifier)
    expect(side.nth(1)).to_contain_text(alert.activity_b.iati_identifier)
    screenshot(page, "duplicates-alert")

    rows = kenya_rows()
    expect(rows.filter(has_text=implementer.name).filter(has_text="GBP").locator("td").nth(4)).to_have_text("400,000")
    expect(rows.filter(has_text=funder.name).filter(has_text="GBP").locator("td").nth(4)).to_have_text("400,000")
    page.goto(site.url(f"/duplicates/{alert.pk}/"))

    page.locator("#resolve input[value=confirmed]").check()
    page.locator("#id_note").fill("The implementer's report of the FCDO grant")
    page.locator("#resolve button[type=submit]").click()
    expect(page.locator("#alert-status")).to_have_text("Confirmed duplicate")
    assert confirmed_duplicate_pairs() == [(alert.activity_a.iati_identifier, alert.activity_b.iati_identifier)]
    # the implementer's report (it received the money) is the one the totals leave out
    assert confirmed_duplicate_identifiers() == {"XM-DAC-47066-KE-TIP"}
    page.goto(site.url(f"/duplicates/{alert.pk}/history/"))
    expect(page.locator("main")).to_contain_text("The implementer's report of the FCDO grant")

    rows = kenya_rows()
    expect(page.locator("#totals-table thead")).to_contain_text("Counted once: confirmed duplicate")
    funder_row = rows.filter(has_text=funder.name).filter(has_text="GBP")
    implementer_row = rows.filter(has_text=implementer.name).filter(has_text="GBP")
    expect(funder_row.locator("td").nth(4)).to_have_text("400,000")
    expect(implementer_row.locator("td").nth(4)).to_have_text("0")
    expect(implementer_row.locator("td").nth(5)).to_have_text("")  # not the funder/implementer rule's doing
    expect(implementer_row.locator("td.confirmed-duplicate")).to_have_text("400,000")
    expect(page.locator("#totals-table + .wdww-note")).to_contain_text("Counted once: confirmed duplicate")
    screenshot(page, "duplicates-country-after")

    # opened again, the confirmation no longer applies: the rule's "not counted again" takes its place
    page.goto(site.url(f"/duplicates/{alert.pk}/"))
    page.locator("#resolve input[value=open]").check()
    page.locator("#resolve button[type=submit]").click()
    expect(page.locator("#alert-status")).to_have_text("Open")
    rows = kenya_rows()
    expect(page.locator("#totals-table thead")).not_to_contain_text("Counted once: confirmed duplicate")
    implementer_row = rows.filter(has_text=implementer.name).filter(has_text="GBP")
    expect(implementer_row.locator("td").nth(4)).to_have_text("400,000")
    expect(rows.filter(has_text=funder.name).filter(has_text="GBP").locator("td").nth(4)).to_have_text("400,000")
