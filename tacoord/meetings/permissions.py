"""Who may see and manage coordination meetings and their follow-up actions.

Records of coordination meetings are working documents of the State, its providers and UNODC, not publications:
- The secretariat sees and manages all.
- People of a participating or convening organisation (or of an office under it) see the meeting; so does the
  national focal point of the State it is about (coordination within the State runs through the focal point), and
  any person who owns one of its follow-up actions.
- The convening organisation's people (experts excepted) and the focal point of the meeting's State record, change
  and archive it, and add, change and archive its follow-up actions.
- The owner of a follow-up action (the person, or the people of the owning organisation) sees it and reports on it:
  its status and note (services.follow_up_save keeps the rest for the meeting's organisers).
- The public sees none. Archived records are seen only by those who may manage them.
"""

from django.db.models import Q

from tacoord.core.permissions import Action, Policy, register_policy, user_may
from tacoord.core.roles import Role
from tacoord.meetings.models import FollowUpAction, Meeting

MANAGING_ROLES = {Role.FOCAL_POINT, Role.AGENCY_USER, Role.PROVIDER_OFFICER}


def own_organisations(user) -> list[int]:
    """The user's organisation and the one it is an office of: a country office acts for its headquarters' meetings
    and the other way round is not assumed."""
    if not user.organisation_id:
        return []
    parent_id = user.organisation.parent_id
    return [user.organisation_id, parent_id] if parent_id else [user.organisation_id]


def meeting_manage_q(user, role, prefix: str = "") -> Q | None:
    parts = []
    organisations = own_organisations(user) if role in MANAGING_ROLES else []
    if organisations:
        parts.append(Q(**{f"{prefix}convened_by__in": organisations}))
    if role == Role.FOCAL_POINT and user.state_id:
        parts.append(Q(**{f"{prefix}country_id": user.state_id}))
    if not parts:
        return None
    query = parts[0]
    for part in parts[1:]:
        query |= part
    return query


def meeting_view_q(user, role, prefix: str = "") -> Q:
    organisations = own_organisations(user)
    query = Q(**{f"{prefix}follow_ups__owner_person_id": user.pk})
    if organisations:
        query |= (Q(**{f"{prefix}participants__in": organisations}) | Q(**{f"{prefix}convened_by__in": organisations})
                  | Q(**{f"{prefix}follow_ups__owner_organisation__in": organisations}))
    if role == Role.FOCAL_POINT and user.state_id:
        query |= Q(**{f"{prefix}country_id": user.state_id})
    return query


@register_policy(Meeting)
class MeetingPolicy(Policy):
    scope_needs_distinct = True

    def scope(self, user, role, action):
        if role == Role.PUBLIC:
            return None
        manage = meeting_manage_q(user, role)
        if action == Action.VIEW:
            visible = meeting_view_q(user, role) & Q(archived_at__isnull=True)
            return visible | manage if manage is not None else visible
        return manage

    def may_add(self, user, obj):
        if super().may_add(user, obj):
            return True
        role = user.role if user.is_authenticated else Role.PUBLIC
        if role not in MANAGING_ROLES:
            return False
        if obj.convened_by_id is None and obj.country_id is None:
            return True  # asked before a form is filled in
        if obj.convened_by_id in own_organisations(user):
            return True
        return role == Role.FOCAL_POINT and user.state_id is not None and obj.country_id == user.state_id


@register_policy(FollowUpAction)
class FollowUpActionPolicy(Policy):
    scope_needs_distinct = True

    def scope(self, user, role, action):
        if role == Role.PUBLIC:
            return None
        manage = meeting_manage_q(user, role, prefix="meeting__")
        owned = Q(owner_person_id=user.pk)
        organisations = own_organisations(user) if role in MANAGING_ROLES else []
        if organisations:
            owned |= Q(owner_organisation_id__in=organisations)
        if action == Action.VIEW:
            visible = (meeting_view_q(user, role, prefix="meeting__") | owned) & Q(archived_at__isnull=True)
            return visible | manage if manage is not None else visible
        if action == Action.CHANGE:
            return owned | manage if manage is not None else owned
        return manage

    def may_add(self, user, obj):
        if super().may_add(user, obj):
            return True
        if obj.meeting_id is None:
            return MeetingPolicy().may_add(user, Meeting())
        return user_may(user, Action.CHANGE, obj.meeting)


def may_manage_meeting(user, meeting: Meeting) -> bool:
    return user.is_authenticated and user_may(user, Action.CHANGE, meeting)
