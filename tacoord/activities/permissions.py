"""Who may see and manage activities.

- Everyone, the public included, reads activities that are not archived: what assistance is given where is public
  information (decision 4/3 (b), exchange of information), as in IATI.
- A provider officer adds, changes and archives the activities its organisation, or an office under it, reports.
- A national focal point reads all, and adds, changes and archives the activities its State's government agencies
  report as providers (South-South assistance).
- Agency users, experts and the public read only.
- The secretariat does everything. Archived activities are seen only by those who may change them.
"""

from django.db.models import Q

from tacoord.activities.models import Activity
from tacoord.core.permissions import Action, Policy, register_policy
from tacoord.core.roles import Role
from tacoord.organisations.choices import OrganisationKind
from tacoord.organisations.models import Organisation


def managed_reporters(user, role: str) -> Q | None:
    """The reporting organisations whose activities `user` manages, as a filter on Organisation; None for none."""
    if role == Role.PROVIDER_OFFICER and user.organisation_id:
        return Q(pk=user.organisation_id) | Q(parent_id=user.organisation_id)
    if role == Role.FOCAL_POINT and user.state_id:
        return Q(kind=OrganisationKind.GOVERNMENT, country_id=user.state_id)
    return None


def _prefixed(query: Q, prefix: str) -> Q:
    """`query` on Organisation rewritten for a relation to it."""
    rewritten = Q(_connector=query.connector, _negated=query.negated)
    for child in query.children:
        rewritten.children.append(_prefixed(child, prefix) if isinstance(child, Q) else (f"{prefix}{child[0]}",
                                                                                          child[1]))
    return rewritten


@register_policy(Activity)
class ActivityPolicy(Policy):
    def scope(self, user, role, action):
        reporters = managed_reporters(user, role)
        managed = _prefixed(reporters, "reporting_organisation__") if reporters is not None else None
        if action == Action.VIEW:
            published = Q(archived_at__isnull=True)
            return published | managed if managed is not None else published
        return managed

    def may_add(self, user, obj):
        if super().may_add(user, obj):
            return True
        role = user.role if user.is_authenticated else Role.PUBLIC
        reporters = managed_reporters(user, role)
        if reporters is None:
            return False
        if obj.reporting_organisation_id is None:
            return True  # asked before a form is filled in
        return Organisation.objects.filter(reporters, pk=obj.reporting_organisation_id).exists()
