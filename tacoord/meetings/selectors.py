from datetime import date

from django.contrib.auth import get_user_model

from tacoord.meetings.choices import FollowUpStatus
from tacoord.meetings.models import FollowUpAction
from tacoord.meetings.permissions import MANAGING_ROLES


def follow_up_owners(*, follow_up: FollowUpAction) -> list:
    """The people who answer for a follow-up action: its person, else the people of its organisation."""
    if follow_up.owner_person_id:
        return [follow_up.owner_person]
    if follow_up.owner_organisation_id:
        return list(get_user_model().objects.filter(organisation_id=follow_up.owner_organisation_id,
                                                    role__in=MANAGING_ROLES, is_active=True,
                                                    archived_at__isnull=True))
    return []


def overdue_follow_ups(*, today: date):
    """Open follow-up actions past their due date, of meetings that are not archived."""
    return (FollowUpAction.objects.filter(status=FollowUpStatus.OPEN, due_date__lt=today, archived_at__isnull=True,
                                          meeting__archived_at__isnull=True)
            .select_related("meeting", "owner_person", "owner_organisation"))
