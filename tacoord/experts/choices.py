from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalSystem(models.TextChoices):
    COMMON_LAW = "common_law", _("Common law")
    CIVIL_LAW = "civil_law", _("Civil law")
    ISLAMIC_LAW = "islamic_law", _("Islamic law")
    MIXED = "mixed", _("Mixed legal system")


# The boolean field of Expert that stands for each legal system: plain columns, so every database filters them.
LEGAL_SYSTEM_FIELDS = {system: f"knows_{system}" for system in LegalSystem.values}
