"""Who may see matches, weights and subscriptions.

- Matches: the secretariat sees all. A State's focal point and agency users see the candidates for their State's
  needs. A provider officer sees, for needs the States have validated, only where its own organisation (or an office
  under it) is the candidate, as provider or through its activities; an expert only where they are. Who else is
  ranked for a need stays between the State and the secretariat. The public sees none.
- The weights are shown to everyone signed in (a score is explained by them); only the secretariat changes them.
- A provider officer manages its organisation's subscriptions; the secretariat all of them.
- Matching runs are the secretariat's.
"""

from django.db.models import Q

from tacoord.core.permissions import Action, Policy, register_policy
from tacoord.core.roles import Role, role_of
from tacoord.matching.models import Match, MatchingRun, MatchingWeights, MatchSubscription
from tacoord.needs.choices import PUBLISHED_STATUSES


def _own_organisation(user, prefix: str) -> Q:
    return Q(**{f"{prefix}_id": user.organisation_id}) | Q(**{f"{prefix}__parent_id": user.organisation_id})


@register_policy(Match)
class MatchPolicy(Policy):
    def scope(self, user, role, action):
        if action != Action.VIEW:
            return None
        if role in {Role.FOCAL_POINT, Role.AGENCY_USER} and user.state_id:
            return Q(need__country_id=user.state_id)
        published = Q(need__status__in=PUBLISHED_STATUSES, need__archived_at__isnull=True)
        if role == Role.PROVIDER_OFFICER and user.organisation_id:
            return published & (_own_organisation(user, "provider__organisation")
                                | _own_organisation(user, "activity__reporting_organisation"))
        if role == Role.EXPERT:
            return published & Q(expert__user_id=user.pk)
        return None


@register_policy(MatchingWeights)
class MatchingWeightsPolicy(Policy):
    def scope(self, user, role, action):
        return True if action == Action.VIEW and role != Role.PUBLIC else None


@register_policy(MatchingRun)
class MatchingRunPolicy(Policy):
    pass


@register_policy(MatchSubscription)
class MatchSubscriptionPolicy(Policy):
    def scope(self, user, role, action):
        if role != Role.PROVIDER_OFFICER or not user.organisation_id:
            return None
        return _own_organisation(user, "provider__organisation")

    def may_add(self, user, obj):
        if super().may_add(user, obj):
            return True
        if role_of(user) != Role.PROVIDER_OFFICER or not user.organisation_id:
            return False
        if obj.provider_id is None:
            return True  # asked before a form is filled in
        organisation = obj.provider.organisation
        return user.organisation_id in {organisation.pk, organisation.parent_id}
