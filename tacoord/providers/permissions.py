"""Who may see and manage provider profiles.

- Everyone, the public included, reads the profiles that are not archived: what providers offer is public.
- A provider officer adds, changes and archives the profile of its organisation and of the offices under it.
- The secretariat may do everything; other roles only read.
"""

from django.db.models import Q

from tacoord.core.permissions import Action, Policy, register_policy
from tacoord.core.roles import Role, role_of
from tacoord.providers.models import ProviderProfile


def _managed(user) -> Q | None:
    if user.role != Role.PROVIDER_OFFICER or not user.organisation_id:
        return None
    return Q(organisation_id=user.organisation_id) | Q(organisation__parent_id=user.organisation_id)


@register_policy(ProviderProfile)
class ProviderProfilePolicy(Policy):
    def scope(self, user, role, action):
        managed = _managed(user) if role != Role.PUBLIC else None
        if action == Action.VIEW:
            visible = Q(archived_at__isnull=True)
            return visible | managed if managed is not None else visible
        return managed

    def may_add(self, user, obj):
        if super().may_add(user, obj):
            return True
        if role_of(user) != Role.PROVIDER_OFFICER or not user.organisation_id:
            return False
        if obj.organisation_id is None:
            return True  # asked before a form is filled in
        organisation = obj.organisation
        return user.organisation_id in {organisation.pk, organisation.parent_id}
