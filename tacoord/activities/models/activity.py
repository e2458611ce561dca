"""An activity of technical assistance, as IATI describes it, plus what coordination under the Convention needs."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tacoord.activities.choices import ActivityOrigin, ActivityStatus, CoordinationSetting, Modality
from tacoord.activities.narratives import narrative_text
from tacoord.core.models import PrimaryModel

CODE = {"max_length": 20, "blank": True}


class Activity(PrimaryModel):
    """An activity (or a programme: an activity with child activities) by which a provider gives technical assistance.

    Its IATI identifier is global: the same activity reported in several files or by bulk import is one record.
    Texts IATI allows in several languages are dicts {language code: text}. Its parts (participating organisations,
    countries, sectors, budgets, transactions, ...) are child rows replaced as a whole by `activity_save`, which
    records them in the activity's change log entry under "children".
    """

    iati_identifier = models.CharField(
        _("IATI identifier"), max_length=255, unique=True,
        # Published IATI data does have identifiers with inner spaces; they are kept as published so that other
        # files' references to them still match. Only a leading or trailing space is refused.
        validators=[RegexValidator(r"^\S(.*\S)?$", _("An IATI identifier cannot begin or end with a space."))],
        help_text=_("The reporting organisation's identifier, a hyphen and its own code, e.g. XM-DAC-41128-GLOT59."))
    reporting_organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("reporting organisation"), on_delete=models.PROTECT,
        related_name="reported_activities")
    hierarchy = models.PositiveSmallIntegerField(_("hierarchy"), default=1,
                                                 help_text=_("1 for a programme, 2 for its activities, ..."))
    parent = models.ForeignKey("self", verbose_name=_("programme"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="children",
                               help_text=_("The programme (parent activity) this activity belongs to."))
    title = models.JSONField(_("title"), default=dict, blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    default_language = models.CharField(_("default language"), max_length=10, blank=True, default="en")
    status = models.CharField(_("status"), max_length=2, choices=ActivityStatus.choices,
                              default=ActivityStatus.IMPLEMENTATION)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    default_currency = models.CharField(_("default currency"), max_length=3, blank=True,
                                        help_text=_("ISO 4217 code, e.g. USD."))
    humanitarian = models.BooleanField(_("humanitarian"), default=False)
    collaboration_type = models.CharField(_("collaboration type"), **CODE)
    default_flow_type = models.CharField(_("default flow type"), **CODE)
    default_finance_type = models.CharField(_("default finance type"), **CODE)
    default_aid_type = models.CharField(_("default aid type"), **CODE)
    origin = models.CharField(_("origin"), max_length=20, choices=ActivityOrigin.choices,
                              default=ActivityOrigin.ENTERED)
    last_updated_datetime = models.DateTimeField(_("last updated by the publisher"), null=True, blank=True)
    # What the importer last read, so an unchanged activity is skipped on re-import.
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True, editable=False)
    # Titles and descriptions in every language as plain text, so a search finds "Pérou" on SQLite too (its JSON
    # columns hold \u escapes).
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    articles = models.ManyToManyField("reference.Article", verbose_name=_("articles addressed"), blank=True,
                                      related_name="activities")
    priority_areas = models.ManyToManyField("reference.PriorityArea", verbose_name=_("priority areas"), blank=True,
                                            related_name="activities")
    ta_types = models.ManyToManyField("reference.TechnicalAssistanceType", verbose_name=_("types of assistance"),
                                      blank=True, related_name="activities")
    delivery_languages = models.ManyToManyField("reference.Language", verbose_name=_("languages of delivery"),
                                                blank=True, related_name="activities")
    beneficiary_institutions = models.TextField(_("beneficiary institutions"), blank=True)
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices, blank=True)
    coordination_setting = models.CharField(_("coordination setting"), max_length=20,
                                            choices=CoordinationSetting.choices, blank=True)
    partners = models.ManyToManyField("organisations.Organisation", verbose_name=_("partners"), blank=True,
                                      related_name="partner_activities",
                                      help_text=_("Civil-society and regional organisations working with it."))
    needs = models.ManyToManyField("needs.Need", verbose_name=_("needs addressed"), blank=True,
                                   related_name="activities")

    changelog_exclude = ("created", "last_updated", "content_hash", "search_text")

    class Meta:
        ordering = ["iati_identifier"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["planned_start"]),
                   models.Index(fields=["reporting_organisation", "status"])]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.display_title or self.iati_identifier

    @property
    def display_title(self) -> str:
        return narrative_text(self.title, get_language(), self.default_language)

    @property
    def display_description(self) -> str:
        return narrative_text(self.description, get_language(), self.default_language)

    @property
    def start(self):
        return self.actual_start or self.planned_start

    @property
    def end(self):
        return self.actual_end or self.planned_end

    def get_absolute_url(self) -> str:
        return reverse("activities:activity", kwargs={"pk": self.pk})

    @staticmethod
    def texts_for_search(title: dict | None, description: dict | None) -> str:
        """`search_text`: the title and description in every language, as plain text."""
        return "\n".join(str(text) for narratives in (title, description)
                         for text in (narratives or {}).values() if text)[:20000]

    def clean(self):
        errors = {}
        for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
            if getattr(self, start) and getattr(self, end) and getattr(self, end) < getattr(self, start):
                errors[end] = _("The end cannot be before the start.")
        if self.parent_id and self.pk:
            node, seen = self.parent, set()
            while node is not None and node.pk not in seen:
                if node.pk == self.pk:
                    errors["parent"] = _("An activity cannot be part of itself.")
                    break
                seen.add(node.pk)
                node = node.parent
        self.search_text = self.texts_for_search(self.title, self.description)
        if self.default_currency:
            self.default_currency = self.default_currency.upper()
        if errors:
            raise ValidationError(errors)
