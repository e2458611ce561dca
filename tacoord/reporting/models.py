"""Reporting cycles: the secretariat asks States to answer a questionnaire by a deadline; each State's answers are
kept in every version (decision 4/3 (j): a continuous flow of current information)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tacoord.core.models import ChangeLoggedModel, PrimaryModel
from tacoord.core.permissions import RestrictedQuerySet
from tacoord.reporting.choices import EDITABLE_STATUSES, CycleStatus, ResponseStatus


class ReportingCycle(PrimaryModel):
    """One round of a questionnaire sent to a set of States, with a deadline."""

    name = models.CharField(_("name"), max_length=200)
    template = models.ForeignKey("questionnaires.QuestionnaireTemplate", verbose_name=_("questionnaire"),
                                 on_delete=models.PROTECT, related_name="cycles")
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=20, choices=CycleStatus.choices, default=CycleStatus.DRAFT)
    instructions = models.TextField(_("instructions"), blank=True)
    previous_cycle = models.ForeignKey("self", verbose_name=_("previous cycle"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="next_cycles",
                                       help_text=_("The cycle this one is compared with in the analysis."))

    class Meta:
        ordering = ["-opens_on", "name"]
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self):
        return reverse("reporting:reportingcycle", kwargs={"pk": self.pk})


class QuestionnaireResponse(PrimaryModel):
    """A State's answers to one cycle: drafted by its agencies, reviewed and submitted by its focal point."""

    cycle = models.ForeignKey(ReportingCycle, verbose_name=_("cycle"), on_delete=models.PROTECT,
                              related_name="responses")
    country = models.ForeignKey("reference.Country", verbose_name=_("State"), on_delete=models.PROTECT,
                                related_name="questionnaire_responses")
    status = models.CharField(_("status"), max_length=20, choices=ResponseStatus.choices,
                              default=ResponseStatus.NOT_STARTED)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    is_published = models.BooleanField(
        _("published by the State"), default=False,
        help_text=_("Answers are confidential to the State and the secretariat unless the State publishes them."))

    class Meta:
        ordering = ["cycle", "country__name_en"]
        constraints = [models.UniqueConstraint(fields=["cycle", "country"], name="one_response_per_state")]
        verbose_name = _("questionnaire response")
        verbose_name_plural = _("questionnaire responses")

    def __str__(self) -> str:
        return f"{self.country} — {self.cycle}"

    def get_absolute_url(self):
        return reverse("reporting:questionnaireresponse", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def return_comment(self) -> str:
        """The comment of the latest return (see ResponseReturn for all of them); empty if never returned. The
        caller checks that the viewer may read returns."""
        latest = self.returns.order_by("-returned_at", "-pk").first()
        return latest.comment if latest else ""


class Answer(models.Model):
    """The current answer of a State to one question (one row per repeat instance). Every saved value is also kept
    as an AnswerVersion; `version` detects two people saving the same answer at once."""

    response = models.ForeignKey(QuestionnaireResponse, verbose_name=_("response"), on_delete=models.PROTECT,
                                 related_name="answers")
    question = models.ForeignKey("questionnaires.Question", verbose_name=_("question"), on_delete=models.PROTECT,
                                 related_name="answers")
    repeat_index = models.PositiveIntegerField(_("repeat"), default=0)
    value = models.JSONField(_("value"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("saved at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("saved by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question", "repeat_index"],
                                               name="one_answer_per_question")]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.question.name}[{self.repeat_index}] = {self.value!r}"


class AnswerVersion(models.Model):
    """An answer as it was saved at one moment: never changed, never deleted ("as of" views and diffs read these)."""

    answer = models.ForeignKey(Answer, verbose_name=_("answer"), on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    value = models.JSONField(_("value"), null=True, blank=True)
    saved_at = models.DateTimeField(_("saved at"), db_index=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("saved by"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=20, default="web")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["answer", "version"]
        constraints = [models.UniqueConstraint(fields=["answer", "version"], name="unique_answer_version")]
        verbose_name = _("answer version")
        verbose_name_plural = _("answer versions")

    def __str__(self) -> str:
        return f"{self.answer_id} v{self.version}"


class Submission(ChangeLoggedModel):
    """A State's response as submitted by its focal point: a frozen snapshot of every answer, to compare."""

    response = models.ForeignKey(QuestionnaireResponse, verbose_name=_("response"), on_delete=models.PROTECT,
                                 related_name="submissions")
    number = models.PositiveIntegerField(_("number"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     on_delete=models.PROTECT, related_name="+")
    snapshot = models.JSONField(_("answers"), default=dict,
                                help_text=_('{"question_name[repeat]": value} at the time of submission.'))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["response", "number"]
        constraints = [models.UniqueConstraint(fields=["response", "number"], name="unique_submission_number")]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"{self.response} #{self.number}"


class ResponseReturn(models.Model):
    """The secretariat sent a submission back to the State: with which comment, who and when. Never changed; read
    only by the secretariat and that State's users, even once the State publishes its answers."""

    response = models.ForeignKey(QuestionnaireResponse, verbose_name=_("response"), on_delete=models.PROTECT,
                                 related_name="returns")
    submission = models.ForeignKey(Submission, verbose_name=_("submission"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="returns")
    comment = models.TextField(_("comment"))
    returned_at = models.DateTimeField(_("returned at"), db_index=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("returned by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["response", "returned_at", "pk"]
        verbose_name = _("return to the State")
        verbose_name_plural = _("returns to the State")

    def __str__(self) -> str:
        return f"{self.response} — {self.returned_at:%Y-%m-%d %H:%M}"
