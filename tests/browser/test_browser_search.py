"""The secretariat finds countries, organisations and articles from the search box in the header."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_secretariat_global_search(site, page):
    site.sign_in(page, "secretariat")
    box = page.locator("#global-search-input")
    popup = page.locator("#search-popup")

    box.press_sequentially("Keny")
    expect(popup.get_by_role("link", name="Kenya", exact=True)).to_be_visible()

    box.fill("")
    box.press_sequentially("FCDO")
    fcdo = site.world.organisations["fcdo"]
    expect(popup.get_by_role("link", name=str(fcdo))).to_be_visible()
    popup.get_by_role("link", name=str(fcdo)).click()
    expect(page).to_have_url(site.url(fcdo.get_absolute_url()))

    page.locator("#global-search-input").fill("legal assistance")
    page.locator(".global-search button[type=submit]").click()
    expect(page).to_have_url(site.url("/search/?q=legal+assistance"))
    article = page.locator("main .search-results a[href*='/articles/18/']").first
    expect(article).to_contain_text("Mutual legal assistance")
    article.click()
    expect(page.locator("main")).to_contain_text("Mutual legal assistance")
