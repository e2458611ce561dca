from tacoord.notifications.kinds import all_kinds
from tacoord.notifications.models import EmailFrequency, Notification, NotificationPreference, NotificationSettings


def unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.restrict(user).unread().count()


def preferences_of(*, user) -> list[dict]:
    """Each registered kind with whether the user gets it by e-mail (their choice, else the kind's default)."""
    chosen = dict(NotificationPreference.objects.restrict(user).values_list("kind", "email"))
    return [{"kind": kind.key, "label": kind.label, "email": chosen.get(kind.key, kind.default_email)}
            for kind in all_kinds()]


def email_frequency_of(*, user) -> str:
    chosen = NotificationSettings.objects.filter(user=user).values_list("email_frequency", flat=True).first()
    return chosen or EmailFrequency.IMMEDIATELY
