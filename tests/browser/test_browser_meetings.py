"""A national focal point records a coordination meeting and gives FCDO a follow-up action; FCDO's officer sees the
notification, follows it and marks the action done; the focal point marks another one done on the meeting's page."""

import pytest
from playwright.sync_api import expect

from tacoord.meetings.models import FollowUpAction, Meeting

pytestmark = pytest.mark.browser


def test_meeting_follow_up_and_notification(site, page, browser, screenshot):
    fcdo = site.world.organisations["fcdo"]
    police = site.world.organisations["ke-police"]
    site.sign_in(page, "focalpoint-ke")
    page.locator(".main-nav").get_by_role("link", name="Meetings").click()
    page.get_by_role("link", name="Add coordination meeting").click()
    form = page.locator("form.edit-form")
    form.locator("#id_title").fill("Coordination of support to the police")
    form.locator("#id_country").select_option(label="Kenya")
    form.locator("#id_participants").select_option(label=[str(fcdo), str(police)])
    form.locator("button[type=submit]").click()
    # The date is missing: told at its field, nothing saved.
    expect(page.locator("#id_date-error")).to_be_visible()
    screenshot(page, "meeting-form-error")
    assert not Meeting.objects.exists()
    form.locator("#id_date").fill("2026-06-02")
    form.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Coordination of support to the police")
    meeting = Meeting.objects.get()

    for owner, text in [(fcdo, "Share the curriculum"), (police, "Name a focal person")]:
        page.get_by_role("link", name="Add a follow-up action").click()
        page.locator("#id_description").fill(text)
        page.locator("#id_owner_organisation").select_option(label=str(owner))
        page.locator("#id_due_date").fill("2026-07-01")
        page.locator("form.edit-form button[type=submit]").click()
        expect(page.locator(".messages")).to_contain_text("Saved")
        page.goto(site.url(meeting.get_absolute_url()))
    rows = page.locator("#follow-ups tbody tr")
    expect(rows).to_have_count(2)
    screenshot(page, "meeting-page", full_page=True)

    officer_page = browser.new_context(locale="en-GB").new_page()
    site.sign_in(officer_page, "provider-fcdo")
    bell = officer_page.locator("#notification-bell")
    expect(bell.locator(".badge")).to_have_text("1")
    bell.click()
    screenshot(officer_page, "notifications")
    officer_page.get_by_role("link", name="Follow-up action for you from “Coordination of support to the police”"
                             ).click()
    expect(officer_page.locator("h1")).to_contain_text("Share the curriculum")
    expect(officer_page.locator("#notification-bell .badge")).to_have_count(0)
    officer_page.get_by_role("button", name="Mark done").click()
    expect(officer_page.locator(".messages")).to_contain_text("Saved")
    assert FollowUpAction.objects.get(description="Share the curriculum").status == "done"

    # The focal point marks the police's action done in place (htmx swaps the row).
    police_row = page.locator("#follow-ups tbody tr", has_text="Name a focal person")
    police_row.get_by_role("button", name="Mark done").click()
    expect(police_row.get_by_role("button", name="Open again")).to_be_visible()
    assert FollowUpAction.objects.get(description="Name a focal person").status == "done"
