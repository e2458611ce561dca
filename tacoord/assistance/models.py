"""Requests for technical assistance from a State, the offers providers make on them, and their lifecycle: the
steps taken (RequestStep, which also gives the days spent in each stage), comments of the parties, attachments and
delivery milestones. The stages and the steps between them are in lifecycle.py."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tacoord.activities.choices import Modality
from tacoord.assistance.choices import ACTION_LABELS, OfferStatus, Stage, Urgency
from tacoord.core.models import PrimaryModel
from tacoord.core.permissions import RestrictedQuerySet

ATTACHMENT_TYPES = {".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".ods", ".txt", ".csv", ".png", ".jpg", ".jpeg"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def attachment_storage():
    # Served only through the request's page (permission-checked), never from a public media URL.
    return FileSystemStorage(location=Path(settings.VAR_DIR) / "media" / "requests")


class Request(PrimaryModel):
    """A State's request for technical assistance: what it asks, for which of its needs, in which language, by when."""

    country = models.ForeignKey("reference.Country", verbose_name=_("State"), on_delete=models.PROTECT,
                                related_name="assistance_requests")
    title = models.CharField(_("title"), max_length=300)
    needs = models.ManyToManyField("needs.Need", verbose_name=_("needs it concerns"), blank=True,
                                   related_name="assistance_requests")
    ta_types = models.ManyToManyField("reference.TechnicalAssistanceType", verbose_name=_("types of assistance"),
                                      blank=True, related_name="assistance_requests")
    articles = models.ManyToManyField("reference.Article", verbose_name=_("articles"), blank=True,
                                      related_name="assistance_requests")
    beneficiary_institutions = models.TextField(_("beneficiary institutions"), blank=True)
    languages = models.ManyToManyField("reference.Language", verbose_name=_("desired languages"), blank=True,
                                       related_name="assistance_requests")
    desired_start = models.DateField(_("desired start"), null=True, blank=True)
    desired_end = models.DateField(_("desired end"), null=True, blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.MEDIUM)
    context = models.TextField(_("context"), blank=True, help_text=_("Why the assistance is needed, what exists."))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.DRAFT, editable=False)
    stage_since = models.DateTimeField(_("in this stage since"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="merged_requests", editable=False)
    circulated_to = models.ManyToManyField("organisations.Organisation", verbose_name=_("circulated to"), blank=True,
                                           related_name="requests_circulated", editable=False)
    activity = models.ForeignKey("activities.Activity", verbose_name=_("planned activity"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="assistance_requests", editable=False)
    synthetic = models.BooleanField(_("synthetic demo data"), default=False, editable=False)

    class Meta:
        ordering = ["-stage_since", "-pk"]
        verbose_name = _("request for assistance")
        verbose_name_plural = _("requests for assistance")
        indexes = [models.Index(fields=["stage", "country"], name="request_stage_country"),
                   models.Index(fields=["country", "stage_since"], name="request_country_since"),
                   models.Index(fields=["-stage_since", "-id"], name="request_since")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assistance:request", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if self.desired_start and self.desired_end and self.desired_end < self.desired_start:
            raise ValidationError({"desired_end": _("The end comes after the start.")})


class Offer(PrimaryModel):
    """A provider's answer to a circulated request; with co-providers it is a joint offer."""

    request = models.ForeignKey(Request, verbose_name=_("request"), on_delete=models.PROTECT, related_name="offers")
    provider = models.ForeignKey("organisations.Organisation", verbose_name=_("provider"), on_delete=models.PROTECT,
                                 related_name="assistance_offers")
    co_providers = models.ManyToManyField("organisations.Organisation", verbose_name=_("joint with"), blank=True,
                                          related_name="joint_assistance_offers",
                                          help_text=_("Other providers making this offer together with you."))
    scope = models.TextField(_("scope"))
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    languages = models.ManyToManyField("reference.Language", verbose_name=_("languages"), blank=True,
                                       related_name="assistance_offers")
    budget = models.DecimalField(_("budget"), max_digits=20, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. USD."))
    funding_source = models.CharField(_("funding source"), max_length=300, blank=True)
    experts = models.ManyToManyField("experts.Expert", verbose_name=_("experts proposed"), blank=True,
                                     related_name="assistance_offers")
    partners = models.ManyToManyField("organisations.Organisation", verbose_name=_("partners"), blank=True,
                                      related_name="assistance_offer_partnerships",
                                      help_text=_("Civil-society and regional organisations working with you."))
    status = models.CharField(_("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.SUBMITTED,
                              editable=False)
    decision_note = models.TextField(_("reason given"), blank=True, editable=False)
    amendments = models.PositiveIntegerField(_("amendments"), default=0, editable=False)

    class Meta:
        ordering = ["request", "created", "pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def __str__(self) -> str:
        return f"{self.provider} — {self.request}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:offer", kwargs={"pk": self.pk})

    @property
    def is_joint(self) -> bool:
        return self.pk is not None and self.co_providers.exists()

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end comes after the start.")
        if self.budget is not None and self.budget < 0:
            errors["budget"] = _("A budget is not negative.")
        if self.budget is not None and not self.currency:
            errors["currency"] = _("Give the currency of the budget.")
        if errors:
            raise ValidationError(errors)


class RequestStep(models.Model):
    """One step in a request's life: who took it, when, from which stage to which, and why. The days between steps
    give the time spent in each stage. Recorded by the services only; it is the request's own history."""

    request = models.ForeignKey(Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("step"), max_length=30)
    from_stage = models.CharField(_("from stage"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=20, choices=Stage.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    # Days spent in from_stage before this step: the pipeline's medians read this column.
    days_in_stage = models.FloatField(_("days in the previous stage"), null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("note"), blank=True)
    offer = models.ForeignKey(Offer, verbose_name=_("offer"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="steps")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        # The pipeline's medians read days_in_stage in order within each stage from this index alone.
        indexes = [models.Index(fields=["from_stage", "days_in_stage"], name="requeststep_stage_days")]

    def __str__(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))


class RequestComment(models.Model):
    """A message in the thread of a request, visible to everyone party to it."""

    request = models.ForeignKey(Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("comment"))
    created = models.DateTimeField(_("created"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:80]


class RequestAttachment(models.Model):
    request = models.ForeignKey(Request, verbose_name=_("request"), on_delete=models.CASCADE,
                                related_name="attachments")
    file = models.FileField(_("file"), upload_to="%Y/%m/", storage=attachment_storage, max_length=300)
    name = models.CharField(_("name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(_("uploaded at"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    """A point reached in delivering the agreed assistance."""

    request = models.ForeignKey(Request, verbose_name=_("request"), on_delete=models.CASCADE,
                                related_name="milestones")
    description = models.CharField(_("milestone"), max_length=300)
    reached_on = models.DateField(_("reached on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["reached_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.description
