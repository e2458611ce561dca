"""The reporting pages for every role: cycles and monitoring, answering, conflicts, workflow, workbook, diff."""

import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tacoord.reporting.choices import CycleStatus, ResponseStatus
from tacoord.reporting.models import Answer, ReportingCycle, Submission
from tacoord.reporting.selectors import response_answers
from tacoord.reporting.services import response_publish, response_submit
from tacoord.reporting.tests.conftest import COMPLETE, make_template, save
from tacoord.reporting.tests.test_services import workbook_with

pytestmark = pytest.mark.django_db


def section_url(response, slug="general"):
    return f"/reporting/responses/{response.pk}/sections/{slug}/"


def answer_url(response, key):
    return f"/reporting/responses/{response.pk}/answers/{key}/"


class TestCycles:
    def test_list_shows_drafts_to_the_secretariat_only(self, world, reporting, client_for):
        draft = ReportingCycle.objects.create(name="Next", template=reporting.template, opens_on=datetime.date.today(),
                                              deadline=datetime.date.today())
        names = lambda who: {c.name for c in client_for(world.person(who)).get("/reporting/").context["page"]}  # noqa: E731
        assert names("secretariat") == {draft.name, reporting.cycle.name}
        assert names("focal_a") == names("officer") == {reporting.cycle.name}
        assert names("anonymous") == set()

    def test_secretariat_creates_and_opens_a_cycle(self, world, client_for):
        template = make_template()
        client = client_for(world.secretariat)
        response = client.post("/reporting/add/", {"name": "2028", "template": template.pk, "opens_on": "2028-01-01",
                                                   "deadline": "2028-03-01", "countries": [world.state_a.pk]})
        cycle = ReportingCycle.objects.get(name="2028")
        assert response.status_code == 302 and cycle.status == CycleStatus.DRAFT
        assert list(cycle.responses.values_list("country__iso2", flat=True)) == ["KE"]
        client.post(f"/reporting/{cycle.pk}/open/")
        cycle.refresh_from_db()
        assert cycle.status == CycleStatus.OPEN

    @pytest.mark.parametrize("who", ["focal_a", "agency_a", "officer"])
    def test_others_may_not_create_open_or_close(self, world, reporting, client_for, who):
        client = client_for(world.person(who))
        assert client.get("/reporting/add/").status_code == 403
        assert client.post(f"/reporting/{reporting.cycle.pk}/close/").status_code == 403
        reporting.cycle.refresh_from_db()
        assert reporting.cycle.status == CycleStatus.OPEN

    def test_monitoring_rates_overdue_and_reminders(self, world, reporting, client_for):
        world.state_a.is_ldc = True
        world.state_a.save()
        save(world.agency_a, reporting.response_a, **COMPLETE)
        response_submit(user=world.focal_a, response=reporting.response_a)
        ReportingCycle.objects.filter(pk=reporting.cycle.pk).update(deadline=datetime.date(2020, 1, 1))
        client = client_for(world.secretariat)
        page = client.get(f"/reporting/{reporting.cycle.pk}/?by=ldc")
        rates = {rate.group: (rate.states, rate.submitted) for rate in page.context["rates"]}
        assert rates == {"Least developed countries": (1, 1), "Other States": (1, 0), "All States": (2, 1)}
        assert [r.country for r in page.context["overdue"]] == [world.state_b]
        client.post(f"/reporting/{reporting.cycle.pk}/remind/")
        assert [message.to for message in mail.outbox] == [[world.focal_b.email]]


