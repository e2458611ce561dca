"""Questionnaires: versioned templates of sections (groups) and questions, in the XLSForm model.

Labels, hints and messages are kept per language as {"en": ..., "fr": ...}: XLSForm's `label::French (fr)` columns
map onto these keys.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tacoord.core.i18n import language_suffix
from tacoord.core.models import ChangeLoggedModel, PrimaryModel
from tacoord.core.permissions import RestrictedQuerySet
from tacoord.questionnaires.choices import (
    CONTAINER_TYPES,
    IMPLEMENTATION_STATUS_LIST,
    SELECT_TYPES,
    QuestionPart,
    QuestionType,
    TemplateStatus,
)
from tacoord.questionnaires.expressions import ExpressionError, referenced_names

NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"


def in_language(texts: dict | None, language_code: str | None = None) -> str:
    """A text of a {language: text} dict in the active language, falling back to English, then to any."""
    texts = texts or {}
    preferred = language_suffix(language_code)
    return texts.get(preferred) or texts.get("en") or next(iter(texts.values()), "")


class QuestionnaireTemplate(PrimaryModel):
    """A questionnaire States answer, in one version. A new version is a new template with the same code."""

    code = models.SlugField(_("code"), max_length=100)
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.JSONField(_("title"), default=dict, help_text=_("The title in each language."))
    description = models.JSONField(_("description"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT)
    is_self_assessment = models.BooleanField(
        _("self-assessment"), default=False,
        help_text=_("Generated from the articles of the Convention and its Protocols."))
    default_language = models.CharField(_("default language"), max_length=10, default="en")

    class Meta:
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="unique_template_version")]
        verbose_name = _("questionnaire template")
        verbose_name_plural = _("questionnaire templates")

    def __str__(self) -> str:
        return f"{in_language(self.title) or self.code} (v{self.version})"

    def get_absolute_url(self):
        return reverse("questionnaires:questionnairetemplate", kwargs={"pk": self.pk})

    @property
    def title_text(self) -> str:
        return in_language(self.title)

    @property
    def description_text(self) -> str:
        return in_language(self.description)


class Question(ChangeLoggedModel):
    """A question, note, group (a section when at the top) or repeat of a template, in XLSForm terms."""

    template = models.ForeignKey(QuestionnaireTemplate, verbose_name=_("template"), on_delete=models.CASCADE,
                                 related_name="questions")
    parent = models.ForeignKey("self", verbose_name=_("group"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=100,
                            validators=[RegexValidator(NAME_PATTERN, _("Use letters, digits and underscores only, "
                                                                       "starting with a letter."))],
                            help_text=_("Unique within the template; letters, digits and underscores."))
    type = models.CharField(_("type"), max_length=30, choices=QuestionType.choices)
    choice_list = models.CharField(_("choice list"), max_length=100, blank=True)
    label = models.JSONField(_("label"), default=dict, blank=True)
    hint = models.JSONField(_("hint"), default=dict, blank=True)
    required = models.BooleanField(_("required"), default=False)
    relevant = models.CharField(_("relevant when"), max_length=1000, blank=True,
                                help_text=_("XLSForm expression; the question is asked only when it is true."))
    constraint = models.CharField(_("constraint"), max_length=1000, blank=True)
    constraint_message = models.JSONField(_("constraint message"), default=dict, blank=True)
    calculation = models.CharField(_("calculation"), max_length=1000, blank=True,
                                   help_text=_("XLSForm expression whose value a calculated question stores."))
    or_other = models.BooleanField(_("or other"), default=False,
                                   help_text=_("The choices end with “Other”, and a text question asks which."))
    other_for = models.OneToOneField("self", verbose_name=_("specifies the other answer of"), null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="other_specify")
    article = models.ForeignKey("reference.Article", verbose_name=_("article"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="questions")
    is_confidential = models.BooleanField(_("confidential"), default=False)
    part = models.CharField(_("part"), max_length=20, choices=QuestionPart.choices, blank=True,
                            help_text=_("In the self-assessment: what the question asks about its article."))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        # Positions run through the whole template in reading order, groups before what they hold.
        ordering = ["template", "position"]
        constraints = [models.UniqueConstraint(fields=["template", "name"], name="unique_question_name")]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.label_text or self.name

    def clean(self):
        errors = {}
        if self.type == QuestionType.IMPLEMENTATION_STATUS:
            self.choice_list = IMPLEMENTATION_STATUS_LIST
        if self.parent_id and self.parent.type not in CONTAINER_TYPES:
            errors["parent"] = _("Only a group or a repeat can hold questions.")
        if self.type in SELECT_TYPES and not self.choice_list:
            errors["choice_list"] = _("A choice question needs a choice list.")
        if self.type == QuestionType.CALCULATE and not self.calculation.strip():
            errors["calculation"] = _("A calculated question needs a calculation.")
        if self.type != QuestionType.CALCULATE and self.calculation.strip():
            errors["calculation"] = _("Only a calculated question has a calculation.")
        if self.or_other and self.type not in SELECT_TYPES:
            errors["or_other"] = _("Only a single or multiple choice question can offer “Other”.")
        for field in ("relevant", "constraint", "calculation"):
            try:
                referenced_names(getattr(self, field))
            except ExpressionError as error:
                errors[field] = str(error)
        if errors:
            raise ValidationError(errors)

    @property
    def label_text(self) -> str:
        return in_language(self.label)

    @property
    def hint_text(self) -> str:
        return in_language(self.hint)

    @property
    def is_container(self) -> bool:
        return self.type in CONTAINER_TYPES


class Choice(ChangeLoggedModel):
    """One option of a template's choice list (the XLSForm `choices` sheet)."""

    template = models.ForeignKey(QuestionnaireTemplate, verbose_name=_("template"), on_delete=models.CASCADE,
                                 related_name="choices")
    list_name = models.CharField(_("choice list"), max_length=100)
    name = models.CharField(_("name"), max_length=100)
    label = models.JSONField(_("label"), default=dict, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["template", "list_name", "position"]
        constraints = [models.UniqueConstraint(fields=["template", "list_name", "name"], name="unique_choice_name")]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return in_language(self.label) or self.name
