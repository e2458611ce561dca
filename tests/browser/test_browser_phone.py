"""At a phone's width (375 CSS pixels) the navigation is reachable and lists read as cards."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


def assert_fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide: it scrolls sideways"


def test_phone_layout(site, page, screenshot):
    page.set_viewport_size(PHONE)
    site.sign_in(page, "focalpoint-ke")
    assert_fits(page)

    nav = page.locator(".main-nav")
    link = nav.get_by_role("link", name="Organisations")
    expect(link).to_be_in_viewport()
    link.click()
    expect(page).to_have_url(site.url("/organisations/"))
    assert_fits(page)

    # Each row becomes a card whose cells carry their column's name.
    expect(page.locator("table.objects thead")).to_be_hidden()
    first_cell = page.locator("table.objects tbody tr").first.locator("td").first
    expect(first_cell).to_be_visible()
    box = first_cell.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    label = first_cell.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert "Name" in label
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "organisations-phone", full_page=False)

    nav.get_by_role("link", name="Countries").click()
    expect(page).to_have_url(site.url("/reference/countries/"))
    assert_fits(page)
    page.goto(site.url("/reference/countries/KE/"))
    assert_fits(page)
    screenshot(page, "country-ke-phone")
