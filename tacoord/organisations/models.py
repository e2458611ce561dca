from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from tacoord.core.models import PrimaryModel
from tacoord.organisations.choices import IATI_TYPE_FOR_KIND, OrganisationKind


class Organisation(PrimaryModel):
    """A body that asks for, provides or coordinates technical assistance.

    A State's government agencies hang under its national focal point organisation (decision 4/3 (i)(iv):
    coordination within States); UNODC's regional and field offices hang under its headquarters.
    """

    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    iati_identifier = models.CharField(
        _("IATI organisation identifier"), max_length=100, unique=True, null=True, blank=True,
        validators=[RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9_.:/-]*$",
                                   _("Use letters, digits and - _ . : / only, as in XM-DAC-41128."))],
        help_text=_("For example XM-DAC-41128 for UNODC."),
    )
    iati_type = models.CharField(_("IATI organisation type"), max_length=5, blank=True,
                                 help_text=_("Code from IATI's OrganisationType codelist."))
    country = models.ForeignKey("reference.Country", verbose_name=_("country"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="organisations")
    parent = models.ForeignKey("self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    is_focal_point = models.BooleanField(
        _("national focal point"), default=False,
        help_text=_("The organisation that coordinates technical assistance for its State."),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    address = models.TextField(_("address"), blank=True)

    class Meta:
        # Case-insensitive, so "UNODC" and "United Nations ..." sort the same way on SQLite and PostgreSQL.
        ordering = [Lower("name")]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["country"], condition=Q(is_focal_point=True, archived_at__isnull=True),
                                    name="one_focal_point_per_state"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def clean(self):
        errors = {}
        if self.kind == OrganisationKind.GOVERNMENT and not self.country_id:
            errors["country"] = _("A government agency belongs to a State: choose its country.")
        if self.is_focal_point:
            if self.kind != OrganisationKind.GOVERNMENT:
                errors["is_focal_point"] = _("Only a government agency can be a national focal point.")
            elif self.country_id and Organisation.objects.filter(
                country_id=self.country_id, is_focal_point=True, archived_at__isnull=True
            ).exclude(pk=self.pk).exists():
                errors["is_focal_point"] = _("This State already has a national focal point.")
        if self.parent_id:
            if self.parent_id == self.pk:
                errors["parent"] = _("An organisation cannot be part of itself.")
            elif self.pk and self.pk in self.parent.ancestor_ids():
                errors["parent"] = _("This would make the organisation part of itself.")
        if self.kind == OrganisationKind.GOVERNMENT and self.parent_id and self.parent.country_id != self.country_id:
            errors["parent"] = _("A government agency can only be part of an organisation of the same State.")
        if errors:
            raise ValidationError(errors)
        if not self.iati_type:
            self.iati_type = IATI_TYPE_FOR_KIND.get(self.kind, "")
        if self.iati_identifier == "":
            self.iati_identifier = None

    def ancestor_ids(self) -> list[int]:
        ids, node, seen = [], self.parent, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            ids.append(node.pk)
            node = node.parent
        return ids

    @property
    def focal_point(self):
        """The national focal point organisation of this organisation's State, if it has one."""
        if not self.country_id:
            return None
        return Organisation.objects.filter(country_id=self.country_id, is_focal_point=True,
                                           archived_at__isnull=True).first()
