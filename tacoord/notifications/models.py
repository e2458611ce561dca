from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tacoord.core.permissions import RestrictedQuerySet


class NotificationQuerySet(RestrictedQuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one person about a step that concerns them, already in their language.

    Not change-logged: it is itself a record of something that happened elsewhere, and only its reader marks it read.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                                  related_name="notifications")
    kind = models.CharField(_("kind"), max_length=100, db_index=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("from"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    # Lets a repeated reminder about the same thing be recognised and not sent every day.
    key = models.CharField(_("key"), max_length=200, blank=True, db_index=True)
    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """Whether a person receives one kind of notification by e-mail as well as in the application."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                             related_name="notification_preferences")
    kind = models.CharField(_("kind"), max_length=100)
    email = models.BooleanField(_("by e-mail"), default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["kind"]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"


class EmailFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("One e-mail per notification, at once")
    DAILY = "daily", _("One daily digest")


class NotificationSettings(models.Model):
    """How a person wants the notifications they chose to get by e-mail: one at a time, or gathered in a digest."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                                related_name="notification_settings")
    email_frequency = models.CharField(_("e-mails"), max_length=20, choices=EmailFrequency.choices,
                                       default=EmailFrequency.IMMEDIATELY)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_email_frequency_display()}"
