"""The secretariat's needs tools in a browser: it moves an article to another priority area, derives the current
cycle again from the cycle's page and finds the need moved; downloads the analytical report as PDF and DOCX; and a
provider finds a small island State's needs as a dot on the world map."""

import pytest
from playwright.sync_api import Page, expect

from tacoord.core.context import change_context
from tacoord.needs.choices import NeedStatus
from tacoord.needs.models import ArticlePriorityArea, Need
from tacoord.reference.models import Country, PriorityArea

pytestmark = pytest.mark.browser


def test_priority_area_derive_again_report_and_map(needs_site, page: Page, screenshot):
    site, reporting = needs_site, needs_site.reporting
    need = (Need.objects.filter(first_cycle=reporting.current, edited_by_person=False, article__isnull=False,
                                status=NeedStatus.IDENTIFIED).select_related("article", "priority_area")
            .order_by("pk").first())
    assert need is not None, "the demo's current cycle derives needs"
    mapping = ArticlePriorityArea.objects.get(article=need.article)
    target = PriorityArea.objects.exclude(pk=need.priority_area_id).order_by("number").first()

    site.sign_in(page, "secretariat")
    page.goto(site.url(f"/needs/priority-areas/{mapping.pk}/edit/"))
    page.locator("#id_priority_area").select_option(str(target.pk))
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(site.url(mapping.get_absolute_url()))
    expect(page.locator("main")).to_contain_text(str(target))

    page.goto(site.url(reporting.current.get_absolute_url()))
    page.get_by_role("button", name="Derive needs again").click()
    expect(page.locator(".messages")).to_contain_text("are being derived again")
    screenshot(page, "needs-tools-1-derived-again", full_page=False)
    need.refresh_from_db()
    assert need.priority_area == target

    page.goto(site.url(need.get_absolute_url()))
    expect(page.locator("main")).to_contain_text(reporting.current.name)  # the cycle that first raised it

    page.goto(site.url("/needs/analysis/report/"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    pdf = download.value
    assert pdf.suggested_filename == "needs-analytical-report.pdf"
    with open(pdf.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download DOCX").click()
    assert download.value.suggested_filename.endswith(".docx")

    # A small island State the base map does not draw: its validated need shows as a coloured, linked dot.
    tuvalu = Country.objects.get(iso2="TV")
    with change_context(user=None, source="test"):
        Need.objects.create(country=tuvalu, article=need.article, ta_type=need.ta_type, status=NeedStatus.VALIDATED)
    page.context.clear_cookies()
    site.sign_in(page, "provider-fcdo")
    page.goto(site.url("/needs/analysis/map/"))
    dot = page.locator("figure.world-map svg a").filter(has=page.locator("use[href$='#tv']"))
    expect(dot).to_have_count(1)
    assert "country=TV" in dot.get_attribute("href")
    expect(page.locator("figure.world-map")).not_to_contain_text("Not shown on the map")
    screenshot(page, "needs-tools-2-map-with-small-states", full_page=False)
