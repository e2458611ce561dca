from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    SAME = "same", _("Same activity reported twice")
    OVERLAP = "overlap", _("Overlap")
    SYNERGY = "synergy", _("Synergy")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONFIRMED = "confirmed", _("Confirmed duplicate")
    COORDINATED = "coordinated", _("Coordinated / complementary")
    UNRELATED = "unrelated", _("Unrelated")


RESOLVED_STATUSES = {AlertStatus.CONFIRMED, AlertStatus.COORDINATED, AlertStatus.UNRELATED}
