"""Who may see notifications: their recipient, and nobody else — not even the secretariat.

A notification may name a State's request or a provider's offer; showing it to anyone but its recipient would leak
what the recipient may see to someone who may not. Preferences, likewise, are each person's own.
"""

from django.db.models import Q

from tacoord.core.permissions import Action, Policy, register_policy
from tacoord.core.roles import Role, role_of
from tacoord.notifications.models import Notification, NotificationPreference, NotificationSettings


class OwnRowsPolicy(Policy):
    owner_field = "recipient"

    def restrict(self, queryset, user, action):
        if role_of(user) == Role.PUBLIC or action not in {Action.VIEW, Action.CHANGE}:
            return queryset.none()
        return queryset.filter(Q(**{f"{self.owner_field}_id": user.pk}))

    def may_add(self, user, obj):
        return False  # only services create them


@register_policy(Notification)
class NotificationPolicy(OwnRowsPolicy):
    owner_field = "recipient"


@register_policy(NotificationPreference)
class NotificationPreferencePolicy(OwnRowsPolicy):
    owner_field = "user"


@register_policy(NotificationSettings)
class NotificationSettingsPolicy(OwnRowsPolicy):
    owner_field = "user"
