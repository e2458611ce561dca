"""The kinds of notification, a registry each app fills from its `AppConfig.ready()`.

A kind is what a person chooses to receive by e-mail or not (in-app notifications always arrive). Register each
kind once, with a label people understand in the preferences page:

    from tacoord.notifications.kinds import register_kind
    register_kind("assistance.request_submitted", _("A request of your State was submitted"))

`default_email` is what a person gets until they change their preference.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: str
    default_email: bool = True


_KINDS: dict[str, NotificationKind] = {}


def register_kind(key: str, label, default_email: bool = True) -> NotificationKind:
    """Declare a kind; registering the same key again replaces it (apps reload in tests)."""
    kind = NotificationKind(key=key, label=label, default_email=default_email)
    _KINDS[key] = kind
    return kind


def get_kind(key: str) -> NotificationKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"Notification kind {key!r} is not registered; call register_kind() first") from None


def all_kinds() -> list[NotificationKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.key)


# A reminder of something that waits too long; sources may also use their own kinds.
OVERDUE = register_kind("notifications.overdue", _("Reminders of steps that wait too long"))
MESSAGE = register_kind("notifications.message", _("Messages from the secretariat"))
