"""Needs for technical assistance: what a State needs, on which article or theme, of which kind, how urgently, and
in which language — identified from its answers or entered by hand, validated by its focal point."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tacoord.core.models import PrimaryModel
from tacoord.needs.choices import NeedPriority, NeedSource, NeedStatus
from tacoord.questionnaires.expressions import ExpressionError, referenced_names


class DerivationRule(PrimaryModel):
    """How answers become needs, as data the secretariat edits.

    The rule is applied to every group of a template that holds the named questions (in the self-assessment: one
    group per article). `condition` is an XLSForm expression over the group's questions, e.g.
    `(${status} = 'no' or ${status} = 'yes_in_part') and ${ta_needed} = 'yes'`; when it holds, one need is made per
    TA type chosen in `ta_types_question`, with the priority and languages of the named questions.
    """

    name = models.CharField(_("name"), max_length=200)
    template = models.ForeignKey("questionnaires.QuestionnaireTemplate", verbose_name=_("questionnaire"),
                                 null=True, blank=True, on_delete=models.PROTECT, related_name="derivation_rules",
                                 help_text=_("Empty: every self-assessment questionnaire."))
    condition = models.CharField(
        _("condition"), max_length=1000,
        help_text=_("An XLSForm expression over the short names of a group's questions, e.g. ${status} = 'no'."))
    ta_types_question = models.CharField(_("question naming the TA types"), max_length=100,
                                         help_text=_("Short name within the group, e.g. ta_types."))
    priority_question = models.CharField(_("question giving the priority"), max_length=100, blank=True)
    languages_question = models.CharField(_("question giving the languages"), max_length=100, blank=True)
    description_question = models.CharField(
        _("questions describing the need"), max_length=100, blank=True,
        help_text=_("Short names separated by spaces, e.g. challenges measures: their answers make the description."))
    default_priority = models.CharField(_("priority when not answered"), max_length=10,
                                        choices=NeedPriority.choices, default=NeedPriority.MEDIUM)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("derivation rule")
        verbose_name_plural = _("derivation rules")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self):
        return reverse("needs:derivationrule", kwargs={"pk": self.pk})

    def clean(self):
        try:
            referenced_names(self.condition)
        except ExpressionError as error:
            raise ValidationError({"condition": _("This condition cannot be read: %(reason)s")
                                   % {"reason": error}}) from error


class Need(PrimaryModel):
    """One need of a State: State × article (or cluster or priority area) × type of technical assistance."""

    country = models.ForeignKey("reference.Country", verbose_name=_("State"), on_delete=models.PROTECT,
                                related_name="needs")
    article = models.ForeignKey("reference.Article", verbose_name=_("article"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="needs")
    cluster = models.ForeignKey("reference.Cluster", verbose_name=_("cluster"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="needs")
    priority_area = models.ForeignKey("reference.PriorityArea", verbose_name=_("priority area"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="needs")
    ta_type = models.ForeignKey("reference.TechnicalAssistanceType", verbose_name=_("type of assistance"),
                                on_delete=models.PROTECT, related_name="needs")
    priority = models.CharField(_("priority"), max_length=10, choices=NeedPriority.choices,
                                default=NeedPriority.MEDIUM)
    languages = models.ManyToManyField("reference.Language", verbose_name=_("preferred languages"), blank=True,
                                       related_name="needs")
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.IDENTIFIED)
    source = models.CharField(_("source"), max_length=20, choices=NeedSource.choices, default=NeedSource.MANUAL)
    source_response = models.ForeignKey("reporting.QuestionnaireResponse", verbose_name=_("questionnaire response"),
                                        null=True, blank=True, on_delete=models.PROTECT, related_name="needs")
    source_answer = models.ForeignKey("reporting.Answer", verbose_name=_("answer"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="needs")
    source_reference = models.CharField(_("source reference"), max_length=300, blank=True,
                                        help_text=_("A request number, a review report symbol or a link."))
    first_cycle = models.ForeignKey(
        "reporting.ReportingCycle", verbose_name=_("first raised in cycle"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="needs_first_raised", editable=False,
        help_text=_("The reporting cycle whose answers first gave rise to the need; later cycles that find it again "
                    "leave it as it was."))
    derived_by = models.ForeignKey(DerivationRule, verbose_name=_("derived by rule"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="needs")
    # Identifies what a rule made, so deriving again updates the same need instead of adding another.
    derivation_key = models.CharField(max_length=200, null=True, blank=True, unique=True, editable=False)
    # Set once a person edits a derived need: derivation never touches it again.
    edited_by_person = models.BooleanField(_("edited by a person"), default=False, editable=False)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True, editable=False)
    validated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("validated by"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+", editable=False)

    class Meta:
        ordering = ["country__name_en", "article__instrument__position", "article__number", "ta_type__position"]
        indexes = [models.Index(fields=["status", "country"]), models.Index(fields=["article", "ta_type"])]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        subject = self.article or self.cluster or self.priority_area
        return f"{self.country}: {self.ta_type} — {subject}" if subject else f"{self.country}: {self.ta_type}"

    def get_absolute_url(self):
        return reverse("needs:need", kwargs={"pk": self.pk})

    def clean(self):
        if not (self.article_id or self.cluster_id or self.priority_area_id):
            raise ValidationError(_("Say what the need is about: an article, a cluster or a priority area."))
        if self.article_id and not self.cluster_id:
            self.cluster_id = self.article.cluster_id


class ArticlePriorityArea(PrimaryModel):
    """Which of the Working Group's priority areas a need on an article falls in: data the secretariat edits.

    Derivation gives each need it makes the priority area of its article from here (an article without a row, or
    with no area, gives none). `tacoord install_derivation_rules` fills in the articles that have no row yet from
    a default reading; the secretariat's changes are kept.
    """

    article = models.OneToOneField("reference.Article", verbose_name=_("article"), on_delete=models.PROTECT,
                                   related_name="priority_area_mapping")
    priority_area = models.ForeignKey("reference.PriorityArea", verbose_name=_("priority area"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="article_mappings",
                                      help_text=_("Empty: needs on this article fall in no priority area."))

    class Meta:
        ordering = ["article__instrument__position", "article__number"]
        verbose_name = _("article's priority area")
        verbose_name_plural = _("articles' priority areas")

    def __str__(self) -> str:
        return f"{self.article} → {self.priority_area or '—'}"

    def get_absolute_url(self):
        return reverse("needs:articlepriorityarea", kwargs={"pk": self.pk})
