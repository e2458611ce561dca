from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tacoord.core.models import PrimaryModel
from tacoord.meetings.choices import FollowUpStatus, MeetingKind


class Meeting(PrimaryModel):
    """A coordination meeting: a donor round table or an in-country or regional meeting of the State, its providers
    and UNODC (decision 4/3 (i)(iv)-(v)), with what it discussed and what it decided."""

    kind = models.CharField(_("kind"), max_length=30, choices=MeetingKind.choices, default=MeetingKind.IN_COUNTRY)
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True,
                             help_text=_("City and venue, or “online”."))
    country = models.ForeignKey("reference.Country", verbose_name=_("State"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="meetings",
                                help_text=_("The State whose assistance is coordinated; required for an in-country "
                                            "meeting."))
    region = models.ForeignKey("reference.Region", verbose_name=_("region"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="meetings")
    convened_by = models.ForeignKey("organisations.Organisation", verbose_name=_("convened by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="meetings_convened")
    participants = models.ManyToManyField("organisations.Organisation", verbose_name=_("participants"), blank=True,
                                          related_name="meetings")
    activities = models.ManyToManyField("activities.Activity", verbose_name=_("activities discussed"), blank=True,
                                        related_name="meetings")
    requests = models.ManyToManyField("assistance.Request", verbose_name=_("requests discussed"), blank=True,
                                      related_name="meetings")
    summary = models.TextField(_("summary of the discussion"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)

    changelog_exclude = ("created", "last_updated")

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("coordination meeting")
        verbose_name_plural = _("coordination meetings")
        indexes = [models.Index(fields=["country", "date"], name="meeting_country_date")]

    def __str__(self) -> str:
        return f"{self.title} ({self.date.isoformat()})" if self.date else self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if self.kind == MeetingKind.IN_COUNTRY and self.country_id is None:
            raise ValidationError({"country": _("An in-country coordination meeting is about one State: choose it.")})
        if self.kind == MeetingKind.REGIONAL and self.region_id is None and self.country_id is None:
            raise ValidationError({"region": _("A regional meeting names its region.")})


class FollowUpAction(PrimaryModel):
    """Something a meeting decided someone does by a date: an organisation, a person, or a person of an
    organisation. Open until its owner or the meeting's organisers mark it done."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="follow_ups")
    description = models.TextField(_("action"))
    owner_organisation = models.ForeignKey("organisations.Organisation", verbose_name=_("owner (organisation)"),
                                           null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="follow_up_actions")
    owner_person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner (person)"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="follow_up_actions")
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, help_text=_("What was done, or why it waits."))

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        indexes = [models.Index(fields=["status", "due_date"], name="followup_status_due")]

    def __str__(self) -> str:
        text = " ".join(self.description.split())
        return text if len(text) <= 80 else f"{text[:79]}…"

    def get_absolute_url(self) -> str:
        return reverse("meetings:followupaction", kwargs={"pk": self.pk})

    @property
    def owner(self):
        return self.owner_person or self.owner_organisation

    @property
    def is_overdue(self) -> bool:
        return self.status == FollowUpStatus.OPEN and self.due_date is not None and self.due_date < timezone.localdate()

    def clean(self):
        super().clean()
        errors = {}
        if self.owner_organisation_id is None and self.owner_person_id is None:
            errors["owner_organisation"] = _("Name who owns the action: an organisation, a person, or both.")
        elif (self.owner_person_id and self.owner_organisation_id and self.owner_person.organisation_id
              and self.owner_person.organisation_id != self.owner_organisation_id
              and self.owner_person.organisation.parent_id != self.owner_organisation_id):
            errors["owner_person"] = _("This person does not work for the owning organisation.")
        if self.status == FollowUpStatus.DONE and self.completed_on is None:
            self.completed_on = timezone.localdate()
        if self.status == FollowUpStatus.OPEN:
            self.completed_on = None
        if self.completed_on and self.meeting_id and self.completed_on < self.meeting.date:
            errors["completed_on"] = _("An action cannot be done before the meeting that decided it.")
        if self.due_date and self.meeting_id and self.due_date < self.meeting.date:
            errors["due_date"] = _("The due date is on or after the meeting's date (%(date)s).") % {
                "date": self.meeting.date.isoformat()}
        if errors:
            raise ValidationError(errors)
