"""A national focal point works in Arabic and in French and finds its State's page."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def choose_language(page, code: str) -> None:
    with page.expect_navigation():
        page.locator("#language-select").select_option(code)


def test_focal_point_switches_language_and_opens_its_country(site, page, screenshot):
    site.sign_in(page, "focalpoint-ke")
    html = page.locator("html")
    focal_point = site.world.organisations["ke-focal-point"]
    police = site.world.organisations["ke-police"]

    choose_language(page, "ar")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")

    page.locator(".main-nav a[href='/reference/countries/']").click()
    page.locator("#id_q").fill("Kenya")
    page.locator(".filters button[type=submit]").click()
    page.locator("table.objects a[href='/reference/countries/KE/']").click()
    expect(page).to_have_url(site.url("/reference/countries/KE/"))
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.locator("main")).to_contain_text(focal_point.name)
    screenshot(page, "country-ke-arabic")

    choose_language(page, "fr")
    expect(html).to_have_attribute("lang", "fr")
    expect(html).to_have_attribute("dir", "ltr")
    expect(page).to_have_url(site.url("/reference/countries/KE/"))
    main = page.locator("main")
    expect(main.get_by_role("link", name=str(focal_point))).to_be_visible()
    expect(main.get_by_role("link", name=str(police))).to_be_visible()
    expect(main).to_contain_text(site.world.organisations["ke-prosecution"].name)

    page.locator(".main-nav a[href='/organisations/']").click()
    expect(html).to_have_attribute("lang", "fr")
    expect(page.locator("table.objects")).to_contain_text("Foreign, Commonwealth & Development Office")
    screenshot(page, "organisations-french")


def test_language_choice_is_kept_on_the_account(site, page):
    site.sign_in(page, "focalpoint-ke")
    choose_language(page, "ar")
    site.world.people["focalpoint-ke"].refresh_from_db()
    assert site.world.people["focalpoint-ke"].language == "ar"
