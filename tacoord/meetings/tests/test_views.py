import csv
import io

import pytest
from openpyxl import load_workbook

from tacoord.activities.tests.helpers import make_activity
from tacoord.meetings.choices import FollowUpStatus, MeetingKind
from tacoord.meetings.models import FollowUpAction, Meeting
from tacoord.meetings.tests.helpers import MEETING_DATE, make_follow_up, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    return make_meeting(world, convened_by=world.provider, participants=[world.agency_org_a, world.provider])


@pytest.fixture
def peru_round_table(world):
    return make_meeting(world, kind=MeetingKind.DONOR_ROUND_TABLE, country=world.state_b, title="Peru round table",
                        participants=[world.other_provider])


def listed(response):
    assert response.status_code == 200
    return {meeting.title for meeting in response.context["page"].object_list}


class TestList:
    def test_each_sees_their_meetings(self, world, client_for, meeting, peru_round_table):
        assert listed(client_for(world.secretariat).get("/meetings/")) == {meeting.title, "Peru round table"}
        assert listed(client_for(world.officer).get("/meetings/")) == {meeting.title}
        assert listed(client_for(world.focal_b).get("/meetings/")) == {"Peru round table"}
        assert listed(client_for(world.expert).get("/meetings/")) == set()
        assert listed(client_for(None).get("/meetings/")) == set()

    def test_filters(self, world, client_for, meeting, peru_round_table):
        client = client_for(world.secretariat)
        assert listed(client.get("/meetings/?kind=donor_round_table")) == {"Peru round table"}
        assert listed(client.get("/meetings/?country=KE")) == {meeting.title}
        assert listed(client.get("/meetings/?q=round")) == {"Peru round table"}
        assert listed(client.get(f"/meetings/?participant={world.other_provider.pk}")) == {"Peru round table"}
        assert listed(client.get("/meetings/?date_after=2026-01-01&date_before=2026-12-31")) == {
            meeting.title, "Peru round table"}
        make_follow_up(world, meeting, owner_organisation=world.provider)
        assert listed(client.get("/meetings/?open_follow_ups=true")) == {meeting.title}
        # Bad filter values are shown on the form, never a 500.
        assert client.get("/meetings/?country=ZZ&kind=bogus&date_after=notadate").status_code == 200

    def test_exports_only_what_one_may_see(self, world, client_for, meeting, peru_round_table):
        client = client_for(world.officer)
        text = client.get("/meetings/?export=csv").content.decode().lstrip("\ufeff")
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) == 2 and meeting.title in rows[1]
        workbook = load_workbook(io.BytesIO(client.get("/meetings/?export=xlsx").content))
        titles = [row[1] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
        assert titles == [meeting.title]

    def test_follow_up_list_and_export(self, world, client_for, meeting):
        make_follow_up(world, meeting, owner_organisation=world.provider)
        make_follow_up(world, meeting, owner_person=world.focal_a, description="Draft the terms of reference")
        client = client_for(world.officer)
        response = client.get("/meetings/follow-ups/?mine=true")
        assert [a.description for a in response.context["page"].object_list] == [
            "Share the draft training curriculum with all partners"]
        assert client.get("/meetings/follow-ups/?overdue=true").context["page"].paginator.count == 2
        assert b"Draft the terms" in client.get("/meetings/follow-ups/?export=csv").content
        assert client_for(world.focal_b).get("/meetings/follow-ups/").context["page"].paginator.count == 0


class TestDetail:
    def test_page_shows_what_the_viewer_may_see(self, world, client_for, meeting):
        make_follow_up(world, meeting, owner_organisation=world.provider)
        response = client_for(world.agency_a).get(meeting.get_absolute_url())
        assert response.status_code == 200
        content = response.content.decode()
        assert "Share the draft training curriculum" in content
        assert "Mark done" not in content  # a participant who does not own the action
        assert "Add a follow-up action" not in content
        owner_page = client_for(world.officer).get(meeting.get_absolute_url()).content.decode()
        assert "Mark done" in owner_page and "Add a follow-up action" in owner_page

    @pytest.mark.parametrize("person", ["focal_b", "other_officer", "expert", "anonymous"])
    def test_denied(self, world, client_for, meeting, person):
        client = client_for(world.person(person))
        assert client.get(meeting.get_absolute_url()).status_code == 404
        assert client.get(f"/meetings/{meeting.pk}/history/").status_code == 404

    def test_activity_discussed_listed(self, world, client_for):
        activity = make_activity(reporter=world.provider, countries=[world.state_a], title="Prosecutors' training")
        meeting = make_meeting(world, participants=[world.provider], activities=[activity])
        page = client_for(world.officer).get(meeting.get_absolute_url()).content.decode()
        assert "Prosecutors&#x27; training" in page

    def test_history(self, world, client_for, meeting):
        assert client_for(world.focal_a).get(f"/meetings/{meeting.pk}/history/").status_code == 200


class TestEdit:
    def form(self, world, **overrides):
        data = {"kind": "in_country", "title": "Round table on witness protection", "date": "2026-06-02",
                "place": "Nairobi", "country": world.state_a.pk, "convened_by": world.provider.pk,
                "participants": [world.provider.pk, world.agency_org_a.pk], "summary": "", "decisions": "Agreed."}
        return data | overrides

    def test_provider_officer_records_a_meeting(self, world, client_for):
        response = client_for(world.officer).post("/meetings/add/", self.form(world))
        meeting = Meeting.objects.get()
        assert response.status_code == 302 and response.url == meeting.get_absolute_url()
        assert set(meeting.participants.all()) == {world.provider, world.agency_org_a}

    def test_bad_input_is_a_field_error_and_saves_nothing(self, world, client_for):
        client = client_for(world.officer)
        response = client.post("/meetings/add/", self.form(world, country="", date="2026-13-45"))
        assert response.status_code == 200
        assert "date" in response.context["form"].errors
        response = client.post("/meetings/add/", self.form(world, country=""))
        assert response.status_code == 200 and "country" in response.context["form"].errors
        # Convened by an organisation that is not one's own: not offered.
        response = client.post("/meetings/add/", self.form(world, convened_by=world.other_provider.pk))
        assert "convened_by" in response.context["form"].errors
        assert not Meeting.objects.exists()

    def test_edit_denied(self, world, client_for, meeting):
        assert client_for(world.agency_a).get(f"/meetings/{meeting.pk}/edit/").status_code == 403
        assert client_for(world.focal_b).post(f"/meetings/{meeting.pk}/edit/", self.form(world)).status_code == 404
        assert client_for(None).get("/meetings/add/").status_code == 302
        assert client_for(world.expert).get("/meetings/add/").status_code == 403
        assert Meeting.objects.get().title == meeting.title

    def test_archive(self, world, client_for, meeting):
        assert client_for(world.agency_a).post(f"/meetings/{meeting.pk}/archive/").status_code == 403
        client_for(world.focal_a).post(f"/meetings/{meeting.pk}/archive/")
        assert Meeting.objects.get().is_archived


class TestFollowUpPages:
    def test_add_from_the_meeting(self, world, client_for, meeting):
        client = client_for(world.officer)
        assert client.get(f"/meetings/follow-ups/add/?meeting={meeting.pk}").status_code == 200
        response = client.post(f"/meetings/follow-ups/add/?meeting={meeting.pk}", {
            "meeting": meeting.pk, "description": "Circulate the matrix", "owner_organisation": world.provider.pk,
            "due_date": "2026-05-01", "status": "open"})
        assert response.status_code == 302
        assert FollowUpAction.objects.get().description == "Circulate the matrix"

    def test_due_date_before_the_meeting_is_a_field_error(self, world, client_for, meeting):
        response = client_for(world.officer).post("/meetings/follow-ups/add/", {
            "meeting": meeting.pk, "description": "x", "owner_organisation": world.provider.pk,
            "due_date": (MEETING_DATE.replace(day=1)).isoformat(), "status": "open"})
        assert response.status_code == 200 and "due_date" in response.context["form"].errors
        assert not FollowUpAction.objects.exists()

    def test_participant_cannot_add_to_a_meeting_it_does_not_manage(self, world, client_for, meeting):
        response = client_for(world.agency_a).post("/meetings/follow-ups/add/", {
            "meeting": meeting.pk, "description": "x", "owner_organisation": world.provider.pk,
            "due_date": "2026-05-01", "status": "open"})
        assert response.status_code in {200, 403}
        assert not FollowUpAction.objects.exists()

    def test_htmx_mark_done_swaps_the_row(self, world, client_for, meeting):
        action = make_follow_up(world, meeting, owner_organisation=world.provider)
        response = client_for(world.colleague).post(f"/meetings/follow-ups/{action.pk}/status/", {"status": "done"},
                                                    HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert f'id="follow-up-{action.pk}"' in response.content.decode()
        assert FollowUpAction.objects.get().status == FollowUpStatus.DONE

    @pytest.mark.parametrize("person,code", [("agency_a", 403), ("focal_b", 404), ("anonymous", 302)])
    def test_mark_done_denied(self, world, client_for, meeting, person, code):
        action = make_follow_up(world, meeting, owner_organisation=world.provider)
        response = client_for(world.person(person)).post(f"/meetings/follow-ups/{action.pk}/status/",
                                                         {"status": "done"})
        assert response.status_code == code
        assert FollowUpAction.objects.get().status == FollowUpStatus.OPEN

    def test_owner_edit_form_keeps_the_action_fixed(self, world, client_for, meeting):
        action = make_follow_up(world, meeting, owner_organisation=world.other_provider)
        client = client_for(world.other_officer)
        response = client.post(f"/meetings/follow-ups/{action.pk}/edit/", {
            "description": "Changed", "owner_organisation": world.other_provider.pk, "due_date": "2099-01-01",
            "status": "done", "note": "Circulated on 3 April"})
        assert response.status_code == 302
        action.refresh_from_db()
        assert action.status == FollowUpStatus.DONE and action.note == "Circulated on 3 April"
        assert action.description.startswith("Share") and action.due_date.year == 2026


class TestCountryPanel:
    def test_panel_for_those_who_may_see(self, world, client_for, meeting):
        make_follow_up(world, meeting, owner_organisation=world.provider)
        page = client_for(world.focal_a).get("/reference/countries/KE/").content.decode()
        assert "Coordination meetings" in page and meeting.title in page
        assert meeting.title not in client_for(None).get("/reference/countries/KE/").content.decode()
        assert meeting.title not in client_for(world.focal_b).get("/reference/countries/KE/").content.decode()


def test_add_forms_start_from_the_person_and_the_meeting(world, client_for, meeting):
    form = client_for(world.focal_a).get("/meetings/add/").context["form"]
    assert form.initial["country"] == world.state_a.pk and form.initial["convened_by"] == world.fp_org_a.pk
    form = client_for(world.officer).get(f"/meetings/follow-ups/add/?meeting={meeting.pk}").context["form"]
    assert form.initial["meeting"] == meeting.pk


def test_search_finds_meetings_only_for_those_who_may_see(world, client_for):
    meeting = make_meeting(world, participants=[world.provider], title="Round table on cybercrime")
    make_follow_up(world, meeting, owner_organisation=world.provider, description="Draft cybercrime roadmap")
    page = client_for(world.officer).get("/search/?q=cybercrime").content.decode()
    assert "Round table on cybercrime" in page and "Draft cybercrime roadmap" in page
    page = client_for(world.focal_b).get("/search/?q=cybercrime").content.decode()
    assert "Round table on cybercrime" not in page and "Draft cybercrime roadmap" not in page


def test_list_and_export_queries_do_not_grow_with_meetings(world, client_for, django_assert_max_num_queries):
    for number in range(12):
        meeting = make_meeting(world, title=f"Meeting {number}", convened_by=world.provider,
                               participants=[world.provider, world.agency_org_a])
        make_follow_up(world, meeting, owner_organisation=world.provider)
    client = client_for(world.officer)
    client.get("/meetings/")  # session and caches warm
    with django_assert_max_num_queries(16):
        assert client.get("/meetings/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/meetings/?export=xlsx").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/meetings/follow-ups/").status_code == 200
