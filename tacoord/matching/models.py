"""Matching needs with those who could address them, stored so pages and the API read them at once.

`Match` rows are computed (scoring.py), never edited by people: they carry no change log of their own. The weights
they are computed with are data the secretariat edits, with history (`MatchingWeights`).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tacoord.core.models import PrimaryModel
from tacoord.core.permissions import RestrictedQuerySet
from tacoord.matching.choices import CandidateKind, Part
from tacoord.matching.scoring import DEFAULT_WEIGHTS


def _weight(part: Part):
    return models.FloatField(part.label, default=DEFAULT_WEIGHTS[part.value],
                             validators=[MinValueValidator(0.0), MaxValueValidator(100.0)])


class MatchingWeights(PrimaryModel):
    """How much each part of a match counts: one record, which the secretariat edits (its history is kept)."""

    article = _weight(Part.ARTICLE)
    cluster = _weight(Part.CLUSTER)
    priority_area = _weight(Part.PRIORITY_AREA)
    ta_type = _weight(Part.TA_TYPE)
    text = _weight(Part.TEXT)
    language = _weight(Part.LANGUAGE)
    country = _weight(Part.COUNTRY)
    region = _weight(Part.REGION)
    programmes = _weight(Part.PROGRAMMES)
    availability = _weight(Part.AVAILABILITY)
    track_record = _weight(Part.TRACK_RECORD)
    unodc = _weight(Part.UNODC)

    class Meta:
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")

    def __str__(self) -> str:
        return str(_("Matching weights"))

    def get_absolute_url(self) -> str:
        return reverse("matching:matchingweights", kwargs={"pk": self.pk})

    def as_dict(self) -> dict[str, float]:
        return {part: float(getattr(self, part)) for part in Part.values}


class Match(models.Model):
    """One candidate for one need, with its score and the parts it is the sum of (part → points)."""

    need = models.ForeignKey("needs.Need", verbose_name=_("need"), on_delete=models.CASCADE, related_name="matches")
    kind = models.CharField(_("kind of candidate"), max_length=10, choices=CandidateKind.choices)
    provider = models.ForeignKey("providers.ProviderProfile", verbose_name=_("provider"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="matches")
    activity = models.ForeignKey("activities.Activity", verbose_name=_("activity"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="matches")
    expert = models.ForeignKey("experts.Expert", verbose_name=_("expert"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="matches")
    score = models.FloatField(_("score"))
    rank = models.PositiveSmallIntegerField(_("rank"))
    parts = models.JSONField(_("parts of the score"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["need", "kind", "rank"]
        indexes = [models.Index(fields=["need", "kind", "rank"]), models.Index(fields=["-score"])]
        verbose_name = _("match")
        verbose_name_plural = _("matches")

    def __str__(self) -> str:
        return f"{self.need} ← {self.candidate} ({self.score:.2f})"

    @property
    def candidate(self):
        return {CandidateKind.PROVIDER: self.provider, CandidateKind.ACTIVITY: self.activity,
                CandidateKind.EXPERT: self.expert}[self.kind]

    @property
    def candidate_id(self) -> int | None:
        return {CandidateKind.PROVIDER: self.provider_id, CandidateKind.ACTIVITY: self.activity_id,
                CandidateKind.EXPERT: self.expert_id}[self.kind]

    def get_absolute_url(self) -> str:
        return reverse("matching:need", kwargs={"pk": self.need_id})


class MatchingRun(models.Model):
    """One run of the matching: what it scored again. The start of the last run is where the next one starts from."""

    started = models.DateTimeField(_("started"))
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    full = models.BooleanField(_("full run"), default=False)
    weights = models.JSONField(_("weights used"), default=dict)
    needs_scored = models.PositiveIntegerField(_("needs scored again"), default=0)
    candidates_changed = models.PositiveIntegerField(_("candidates changed"), default=0)
    matches_written = models.PositiveIntegerField(_("matches written"), default=0)
    seconds = models.FloatField(_("seconds"), default=0.0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-started"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")

    def __str__(self) -> str:
        return f"{self.started:%Y-%m-%d %H:%M}"


class MatchSubscription(PrimaryModel):
    """A provider's wish to be told of new validated needs that match it with at least `min_score`."""

    provider = models.ForeignKey("providers.ProviderProfile", verbose_name=_("provider"), on_delete=models.CASCADE,
                                 related_name="match_subscriptions")
    min_score = models.FloatField(_("lowest score"), default=5.0, validators=[MinValueValidator(0.0)],
                                  help_text=_("Tell me of needs whose match with our offer scores at least this."))
    email = models.EmailField(_("e-mail to tell"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["provider", "email"]
        verbose_name = _("subscription to matching needs")
        verbose_name_plural = _("subscriptions to matching needs")

    def __str__(self) -> str:
        return f"{self.provider} → {self.email}"

    def get_absolute_url(self) -> str:
        return reverse("matching:matchsubscription", kwargs={"pk": self.pk})


class MatchNotice(models.Model):
    """A need a subscriber was told of: each need is told once per subscription."""

    subscription = models.ForeignKey(MatchSubscription, verbose_name=_("subscription"), on_delete=models.CASCADE,
                                     related_name="notices")
    need = models.ForeignKey("needs.Need", verbose_name=_("need"), on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "need"], name="matching_notice_once")]
        verbose_name = _("notice of a matching need")
        verbose_name_plural = _("notices of matching needs")

    def __str__(self) -> str:
        return f"{self.subscription}: {self.need_id}"