class TestAccess:
    def test_my_questionnaires(self, world, reporting, client_for):
        mine = lambda who: list(client_for(world.person(who)).get("/reporting/mine/").context["responses"])  # noqa: E731
        assert mine("focal_a") == mine("agency_a") == [reporting.response_a]
        assert mine("focal_b") == [reporting.response_b]
        assert mine("officer") == mine("expert") == []

    @pytest.mark.parametrize(("who", "sees_a"), [("secretariat", True), ("focal_a", True), ("agency_a", True),
                                                 ("focal_b", False), ("agency_b", False), ("officer", False),
                                                 ("expert", False), ("anonymous", False)])
    def test_answers_are_confidential_to_the_state_and_the_secretariat(self, world, reporting, client_for, who,
                                                                       sees_a):
        save(world.agency_a, reporting.response_a, staff=7)
        client = client_for(world.person(who))
        pk = reporting.response_a.pk
        for url in (f"/reporting/responses/{pk}/", section_url(reporting.response_a),
                    f"/reporting/responses/{pk}/workbook/"):
            assert client.get(url).status_code == (200 if sees_a else 404), url

    def test_published_answers_are_read_by_providers(self, world, reporting, client_for):
        save(world.agency_a, reporting.response_a, staff=7)
        response_publish(user=world.focal_a, response=reporting.response_a, published=True)
        page = client_for(world.officer).get(f"/reporting/responses/{reporting.response_a.pk}/")
        assert ("Staff", "staff", 7) in page.context["answers"]
        assert client_for(world.officer).post(section_url(reporting.response_a),
                                              {"v:staff": "1", "q:staff": "8"}).status_code == 403

    def test_a_focal_point_cannot_write_another_states_answers(self, world, reporting, client_for):
        client = client_for(world.focal_a)
        assert client.post(section_url(reporting.response_b), {"v:staff": "0", "q:staff": "1"}).status_code == 404
        assert client.post(answer_url(reporting.response_b, "staff"),
                           {"v:staff": "0", "q:staff": "1"}).status_code == 404
        assert client.post(f"/reporting/responses/{reporting.response_b.pk}/do/submit/").status_code == 404
        assert not Answer.objects.exists()


class TestAnswering:
    def test_section_in_the_users_language_with_nested_groups(self, world, reporting, client_for):
        client = client_for(world.agency_a)
        page = client.get(section_url(reporting.response_a) + "?language=fr")
        assert "Personnel" in page.content.decode()
        legal = client.get(section_url(reporting.response_a, "legal"))
        keys = [row["key"] for row in legal.context["rows"]]
        assert keys == ["legal", "status", "measures", "ta_types", "detail", "law"]

    def test_section_save_and_reload_keeps_the_draft(self, world, reporting, client_for):
        client = client_for(world.agency_a)
        response = client.post(section_url(reporting.response_a, "legal"), {
            "v:status": "0", "q:status": "yes", "v:ta_types": "0", "q:ta_types": ["training", "advice"],
            "v:law": "0", "q:law": "Penal Code"})
        assert response.status_code == 302
        page = client.get(section_url(reporting.response_a, "legal"))
        rows = {row["key"]: row for row in page.context["rows"]}
        assert rows["ta_types"]["values"] == ["training", "advice"] and rows["law"]["version"] == 1
        assert "measures" not in rows  # not asked once the status is "yes"

    def test_bad_or_forged_input_is_refused_with_reasons_and_nothing_saved(self, world, reporting, client_for):
        response = client_for(world.focal_a).post(section_url(reporting.response_a), {
            "v:staff": "0", "q:staff": "many", "v:budget": "0", "q:budget": "3", "v:invented": "0", "q:invented": "x"})
        assert response.status_code == 400
        text = response.content.decode()
        assert "Enter a whole number." in text and "Nothing was saved" in text
        assert not Answer.objects.exists()

    def test_per_question_save_then_conflict_shows_both_values(self, world, reporting, client_for):
        agency, focal = client_for(world.agency_a), client_for(world.focal_a)
        first = agency.post(answer_url(reporting.response_a, "staff"), {"v:staff": "0", "q:staff": "5"},
                            HTTP_HX_REQUEST="true")
        assert first.status_code == 200 and 'name="v:staff" value="1"' in first.content.decode()
        staff = answer_url(reporting.response_a, "staff")
        assert agency.post(staff, {"v:staff": "1", "q:staff": "6"}).status_code == 200
        clash = focal.post(answer_url(reporting.response_a, "staff"), {"v:staff": "1", "q:staff": "9"})
        assert clash.status_code == 409
        text = clash.content.decode()
        assert "<strong>6</strong>" in text and "<strong>9</strong>" in text and 'value="2"' in text
        assert response_answers(response=reporting.response_a) == {"staff": 6}
        assert focal.post(staff, {"v:staff": "2", "q:staff": "9"}).status_code == 200
        assert response_answers(response=reporting.response_a) == {"staff": 9}

    def test_section_conflict_keeps_what_the_user_typed(self, world, reporting, client_for):
        save(world.agency_a, reporting.response_a, staff=5)
        page = client_for(world.focal_a).post(section_url(reporting.response_a),
                                              {"v:staff": "0", "q:staff": "8", "v:budget": "0", "q:budget": "2"})
        assert page.status_code == 409
        rows = {row["key"]: row for row in page.context["rows"]}
        assert rows["staff"]["value"] == ["8"] and rows["staff"]["conflict"].theirs == 5
        assert rows["budget"]["value"] == ["2"]
        assert response_answers(response=reporting.response_a) == {"staff": 5}

    def test_progress_per_section(self, world, reporting, client_for):
        save(world.agency_a, reporting.response_a, staff=5, status="yes")
        page = client_for(world.focal_a).get(f"/reporting/responses/{reporting.response_a.pk}/")
        progress = {slug: (row.answered, row.total, row.required_missing) for slug, row in page.context["progress"]}
        assert progress == {"general": (1, 3, []), "legal": (1, 3, ["law"]), "cases": (0, 1, [])}


