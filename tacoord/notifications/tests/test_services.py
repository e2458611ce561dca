from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tacoord.core.errors import ApplicationError
from tacoord.notifications import reminders
from tacoord.notifications.kinds import MESSAGE, OVERDUE, all_kinds, get_kind, register_kind
from tacoord.notifications.models import Notification, NotificationPreference
from tacoord.notifications.services import (
    notification_mark_read,
    notification_preferences_set,
    notification_send,
    notifications_mark_all_read,
    overdue_reminders_send,
)

pytestmark = pytest.mark.django_db


def send(world, recipients, **kwargs):
    defaults = {"kind": MESSAGE.key, "subject": _("Meeting on %(date)s"), "body": _("Agenda: %(title)s"),
                "link": "/meetings/1/", "context": {"date": "2026-12-01", "title": "Round table"}}
    return notification_send(recipients=recipients, **(defaults | kwargs))


class TestSend:
    def test_in_app_and_email_in_each_recipients_language(self, world, django_capture_on_commit_callbacks):
        world.focal_a.language = "fr"
        world.focal_a.save()
        with django_capture_on_commit_callbacks(execute=True):
            notifications = send(world, [world.focal_a, world.officer], subject=_("Needs"))
        assert {n.recipient for n in notifications} == {world.focal_a, world.officer}
        by_person = {n.recipient.username: n for n in notifications}
        assert by_person["officer"].subject == "Needs"
        assert by_person["focal_a"].subject == "Besoins"
        assert by_person["focal_a"].body == "Agenda: Round table"
        assert len(mail.outbox) == 2
        assert all(n.emailed_at for n in Notification.objects.all())
        assert "/meetings/1/" in mail.outbox[0].body

    def test_nothing_emailed_when_the_transaction_rolls_back(self, world, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            try:
                with transaction.atomic():
                    send(world, [world.focal_a])
                    raise RuntimeError
            except RuntimeError:
                pass
        assert mail.outbox == []
        assert not Notification.objects.exists()

    def test_email_preference_off_keeps_the_in_app_notification(self, world, django_capture_on_commit_callbacks):
        notification_preferences_set(user=world.focal_a, email_by_kind={MESSAGE.key: False})
        with django_capture_on_commit_callbacks(execute=True):
            send(world, [world.focal_a, world.focal_b])
        assert [m.to for m in mail.outbox] == [[world.focal_b.email]]
        assert Notification.objects.filter(recipient=world.focal_a).count() == 1

    def test_kind_default_without_email(self, world, django_capture_on_commit_callbacks):
        register_kind("tests.quiet", "Quiet", default_email=False)
        with django_capture_on_commit_callbacks(execute=True):
            send(world, [world.focal_a], kind="tests.quiet")
        assert mail.outbox == []

    def test_actor_repeats_and_inactive_people_skipped(self, world):
        world.agency_a.is_active = False
        world.agency_a.save()
        notifications = send(world, [world.focal_a, world.focal_a, world.secretariat, world.agency_a, None],
                             actor=world.secretariat)
        assert [n.recipient for n in notifications] == [world.focal_a]

    def test_unregistered_kind_is_refused(self, world):
        with pytest.raises(LookupError):
            send(world, [world.focal_a], kind="no.such.kind")
        assert not Notification.objects.exists()

    def test_kinds_registry(self):
        assert get_kind(OVERDUE.key).default_email
        assert {MESSAGE.key, OVERDUE.key} <= {kind.key for kind in all_kinds()}


class TestRead:
    def test_mark_read_only_ones_own(self, world):
        [notification] = send(world, [world.focal_a])
        with pytest.raises(ApplicationError):
            notification_mark_read(user=world.focal_b, notification=notification)
        notification.refresh_from_db()
        assert notification.read_at is None
        notification_mark_read(user=world.focal_a, notification=notification)
        assert notification.read_at is not None

    def test_mark_all_read_touches_nobody_else(self, world):
        send(world, [world.focal_a, world.focal_b])
        send(world, [world.focal_a])
        assert notifications_mark_all_read(user=world.focal_a) == 2
        assert Notification.objects.filter(recipient=world.focal_b, read_at__isnull=True).count() == 1

    def test_unknown_preference_kind_refused_nothing_stored(self, world):
        with pytest.raises(ApplicationError):
            notification_preferences_set(user=world.focal_a, email_by_kind={MESSAGE.key: False, "bogus": True})
        assert not NotificationPreference.objects.exists()


class TestOverdue:
    @pytest.fixture
    def source(self, world, monkeypatch):
        monkeypatch.setattr(reminders, "_SOURCES", {})

        def overdue(now):
            yield reminders.OverdueItem(recipients=[world.focal_a], key="tests:1",
                                        subject=_("Follow-up “%(title)s” is overdue"), context={"title": "Draft law"},
                                        link="/meetings/1/")

        reminders.register_overdue_source("tests.followups", overdue)

    def test_sent_once_within_repeat_days(self, world, source):
        assert overdue_reminders_send() == {"tests.followups": 1}
        assert overdue_reminders_send() == {"tests.followups": 0}
        Notification.objects.update(created=timezone.now() - timedelta(days=8))
        assert overdue_reminders_send(repeat_days=7) == {"tests.followups": 1}
        assert Notification.objects.filter(recipient=world.focal_a, kind=OVERDUE.key).count() == 2

    def test_command(self, world, source, capsys):
        call_command("send_overdue_reminders")
        assert "tests.followups: 1" in capsys.readouterr().out

    def test_unknown_source_refused(self, world, source):
        with pytest.raises(ApplicationError):
            overdue_reminders_send(only=["nope"])


def test_emails_suppressed(world, django_capture_on_commit_callbacks):
    from tacoord.notifications.services import emails_suppressed

    with django_capture_on_commit_callbacks(execute=True), emails_suppressed():
        send(world, [world.focal_a])
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=world.focal_a).exists()


