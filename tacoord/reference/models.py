"""Reference data: facts that the Convention, the UN and IATI define, loaded by `tacoord load_reference`.

People do not edit these in the interface; an update of the data files followed by `load_reference` changes them
in place, and the change log keeps what they were.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tacoord.core.i18n import MultilingualName, localized
from tacoord.core.models import ChangeLoggedModel
from tacoord.core.permissions import RestrictedQuerySet
from tacoord.reference.choices import RegionLevel, UnStatus


class ReferenceModel(ChangeLoggedModel, MultilingualName):
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True


class Region(ReferenceModel):
    """A UN M49 geographic region, sub-region or intermediate region."""

    m49_code = models.CharField(_("M49 code"), max_length=3, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=RegionLevel.choices)
    parent = models.ForeignKey("self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")

    class Meta:
        ordering = ["m49_code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Country(ReferenceModel):
    """A State or territory: UN Member States, observer States, and the other territories in IATI's codelist."""

    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True, null=True, blank=True)
    m49_code = models.CharField(_("M49 code"), max_length=3, blank=True)
    un_status = models.CharField(_("UN status"), max_length=10, choices=UnStatus.choices, default=UnStatus.OTHER)
    region = models.ForeignKey(Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="countries_in_region")
    sub_region = models.ForeignKey(Region, verbose_name=_("sub-region"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="countries_in_sub_region")
    intermediate_region = models.ForeignKey(Region, verbose_name=_("intermediate region"), null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="countries_in_intermediate_region")
    is_ldc = models.BooleanField(_("least developed country"), default=False)
    is_lldc = models.BooleanField(_("landlocked developing country"), default=False)
    is_sids = models.BooleanField(_("small island developing State"), default=False)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def get_absolute_url(self):
        return reverse("reference:country", kwargs={"iso2": self.iso2})

    @property
    def is_state(self) -> bool:
        return self.un_status in {UnStatus.MEMBER, UnStatus.OBSERVER}


class Instrument(ReferenceModel):
    """The Convention or one of its three Protocols."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    short_name_ar = models.CharField(_("short name (Arabic)"), max_length=100, blank=True)
    short_name_zh = models.CharField(_("short name (Chinese)"), max_length=100, blank=True)
    short_name_en = models.CharField(_("short name (English)"), max_length=100)
    short_name_fr = models.CharField(_("short name (French)"), max_length=100, blank=True)
    short_name_ru = models.CharField(_("short name (Russian)"), max_length=100, blank=True)
    short_name_es = models.CharField(_("short name (Spanish)"), max_length=100, blank=True)
    adopted_by = models.CharField(_("adopted by"), max_length=100, blank=True)
    entry_into_force = models.DateField(_("entry into force"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    @property
    def short_name(self) -> str:
        return localized(self, "short_name")

    def get_absolute_url(self):
        return reverse("reference:instrument", kwargs={"code": self.code})


class Cluster(ReferenceModel):
    """A thematic group of articles (criminalization, international cooperation, ...) used to filter and analyse."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")


class Article(ReferenceModel):
    """An article of the Convention or a Protocol. `name` is its title."""

    instrument = models.ForeignKey(Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT,
                                   related_name="articles")
    number = models.PositiveSmallIntegerField(_("number"))
    cluster = models.ForeignKey(Cluster, verbose_name=_("cluster"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="articles")
    is_final_clause = models.BooleanField(_("final clause"), default=False)

    class Meta:
        ordering = ["instrument__position", "number"]
        constraints = [models.UniqueConstraint(fields=["instrument", "number"], name="unique_article_number")]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return f"{self.instrument.short_name} {self.number}: {self.name}"

    @property
    def is_substantive(self) -> bool:
        return not self.is_final_clause

    def get_absolute_url(self):
        return reverse("reference:article", kwargs={"code": self.instrument.code, "number": self.number})


class PriorityArea(ReferenceModel):
    """One of the five priority areas for technical assistance set by the Working Group (2007)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")


class TechnicalAssistanceType(ReferenceModel):
    """A kind of technical assistance States request (legislative drafting, training, ...)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("type of technical assistance")
        verbose_name_plural = _("types of technical assistance")


class Language(ReferenceModel):
    """A language in which assistance can be delivered; the six official UN languages are flagged."""

    code = models.CharField(_("code"), max_length=10, unique=True, help_text=_("ISO 639-1 code"))
    is_un_official = models.BooleanField(_("official UN language"), default=False)

    class Meta:
        ordering = ["-is_un_official", "name_en"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class Sector(ReferenceModel):
    """An OECD DAC 5-digit purpose code (IATI sector vocabulary 1)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    category = models.CharField(_("category"), max_length=10, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_crime_justice = models.BooleanField(_("crime prevention and criminal justice"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CodelistItem(ReferenceModel):
    """An item of one of the IATI codelists (organisation type, transaction type, currency, ...)."""

    codelist = models.CharField(_("codelist"), max_length=60, db_index=True)
    code = models.CharField(_("code"), max_length=20)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["codelist", "code"]
        constraints = [models.UniqueConstraint(fields=["codelist", "code"], name="unique_codelist_code")]
        verbose_name = _("codelist item")
        verbose_name_plural = _("codelist items")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
