"""The reporting API: reads within permissions, answers written with their version (409 on conflict, 400 on bad
input), submission."""

import pytest

from tacoord.reporting.choices import ResponseStatus
from tacoord.reporting.models import Answer
from tacoord.reporting.selectors import response_answers
from tacoord.reporting.services import response_publish
from tacoord.reporting.tests.conftest import COMPLETE, save

pytestmark = pytest.mark.django_db

ANSWERS = "/api/reporting/answers/"


def post_answer(client, response, key, value, version=0):
    return client.post(ANSWERS, {"response": response.pk, "key": key, "value": value, "version": version},
                       format="json")


class TestRead:
    @pytest.mark.parametrize(("who", "responses"), [("secretariat", {"KE", "PE"}), ("focal_a", {"KE"}),
                                                    ("agency_b", {"PE"}), ("officer", set()), ("anonymous", set())])
    def test_responses_and_answers_within_permissions(self, world, reporting, api_for, who, responses):
        save(world.agency_a, reporting.response_a, staff=1)
        save(world.agency_b, reporting.response_b, staff=2)
        client = api_for(world.person(who))
        listed = client.get("/api/reporting/responses/").json()["results"]
        assert {row["country"] for row in listed} == responses
        answers = client.get(ANSWERS).json()["results"]
        assert {row["response"] for row in answers} == {
            r.pk for r in (reporting.response_a, reporting.response_b) if r.country.iso2 in responses}
        status = client.get(f"/api/reporting/responses/{reporting.response_a.pk}/answers/").status_code
        assert status == (200 if "KE" in responses else 404)

    def test_provider_reads_published_answers_only(self, world, reporting, api_for):
        save(world.agency_a, reporting.response_a, staff=1)
        client = api_for(world.officer)
        assert client.get(ANSWERS).json()["results"] == []
        response_publish(user=world.focal_a, response=reporting.response_a, published=True)
        assert [row["key"] for row in client.get(ANSWERS).json()["results"]] == ["staff"]

    def test_cycles_and_as_of(self, world, reporting, api_for):
        client = api_for(world.focal_a)
        assert [c["name"] for c in client.get("/api/reporting/cycles/").json()["results"]] == [reporting.cycle.name]
        save(world.agency_a, reporting.response_a, staff=1)
        url = f"/api/reporting/responses/{reporting.response_a.pk}/answers/"
        assert client.get(url).json() == {"staff": 1}
        assert client.get(url, {"as_of": "2000-01-01"}).json() == {}
        assert client.get(url, {"as_of": "soon"}).status_code == 400


class TestWrite:
    def test_save_then_conflict_409_with_both_values(self, world, reporting, api_for):
        agency, focal = api_for(world.agency_a), api_for(world.focal_a)
        created = post_answer(agency, reporting.response_a, "staff", 5)
        assert created.status_code == 201 and created.json()["version"] == 1
        assert post_answer(agency, reporting.response_a, "staff", 6, version=1).status_code == 201
        clash = post_answer(focal, reporting.response_a, "staff", 7, version=1)
        assert clash.status_code == 409
        assert clash.json()["conflicts"] == [{"key": "staff", "yours": 7, "theirs": 6, "version": 2,
                                              "saved_at": clash.json()["conflicts"][0]["saved_at"]}]
        assert response_answers(response=reporting.response_a) == {"staff": 6}

    @pytest.mark.parametrize(("key", "value", "field"), [("staff", "many", "value"), ("status", "maybe", "value"),
                                                         ("invented", 1, "key"), ("staff", -2, "value")])
    def test_bad_input_400_with_field_errors(self, world, reporting, api_for, key, value, field):
        answer = post_answer(api_for(world.focal_a), reporting.response_a, key, value)
        assert answer.status_code == 400
        assert field in answer.json()["errors"]
        assert not Answer.objects.exists()

    def test_another_states_response_is_refused(self, world, reporting, api_for):
        client = api_for(world.focal_a)
        assert post_answer(client, reporting.response_b, "staff", 1).status_code == 400  # not even visible
        response_publish(user=world.focal_b, response=reporting.response_b, published=True)
        assert post_answer(client, reporting.response_b, "staff", 1).status_code == 403  # visible, not writable
        assert post_answer(api_for(None), reporting.response_a, "staff", 1).status_code in (401, 403)
        assert not Answer.objects.exists()

    def test_submit_by_the_focal_point_only(self, world, reporting, api_for):
        save(world.agency_a, reporting.response_a, **COMPLETE)
        url = f"/api/reporting/responses/{reporting.response_a.pk}/submit/"
        assert api_for(world.agency_a).post(url).status_code == 403
        submitted = api_for(world.focal_a).post(url)
        assert submitted.status_code == 200 and submitted.json()["status"] == ResponseStatus.SUBMITTED
        assert api_for(world.focal_a).post(url).status_code == 400
