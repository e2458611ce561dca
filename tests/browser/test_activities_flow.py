"""From an activity entered by hand to who does what where: a provider officer registers an activity through the form
(sector percentages that do not add up are refused beside the sectors and fixed), finds it on Kenya's page and on the
who-does-what-where map, follows the map to Kenya's timeline, sees its money in US dollars, downloads it in the split
export and exports it to IATI."""

import csv
import datetime
import io
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from lxml import etree
from playwright.sync_api import Page, expect

from tacoord.activities import exchange
from tacoord.activities.models import Activity
from tacoord.reference.models import Article

pytestmark = pytest.mark.browser

TITLE = "Training of Kenyan prosecutors on mutual legal assistance (browser test)"


def add_row(page: Page, part: str) -> None:
    page.locator(f"#part-{part} button.add-row").click()


def test_provider_registers_an_activity_and_finds_it_on_the_country_page_and_the_map(site, page: Page, screenshot):
    site.sign_in(page, "provider-fcdo")
    officer = site.world.people["provider-fcdo"]
    page.goto(site.url("/activities/add/"))
    page.locator("#id_title_en").fill(TITLE)
    page.locator("#id_reporting_organisation").select_option(str(officer.organisation_id))
    page.locator("#id_planned_start").fill("2026-01-15")
    page.locator("#id_planned_end").fill("2027-06-30")
    page.locator("#id_default_currency").fill("GBP")
    article = Article.objects.select_related("instrument").get(instrument__code="UNTOC", number=18)
    page.locator("#id_articles").select_option(str(article.pk))
    page.locator("#id_coordination_setting").select_option("bilateral")
    add_row(page, "recipient_countries")
    page.locator("#id_recipient_countries-0-country").select_option(label="Kenya")
    add_row(page, "sectors")
    add_row(page, "sectors")
    page.locator("#id_sectors-0-code").fill("15130")
    page.locator("#id_sectors-0-percentage").fill("60")
    page.locator("#id_sectors-1-code").fill("15210")
    page.locator("#id_sectors-1-percentage").fill("30")
    add_row(page, "transactions")
    page.locator("#id_transactions-0-type").select_option("3")
    page.locator("#id_transactions-0-date").fill("2026-02-01")
    page.locator("#id_transactions-0-value").fill("250000")
    page.locator("main button[type=submit].primary").click()

    # Refused: nothing saved, the error beside the sectors, what was typed kept.
    sectors = page.locator("#part-sectors")
    expect(sectors.locator(".error").first).to_contain_text("100")
    assert not Activity.objects.filter(title__en=TITLE).exists()
    expect(page.locator("#id_title_en")).to_have_value(TITLE)
    screenshot(page, "activities-flow-sector-error")
    page.locator("#id_sectors-1-percentage").fill("40")
    page.locator("main button[type=submit].primary").click()
    activity = Activity.objects.get(title__en=TITLE)
    expect(page).to_have_url(site.url(activity.get_absolute_url()))
    assert activity.reporting_organisation_id == officer.organisation_id
    assert sorted(activity.sectors.values_list("code", "percentage")) == [("15130", 60), ("15210", 40)]

    # Kenya's page: the activities panel and the coordination panel.
    page.goto(site.url("/reference/countries/KE/"))
    expect(page.locator("main").get_by_role("link", name=TITLE).first).to_be_visible()
    coordination = page.locator("#coordination-panel")
    expect(coordination).to_be_visible()

    # The map: Kenya coloured and linked; its table row leads to Kenya's timeline with the activity on it.
    coordination.get_by_role("link", name="Map of activities").click()
    expect(page).to_have_url(re.compile(r"/activities/who-does-what-where/map/"))
    expect(page.locator("figure.world-map svg a[href*='/country/KE/'] use")).to_have_count(1)
    screenshot(page, "activities-flow-map")
    page.locator("figure.world-map details summary").click()
    page.locator("figure.world-map table").get_by_role("link", name="Kenya").click()
    expect(page).to_have_url(re.compile(r"/activities/who-does-what-where/country/KE/"))
    timeline = page.locator("#timeline")
    expect(timeline.get_by_role("link", name=TITLE)).to_be_visible()
    expect(timeline.locator(".tl-bar")).to_have_count(1)
    expect(page.locator("#totals-table")).to_contain_text("250,000")
    screenshot(page, "activities-flow-country")

    # Who does what where, by provider: the officer's organisation with the activity and its money.
    page.locator(".page-head").get_by_role("link", name="Who does what where").click()
    page.locator("#summary .wdww-tabs").get_by_role("link", name="Provider").click()
    row = page.locator("#summary-table tr").filter(has_text="Foreign, Commonwealth & Development Office")
    expect(row).to_contain_text("GBP 250,000")
    screenshot(page, "activities-flow-overview")
    # The same in US dollars, at the ECB's rate of the disbursement's date.
    page.locator("#id_amounts").select_option("usd")
    page.locator("form.filters button[type=submit]").click()
    usd = (250000 * exchange.usd_rate("GBP", datetime.date(2026, 2, 1))).quantize(Decimal(1), ROUND_HALF_UP)
    expect(row).to_contain_text(f"USD {usd:,}")
    expect(page.locator("p.conversion")).to_contain_text("European Central Bank")
    page.go_back()
    page.go_back()
    page.go_back()

    # The split export: one row per country × sector, the money split 60 / 40.
    with page.expect_download() as download:
        page.locator("#timeline").get_by_role("link", name="CSV").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted((row["Country code"], row["Sector code"], row["Disbursements and expenditure (share)"])
                  for row in rows) == [("KE", "15130", "150000.00"), ("KE", "15210", "100000.00")]

    # Export to IATI with the page's filters: an IATI 2.03 file with the activity, its country and its sectors.
    with page.expect_download() as download:
        page.locator(".page-head").get_by_role("link", name="Export IATI XML").click()
    root = etree.parse(str(download.value.path())).getroot()
    assert root.tag == "iati-activities" and root.get("version") == "2.03"
    [exported] = root.findall("iati-activity")
    assert exported.findtext("iati-identifier") == activity.iati_identifier
    assert exported.find("title/narrative").text == TITLE
    assert [element.get("code") for element in exported.findall("recipient-country")] == ["KE"]
    assert sorted((element.get("code"), element.get("percentage")) for element in exported.findall("sector")) == [
        ("15130", "60"), ("15210", "40")]
