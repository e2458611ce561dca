"""Who may see and manage people.

- Everyone signed in sees and changes their own account (never their own role or organisation: see services).
- A national focal point sees and manages the focal points and agency users of its State.
- An agency user and a provider officer see the people of their own organisation.
- The public sees no one.
"""

from django.db.models import Q

from tacoord.core.permissions import Action, Policy, register_policy
from tacoord.core.roles import Role
from tacoord.organisations.choices import OrganisationKind
from tacoord.users.models import User

STATE_ROLES = (Role.FOCAL_POINT, Role.AGENCY_USER)


def _people_of_state(state_id) -> Q:
    return Q(role__in=STATE_ROLES, organisation__kind=OrganisationKind.GOVERNMENT, organisation__country_id=state_id)


@register_policy(User)
class UserPolicy(Policy):
    def scope(self, user, role, action):
        if role == Role.PUBLIC:
            return None
        own = Q(pk=user.pk)
        if role == Role.FOCAL_POINT and user.state_id:
            managed = _people_of_state(user.state_id)
            return managed & ~own if action == Action.ARCHIVE else own | managed
        if action == Action.ARCHIVE:
            return None
        if action == Action.VIEW and role in {Role.AGENCY_USER, Role.PROVIDER_OFFICER} and user.organisation_id:
            return own | Q(organisation_id=user.organisation_id)
        return own

    def may_add(self, user, obj):
        if super().may_add(user, obj):
            return True
        if not user.is_authenticated or user.role != Role.FOCAL_POINT or not user.state_id:
            return False
        if not obj.username:
            # Asked before a form is filled in (a blank User is an expert without organisation): may this user add
            # any person at all? A filled-in person always has a user name.
            return True
        return (obj.role in STATE_ROLES and obj.organisation_id is not None
                and obj.organisation.kind == OrganisationKind.GOVERNMENT
                and obj.organisation.country_id == user.state_id)


def manages_people(user, person) -> bool:
    """Whether `user` may set `person`'s role and organisation (not just their own details)."""
    if not user.is_authenticated:
        return False
    if user.role == Role.SECRETARIAT or user.is_superuser:
        return True
    return user.role == Role.FOCAL_POINT and person.pk != user.pk and (
        person.pk is None or User.objects.filter(pk=person.pk).filter(_people_of_state(user.state_id)).exists())
