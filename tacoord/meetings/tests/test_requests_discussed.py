"""Requests discussed at a meeting are named only to those who may see each request."""

import pytest

from tacoord.assistance.tests.helpers import make_request
from tacoord.meetings.services import meeting_save
from tacoord.meetings.tests.helpers import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_with_request(world):
    request = make_request(world, title="Mentoring of financial investigators")
    meeting = make_meeting(world, convened_by=world.provider, participants=[world.provider, world.agency_org_a])
    meeting_save(user=world.secretariat, meeting=meeting, relations={"requests": [request]})
    return meeting, request


def test_page_names_the_request_only_to_its_parties(world, client_for, meeting_with_request):
    meeting, request = meeting_with_request
    page = client_for(world.focal_a).get(meeting.get_absolute_url()).content.decode()
    assert "Mentoring of financial investigators" in page
    page = client_for(world.officer).get(meeting.get_absolute_url()).content.decode()
    assert "Mentoring of financial investigators" not in page and "1 request you may not see" in page


def test_api_hides_the_request_from_others(world, api_for, meeting_with_request):
    meeting, request = meeting_with_request
    assert api_for(world.focal_a).get(f"/api/meetings/{meeting.pk}/").json()["requests"] == [request.pk]
    assert api_for(world.officer).get(f"/api/meetings/{meeting.pk}/").json()["requests"] == []


def test_a_change_by_someone_who_cannot_see_it_keeps_it_linked(world, api_for, meeting_with_request):
    meeting, request = meeting_with_request
    response = api_for(world.officer).patch(f"/api/meetings/{meeting.pk}/", {"requests": [], "title": "Renamed"},
                                            format="json")
    assert response.status_code == 200
    assert list(meeting.requests.all()) == [request]


def test_a_request_one_may_not_see_cannot_be_named(world, api_for, meeting_with_request):
    meeting, request = meeting_with_request
    response = api_for(world.officer).patch(f"/api/meetings/{meeting.pk}/", {"requests": [request.pk]},
                                            format="json")
    assert response.status_code == 400
