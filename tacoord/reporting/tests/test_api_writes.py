"""API writes of the reporting workflow: the secretariat creates, changes, opens and closes cycles and their States,
returns and accepts submissions; the focal point submits and publishes. Allowed and denied cases, forged ids, and
the one error format {"detail", "errors"}."""

import datetime

import pytest
from django.core import mail

from tacoord.questionnaires.choices import TemplateStatus
from tacoord.reporting.choices import CycleStatus, ResponseStatus
from tacoord.reporting.models import QuestionnaireResponse, ReportingCycle, ResponseReturn
from tacoord.reporting.services import response_publish, response_return, response_submit
from tacoord.reporting.tests.conftest import COMPLETE, make_template, save
from tacoord.testing.factories import CountryFactory

pytestmark = pytest.mark.django_db

CYCLES = "/api/reporting/cycles/"
RESPONSES = "/api/reporting/responses/"
OTHERS = ["focal_a", "agency_a", "officer", "expert", "anonymous"]


def new_cycle(questionnaire, **changes):
    return {"name": "2028 self-assessment", "template": questionnaire.pk, "opens_on": "2028-01-01",
            "deadline": "2028-06-30", "countries": ["KE", "PE"], **changes}


def submitted(world, reporting):
    save(world.agency_a, reporting.response_a, **COMPLETE)
    response_submit(user=world.focal_a, response=reporting.response_a)
    return reporting.response_a


class TestCycleCreate:
    def test_secretariat_creates_a_prepared_cycle(self, world, api_for):
        template = make_template()
        created = api_for(world.secretariat).post(CYCLES, new_cycle(template, instructions="Answer all."),
                                                  format="json")
        assert created.status_code == 201, created.json()
        body = created.json()
        assert body["status"] == CycleStatus.DRAFT and body["instructions"] == "Answer all."
        cycle = ReportingCycle.objects.get(pk=body["id"])
        assert set(cycle.responses.values_list("country__iso2", flat=True)) == {"KE", "PE"}

    @pytest.mark.parametrize("who", OTHERS)
    def test_others_may_not(self, world, api_for, who):
        answer = api_for(world.person(who)).post(CYCLES, new_cycle(make_template()), format="json")
        assert answer.status_code in (401, 403) and "detail" in answer.json()
        assert not ReportingCycle.objects.exists()

    @pytest.mark.parametrize(("changes", "field"), [
        ({"countries": ["KE", "ZZ"]}, "countries"),       # a forged State
        ({"countries": []}, "countries"),
        ({"template": 999999}, "template"),               # a forged questionnaire
        ({"deadline": "2027-12-31"}, "deadline"),         # before it opens
        ({"deadline": "soon"}, "deadline"),
        ({"previous_cycle": 999999}, "previous_cycle"),
        ({"name": ""}, "name"),
    ])
    def test_bad_input_400_in_the_one_error_format(self, world, api_for, changes, field):
        answer = api_for(world.secretariat).post(CYCLES, new_cycle(make_template(), **changes), format="json")
        assert answer.status_code == 400
        assert set(answer.json()) == {"detail", "errors"} and field in answer.json()["errors"]
        assert not ReportingCycle.objects.exists()

    def test_unpublished_questionnaire_is_refused(self, world, api_for):
        draft = make_template(code="draft", status=TemplateStatus.DRAFT)
        answer = api_for(world.secretariat).post(CYCLES, new_cycle(draft), format="json")
        assert answer.status_code == 400 and "template" in answer.json()["errors"]


