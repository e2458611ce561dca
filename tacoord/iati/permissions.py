"""Who may import IATI files, read import reports and review the tags proposed for imported activities.

- The secretariat does everything.
- A provider officer runs imports of its own organisation's activities and reads its own import reports.
- Tag proposals are read by whoever may read the activity, and reviewed by whoever may change it.
- Others see no import reports.
"""

from django.db.models import Q

from tacoord.activities.permissions import _prefixed, managed_reporters
from tacoord.core.permissions import Action, Policy, register_policy
from tacoord.core.roles import Role, role_of
from tacoord.iati.models import ActivityClassification, ImportRun

IMPORT_ROLES = {Role.SECRETARIAT, Role.PROVIDER_OFFICER}


def may_import(user) -> bool:
    role = role_of(user)
    return role == Role.SECRETARIAT or (role == Role.PROVIDER_OFFICER and bool(user.organisation_id))


@register_policy(ImportRun)
class ImportRunPolicy(Policy):
    def scope(self, user, role, action):
        if role == Role.PROVIDER_OFFICER and action in {Action.VIEW, Action.CHANGE}:
            return Q(user_id=user.pk)
        return None

    def may_add(self, user, obj):
        return may_import(user)


@register_policy(ActivityClassification)
class ActivityClassificationPolicy(Policy):
    def scope(self, user, role, action):
        reporters = managed_reporters(user, role)
        managed = _prefixed(reporters, "activity__reporting_organisation__") if reporters is not None else None
        if action == Action.VIEW:
            published = Q(activity__archived_at__isnull=True)
            return published | managed if managed is not None else published
        if action == Action.CHANGE:
            return managed
        return None

    def may_add(self, user, obj):
        return super().may_add(user, obj)
