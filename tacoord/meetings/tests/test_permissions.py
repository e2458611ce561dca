import datetime

import pytest

from tacoord.core.permissions import Action, user_may
from tacoord.core.roles import Role
from tacoord.meetings.models import FollowUpAction, Meeting
from tacoord.meetings.tests.helpers import make_follow_up, make_meeting
from tacoord.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    """Kenya's in-country meeting convened by the provider, with Kenya's agency as participant."""
    return make_meeting(world, convened_by=world.provider, participants=[world.agency_org_a, world.provider])


def visible(user, model=Meeting, action=Action.VIEW):
    return set(model.objects.restrict(user, action).values_list("pk", flat=True))


class TestMeetingVisibility:
    @pytest.mark.parametrize("person", ["secretariat", "focal_a", "agency_a", "officer", "colleague"])
    def test_seen_by_secretariat_state_focal_point_and_participants(self, world, meeting, person):
        assert meeting.pk in visible(world.person(person))

    @pytest.mark.parametrize("person", ["focal_b", "agency_b", "other_officer", "expert", "anonymous"])
    def test_not_seen_by_others(self, world, meeting, person):
        assert meeting.pk not in visible(world.person(person))

    def test_an_office_sees_its_headquarters_meetings(self, world, meeting):
        office_person = UserFactory(username="office", role=Role.PROVIDER_OFFICER,
                                    organisation=world.provider_office)
        assert meeting.pk in visible(office_person)

    def test_person_owning_a_follow_up_sees_the_meeting(self, world, meeting):
        make_follow_up(world, meeting, owner_person=world.expert)
        assert meeting.pk in visible(world.expert)
        assert meeting.pk not in visible(world.other_expert)

    def test_owning_organisation_sees_the_meeting(self, world, meeting):
        make_follow_up(world, meeting, owner_organisation=world.other_provider)
        assert meeting.pk in visible(world.other_officer)

    def test_archived_seen_only_by_managers(self, world, meeting):
        meeting.archived_at = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
        meeting.save()
        assert meeting.pk not in visible(world.agency_a)
        assert meeting.pk in visible(world.officer)
        assert meeting.pk in visible(world.focal_a)


class TestMeetingManagement:
    @pytest.mark.parametrize("person", ["secretariat", "focal_a", "officer", "colleague"])
    def test_managed_by_convener_and_state_focal_point(self, world, meeting, person):
        assert user_may(world.person(person), Action.CHANGE, meeting)
        assert user_may(world.person(person), Action.ARCHIVE, meeting)

    @pytest.mark.parametrize("person", ["agency_a", "focal_b", "other_officer", "expert", "anonymous"])
    def test_not_managed_by_others(self, world, meeting, person):
        assert not user_may(world.person(person), Action.CHANGE, meeting)

    def test_may_add(self, world):
        assert user_may(world.officer, Action.ADD, Meeting(convened_by=world.provider))
        assert not user_may(world.officer, Action.ADD, Meeting(convened_by=world.other_provider))
        assert user_may(world.focal_a, Action.ADD, Meeting(country=world.state_a))
        assert not user_may(world.focal_a, Action.ADD, Meeting(country=world.state_b))
        assert not user_may(world.expert, Action.ADD, Meeting())


class TestFollowUpPermissions:
    def test_owner_may_change_but_not_archive(self, world, meeting):
        action = make_follow_up(world, meeting, owner_organisation=world.other_provider)
        assert action.pk in visible(world.other_officer, FollowUpAction)
        assert action.pk in visible(world.other_officer, FollowUpAction, Action.CHANGE)
        assert action.pk not in visible(world.other_officer, FollowUpAction, Action.ARCHIVE)
        assert action.pk in visible(world.officer, FollowUpAction, Action.ARCHIVE)

    @pytest.mark.parametrize("person", ["focal_b", "agency_b", "expert", "anonymous"])
    def test_hidden_from_others(self, world, meeting, person):
        action = make_follow_up(world, meeting, owner_organisation=world.provider)
        assert action.pk not in visible(world.person(person), FollowUpAction)

    def test_participant_sees_but_does_not_change(self, world, meeting):
        action = make_follow_up(world, meeting, owner_organisation=world.provider)
        assert action.pk in visible(world.agency_a, FollowUpAction)
        assert action.pk not in visible(world.agency_a, FollowUpAction, Action.CHANGE)

    def test_may_add_only_to_a_meeting_one_manages(self, world, meeting):
        assert user_may(world.officer, Action.ADD, FollowUpAction(meeting=meeting))
        assert not user_may(world.agency_a, Action.ADD, FollowUpAction(meeting=meeting))
        assert not user_may(world.focal_b, Action.ADD, FollowUpAction(meeting=meeting))
