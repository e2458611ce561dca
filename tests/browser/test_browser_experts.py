"""The expert moves an availability period of their roster entry; the secretariat finds them for that period."""

import datetime

import pytest
from playwright.sync_api import expect

from tacoord.core.context import change_context
from tacoord.experts.demo import demo_experts_build
from tacoord.experts.models import Expert
from tacoord.providers.demo import demo_providers_build

pytestmark = pytest.mark.browser


@pytest.fixture
def roster_site(site):
    with change_context(user=None, source="demo"):
        demo_providers_build(world=site.world, seed=3)
        demo_experts_build(world=site.world, seed=3, today=datetime.date(2026, 1, 5))
    return site


def test_expert_edits_availability_and_secretariat_finds_them(roster_site, page, browser, screenshot):
    site = roster_site
    person = site.world.people["expert"]
    own = Expert.objects.get(user=person)
    site.sign_in(page, "expert")
    page.locator(".main-nav").get_by_role("link", name="My expert profile").click()
    expect(page).to_have_url(site.url(own.get_absolute_url()))
    expect(page.locator("#expert-contacts")).to_contain_text(person.email)

    page.locator("#expert-availability").get_by_role("link", name="Edit").first.click()
    form = page.locator("form.edit-form")
    form.locator("#id_starts_on").fill("2027-03-20")
    form.locator("#id_ends_on").fill("2027-03-01")
    form.locator("button[type=submit]").click()
    expect(page.locator("#id_ends_on-error")).to_contain_text("The end cannot come before the start.")
    form.locator("#id_ends_on").fill("2027-04-30")
    form.locator("#id_note").fill("Remote or on-site")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(site.url(own.get_absolute_url()))
    expect(page.locator("#expert-availability")).to_contain_text("2027-03-20 – 2027-04-30")
    screenshot(page, "expert-own-entry")

    secretariat = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}).new_page()
    site.sign_in(secretariat, "secretariat")
    secretariat.locator(".main-nav").get_by_role("link", name="Expert roster").click()
    filters = secretariat.locator("form.filters")
    filters.locator("#id_available_from").fill("2027-04-01")
    filters.locator("#id_available_until").fill("2027-04-15")
    filters.locator("#id_speaks").select_option(label="French")
    filters.locator("#id_q").fill("mutual legal assistance")
    filters.locator("#id_q").press("Enter")
    table = secretariat.locator("#object-table")
    expect(table.get_by_role("link", name=person.last_name)).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(1)
    screenshot(secretariat, "secretariat-finds-expert")
    table.get_by_role("link", name=person.last_name).click()
    expect(secretariat.locator("#expert-contacts")).to_contain_text(person.email)

    # A provider officer finds the same entry without the contacts.
    officer = browser.new_context(locale="en-GB").new_page()
    site.sign_in(officer, "provider-fcdo")
    officer.goto(site.url(own.get_absolute_url()))
    expect(officer.locator("h1")).to_contain_text(person.last_name)
    expect(officer.locator("#expert-contacts")).to_have_count(0)
    expect(officer.locator("main")).not_to_contain_text(person.email)
