"""Who may see and resolve duplication alerts.

- The secretariat sees and resolves every alert: coordinating providers is UNODC's task (decision 4/3 (n)).
- A provider officer sees the alerts on activities its organisation (or an office under it) reports, and may resolve
  them: it knows best whether its own report and another's are one activity. Its decision is in the alert's history
  with its name, and the secretariat can change it.
- A national focal point sees the alerts on activities in its State (a recipient country) and on activities its
  State's agencies report as providers; it resolves only the latter.
- Agency users, experts and the public see none: an alert is a working hypothesis, not published data.
- Nobody adds or archives alerts by hand: detection does.
"""

from django.db.models import Q

from tacoord.activities.permissions import managed_reporters
from tacoord.core.permissions import Action, Policy, register_policy
from tacoord.core.roles import Role
from tacoord.duplicates.models import DuplicateAlert
from tacoord.organisations.models import Organisation


def _own(user, role) -> Q | None:
    reporters = managed_reporters(user, role)
    if reporters is None:
        return None
    organisations = Organisation.objects.filter(reporters).values("pk")
    return Q(activity_a__reporting_organisation__in=organisations) | Q(
        activity_b__reporting_organisation__in=organisations)


@register_policy(DuplicateAlert)
class DuplicateAlertPolicy(Policy):
    scope_needs_distinct = True

    def scope(self, user, role, action):
        if role not in {Role.PROVIDER_OFFICER, Role.FOCAL_POINT}:
            return None
        own = _own(user, role)
        if action == Action.VIEW:
            if role == Role.FOCAL_POINT and user.state_id:
                in_state = Q(activity_a__recipient_countries__country_id=user.state_id) | Q(
                    activity_b__recipient_countries__country_id=user.state_id)
                return in_state | own if own is not None else in_state
            return own
        if action == Action.CHANGE:
            return own
        return None

    def may_add(self, user, obj):
        return False
