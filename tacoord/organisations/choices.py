from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government agency of a State")
    DONOR_AGENCY = "donor_agency", _("Bilateral donor agency")
    UNODC_HEADQUARTERS = "unodc_headquarters", _("UNODC headquarters")
    UNODC_REGIONAL_OFFICE = "unodc_regional_office", _("UNODC regional office")
    UNODC_FIELD_OFFICE = "unodc_field_office", _("UNODC field office")
    UN_ENTITY = "un_entity", _("Other UN entity")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organisation")
    REGIONAL = "regional", _("Regional organisation")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
    ACADEMIA = "academia", _("Academia and research")
    PRIVATE_SECTOR = "private_sector", _("Private sector")


UNODC_KINDS = {
    OrganisationKind.UNODC_HEADQUARTERS,
    OrganisationKind.UNODC_REGIONAL_OFFICE,
    OrganisationKind.UNODC_FIELD_OFFICE,
}

# The IATI OrganisationType code each kind maps to by default, used when an organisation is published to IATI.
IATI_TYPE_FOR_KIND = {
    OrganisationKind.GOVERNMENT: "10",
    OrganisationKind.DONOR_AGENCY: "10",
    OrganisationKind.UNODC_HEADQUARTERS: "40",
    OrganisationKind.UNODC_REGIONAL_OFFICE: "40",
    OrganisationKind.UNODC_FIELD_OFFICE: "40",
    OrganisationKind.UN_ENTITY: "40",
    OrganisationKind.INTERGOVERNMENTAL: "40",
    OrganisationKind.REGIONAL: "40",
    OrganisationKind.CIVIL_SOCIETY: "22",
    OrganisationKind.ACADEMIA: "80",
    OrganisationKind.PRIVATE_SECTOR: "70",
}
