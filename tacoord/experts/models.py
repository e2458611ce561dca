"""UNODC's roster of experts (decision 4/3 (o)): who knows which articles and themes, in which legal systems and
languages, where they have worked, and when they are free to take an assignment."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tacoord.core.models import PrimaryModel
from tacoord.core.roles import Role
from tacoord.experts.choices import LEGAL_SYSTEM_FIELDS, LegalSystem


class Expert(PrimaryModel):
    """A person on the roster. An expert with an account is linked to it and keeps the entry up to date.

    The e-mail and telephone are for the secretariat and the expert only (see permissions.py).
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="expert_profile",
                                help_text=_("The expert's own account, with which they edit this entry."))
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    title = models.CharField(_("professional title"), max_length=200, blank=True)
    nationality = models.ForeignKey("reference.Country", verbose_name=_("nationality"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    expertise = models.TextField(_("expertise"), blank=True,
                                 help_text=_("Themes and experience in a few sentences, e.g. asset recovery, "
                                             "witness protection."))
    articles = models.ManyToManyField("reference.Article", verbose_name=_("articles"), blank=True,
                                      related_name="experts")
    clusters = models.ManyToManyField("reference.Cluster", verbose_name=_("clusters"), blank=True,
                                      related_name="experts")
    priority_areas = models.ManyToManyField("reference.PriorityArea", verbose_name=_("priority areas"), blank=True,
                                            related_name="experts")
    knows_common_law = models.BooleanField(LegalSystem.COMMON_LAW.label, default=False)
    knows_civil_law = models.BooleanField(LegalSystem.CIVIL_LAW.label, default=False)
    knows_islamic_law = models.BooleanField(LegalSystem.ISLAMIC_LAW.label, default=False)
    knows_mixed = models.BooleanField(LegalSystem.MIXED.label, default=False)
    languages = models.ManyToManyField("reference.Language", verbose_name=_("working languages"), blank=True,
                                       related_name="experts")
    regions = models.ManyToManyField("reference.Region", verbose_name=_("regions of experience"), blank=True,
                                     related_name="experts")

    # The change log keeps the contacts too; its pages are shown only to those who may see them (views.py).
    class Meta:
        ordering = [Lower("last_name"), Lower("first_name")]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def clean(self):
        if self.user_id and self.user.role != Role.EXPERT:
            raise ValidationError({"user": _("Only an account with the expert role can be linked to the roster.")})

    @property
    def legal_systems(self) -> list[str]:
        return [str(LegalSystem(value).label) for value, field in LEGAL_SYSTEM_FIELDS.items() if getattr(self, field)]


class ExpertRecord(PrimaryModel):
    """A dated record that belongs to one expert's entry; its page is the expert's."""

    expert = models.ForeignKey(Expert, verbose_name=_("expert"), on_delete=models.PROTECT)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end cannot come before the start.")})

    def get_absolute_url(self) -> str:
        return reverse("experts:expert", kwargs={"pk": self.expert_id})


class Availability(ExpertRecord):
    """A period in which the expert can take an assignment."""

    ends_on = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=300, blank=True,
                            help_text=_("E.g. remote only, or up to two weeks."))

    class Meta:
        ordering = ["starts_on"]
        default_related_name = "availability"
        verbose_name = _("availability period")
        verbose_name_plural = _("availability periods")

    def __str__(self) -> str:
        return f"{self.expert}: {self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d}"


class Assignment(ExpertRecord):
    """A past (or current) assignment of the expert."""

    title = models.CharField(_("title"), max_length=300)
    country = models.ForeignKey("reference.Country", verbose_name=_("country"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", verbose_name=_("for the organisation"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="expert_assignments")

    class Meta:
        ordering = ["-starts_on"]
        default_related_name = "assignments"
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.title} ({self.expert})"
