"""A provider officer manages its own organisation and nobody else's."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_provider_officer_cannot_edit_another_organisation(site, page):
    site.sign_in(page, "provider-fcdo")
    police = site.world.organisations["ke-police"]

    page.goto(site.url(police.get_absolute_url()))
    expect(page.locator("h1")).to_have_text(str(police))
    expect(page.locator(".page-head .actions").get_by_role("link", name="Edit")).to_have_count(0)

    response = page.goto(site.url(f"/organisations/{police.pk}/edit/"))
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Not allowed")
    expect(page.locator("form.edit-form")).to_have_count(0)


def test_provider_officer_edits_its_own_organisation(site, page):
    site.sign_in(page, "provider-fcdo")
    fcdo = site.world.organisations["fcdo"]

    page.goto(site.url(fcdo.get_absolute_url()))
    page.locator(".page-head .actions").get_by_role("link", name="Edit").click()
    expect(page).to_have_url(site.url(f"/organisations/{fcdo.pk}/edit/"))
    expect(page.locator("#id_name")).to_have_value(fcdo.name)
    page.locator("#id_phone").fill("+44 20 7008 5000")
    page.locator("form.edit-form button[type=submit]").click()
    expect(page).to_have_url(site.url(fcdo.get_absolute_url()))
    expect(page.locator("dl.facts")).to_contain_text("+44 20 7008 5000")
