"""Writes of the notifications app. `notification_send` is how every other app tells people about a step.

Usage (the subject and body are gettext_lazy templates with %(name)s placeholders filled from `context`, so each
recipient reads them in their own language):

    notification_send(
        recipients=focal_points, kind="assistance.request_submitted",
        subject=_("Request “%(title)s” was submitted"),
        body=_("%(state)s submitted a request for assistance."),
        link=request.get_absolute_url(), context={"title": request.title, "state": request.country.name},
        actor=user)
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tacoord.core.errors import ApplicationError
from tacoord.notifications.kinds import all_kinds, get_kind
from tacoord.notifications.models import EmailFrequency, Notification, NotificationPreference, NotificationSettings
from tacoord.notifications.reminders import overdue_sources

logger = logging.getLogger(__name__)

_emails_suppressed: ContextVar[bool] = ContextVar("notifications_emails_suppressed", default=False)


@contextmanager
def emails_suppressed() -> Iterator[None]:
    """Notify in the application only, for work done in bulk on nobody's behalf (the demo, imports)."""
    token = _emails_suppressed.set(True)
    try:
        yield
    finally:
        _emails_suppressed.reset(token)


def _render(template, context: dict | None) -> str:
    text = str(template)
    if not context:
        return text
    # Values may be lazy translations themselves (a status label): str() them inside the recipient's language.
    return text % {name: str(value) if hasattr(value, "_proxy____cast") else value for name, value in context.items()}


def _language_of(user) -> str:
    return user.language or settings.LANGUAGE_CODE


def _absolute(link: str) -> str:
    base = getattr(settings, "TACOORD_SITE_URL", "").rstrip("/")
    return f"{base}{link}" if link.startswith("/") and base else link


def wants_email(user, kind: str) -> bool:
    preference = NotificationPreference.objects.filter(user=user, kind=kind).values_list("email", flat=True).first()
    return get_kind(kind).default_email if preference is None else preference


def _email_preferences(users, kind: str) -> dict[int, bool]:
    default = get_kind(kind).default_email
    chosen = dict(NotificationPreference.objects.filter(user__in=users, kind=kind).values_list("user_id", "email"))
    return {user.pk: chosen.get(user.pk, default) for user in users}


def _email(notification_ids: list[int]) -> int:
    notifications = list(Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
                         .select_related("recipient"))
    messages = []
    for notification in notifications:
        with translation.override(_language_of(notification.recipient)):
            parts = [notification.body] if notification.body else []
            if notification.link:
                parts.append(_absolute(notification.link))
            parts.append(_("You receive this because of your notification settings in tacoord."))
            messages.append(EmailMessage(f"[tacoord] {notification.subject}", "\n\n".join(parts),
                                         settings.DEFAULT_FROM_EMAIL, [notification.recipient.email]))
    if not messages:
        return 0
    try:
        sent = get_connection().send_messages(messages) or 0
    except (OSError, smtplib.SMTPException):
        # The step is done and the in-app notifications stand; the e-mails stay unsent (emailed_at empty).
        logger.exception("Notification e-mails could not be sent")
        return 0
    Notification.objects.filter(pk__in=[notification.pk for notification in notifications]).update(
        emailed_at=timezone.now())
    return sent


@transaction.atomic
def notification_send(*, recipients: Iterable, kind: str, subject, body="", link: str = "",
                      context: dict | None = None, actor=None, key: str = "") -> list[Notification]:
    """Tell each recipient about a step: an in-app notification always, an e-mail if their preference for `kind`
    says so, both in the recipient's own language. E-mails leave once the surrounding transaction commits, so a
    step rolled back sends nothing.

    The actor is not told about their own step; inactive and archived people, and repeats, are skipped. `key`
    names what the notification is about, so that reminders can tell they have already been sent.
    """
    get_kind(kind)  # an unregistered kind is a programming error, found at once
    people, seen = [], set()
    for person in recipients:
        if person is None or person.pk in seen or not person.is_active or person.archived_at is not None:
            continue
        if actor is not None and person.pk == actor.pk:
            continue
        seen.add(person.pk)
        people.append(person)
    if not people:
        return []
    notifications = []
    for person in people:
        with translation.override(_language_of(person)):
            notification = Notification(recipient=person, kind=kind, subject=_render(subject, context)[:300],
                                        body=_render(body, context), link=link[:500], actor=actor, key=key[:200])
        notifications.append(notification)
    Notification.objects.bulk_create(notifications)
    if _emails_suppressed.get():
        return notifications
    preferences = _email_preferences(people, kind)
    # People who asked for a digest get these e-mailed later by `send_notification_digests`.
    digest = set(NotificationSettings.objects.filter(user__in=people, email_frequency=EmailFrequency.DAILY)
                 .values_list("user_id", flat=True))
    to_email = [notification.pk for notification in notifications
                if preferences[notification.recipient_id] and notification.recipient.email
                and notification.recipient_id not in digest]
    if to_email:
        transaction.on_commit(lambda: _email(to_email))
    return notifications


