from django.db import models
from django.utils.translation import gettext_lazy as _


class Modality(models.TextChoices):
    """How a provider delivers assistance."""

    ON_SITE = "on_site", _("On-site")
    REMOTE = "remote", _("Remote")
    REGIONAL_WORKSHOP = "regional_workshop", _("Regional workshop")
    SECONDMENT = "secondment", _("Secondment")
    EQUIPMENT = "equipment", _("Equipment")


# The boolean field of ProviderProfile that stands for each modality: plain columns, so every database filters them.
MODALITY_FIELDS = {modality: f"offers_{modality}" for modality in Modality.values}


class UnodcPartnership(models.TextChoices):
    """How a provider works with UNODC (decision 4/3 (m): partnerships)."""

    NONE = "none", _("No partnership")
    DONOR = "donor", _("Donor to UNODC")
    IMPLEMENTING_PARTNER = "implementing_partner", _("Implementing partner")
    JOINT_PROGRAMME = "joint_programme", _("Joint programme")
    AGREEMENT = "agreement", _("Cooperation agreement or memorandum of understanding")
    INFORMAL = "informal", _("Informal cooperation")
