"""From answers to needs: a focal point answers part of the questionnaire (the draft survives a reload) and submits;
the secretariat sees the submission; the needs derived from it appear on the State's page and the focal point
validates one; a provider officer sees the validated need but neither the others nor the answers."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from tacoord.demo.reporting import answers_generate, vocabulary_load
from tacoord.needs.choices import NeedStatus
from tacoord.needs.models import Need
from tacoord.needs.services import needs_derive
from tacoord.reporting.choices import ResponseStatus
from tacoord.reporting.models import Answer
from tacoord.reporting.services import AnswerInput, answers_save

pytestmark = pytest.mark.browser

GROUP = "fir_a8"  # Firearms Protocol, article 8: marking of firearms
SECTION = "fir"


def state_needs(site, page: Page, iso2: str) -> None:
    """From the State's page, through its needs panel, to its gap analysis: every article with its needs."""
    page.goto(site.url(f"/reference/countries/{iso2}/"))
    panel = page.locator("main section.panel").filter(has=page.locator(f"a[href='/needs/gaps/{iso2}/']"))
    expect(panel).to_be_visible()
    panel.locator(f"a[href='/needs/gaps/{iso2}/']").click()
    expect(page).to_have_url(site.url(f"/needs/gaps/{iso2}/"))


def need_row(page: Page, need):
    return page.locator("main tr").filter(has=page.locator(f"a[href='{need.get_absolute_url()}']"))


def answer(page: Page, key: str, act) -> None:
    """Change one answer and wait until it is saved and its block swapped in (with the new version), as htmx does
    when the person leaves the field."""
    version = page.locator(f"input[name='v:{key}']")
    before = int(version.input_value())
    with page.expect_response(lambda response: f"/answers/{key}/" in response.url) as saved:
        act()
    assert saved.value.status == 200, saved.value.text()
    expect(page.locator(f"input[name='v:{key}']")).to_have_value(str(before + 1))


def spanish(text) -> str:
    """A text as Colombia's focal point, who works in Spanish, reads it."""
    with translation.override("es"):
        return str(gettext(text) if isinstance(text, str) else text)


def switch_user(site, page: Page, username: str) -> None:
    page.context.clear_cookies()
    site.sign_in(page, username)


