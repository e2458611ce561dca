"""A request for assistance across roles: Kenya's agency user drafts it and proposes it, the focal point (told by a
notification) submits it, the secretariat accepts it and circulates it to the FCDO, the FCDO's officer (told) makes
an offer, the focal point (told) accepts it, and the planned activity appears on Kenya's country page. Each person
finds in their notifications what was meant for them, and not what was meant for others."""

import pytest
from playwright.sync_api import Page, expect

from tacoord.assistance.models import Request

pytestmark = pytest.mark.browser

TITLE = "Mentoring of prosecutors on extradition requests (browser test)"


def switch(site, page: Page, username: str) -> None:
    page.context.clear_cookies()
    site.sign_in(page, username)


def notifications(site, page: Page) -> str:
    page.goto(site.url("/notifications/"))
    return page.locator("main").inner_text()


def step(page: Page, action: str, note: str = "") -> None:
    form = page.locator(f"form.step-form[data-action={action}]")
    if note:
        form.locator("textarea").fill(note)
    form.locator("button[type=submit]").click()


def test_request_from_draft_to_planned_activity(site, page: Page, screenshot):
    world = site.world
    fcdo = world.organisations["fcdo"]
    # The agency user drafts.
    site.sign_in(page, "agency-ke")
    page.goto(site.url("/requests/add/"))
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_urgency").select_option("high")
    page.locator("#id_context").fill("Extradition requests wait months for lack of practice.")
    page.locator("main button[type=submit].primary").click()
    expect(page.locator("#stage")).to_have_attribute("data-stage", "draft")
    request = Request.objects.get(title=TITLE)
    assert page.locator("form.step-form[data-action=submit]").count() == 0  # only the focal point submits
    step(page, "propose")
    expect(page.locator("#stage")).to_have_attribute("data-stage", "awaiting_approval")

    # The focal point is told, opens it and submits.
    switch(site, page, "focalpoint-ke")
    assert TITLE in notifications(site, page)
    page.goto(site.url(request.get_absolute_url()))
    step(page, "submit")
    expect(page.locator("#stage")).to_have_attribute("data-stage", "submitted")

    # The secretariat is told, accepts and circulates to the FCDO.
    switch(site, page, "secretariat")
    assert TITLE in notifications(site, page)
    page.goto(site.url(request.get_absolute_url()))
    step(page, "accept")
    expect(page.locator("#stage")).to_have_attribute("data-stage", "accepted")
    form = page.locator("form.step-form[data-action=circulate]")
    form.locator("select[name=providers]").select_option(str(fcdo.pk))
    form.locator("button[type=submit]").click()
    expect(page.locator("#stage")).to_have_attribute("data-stage", "circulated")
    expect(page.locator("#candidates")).to_be_visible()
    screenshot(page, "requests-flow-circulated")

    # The provider is told and offers.
    switch(site, page, "provider-fcdo")
    assert TITLE in notifications(site, page)
    page.goto(site.url(request.get_absolute_url()))
    page.locator("#make-offer").click()
    page.locator("#id_scope").fill("Six months of mentoring by two senior prosecutors")
    page.locator("#id_modality").select_option("mixed")
    page.locator("#id_start").fill("2026-09-01")
    page.locator("#id_end").fill("2027-02-28")
    page.locator("#id_budget").fill("120000")
    page.locator("#id_currency").fill("GBP")
    page.locator("main button[type=submit].primary").click()
    page.goto(site.url(request.get_absolute_url()))
    expect(page.locator("#stage")).to_have_attribute("data-stage", "offers_received")

    # The focal point is told of the offer, compares and accepts.
    switch(site, page, "focalpoint-ke")
    assert "New offer" in notifications(site, page)
    page.goto(site.url(request.get_absolute_url()))
    expect(page.locator("#offers")).to_contain_text("Six months of mentoring")
    screenshot(page, "requests-flow-offers")
    page.locator("#offers form.decide button[value=accept]").click()
    expect(page.locator("#stage")).to_have_attribute("data-stage", "agreed")
    expect(page.locator("#planned-activity")).to_be_visible()

    # The planned activity is on Kenya's page; the provider is told its offer was accepted.
    page.goto(site.url("/reference/countries/KE/"))
    expect(page.locator("main")).to_contain_text(TITLE)
    switch(site, page, "provider-fcdo")
    assert "accepted" in notifications(site, page)
    # The agency user who drafted it was told of the submission and of the agreement.
    switch(site, page, "agency-ke")
    told = notifications(site, page)
    assert "Approve and submit" in told and "accepted" in told
    # Colombia's focal point was told of nothing about it.
    switch(site, page, "focalpoint-co")
    assert TITLE not in notifications(site, page)
    page.goto(site.url(request.get_absolute_url()))
    expect(page.locator("main")).not_to_contain_text(TITLE)
