"""Matching in the browser: the secretariat changes a weight (a wrong value is refused beside its field), a State's
focal point reads the ranked candidates for its need with each score explained, and the coverage page shows the
need on the map of unmet needs or as offered."""

import pytest
from playwright.sync_api import expect

from tacoord.core.context import change_context
from tacoord.matching.services import matches_compute
from tacoord.needs.models import Need
from tacoord.providers.demo import demo_providers_build
from tacoord.reference.models import Article, Country, Language, TechnicalAssistanceType

pytestmark = pytest.mark.browser


@pytest.fixture
def matching_site(site):
    with change_context(user=None, source="demo"):
        demo_providers_build(world=site.world, seed=3)
        need = Need(country=Country.objects.get(iso2="KE"), ta_type=TechnicalAssistanceType.objects.get(
            code="legislative-drafting"), article=Article.objects.get(instrument__code="UNTOC", number=18),
            status="validated", description="Draft a law on mutual legal assistance")
        need.full_clean()
        need.save()
        need.languages.set(Language.objects.filter(code="en"))
        matches_compute(full=True)
    site.need = need
    return site


def test_weights_candidates_and_coverage(matching_site, page, browser, screenshot):
    site = matching_site
    site.sign_in(page, "secretariat")
    page.goto(site.url("/matching/weights/"))
    expect(page.locator("#weights")).to_contain_text("Works in a language the State prefers")
    page.get_by_role("link", name="Edit").click()
    page.locator("#id_language").fill("-1")
    page.locator("form.edit-form button[type=submit]").click()
    expect(page.locator("#id_language-error")).to_be_visible()
    page.locator("#id_language").fill("4")
    page.locator("form.edit-form button[type=submit]").click()
    expect(page.locator("#weights")).to_contain_text("4.0")
    screenshot(page, "matching-weights")

    focal = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}).new_page()
    site.sign_in(focal, "focalpoint-ke")
    focal.goto(site.url(f"/matching/needs/{site.need.pk}/"))
    expect(focal.locator("h1")).to_contain_text("Who could address")
    first = focal.locator("#kind-provider tr.candidate").first
    expect(first).to_be_visible()
    expect(first.locator(".score-parts")).to_contain_text("Same")
    screenshot(focal, "matching-need-candidates")

    page.goto(site.url("/matching/coverage/?country=KE"))
    expect(page.locator("#needs")).to_contain_text(str(site.need))
    expect(page.locator("#map svg")).to_be_visible()
    expect(page.get_by_role("link", name="Export CSV")).to_be_visible()
    screenshot(page, "matching-coverage")
