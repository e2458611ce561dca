"""A provider officer registers an activity through the form, fixes the error it is told, and finds the activity on
the country page, in the list's filters and in the export split by country and sector."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tacoord.activities.models import Activity

pytestmark = pytest.mark.browser


def test_provider_officer_registers_an_activity(site, page):
    site.sign_in(page, "provider-fcdo")
    page.locator(".main-nav a[href='/activities/']").click()
    page.get_by_role("link", name="Add activity").click()
    form = page.locator("form.activity-form")
    form.locator("#id_reporting_organisation").select_option(label="Foreign, Commonwealth & Development Office "
                                                                   "(FCDO)")
    form.locator("#id_title_en").fill("Countering human trafficking along the coast")
    form.locator("#id_title_fr").fill("Lutte contre la traite le long de la côte")
    form.locator("#id_planned_start").fill("2026-03-01")
    form.locator("#id_planned_end").fill("2027-02-28")
    form.locator("#id_default_currency").fill("GBP")
    countries = page.locator("#part-recipient_countries")
    countries.get_by_role("button", name="Add a row").click()
    countries.get_by_role("button", name="Add a row").click()
    countries.locator("#id_recipient_countries-0-country").select_option(label="Kenya")
    countries.locator("#id_recipient_countries-0-percentage").fill("70")
    countries.locator("#id_recipient_countries-1-country").select_option(label="United Republic of Tanzania")
    countries.locator("#id_recipient_countries-1-percentage").fill("20")
    sectors = page.locator("#part-sectors")
    sectors.get_by_role("button", name="Add a row").click()
    sectors.locator("#id_sectors-0-code").fill("15180")
    form.locator("button[type=submit].primary").click()

    # The percentages do not add up: nothing is saved and the form says so beside the countries.
    expect(countries.locator(".error")).to_contain_text("add up to 90")
    assert not Activity.objects.filter(title__en="Countering human trafficking along the coast").exists()
    countries.locator("#id_recipient_countries-1-percentage").fill("30")
    form.locator("button[type=submit].primary").click()
    expect(page.locator(".messages")).to_contain_text("Saved")
    expect(page.locator("h1")).to_have_text("Countering human trafficking along the coast")
    activity = Activity.objects.get(title__en="Countering human trafficking along the coast")
    assert activity.iati_identifier.startswith("GB-GOV-1-")

    page.goto(site.url("/reference/countries/KE/"))
    panel = page.locator("section.panel", has_text="Technical assistance activities")
    expect(panel.get_by_role("link", name="Countering human trafficking along the coast")).to_be_visible()

    page.goto(site.url("/activities/?country=TZ"))
    expect(page.locator("#object-table")).to_contain_text("Countering human trafficking along the coast")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV by country and sector").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "TZ" in text and "15180" in text