class TestCycleChange:
    def test_secretariat_moves_the_deadline(self, world, reporting, api_for):
        url = f"{CYCLES}{reporting.cycle.pk}/"
        answer = api_for(world.secretariat).patch(url, {"deadline": "2027-07-31", "name": "Renamed"}, format="json")
        assert answer.status_code == 200, answer.json()
        reporting.cycle.refresh_from_db()
        assert reporting.cycle.deadline == datetime.date(2027, 7, 31) and reporting.cycle.name == "Renamed"

    def test_deadline_before_opening_or_on_a_closed_cycle_is_refused(self, world, reporting, api_for):
        client = api_for(world.secretariat)
        url = f"{CYCLES}{reporting.cycle.pk}/"
        early = client.patch(url, {"deadline": "2026-01-01"}, format="json")
        assert early.status_code == 400 and "deadline" in early.json()["errors"]
        assert client.post(f"{url}close/").status_code == 200
        late = client.patch(url, {"deadline": "2027-12-31"}, format="json")
        assert late.status_code == 400 and "deadline" in late.json()["errors"]
        reporting.cycle.refresh_from_db()
        assert reporting.cycle.deadline == datetime.date(2027, 6, 30)

    @pytest.mark.parametrize("who", OTHERS)
    def test_others_may_not_change_open_or_close(self, world, reporting, api_for, who):
        client = api_for(world.person(who))
        url = f"{CYCLES}{reporting.cycle.pk}/"
        assert client.patch(url, {"deadline": "2027-07-31"}, format="json").status_code in (401, 403)
        assert client.post(f"{url}close/").status_code in (401, 403)
        assert client.post(f"{url}remind/").status_code in (401, 403)
        reporting.cycle.refresh_from_db()
        assert reporting.cycle.status == CycleStatus.OPEN and reporting.cycle.deadline == datetime.date(2027, 6, 30)
        assert not mail.outbox

    def test_open_then_close(self, world, api_for):
        client = api_for(world.secretariat)
        cycle_id = client.post(CYCLES, new_cycle(make_template()), format="json").json()["id"]
        # A prepared cycle is out of sight of the States: opening it as a focal point is "not found".
        assert api_for(world.focal_a).post(f"{CYCLES}{cycle_id}/open/").status_code == 404
        assert client.post(f"{CYCLES}{cycle_id}/open/").json()["status"] == CycleStatus.OPEN
        again = client.post(f"{CYCLES}{cycle_id}/open/")
        assert again.status_code == 400 and set(again.json()) == {"detail", "errors"}
        assert client.post(f"{CYCLES}{cycle_id}/close/").json()["status"] == CycleStatus.CLOSED

    def test_forged_cycle_id_is_not_found(self, world, api_for):
        client = api_for(world.secretariat)
        assert client.post(f"{CYCLES}999999/open/").status_code == 404
        assert client.patch(f"{CYCLES}999999/", {"name": "x"}, format="json").status_code == 404

    def test_no_delete_through_the_api(self, world, reporting, api_for):
        assert api_for(world.secretariat).delete(f"{CYCLES}{reporting.cycle.pk}/").status_code == 405

    def test_remind(self, world, reporting, api_for):
        answer = api_for(world.secretariat).post(f"{CYCLES}{reporting.cycle.pk}/remind/")
        assert answer.status_code == 200 and answer.json() == {"sent": 2}


class TestCycleStates:
    def test_secretariat_adds_a_state_to_an_open_cycle(self, world, reporting, api_for):
        CountryFactory(iso2="GH", name_en="Ghana")
        answer = api_for(world.secretariat).post(f"{CYCLES}{reporting.cycle.pk}/add-states/",
                                                 {"countries": ["GH"]}, format="json")
        assert answer.status_code == 201, answer.json()
        assert [row["country"] for row in answer.json()] == ["GH"]
        assert reporting.cycle.responses.filter(country__iso2="GH", status=ResponseStatus.NOT_STARTED).exists()

    @pytest.mark.parametrize(("countries", "reason"), [(["ZZ"], "forged"), (["KE"], "already in"), ([], "empty")])
    def test_bad_states_are_refused(self, world, reporting, api_for, countries, reason):
        answer = api_for(world.secretariat).post(f"{CYCLES}{reporting.cycle.pk}/add-states/",
                                                 {"countries": countries}, format="json")
        assert answer.status_code == 400 and "countries" in answer.json()["errors"], reason
        assert reporting.cycle.responses.count() == 2

    @pytest.mark.parametrize("who", OTHERS)
    def test_others_may_not_add_or_remove(self, world, reporting, api_for, who):
        CountryFactory(iso2="GH", name_en="Ghana")
        client = api_for(world.person(who))
        url = f"{CYCLES}{reporting.cycle.pk}/"
        assert client.post(f"{url}add-states/", {"countries": ["GH"]}, format="json").status_code in (401, 403)
        assert client.post(f"{url}remove-states/", {"countries": ["PE"]}, format="json").status_code in (401, 403)
        assert reporting.cycle.responses.count() == 2

    def test_remove_only_an_untouched_state(self, world, reporting, api_for):
        save(world.agency_a, reporting.response_a, staff=1)
        client = api_for(world.secretariat)
        url = f"{CYCLES}{reporting.cycle.pk}/remove-states/"
        touched = client.post(url, {"countries": ["KE", "PE"]}, format="json")
        assert touched.status_code == 400 and "Kenya" in str(touched.json()["errors"]["countries"])
        assert reporting.cycle.responses.count() == 2  # all or none
        assert client.post(url, {"countries": ["PE"]}, format="json").status_code == 200
        assert list(reporting.cycle.responses.values_list("country__iso2", flat=True)) == ["KE"]


