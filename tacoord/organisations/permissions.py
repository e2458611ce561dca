"""Who may see and manage organisations.

- Everyone, the public included, sees organisations that are not archived: the directory is public.
- A national focal point manages its State's government agencies; it cannot archive its own organisation.
- An agency user changes its own agency.
- A provider officer manages its own organisation and adds, changes and archives the offices under it.
"""

from django.db.models import Q

from tacoord.core.permissions import Action, Policy, register_policy
from tacoord.core.roles import Role
from tacoord.organisations.choices import OrganisationKind
from tacoord.organisations.models import Organisation


def _state_agencies(user) -> Q:
    return Q(kind=OrganisationKind.GOVERNMENT, country_id=user.state_id)


@register_policy(Organisation)
class OrganisationPolicy(Policy):
    def scope(self, user, role, action):
        own = Q(pk=user.organisation_id) if role != Role.PUBLIC and user.organisation_id else Q(pk__in=[])
        if action == Action.VIEW:
            visible = Q(archived_at__isnull=True)
            managed = self.scope(user, role, Action.CHANGE)
            return visible | managed if isinstance(managed, Q) else visible
        if role == Role.FOCAL_POINT and user.state_id:
            if action == Action.ARCHIVE:
                return _state_agencies(user) & ~Q(is_focal_point=True)
            return _state_agencies(user)
        if role == Role.AGENCY_USER and action == Action.CHANGE:
            return own
        if role == Role.PROVIDER_OFFICER and user.organisation_id:
            offices = Q(parent_id=user.organisation_id)
            return offices if action == Action.ARCHIVE else own | offices
        return None

    def may_add(self, user, obj):
        role = user.role if user.is_authenticated else Role.PUBLIC
        if super().may_add(user, obj):
            return True
        if not user.is_authenticated:
            return False
        if obj.kind is None or obj.kind == "":
            # Asked before a form is filled in: may this user add any organisation at all?
            return role in {Role.FOCAL_POINT, Role.PROVIDER_OFFICER} and bool(user.organisation_id)
        if role == Role.FOCAL_POINT and user.state_id:
            return (obj.kind == OrganisationKind.GOVERNMENT and obj.country_id == user.state_id
                    and not obj.is_focal_point)
        if role == Role.PROVIDER_OFFICER and user.organisation_id:
            return obj.parent_id == user.organisation_id and obj.kind != OrganisationKind.GOVERNMENT
        return False
