"""Alerts of possible duplication, overlap or synergy between two activities, and what detection last scored."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tacoord.core.models import PrimaryModel
from tacoord.duplicates.choices import AlertKind, AlertStatus


class DuplicateAlert(PrimaryModel):
    """Two activities (the one with the smaller id first) that detection found alike, with its evidence, and what a
    person decided about them. A pair has one alert; "unrelated" is never raised again unless one activity changes
    (the fingerprints at the time of the decision are kept)."""

    activity_a = models.ForeignKey("activities.Activity", verbose_name=_("first activity"), on_delete=models.CASCADE,
                                   related_name="duplicate_alerts_a")
    activity_b = models.ForeignKey("activities.Activity", verbose_name=_("second activity"), on_delete=models.CASCADE,
                                   related_name="duplicate_alerts_b")
    kind = models.CharField(_("kind"), max_length=10, choices=AlertKind.choices)
    score = models.FloatField(_("score"))
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    fingerprint_a = models.CharField(_("fingerprint of the first activity"), max_length=64, blank=True)
    fingerprint_b = models.CharField(_("fingerprint of the second activity"), max_length=64, blank=True)

    changelog_exclude = ("created", "last_updated", "fingerprint_a", "fingerprint_b")

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity_a", "activity_b"], name="duplicates_alert_one_per_pair"),
            models.CheckConstraint(condition=models.Q(activity_a__lt=models.F("activity_b")),
                                   name="duplicates_alert_ordered_pair"),
        ]
        indexes = [models.Index(fields=["status", "kind"]), models.Index(fields=["activity_b"])]
        verbose_name = _("duplication alert")
        verbose_name_plural = _("duplication alerts")

    def __str__(self) -> str:
        return f"{self.activity_a.iati_identifier} ~ {self.activity_b.iati_identifier}"

    def get_absolute_url(self) -> str:
        return reverse("duplicates:duplicatealert", kwargs={"pk": self.pk})


class ActivityFingerprint(models.Model):
    """What detection last read of an activity (a hash of the fields it uses), so a run scores again only new or
    changed activities; and the cached multilingual embedding of its text."""

    activity = models.OneToOneField("activities.Activity", verbose_name=_("activity"), on_delete=models.CASCADE,
                                    primary_key=True, related_name="duplicate_fingerprint")
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)
    text_key = models.CharField(_("text hash"), max_length=64, blank=True)
    embedding = models.BinaryField(_("embedding"), null=True, blank=True)

    class Meta:
        verbose_name = _("activity fingerprint")
        verbose_name_plural = _("activity fingerprints")

    def __str__(self) -> str:
        return self.fingerprint
