"""Who may see and manage needs.

- A State's focal point sees all its State's needs, adds, edits, validates and withdraws them.
- Its agency users see them and draft new ones (status "identified"); the focal point validates.
- Providers and experts, signed in, see and search the needs States have validated: they design against them.
- The public sees none: a State's gaps are not published without it.
- Derivation rules are the secretariat's.
- The articles' priority areas are the secretariat's to change; anyone signed in may read them.
"""

from django.db.models import Q

from tacoord.core.permissions import Action, Policy, register_policy
from tacoord.core.roles import Role
from tacoord.needs.choices import PUBLISHED_STATUSES, NeedStatus
from tacoord.needs.models import ArticlePriorityArea, DerivationRule, Need


@register_policy(Need)
class NeedPolicy(Policy):
    def scope(self, user, role, action):
        own_state = Q(country_id=user.state_id) if role in {Role.FOCAL_POINT, Role.AGENCY_USER} and user.state_id \
            else None
        if action == Action.VIEW:
            if role == Role.PUBLIC:
                return None
            published = Q(status__in=PUBLISHED_STATUSES, archived_at__isnull=True)
            return published | own_state if own_state is not None else published
        if own_state is None:
            return None
        if role == Role.FOCAL_POINT:
            return own_state
        # An agency user drafts: it may change a need only while the focal point has not validated it.
        return own_state & Q(status=NeedStatus.IDENTIFIED) if action == Action.CHANGE else None

    def may_add(self, user, obj):
        if super().may_add(user, obj):
            return True
        if not user.is_authenticated or user.role not in {Role.FOCAL_POINT, Role.AGENCY_USER} or not user.state_id:
            return False
        if obj.country_id is None:
            return True  # asked before a form is filled in
        if user.role == Role.AGENCY_USER and obj.status != NeedStatus.IDENTIFIED:
            return False
        return obj.country_id == user.state_id


@register_policy(DerivationRule)
class DerivationRulePolicy(Policy):
    def scope(self, user, role, action):
        return None


@register_policy(ArticlePriorityArea)
class ArticlePriorityAreaPolicy(Policy):
    def scope(self, user, role, action):
        if action == Action.VIEW and role != Role.PUBLIC:
            return Q(archived_at__isnull=True)
        return None