class TestWorkflow:
    def test_focal_point_submits_secretariat_returns_state_resubmits(self, world, reporting, client_for):
        save(world.agency_a, reporting.response_a, **COMPLETE)
        url = f"/reporting/responses/{reporting.response_a.pk}/do/"
        assert client_for(world.agency_a).post(url + "submit/").status_code == 403
        client_for(world.focal_a).post(url + "submit/")
        reporting.response_a.refresh_from_db()
        assert reporting.response_a.status == ResponseStatus.SUBMITTED
        assert client_for(world.focal_a).post(url + "return/", {"comment": "x"}).status_code == 403
        client_for(world.secretariat).post(url + "return/", {"comment": "Add the budget"})
        reporting.response_a.refresh_from_db()
        assert reporting.response_a.status == ResponseStatus.RETURNED
        page = client_for(world.focal_a).get(f"/reporting/responses/{reporting.response_a.pk}/")
        assert "Add the budget" in page.content.decode()
        save(world.agency_a, reporting.response_a, budget=3)
        client_for(world.focal_a).post(url + "submit/")
        assert Submission.objects.count() == 2
        diff = client_for(world.secretariat).get(f"/reporting/responses/{reporting.response_a.pk}/diff/?from=1&to=2")
        assert [(d.key, d.before, d.after) for d in diff.context["differences"]] == [("budget", None, 3)]

    def test_incomplete_submit_says_why(self, world, reporting, client_for):
        client = client_for(world.focal_a)
        page = client.post(f"/reporting/responses/{reporting.response_a.pk}/do/submit/", follow=True)
        assert "an answer is required" in page.content.decode()
        assert not Submission.objects.exists()

    def test_as_of_view(self, world, reporting, client_for):
        save(world.agency_a, reporting.response_a, staff=5)
        page = client_for(world.focal_a).get(f"/reporting/responses/{reporting.response_a.pk}/?as_of=2000-01-01")
        assert page.context["answers"] == []


class TestWorkbook:
    def test_download_in_the_users_language_and_upload(self, world, reporting, client_for):
        client = client_for(world.focal_a)
        download = client.get(f"/reporting/responses/{reporting.response_a.pk}/workbook/?language=fr")
        sheet = load_workbook(io.BytesIO(download.content))["answers"]
        assert [row[2] for row in sheet.iter_rows(min_row=2, max_row=2, values_only=True)] == ["Personnel"]
        upload = SimpleUploadedFile("q.xlsx", workbook_with(reporting.response_a, staff=3))
        client.post(f"/reporting/responses/{reporting.response_a.pk}/workbook/", {"file": upload})
        assert response_answers(response=reporting.response_a) == {"staff": 3}

    def test_invalid_upload_lists_rows_and_applies_nothing(self, world, reporting, client_for):
        upload = SimpleUploadedFile("q.xlsx", workbook_with(reporting.response_a, staff=3, budget="lots"))
        page = client_for(world.focal_a).post(f"/reporting/responses/{reporting.response_a.pk}/workbook/",
                                              {"file": upload}, follow=True)
        assert "Row 3 (budget): Enter a number." in page.content.decode()
        assert not Answer.objects.exists()
