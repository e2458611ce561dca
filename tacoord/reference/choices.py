from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    REGION = "region", _("Region")
    SUB_REGION = "sub_region", _("Sub-region")
    INTERMEDIATE_REGION = "intermediate_region", _("Intermediate region")


class UnStatus(models.TextChoices):
    MEMBER = "member", _("UN Member State")
    OBSERVER = "observer", _("Observer State")
    OTHER = "other", _("Other territory")