class TestResponseWorkflow:
    def test_secretariat_returns_with_a_comment_then_accepts_the_resubmission(self, world, reporting, api_for):
        response = submitted(world, reporting)
        client = api_for(world.secretariat)
        url = f"{RESPONSES}{response.pk}/"
        returned = client.post(f"{url}return/", {"comment": "Give the budget."}, format="json")
        assert returned.status_code == 200, returned.json()
        assert returned.json()["status"] == ResponseStatus.RETURNED
        assert [entry["comment"] for entry in returned.json()["returns"]] == ["Give the budget."]
        assert api_for(world.focal_a).post(f"{url}submit/").status_code == 200
        accepted = client.post(f"{url}accept/")
        assert accepted.status_code == 200 and accepted.json()["status"] == ResponseStatus.ACCEPTED

    def test_return_without_a_comment_or_of_an_unsubmitted_response_is_refused(self, world, reporting, api_for):
        response = submitted(world, reporting)
        client = api_for(world.secretariat)
        empty = client.post(f"{RESPONSES}{response.pk}/return/", {"comment": "  "}, format="json")
        assert empty.status_code == 400 and "comment" in empty.json()["errors"]
        missing = client.post(f"{RESPONSES}{response.pk}/return/", {}, format="json")
        assert missing.status_code == 400 and "comment" in missing.json()["errors"]
        not_submitted = client.post(f"{RESPONSES}{reporting.response_b.pk}/return/", {"comment": "x"}, format="json")
        assert not_submitted.status_code == 400 and set(not_submitted.json()) == {"detail", "errors"}
        assert client.post(f"{RESPONSES}{reporting.response_b.pk}/accept/").status_code == 400
        assert not ResponseReturn.objects.exists()

    @pytest.mark.parametrize(("who", "codes"), [
        ("focal_a", {403}), ("agency_a", {403}),       # their own State, but not the secretariat
        ("focal_b", {404}), ("officer", {404}),         # another State, a provider: not even visible
        ("anonymous", {401, 403, 404}),
    ])
    def test_only_the_secretariat_returns_or_accepts(self, world, reporting, api_for, who, codes):
        response = submitted(world, reporting)
        client = api_for(world.person(who))
        assert client.post(f"{RESPONSES}{response.pk}/return/", {"comment": "x"}, format="json").status_code in codes
        assert client.post(f"{RESPONSES}{response.pk}/accept/").status_code in codes
        response.refresh_from_db()
        assert response.status == ResponseStatus.SUBMITTED and not ResponseReturn.objects.exists()

    def test_published_response_is_still_not_returned_by_a_provider(self, world, reporting, api_for):
        response = submitted(world, reporting)
        response_publish(user=world.focal_a, response=response, published=True)
        client = api_for(world.officer)
        assert client.post(f"{RESPONSES}{response.pk}/accept/").status_code == 403
        assert client.post(f"{RESPONSES}{response.pk}/submit/").status_code == 403

    def test_focal_point_publishes_and_nobody_else(self, world, reporting, api_for):
        url = f"{RESPONSES}{reporting.response_a.pk}/publish/"
        for who in ["agency_a", "secretariat"]:
            assert api_for(world.person(who)).post(url, {"published": True}, format="json").status_code == 403
        assert api_for(world.focal_b).post(url, {"published": True}, format="json").status_code == 404
        bad = api_for(world.focal_a).post(url, {"published": "perhaps"}, format="json")
        assert bad.status_code == 400 and "published" in bad.json()["errors"]
        assert not QuestionnaireResponse.objects.get(pk=reporting.response_a.pk).is_published
        done = api_for(world.focal_a).post(url, {"published": True}, format="json")
        assert done.status_code == 200 and done.json()["is_published"] is True

    def test_submit_of_another_states_response_or_a_forged_id(self, world, reporting, api_for):
        save(world.agency_b, reporting.response_b, **COMPLETE)
        client = api_for(world.focal_a)
        assert client.post(f"{RESPONSES}{reporting.response_b.pk}/submit/").status_code == 404
        assert client.post(f"{RESPONSES}999999/submit/").status_code == 404
        reporting.response_b.refresh_from_db()
        assert reporting.response_b.status == ResponseStatus.IN_PROGRESS


class TestReturnHistoryInTheApi:
    def test_every_return_with_who_and_when_for_the_secretariat_and_the_state(self, world, reporting, api_for):
        response = submitted(world, reporting)
        response_return(user=world.secretariat, response=response, comment="First")
        response_submit(user=world.focal_a, response=response)
        response_return(user=world.secretariat, response=response, comment="Second")
        response_publish(user=world.focal_a, response=response, published=True)
        for who in ["secretariat", "focal_a", "agency_a"]:
            entries = api_for(world.person(who)).get(f"{RESPONSES}{response.pk}/returns/").json()
            officer = world.secretariat.get_full_name()
            assert [(e["comment"], e["submission"], e["returned_by"]) for e in entries] == [
                ("First", 1, officer), ("Second", 2, officer)]
            assert entries[0]["returned_at"] <= entries[1]["returned_at"]
            listed = api_for(world.person(who)).get(RESPONSES, {"country": "KE"}).json()["results"]
            assert [e["comment"] for e in listed[0]["returns"]] == ["First", "Second"]
        # Published answers are readable by all, the secretariat's comments are not.
        for who in ["officer", "focal_b", "anonymous"]:
            client = api_for(world.person(who))
            assert client.get(f"{RESPONSES}{response.pk}/returns/").json() == []
            assert client.get(f"{RESPONSES}{response.pk}/").json()["returns"] == []
