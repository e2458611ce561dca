"""The secretariat writes a questionnaire in the browser: a draft, a group, questions (one calculated, one with
"Other"), choices; it publishes it, finds it frozen, and makes a new version."""

import pytest
from playwright.sync_api import expect

from tacoord.questionnaires.choices import TemplateStatus
from tacoord.questionnaires.models import QuestionnaireTemplate

pytestmark = pytest.mark.browser


def add_question(page, site, template, **fields):
    page.goto(site.url(f"/questionnaires/{template.pk}/questions/add/"))
    form = page.locator("form.edit-form")
    for name, value in fields.items():
        field = form.locator(f"#id_{name}")
        if name in {"type", "parent"}:
            field.select_option(label=value) if name == "parent" else field.select_option(value)
        elif name in {"or_other", "required"}:
            field.check()
        else:
            field.fill(value)
    form.locator("button[type=submit]").click()


def test_secretariat_writes_publishes_and_versions_a_questionnaire(site, page, screenshot):
    site.sign_in(page, "secretariat")
    page.goto(site.url("/questionnaires/"))
    page.locator("main").get_by_role("link", name="Add").first.click()
    form = page.locator("form.edit-form")
    form.locator("#id_code").fill("justice-staff")
    form.locator("#id_title_en").fill("Justice staff")
    form.locator("#id_title_fr").fill("Personnel de la justice")
    form.locator("button[type=submit]").click()
    template = QuestionnaireTemplate.objects.get(code="justice-staff")
    expect(page).to_have_url(site.url(template.get_absolute_url()))

    add_question(page, site, template, name="staff", type="begin_group", label_en="Staff")
    add_question(page, site, template, name="judges", type="integer", parent="Staff", label_en="Judges",
                 constraint=". >= 0")
    add_question(page, site, template, name="prosecutors", type="integer", parent="Staff", label_en="Prosecutors")
    add_question(page, site, template, name="total", type="calculate", parent="Staff", label_en="Total",
                 calculation="${judges} + ${nobody}")
    # Refused, with the reason at the field.
    expect(page.locator("#id_calculation-error")).to_contain_text("${nobody}: no question of this questionnaire")
    page.locator("#id_calculation").fill("${judges} + ${prosecutors}")
    page.locator("form.edit-form button[type=submit]").click()
    add_question(page, site, template, name="body", type="select_one", label_en="Body", choice_list="bodies",
                 or_other="on")
    expect(page.locator("#lifecycle")).to_contain_text("choice list 'bodies' is not on the choices sheet.")
    for name, label in (("court", "Court"), ("police", "Police")):
        page.goto(site.url(f"/questionnaires/{template.pk}/choices/add/?list=bodies"))
        page.locator("#id_name").fill(name)
        page.locator("#id_label_en").fill(label)
        page.locator("form.edit-form button[type=submit]").click()
    outline = page.locator("#outline")
    expect(outline).to_contain_text("Calculated as ${judges} + ${prosecutors}")
    expect(outline).to_contain_text("Court · Police · Other")
    page.goto(site.url(template.get_absolute_url()))
    expect(outline).to_contain_text("Specify other")
    page.locator("#q-prosecutors").get_by_role("button", name="Up").click()
    expect(page.locator(".messages")).to_contain_text("Moved prosecutors.")
    assert list(template.questions.order_by("position").values_list("name", flat=True)) == [
        "staff", "prosecutors", "judges", "total", "body", "body_other"]
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#choices").get_by_role("button", name="Remove").last.click()
    expect(page.locator(".messages")).to_contain_text("Removed police.")
    screenshot(page, "questionnaire-editor-draft")

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#lifecycle").get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("is published: it can no longer change.")
    template.refresh_from_db()
    assert template.status == TemplateStatus.PUBLISHED
    expect(page.locator("#outline").get_by_role("link", name="Edit")).to_have_count(0)
    screenshot(page, "questionnaire-editor-published")

    page.locator("#lifecycle").get_by_role("button", name="Make a new version").click()
    copy = QuestionnaireTemplate.objects.get(code="justice-staff", version=2)
    expect(page).to_have_url(site.url(copy.get_absolute_url()))
    expect(page.locator(".messages")).to_contain_text("A new version of justice-staff is made as a draft.")
    page.get_by_role("link", name="History").click()
    expect(page.locator("main")).to_contain_text("Judges")
    screenshot(page, "questionnaire-editor-history")
