"""The parts of an activity in IATI's model. They are replaced as a whole when the activity is saved, and the
activity's change log entry keeps them under "children" (see `services.activity_save`)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tacoord.activities.choices import (
    DAC_5_DIGIT_VOCABULARY,
    DAC_REGION_VOCABULARY,
    BudgetStatus,
    BudgetType,
    OrganisationRole,
    RelatedActivityType,
    ResultType,
    TransactionType,
)
from tacoord.activities.narratives import narrative_text


def _label(choices, code: str) -> str:
    return str(dict(choices.choices).get(code, code))

MONEY = {"max_digits": 20, "decimal_places": 2}
PERCENT = {"max_digits": 6, "decimal_places": 3, "null": True, "blank": True}


class ActivityPart(models.Model):
    """A child row of an activity: no change log of its own, no archive."""

    changelog_exclude = ("activity",)

    class Meta:
        abstract = True
        ordering = ["pk"]


class ParticipatingOrganisation(ActivityPart):
    """An organisation taking part in an activity: funding, accountable, extending or implementing."""

    activity = models.ForeignKey("activities.Activity", verbose_name=_("activity"), on_delete=models.CASCADE,
                                 related_name="participating_organisations")
    role = models.CharField(_("role"), max_length=5)
    organisation = models.ForeignKey("organisations.Organisation", verbose_name=_("organisation"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="participations")
    ref = models.CharField(_("organisation identifier"), max_length=255, blank=True)
    name = models.JSONField(_("name"), default=dict, blank=True)
    type = models.CharField(_("organisation type"), max_length=5, blank=True)
    # IATI's participating-org/@activity-id; `activity_id` is the foreign key's column.
    activity_ref = models.CharField(_("its own activity identifier"), max_length=255, blank=True)

    class Meta(ActivityPart.Meta):
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")

    def get_role_label(self) -> str:
        return _label(OrganisationRole, self.role)

    def __str__(self) -> str:
        if self.organisation_id:
            return str(self.organisation)
        return narrative_text(self.name, get_language()) or self.ref


class RecipientCountry(ActivityPart):
    activity = models.ForeignKey("activities.Activity", verbose_name=_("activity"), on_delete=models.CASCADE,
                                 related_name="recipient_countries")
    country = models.ForeignKey("reference.Country", verbose_name=_("country"), on_delete=models.PROTECT,
                                related_name="activity_shares")
    percentage = models.DecimalField(_("percentage"), **PERCENT)

    class Meta(ActivityPart.Meta):
        verbose_name = _("recipient country")
        verbose_name_plural = _("recipient countries")

    def __str__(self) -> str:
        return str(self.country)


class RecipientRegion(ActivityPart):
    activity = models.ForeignKey("activities.Activity", verbose_name=_("activity"), on_delete=models.CASCADE,
                                 related_name="recipient_regions")
    code = models.CharField(_("code"), max_length=20)
    vocabulary = models.CharField(_("vocabulary"), max_length=5, default=DAC_REGION_VOCABULARY)
    percentage = models.DecimalField(_("percentage"), **PERCENT)

    class Meta(ActivityPart.Meta):
        verbose_name = _("recipient region")
        verbose_name_plural = _("recipient regions")

    def __str__(self) -> str:
        return self.code


class ActivitySector(ActivityPart):
    activity = models.ForeignKey("activities.Activity", verbose_name=_("activity"), on_delete=models.CASCADE,
                                 related_name="sectors")
    vocabulary = models.CharField(_("vocabulary"), max_length=5, default=DAC_5_DIGIT_VOCABULARY)
    code = models.CharField(_("code"), max_length=100)
    sector = models.ForeignKey("reference.Sector", verbose_name=_("sector"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="activity_shares")
    percentage = models.DecimalField(_("percentage"), **PERCENT)

    class Meta(ActivityPart.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return str(self.sector) if self.sector_id else self.code


class Budget(ActivityPart):
    activity = models.ForeignKey("activities.Activity", verbose_name=_("activity"), on_delete=models.CASCADE,
                                 related_name="budgets")
    type = models.CharField(_("type"), max_length=5, default="1")
    status = models.CharField(_("status"), max_length=5, default="1")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    value_date = models.DateField(_("value date"), null=True, blank=True)

    class Meta(ActivityPart.Meta):
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")

    def get_type_label(self) -> str:
        return _label(BudgetType, self.type)

    def get_status_label(self) -> str:
        return _label(BudgetStatus, self.status)

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end}: {self.value} {self.currency}"


class Transaction(ActivityPart):
    activity = models.ForeignKey("activities.Activity", verbose_name=_("activity"), on_delete=models.CASCADE,
                                 related_name="transactions")
    ref = models.CharField(_("reference"), max_length=255, blank=True)
    type = models.CharField(_("type"), max_length=5)
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    value_date = models.DateField(_("value date"), null=True, blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    provider_org_ref = models.CharField(_("provider organisation identifier"), max_length=255, blank=True)
    provider_org_name = models.CharField(_("provider organisation"), max_length=500, blank=True)
    provider_activity_id = models.CharField(_("provider activity identifier"), max_length=255, blank=True)
    receiver_org_ref = models.CharField(_("receiver organisation identifier"), max_length=255, blank=True)
    receiver_org_name = models.CharField(_("receiver organisation"), max_length=500, blank=True)
    receiver_activity_id = models.CharField(_("receiver activity identifier"), max_length=255, blank=True)
    humanitarian = models.BooleanField(_("humanitarian"), null=True, blank=True)

    class Meta(ActivityPart.Meta):
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        indexes = [models.Index(fields=["type", "date"])]

    def get_type_label(self) -> str:
        return _label(TransactionType, self.type)

    def __str__(self) -> str:
        return f"{self.date}: {self.value} {self.currency}"


class RelatedActivity(ActivityPart):
    activity = models.ForeignKey("activities.Activity", verbose_name=_("activity"), on_delete=models.CASCADE,
                                 related_name="related_activities")
    ref = models.CharField(_("IATI identifier"), max_length=255)
    type = models.CharField(_("relation"), max_length=5)

    class Meta(ActivityPart.Meta):
        verbose_name = _("related activity")
        verbose_name_plural = _("related activities")

    def get_type_label(self) -> str:
        return _label(RelatedActivityType, self.type)

    def __str__(self) -> str:
        return self.ref


class Result(ActivityPart):
    """A result with its indicators: [{measure, title, baseline, periods: [{start, end, target, actual}]}]."""

    activity = models.ForeignKey("activities.Activity", verbose_name=_("activity"), on_delete=models.CASCADE,
                                 related_name="results")
    type = models.CharField(_("type"), max_length=5)
    aggregation_status = models.BooleanField(_("may be aggregated"), null=True, blank=True)
    title = models.JSONField(_("title"), default=dict, blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    indicators = models.JSONField(_("indicators"), default=list, blank=True)

    class Meta(ActivityPart.Meta):
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def get_type_label(self) -> str:
        return _label(ResultType, self.type)

    def __str__(self) -> str:
        return narrative_text(self.title, get_language())


class DocumentLink(ActivityPart):
    activity = models.ForeignKey("activities.Activity", verbose_name=_("activity"), on_delete=models.CASCADE,
                                 related_name="document_links")
    url = models.URLField(_("address"), max_length=1000)
    format = models.CharField(_("format"), max_length=100, blank=True)
    title = models.JSONField(_("title"), default=dict, blank=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)

    class Meta(ActivityPart.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return narrative_text(self.title, get_language()) or self.url


class PolicyMarker(ActivityPart):
    activity = models.ForeignKey("activities.Activity", verbose_name=_("activity"), on_delete=models.CASCADE,
                                 related_name="policy_markers")
    vocabulary = models.CharField(_("vocabulary"), max_length=5, default="1")
    # Long enough for a reporting organisation's own markers (vocabulary 99), which some publishers name in words
    # ("GOVERNANCE AND CAPACITY DEVELOPMENT").
    code = models.CharField(_("code"), max_length=100)
    significance = models.CharField(_("significance"), max_length=5, blank=True)

    class Meta(ActivityPart.Meta):
        verbose_name = _("policy marker")
        verbose_name_plural = _("policy markers")

    def __str__(self) -> str:
        return self.code


class ActivityTag(ActivityPart):
    activity = models.ForeignKey("activities.Activity", verbose_name=_("activity"), on_delete=models.CASCADE,
                                 related_name="tags")
    vocabulary = models.CharField(_("vocabulary"), max_length=5)
    code = models.CharField(_("code"), max_length=100)
    narrative = models.JSONField(_("text"), default=dict, blank=True)

    class Meta(ActivityPart.Meta):
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return narrative_text(self.narrative, get_language()) or self.code
