import pytest

from tacoord.meetings.choices import FollowUpStatus
from tacoord.meetings.models import FollowUpAction, Meeting
from tacoord.meetings.services import follow_up_save
from tacoord.meetings.tests.helpers import make_follow_up, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    return make_meeting(world, convened_by=world.provider, participants=[world.agency_org_a, world.provider])


def ids(response):
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def payload(world, **overrides):
    data = {"kind": "in_country", "title": "Coordination on firearms", "date": "2026-07-01", "country": "KE",
            "convened_by": world.provider.pk, "participants": [world.provider.pk]}
    return data | overrides


class TestMeetingsApi:
    def test_lists_within_permissions(self, world, api_for, meeting):
        assert ids(api_for(world.officer).get("/api/meetings/")) == {meeting.pk}
        assert ids(api_for(world.focal_a).get("/api/meetings/?country=KE")) == {meeting.pk}
        for person in ["focal_b", "other_officer", "expert", "anonymous"]:
            assert ids(api_for(world.person(person)).get("/api/meetings/")) == set()
            assert api_for(world.person(person)).get(f"/api/meetings/{meeting.pk}/").status_code == 404

    def test_create_change_archive(self, world, api_for):
        client = api_for(world.officer)
        response = client.post("/api/meetings/", payload(world), format="json")
        assert response.status_code == 201, response.json()
        pk = response.json()["id"]
        assert client.patch(f"/api/meetings/{pk}/", {"decisions": "Agreed"}, format="json").status_code == 200
        assert client.get(f"/api/meetings/{pk}/history/").status_code == 200
        assert client.delete(f"/api/meetings/{pk}/").status_code == 204
        assert Meeting.objects.get().is_archived

    def test_bad_input_is_a_field_error(self, world, api_for):
        response = api_for(world.officer).post("/api/meetings/", payload(world, country=None), format="json")
        assert response.status_code == 400 and "country" in response.json()["errors"]
        response = api_for(world.officer).post("/api/meetings/", payload(world, date="someday"), format="json")
        assert response.status_code == 400 and "date" in response.json()["errors"]
        assert not Meeting.objects.exists()

    def test_denied_writes(self, world, api_for, meeting):
        assert api_for(world.agency_a).patch(f"/api/meetings/{meeting.pk}/", {"title": "x"},
                                             format="json").status_code == 403
        assert api_for(world.focal_b).patch(f"/api/meetings/{meeting.pk}/", {"title": "x"},
                                            format="json").status_code == 404
        assert api_for(None).post("/api/meetings/", payload(world), format="json").status_code in {401, 403}
        response = api_for(world.officer).post("/api/meetings/", payload(world, convened_by=world.other_provider.pk,
                                                                         country="PE"), format="json")
        assert response.status_code in {400, 403}
        assert Meeting.objects.get().title == meeting.title

    def test_follow_up_ids_only_those_visible(self, world, api_for, meeting):
        action = make_follow_up(world, meeting, owner_person=world.officer)
        assert api_for(world.officer).get(f"/api/meetings/{meeting.pk}/").json()["follow_ups"] == [action.pk]


class TestFollowUpsApi:
    def test_owner_reports_progress(self, world, api_for, meeting):
        action = make_follow_up(world, meeting, owner_organisation=world.other_provider)
        client = api_for(world.other_officer)
        assert ids(client.get("/api/meetings/follow-ups/")) == {action.pk}
        response = client.post(f"/api/meetings/follow-ups/{action.pk}/status/", {"status": "done", "note": "Sent"},
                               format="json")
        assert response.status_code == 200 and response.json()["status"] == "done"
        response = client.patch(f"/api/meetings/follow-ups/{action.pk}/", {"description": "Other"}, format="json")
        assert response.status_code == 403
        assert FollowUpAction.objects.get().description.startswith("Share")

    def test_denied(self, world, api_for, meeting):
        action = make_follow_up(world, meeting, owner_organisation=world.provider)
        assert api_for(world.agency_a).post(f"/api/meetings/follow-ups/{action.pk}/status/", {"status": "done"},
                                            format="json").status_code == 403
        assert api_for(world.focal_b).post(f"/api/meetings/follow-ups/{action.pk}/status/", {"status": "done"},
                                           format="json").status_code == 404
        assert api_for(world.officer).post(f"/api/meetings/follow-ups/{action.pk}/status/", {"status": "maybe"},
                                           format="json").status_code == 400
        assert FollowUpAction.objects.get().status == FollowUpStatus.OPEN

    def test_create_and_validation(self, world, api_for, meeting):
        client = api_for(world.officer)
        data = {"meeting": meeting.pk, "description": "Map partners", "owner_organisation": world.provider.pk,
                "due_date": "2026-01-01"}
        response = client.post("/api/meetings/follow-ups/", data, format="json")
        assert response.status_code == 400 and "due_date" in response.json()["errors"]
        response = client.post("/api/meetings/follow-ups/", data | {"due_date": "2026-06-01"}, format="json")
        assert response.status_code == 201
        assert api_for(world.agency_a).post("/api/meetings/follow-ups/", data | {"due_date": "2026-06-01"},
                                            format="json").status_code in {400, 403}
        assert FollowUpAction.objects.count() == 1


def test_restoring_a_version_is_for_the_organisers(world, api_for, meeting):
    action = make_follow_up(world, meeting, owner_organisation=world.other_provider)
    action.description = "Second wording"
    follow_up_save(user=world.officer, follow_up=action)
    first = api_for(world.officer).get(f"/api/meetings/follow-ups/{action.pk}/history/").json()["results"][-1]["id"]
    response = api_for(world.other_officer).post(f"/api/meetings/follow-ups/{action.pk}/restore/", {"change": first},
                                                 format="json")
    assert response.status_code == 403
    assert FollowUpAction.objects.get().description == "Second wording"
    response = api_for(world.officer).post(f"/api/meetings/follow-ups/{action.pk}/restore/", {"change": first},
                                           format="json")
    assert response.status_code == 200
    assert FollowUpAction.objects.get().description.startswith("Share")