def test_a_mail_server_failure_keeps_the_step_and_the_notification(world, django_capture_on_commit_callbacks,
                                                                      monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    def fail(self, messages):
        raise ConnectionRefusedError

    monkeypatch.setattr(EmailBackend, "send_messages", fail)
    with django_capture_on_commit_callbacks(execute=True):
        send(world, [world.focal_a])
    notification = Notification.objects.get()
    assert notification.emailed_at is None



class TestDigest:
    def test_daily_digest_gathers_what_waits_in_the_persons_language(self, world, django_capture_on_commit_callbacks):
        from tacoord.notifications.services import notification_digests_send

        world.focal_a.language = "fr"
        world.focal_a.save()
        notification_preferences_set(user=world.focal_a, email_by_kind={}, email_frequency="daily")
        notification_preferences_set(user=world.officer, email_by_kind={OVERDUE.key: False},
                                     email_frequency="daily")
        with django_capture_on_commit_callbacks(execute=True):
            send(world, [world.focal_a, world.focal_b, world.officer], subject=_("Needs"))
            send(world, [world.focal_a, world.officer], kind=OVERDUE.key, subject="Late")
        assert [m.to for m in mail.outbox] == [[world.focal_b.email]]  # the one who wants e-mails at once
        assert notification_digests_send() == 2
        digests = {m.to[0]: m for m in mail.outbox[1:]}
        assert "Besoins" in digests[world.focal_a.email].body and "Late" in digests[world.focal_a.email].body
        assert "Late" not in digests[world.officer.email].body  # no e-mail for that kind
        assert notification_digests_send() == 0  # nothing sent twice

    def test_unknown_frequency_refused(self, world):
        with pytest.raises(ApplicationError):
            notification_preferences_set(user=world.focal_a, email_by_kind={MESSAGE.key: False},
                                         email_frequency="hourly")
        assert not NotificationPreference.objects.exists()

    def test_command(self, world, capsys):
        call_command("send_notification_digests")
        assert "digests: 0" in capsys.readouterr().out
