import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tacoord.core.selectors import object_history
from tacoord.meetings.choices import FollowUpStatus, MeetingKind
from tacoord.meetings.models import FollowUpAction, Meeting
from tacoord.meetings.reminders import overdue_follow_up_items
from tacoord.meetings.services import follow_up_save, follow_up_set_status, meeting_save
from tacoord.meetings.tests.helpers import MEETING_DATE, make_follow_up, make_meeting
from tacoord.notifications.models import Notification
from tacoord.notifications.services import overdue_reminders_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    return make_meeting(world, convened_by=world.provider, participants=[world.agency_org_a, world.provider])


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


class TestMeetingValidation:
    def test_in_country_meeting_needs_a_state(self, world):
        with pytest.raises(ValidationError) as excinfo:
            meeting_save(user=world.secretariat, meeting=Meeting(kind=MeetingKind.IN_COUNTRY, title="x",
                                                                 date=MEETING_DATE))
        assert "country" in errors_of(excinfo)
        assert not Meeting.objects.exists()

    def test_regional_meeting_needs_a_region_or_state(self, world):
        with pytest.raises(ValidationError) as excinfo:
            meeting_save(user=world.secretariat, meeting=Meeting(kind=MeetingKind.REGIONAL, title="x",
                                                                 date=MEETING_DATE))
        assert "region" in errors_of(excinfo)

    def test_donor_round_table_may_be_global(self, world):
        meeting = meeting_save(user=world.secretariat, meeting=Meeting(
            kind=MeetingKind.DONOR_ROUND_TABLE, title="Donor round table on firearms", date=MEETING_DATE))
        assert meeting.pk and meeting.country is None

    def test_provider_cannot_record_a_meeting_convened_by_another(self, world):
        with pytest.raises(PermissionDenied):
            make_meeting(world, convened_by=world.other_provider, by=world.officer)
        assert not Meeting.objects.exists()

    def test_focal_point_records_its_states_meeting_with_history(self, world):
        meeting = make_meeting(world, by=world.focal_a, participants=[world.provider])
        meeting.decisions = "Partners share work plans quarterly."
        meeting_save(user=world.focal_a, meeting=meeting)
        history = object_history(obj=meeting)
        assert history.first().postchange_data["decisions"] == "Partners share work plans quarterly."

    def test_focal_point_cannot_move_a_meeting_to_another_state(self, world, meeting):
        meeting.country = world.state_b
        meeting.convened_by = None
        with pytest.raises(PermissionDenied):
            meeting_save(user=world.focal_a, meeting=meeting)


class TestFollowUps:
    def test_owner_needed(self, world, meeting):
        with pytest.raises(ValidationError) as excinfo:
            make_follow_up(world, meeting)
        assert "owner_organisation" in errors_of(excinfo)
        assert not FollowUpAction.objects.exists()

    def test_due_date_not_before_the_meeting(self, world, meeting):
        with pytest.raises(ValidationError) as excinfo:
            make_follow_up(world, meeting, owner_organisation=world.provider, due=MEETING_DATE - datetime.timedelta(1))
        assert "due_date" in errors_of(excinfo)

    def test_person_must_work_for_the_owning_organisation(self, world, meeting):
        with pytest.raises(ValidationError) as excinfo:
            make_follow_up(world, meeting, owner_organisation=world.provider, owner_person=world.other_officer)
        assert "owner_person" in errors_of(excinfo)

    def test_owners_told_on_assignment_in_their_language(self, world, meeting, django_capture_on_commit_callbacks):
        world.colleague.language = "fr"
        world.colleague.save()
        with django_capture_on_commit_callbacks(execute=True):
            action = make_follow_up(world, meeting, owner_organisation=world.provider)
        told = Notification.objects.filter(kind="meetings.follow_up_assigned")
        assert {n.recipient for n in told} == {world.officer, world.colleague}
        assert all(n.link == action.get_absolute_url() for n in told)
        assert len(mail.outbox) == 2
        with django_capture_on_commit_callbacks(execute=True):
            follow_up_set_status(user=world.officer, follow_up=action, status=FollowUpStatus.DONE)
        assert told.count() == 2  # progress is not an assignment
        action.owner_person = world.focal_a
        action.owner_organisation = None
        follow_up_save(user=world.secretariat, follow_up=action)
        assert told.filter(recipient=world.focal_a).count() == 1

    def test_done_sets_completion_date_open_clears_it(self, world, meeting):
        action = make_follow_up(world, meeting, owner_organisation=world.provider)
        follow_up_set_status(user=world.officer, follow_up=action, status=FollowUpStatus.DONE)
        assert action.completed_on == timezone.localdate()
        follow_up_set_status(user=world.officer, follow_up=action, status=FollowUpStatus.OPEN)
        assert action.completed_on is None

    def test_owner_reports_progress_but_not_changes_the_action(self, world, meeting):
        action = make_follow_up(world, meeting, owner_organisation=world.other_provider)
        follow_up_set_status(user=world.other_officer, follow_up=action, status=FollowUpStatus.DONE, note="Sent")
        action = FollowUpAction.objects.get(pk=action.pk)
        action.description = "Something else entirely"
        with pytest.raises(PermissionDenied):
            follow_up_save(user=world.other_officer, follow_up=action)
        assert FollowUpAction.objects.get(pk=action.pk).description.startswith("Share")

    def test_participant_who_does_not_own_it_cannot_mark_it(self, world, meeting):
        action = make_follow_up(world, meeting, owner_organisation=world.provider)
        with pytest.raises(PermissionDenied):
            follow_up_set_status(user=world.agency_a, follow_up=action, status=FollowUpStatus.DONE)
        assert FollowUpAction.objects.get(pk=action.pk).status == FollowUpStatus.OPEN

    def test_bad_status_refused(self, world, meeting):
        action = make_follow_up(world, meeting, owner_organisation=world.provider)
        with pytest.raises(ValidationError):
            follow_up_set_status(user=world.officer, follow_up=action, status="maybe")


class TestOverdue:
    def test_overdue_follow_ups_remind_their_owners_once(self, world, meeting):
        late = make_follow_up(world, meeting, owner_person=world.officer, due=MEETING_DATE)
        make_follow_up(world, meeting, owner_person=world.colleague, due=datetime.date(2099, 1, 1))
        done = make_follow_up(world, meeting, owner_person=world.colleague, due=MEETING_DATE)
        follow_up_set_status(user=world.secretariat, follow_up=done, status=FollowUpStatus.DONE)
        now = timezone.now()
        items = list(overdue_follow_up_items(now))
        assert [item.key for item in items] == [f"meetings.follow_up:{late.pk}"]
        assert overdue_reminders_send(now=now, only=["meetings.follow_ups"]) == {"meetings.follow_ups": 1}
        assert overdue_reminders_send(now=now, only=["meetings.follow_ups"]) == {"meetings.follow_ups": 0}
        reminder = Notification.objects.get(kind="notifications.overdue")
        assert reminder.recipient == world.officer and late.get_absolute_url() == reminder.link

    def test_archived_meeting_sends_no_reminders(self, world, meeting):
        make_follow_up(world, meeting, owner_person=world.officer, due=MEETING_DATE)
        Meeting.objects.filter(pk=meeting.pk).update(archived_at=timezone.now())
        assert list(overdue_follow_up_items(timezone.now())) == []
