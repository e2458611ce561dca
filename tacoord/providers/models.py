"""What a provider of technical assistance offers: the articles and themes it covers, the kinds of assistance, the
languages it delivers in, where it works and how (decision 4/3 (b), (i)(ii), (m))."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from tacoord.core.models import PrimaryModel
from tacoord.providers.choices import MODALITY_FIELDS, Modality, UnodcPartnership


class ProviderProfile(PrimaryModel):
    """The offer of one organisation as a provider of technical assistance; one profile per organisation."""

    organisation = models.OneToOneField("organisations.Organisation", verbose_name=_("organisation"),
                                        on_delete=models.PROTECT, related_name="provider_profile")
    summary = models.TextField(_("what it offers"), blank=True)
    articles = models.ManyToManyField("reference.Article", verbose_name=_("articles"), blank=True,
                                      related_name="provider_profiles")
    clusters = models.ManyToManyField("reference.Cluster", verbose_name=_("clusters"), blank=True,
                                      related_name="provider_profiles")
    priority_areas = models.ManyToManyField("reference.PriorityArea", verbose_name=_("priority areas"), blank=True,
                                            related_name="provider_profiles")
    ta_types = models.ManyToManyField("reference.TechnicalAssistanceType", verbose_name=_("types of assistance"),
                                      blank=True, related_name="provider_profiles")
    languages = models.ManyToManyField("reference.Language", verbose_name=_("languages of delivery"), blank=True,
                                       related_name="provider_profiles")
    regions = models.ManyToManyField("reference.Region", verbose_name=_("regions where it works"), blank=True,
                                     related_name="provider_profiles")
    countries = models.ManyToManyField("reference.Country", verbose_name=_("countries where it works"), blank=True,
                                       related_name="provider_profiles")
    offers_on_site = models.BooleanField(Modality.ON_SITE.label, default=False)
    offers_remote = models.BooleanField(Modality.REMOTE.label, default=False)
    offers_regional_workshop = models.BooleanField(Modality.REGIONAL_WORKSHOP.label, default=False)
    offers_secondment = models.BooleanField(Modality.SECONDMENT.label, default=False)
    offers_equipment = models.BooleanField(Modality.EQUIPMENT.label, default=False)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=50, blank=True)
    unodc_partnership = models.CharField(_("partnership with UNODC"), max_length=30,
                                         choices=UnodcPartnership.choices, default=UnodcPartnership.NONE)
    unodc_partner_since = models.PositiveSmallIntegerField(
        _("partner of UNODC since (year)"), null=True, blank=True,
        validators=[MinValueValidator(1945), MaxValueValidator(2100)])

    class Meta:
        ordering = [Lower("organisation__name")]
        verbose_name = _("provider profile")
        verbose_name_plural = _("provider profiles")

    def __str__(self) -> str:
        return str(self.organisation)

    def clean(self):
        if self.unodc_partner_since and self.unodc_partnership == UnodcPartnership.NONE:
            raise ValidationError({"unodc_partner_since": _("Choose the kind of partnership with UNODC first.")})

    @property
    def modalities(self) -> list[str]:
        """The labels of the modalities offered, in the order of the choices."""
        return [str(Modality(value).label) for value, field in MODALITY_FIELDS.items() if getattr(self, field)]
