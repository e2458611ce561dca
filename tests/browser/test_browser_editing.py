"""A national focal point records an agency of its State, corrects it, and takes a change back."""

import pytest
from playwright.sync_api import expect

from tacoord.organisations.models import Organisation

pytestmark = pytest.mark.browser


def test_focal_point_adds_edits_and_restores_an_agency(site, page):
    site.sign_in(page, "focalpoint-ke")
    focal_point = site.world.organisations["ke-focal-point"]

    page.locator(".main-nav a[href='/organisations/']").click()
    page.get_by_role("link", name="Add organisation").click()
    form = page.locator("form.edit-form")
    form.locator("#id_kind").select_option("government")
    form.locator("#id_country").select_option(label="Kenya")
    form.locator("#id_parent").select_option(label=str(focal_point))
    form.locator("#id_iati_identifier").fill("KE WPA 1")
    form.locator("button[type=submit]").click()

    # Nothing is saved; each mistake is told at its field.
    expect(page.locator("#id_name-error")).to_be_visible()
    expect(page.locator("#id_iati_identifier-error")).to_contain_text("Use letters, digits")
    expect(page.locator(".field.has-error #id_iati_identifier")).to_be_visible()
    assert not Organisation.objects.filter(country__iso2="KE", name__icontains="Witness").exists()

    form.locator("#id_name").fill("Witness Protection Agency")
    form.locator("#id_acronym").fill("WPA")
    form.locator("#id_iati_identifier").fill("")
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Witness Protection Agency")
    agency = Organisation.objects.get(name="Witness Protection Agency")
    expect(page).to_have_url(site.url(agency.get_absolute_url()))

    page.goto(site.url("/reference/countries/KE/"))
    expect(page.locator("main").get_by_role("link", name="Witness Protection Agency (WPA)")).to_be_visible()
    page.locator("main").get_by_role("link", name="Witness Protection Agency (WPA)").click()

    page.locator(".page-head .actions").get_by_role("link", name="Edit").click()
    page.locator("#id_name").fill("Witness Protection Agency of Kenya")
    page.locator("form.edit-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Witness Protection Agency of Kenya (WPA)")

    page.locator(".page-head .actions").get_by_role("link", name="History").click()
    changes = page.locator("article.change")
    expect(changes).to_have_count(2)
    latest = changes.nth(0)
    expect(latest).to_contain_text("Changed")
    expect(latest).to_contain_text("focalpoint-ke")
    expect(latest.locator("td.before")).to_contain_text("Witness Protection Agency")
    expect(latest.locator("td.after")).to_contain_text("Witness Protection Agency of Kenya")

    changes.nth(1).get_by_role("button", name="Restore this version").click()
    expect(page.locator(".messages")).to_contain_text("restored")
    expect(page.locator("article.change").first).to_contain_text("Restored to an earlier version")
    agency.refresh_from_db()
    assert agency.name == "Witness Protection Agency"
    page.goto(site.url(agency.get_absolute_url()))
    expect(page.locator("h1")).to_have_text("Witness Protection Agency (WPA)")