def test_focal_point_answers_submits_and_providers_see_only_validated_needs(needs_site, page, screenshot):
    site, reporting = needs_site, needs_site.reporting
    focal_point = site.world.people["focalpoint-co"]
    response = reporting.response(reporting.current, "CO")
    assert response.status == "in_progress"
    # Colombia's agencies have answered the rest of the questionnaire; one article of the Firearms Protocol is left.
    plan = next(plan for plan in reporting.plans if plan.country.iso2 == "CO")
    rest = {key: value for key, value in answers_generate(plan=plan, cycle_key="current",
                                                          vocabulary=vocabulary_load()).items()
            if not key.startswith(f"{GROUP}_")}
    saved = dict(Answer.objects.filter(response=response).values_list("question__name", "version"))
    answers_save(user=focal_point, response=response,
                 inputs=[AnswerInput(key, value, saved.get(key, 0)) for key, value in rest.items()])
    assert not Answer.objects.filter(response=response, question__name__startswith=f"{GROUP}_").exists()

    # The focal point finds the questionnaire and the section.
    site.sign_in(page, "focalpoint-co")
    page.goto(site.url("/reporting/mine/"))
    page.locator("main").get_by_role("link", name=reporting.current.name).click()
    expect(page).to_have_url(site.url(response.get_absolute_url()))
    missing = page.locator("main tr .badge")  # "n required missing", by section
    expect(missing).to_have_count(1)
    expect(page.locator("main tr").filter(has=page.locator(f"a[href$='/sections/{SECTION}/']"))).to_contain_text(
        re.compile(r"\b1\b"))
    page.locator(f"main a[href$='/sections/{SECTION}/']").click()
    expect(page.locator(f"#q-{GROUP}_status")).to_be_visible()
    expect(page.locator(f"input[name='q:{GROUP}_ta_types']")).to_have_count(0)  # asked only when TA is needed

    answer(page, f"{GROUP}_status", lambda: page.locator(f"#q-{GROUP}_status").select_option("no"))
    challenges = "Firearms are not marked at import; the registry is kept on paper."
    answer(page, f"{GROUP}_challenges", lambda: (page.locator(f"#q-{GROUP}_challenges").fill(challenges),
                                                 page.locator(f"#q-{GROUP}_challenges").blur()))
    # Needing assistance asks three more questions: the page reloads with them.
    answer(page, f"{GROUP}_ta_needed", lambda: page.locator(f"#q-{GROUP}_ta_needed").select_option("yes"))
    ta_types = page.locator(f"input[name='q:{GROUP}_ta_types']")
    expect(ta_types.first).to_be_visible()
    for code in ("training", "legislative-drafting"):
        answer(page, f"{GROUP}_ta_types", lambda code=code: page.locator(
            f"input[name='q:{GROUP}_ta_types'][value='{code}']").check())
    answer(page, f"{GROUP}_priority", lambda: page.locator(f"#q-{GROUP}_priority").select_option("high"))
    answer(page, f"{GROUP}_languages", lambda: page.locator(
        f"input[name='q:{GROUP}_languages'][value='es']").check())

    # A reload shows the draft as it was left.
    page.reload()
    expect(page.locator(f"#q-{GROUP}_status")).to_have_value("no")
    expect(page.locator(f"#q-{GROUP}_challenges")).to_have_value(challenges)
    expect(page.locator(f"#q-{GROUP}_ta_needed")).to_have_value("yes")
    expect(page.locator(f"input[name='q:{GROUP}_ta_types'][value='training']")).to_be_checked()
    expect(page.locator(f"input[name='q:{GROUP}_ta_types'][value='legislative-drafting']")).to_be_checked()
    expect(page.locator(f"input[name='q:{GROUP}_ta_types'][value='on-site-expert']")).not_to_be_checked()
    expect(page.locator(f"#q-{GROUP}_priority")).to_have_value("high")
    expect(page.locator(f"input[name='q:{GROUP}_languages'][value='es']")).to_be_checked()
    page.locator(f"#answer-{GROUP}_ta_types").scroll_into_view_if_needed()
    screenshot(page, "needs-1-draft-kept-after-reload", full_page=False)

    page.goto(site.url(response.get_absolute_url()))
    expect(missing).to_have_count(0)
    submit = page.get_by_role("button", name=spanish("Submit to the secretariat"))
    submit.click()
    expect(page.locator(".messages")).to_contain_text(
        spanish("Submitted to the secretariat (submission %(number)d).") % {"number": 1})
    expect(page.locator("dl.facts")).to_contain_text(spanish(ResponseStatus.SUBMITTED.label))
    expect(submit).to_have_count(0)
    screenshot(page, "needs-2-submitted", full_page=False)

    # The needs of the submission are derived (again, if submitting already did: deriving twice changes nothing).
    needs_derive(response=response)
    article_needs = Need.objects.filter(country__iso2="CO", source_response=response, article__number=8,
                                        article__instrument__code="FIR")
    assert sorted(article_needs.values_list("ta_type__code", flat=True)) == ["legislative-drafting", "training"]
    assert set(article_needs.values_list("status", "priority")) == {("identified", "high")}

    # The focal point finds them on the State's page and validates the training one.
    training = article_needs.get(ta_type__code="training")
    hidden = article_needs.get(ta_type__code="legislative-drafting")
    state_needs(site, page, "CO")
    row = need_row(page, training)
    expect(row).to_have_count(1)
    expect(row.locator(f"a[href='{hidden.get_absolute_url()}']")).to_be_visible()  # one row per article
    expect(row).to_contain_text(spanish(NeedStatus.IDENTIFIED.label))
    expect(row).to_contain_text(spanish("No"))  # the implementation status answered
    row.scroll_into_view_if_needed()
    screenshot(page, "needs-3-state-needs-focal-point", full_page=False)
    row.locator(f"a[href='{training.get_absolute_url()}']").click()
    expect(page.locator("main")).to_contain_text(challenges)
    page.get_by_role("button", name=spanish("Validate")).click()
    expect(page.locator(".messages")).to_contain_text(spanish(NeedStatus.VALIDATED.label))
    screenshot(page, "needs-4-validated")

    # The secretariat sees the submission in the cycle and reads the answers.
    switch_user(site, page, "secretariat")
    page.goto(site.url(reporting.current.get_absolute_url()))
    row = page.locator("main tr").filter(has=page.get_by_role("link", name="Colombia", exact=True))
    expect(row).to_contain_text("Submitted")
    row.get_by_role("link", name="Colombia", exact=True).click()
    expect(page).to_have_url(site.url(response.get_absolute_url()))
    expect(page.get_by_role("button", name="Accept")).to_be_visible()
    expect(page.locator("main")).to_contain_text(re.compile(r"No\. 1, \d{4}-\d\d-\d\d"))
    expect(page.locator("main tr").filter(has_text=f"{GROUP}_challenges")).to_contain_text(challenges)
    screenshot(page, "needs-5-secretariat-sees-submission", full_page=False)

    # A provider officer sees the validated need, not the one still to validate, and none of the answers.
    switch_user(site, page, "provider-fcdo")
    state_needs(site, page, "CO")
    expect(page.locator("main")).to_contain_text("No answers you may read")
    row = need_row(page, training)
    expect(row).to_contain_text("Marking of firearms")
    expect(row).to_contain_text("Validated by the State")
    expect(page.locator(f"main a[href='{hidden.get_absolute_url()}']")).to_have_count(0)
    expect(page.locator("main tbody")).not_to_contain_text("Identified")
    row.scroll_into_view_if_needed()
    screenshot(page, "needs-6-provider-sees-validated-needs", full_page=False)
    page.goto(site.url("/needs/?country=CO"))
    expect(page.locator("main tbody tr").filter(has_text="Validated by the State").first).to_be_visible()
    expect(page.locator("main tbody tr").filter(has_text="Identified")).to_have_count(0)

    page.goto(site.url(training.get_absolute_url()))
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(str(response))
    expect(page.locator(f"main a[href='{response.get_absolute_url()}']")).to_have_count(0)
    for path in (response.get_absolute_url(), f"{response.get_absolute_url()}sections/{SECTION}/",
                 f"{response.get_absolute_url()}workbook/"):
        result = page.goto(site.url(path))
        assert result.status in {403, 404}, path
    expect(page.locator("main")).not_to_contain_text(challenges)
    screenshot(page, "needs-7-provider-refused-answers")
    assert page.goto(site.url(hidden.get_absolute_url())).status in {403, 404}
