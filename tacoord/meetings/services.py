"""Writes of the meetings app: a meeting with its participants and activities, its follow-up actions."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tacoord.assistance.models import Request
from tacoord.core.errors import ApplicationError
from tacoord.core.permissions import Action
from tacoord.core.services import object_restore_version, object_save
from tacoord.meetings.choices import FollowUpStatus
from tacoord.meetings.models import FollowUpAction, Meeting
from tacoord.meetings.permissions import may_manage_meeting
from tacoord.meetings.selectors import follow_up_owners
from tacoord.notifications.services import notification_send

FOLLOW_UP_ASSIGNED = "meetings.follow_up_assigned"
# What an owner may change on an action of a meeting they do not organise: its progress.
OWNER_FIELDS = {"status", "completed_on", "note"}


@transaction.atomic
def meeting_save(*, user, meeting: Meeting, relations: dict | None = None) -> Meeting:
    """Record or change a meeting, with its participants and the requests and activities it discussed. Requests
    the user may not see, already linked by someone who could, stay linked."""
    relations = dict(relations or {})
    if "requests" in relations and meeting.pk is not None:
        visible = Request.objects.restrict(user, Action.VIEW)
        hidden = Meeting.objects.get(pk=meeting.pk).requests.exclude(pk__in=visible.values("pk"))
        relations["requests"] = [*relations["requests"], *hidden]
    return object_save(user=user, obj=meeting, relations=relations)


def _owner_key(follow_up: FollowUpAction) -> tuple:
    return follow_up.owner_person_id, follow_up.owner_organisation_id


@transaction.atomic
def follow_up_save(*, user, follow_up: FollowUpAction) -> FollowUpAction:
    """Add or change a follow-up action. The meeting's organisers change anything; the owner only reports progress
    (status, completion date, note). A new owner is told."""
    before = None
    if follow_up.pk is not None:
        before = FollowUpAction.objects.select_for_update().get(pk=follow_up.pk)
        if not may_manage_meeting(user, before.meeting):
            changed = {field.name for field in FollowUpAction._meta.concrete_fields
                       if getattr(before, field.attname) != getattr(follow_up, field.attname)}
            changed -= OWNER_FIELDS | {"last_updated"}
            if changed:
                raise PermissionDenied(_("As its owner you report the action's progress; the meeting's organisers "
                                         "change the rest."))
    if follow_up.meeting_id and follow_up.meeting.is_archived:
        raise ApplicationError({"meeting": [_("The meeting is archived: take it out of the archive first.")]})
    follow_up = object_save(user=user, obj=follow_up)
    if before is None or _owner_key(before) != _owner_key(follow_up):
        _notify_owners(user=user, follow_up=follow_up)
    return follow_up


def follow_up_restore_version(*, user, follow_up: FollowUpAction, change) -> FollowUpAction:
    """Bring an action back to an earlier version: the meeting's organisers only, as a version may change more than
    the progress its owner reports."""
    if not may_manage_meeting(user, follow_up.meeting):
        raise PermissionDenied(_("Only the meeting's organisers restore an earlier version of its actions."))
    return object_restore_version(user=user, obj=follow_up, change=change)


def follow_up_set_status(*, user, follow_up: FollowUpAction, status: str, note: str | None = None) -> FollowUpAction:
    """Mark an action done or open again (its owner or the meeting's organisers)."""
    if status not in FollowUpStatus.values:
        raise ApplicationError({"status": [_("Choose open or done.")]})
    follow_up.status = status
    if note is not None:
        follow_up.note = note
    return follow_up_save(user=user, follow_up=follow_up)


def _notify_owners(*, user, follow_up: FollowUpAction) -> None:
    notification_send(
        recipients=follow_up_owners(follow_up=follow_up), kind=FOLLOW_UP_ASSIGNED,
        subject=gettext_lazy("Follow-up action for you from “%(meeting)s”"),
        body=gettext_lazy("%(action)s\n\nDue on %(due)s."),
        link=follow_up.get_absolute_url(), actor=user,
        context={"meeting": follow_up.meeting.title, "action": follow_up.description,
                 "due": follow_up.due_date.isoformat()},
        key=f"meetings.follow_up_assigned:{follow_up.pk}")