def overdue_reminders_send(*, now=None, repeat_days: int = 7, only: Iterable[str] | None = None) -> dict[str, int]:
    """Ask every registered overdue source (or those named in `only`) what waits too long and remind the people
    concerned, skipping a person already reminded of the same key within `repeat_days`. Reminders sent per source."""
    now = now or timezone.now()
    since = now - timedelta(days=repeat_days)
    sources = overdue_sources()
    if only is not None:
        unknown = sorted(set(only) - set(sources))
        if unknown:
            raise ApplicationError(_("Unknown overdue source: %(names)s.") % {"names": ", ".join(unknown)})
        sources = {name: sources[name] for name in only}
    sent = {}
    for name, source in sorted(sources.items()):
        count = 0
        for item in source(now):
            recipients = list(item.recipients)
            reminded = set(Notification.objects.filter(recipient__in=recipients, kind=item.kind, key=item.key,
                                                       created__gte=since)
                           .values_list("recipient_id", flat=True))
            count += len(notification_send(
                recipients=[person for person in recipients if person.pk not in reminded], kind=item.kind,
                subject=item.subject, body=item.body, link=item.link, context=item.context, key=item.key))
        sent[name] = count
    return sent


def notification_digests_send(*, now=None, days: int = 7) -> int:
    """E-mail each person who asked for a digest one message listing their notifications of the last `days` days
    not yet e-mailed, of the kinds they want by e-mail. How many digests were sent."""
    now = now or timezone.now()
    waiting = (Notification.objects.filter(
        recipient__notification_settings__email_frequency=EmailFrequency.DAILY, emailed_at__isnull=True,
        created__gte=now - timedelta(days=days), recipient__is_active=True).exclude(recipient__email="")
        .select_related("recipient").order_by("recipient_id", "created"))
    by_person: dict[int, list[Notification]] = {}
    for notification in waiting:
        by_person.setdefault(notification.recipient_id, []).append(notification)
    messages, included = [], []
    for notifications in by_person.values():
        person = notifications[0].recipient
        chosen = dict(NotificationPreference.objects.filter(user=person).values_list("kind", "email"))
        wanted = [notification for notification in notifications
                  if chosen.get(notification.kind, _kind_default_email(notification.kind))]
        if not wanted:
            continue
        with translation.override(_language_of(person)):
            lines = [f"- {notification.subject}" + (f"\n  {_absolute(notification.link)}" if notification.link else "")
                     for notification in wanted]
            subject = _("[tacoord] %(count)d notifications") % {"count": len(wanted)}
            body = "\n\n".join([_("Your notifications since the last digest:"), "\n".join(lines),
                                 _("You receive this digest because of your notification settings in tacoord.")])
        messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]))
        included += [notification.pk for notification in wanted]
    if not messages:
        return 0
    try:
        get_connection().send_messages(messages)
    except (OSError, smtplib.SMTPException):
        logger.exception("Notification digests could not be sent")
        return 0
    Notification.objects.filter(pk__in=included).update(emailed_at=now)
    return len(messages)


def _kind_default_email(key: str) -> bool:
    try:
        return get_kind(key).default_email
    except LookupError:  # a kind no longer registered
        return False


def notification_mark_read(*, user, notification: Notification) -> Notification:
    """Mark one of the user's own notifications read."""
    if notification.recipient_id != getattr(user, "pk", None):
        raise ApplicationError(_("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    """Mark all the user's unread notifications read; how many were."""
    return Notification.objects.restrict(user).unread().update(read_at=timezone.now())


@transaction.atomic
def notification_preferences_set(*, user, email_by_kind: dict[str, bool], email_frequency: str | None = None) -> None:
    """Store a person's e-mail choice per kind, and whether e-mails come at once or as a daily digest. Unknown kinds
    or frequencies are refused, nothing stored."""
    unknown = sorted(kind for kind in email_by_kind if kind not in {known.key for known in all_kinds()})
    if unknown:
        raise ApplicationError({"kind": [_("Unknown notification kind: %(kinds)s.") % {"kinds": ", ".join(unknown)}]})
    if email_frequency is not None and email_frequency not in EmailFrequency.values:
        raise ApplicationError({"email_frequency": [_("Choose how often e-mails come.")]})
    for kind, email in email_by_kind.items():
        NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": bool(email)})
    if email_frequency is not None:
        NotificationSettings.objects.update_or_create(user=user, defaults={"email_frequency": email_frequency})
