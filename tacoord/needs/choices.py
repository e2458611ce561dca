from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    VALIDATED = "validated", _("Validated by the State")
    BEING_ADDRESSED = "being_addressed", _("Being addressed")
    MET = "met", _("Met")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Providers see a need once the State has validated it (decision 4/3 (i)(ii): programmes designed on needs analyses).
PUBLISHED_STATUSES = {NeedStatus.VALIDATED, NeedStatus.BEING_ADDRESSED, NeedStatus.MET}


class NeedPriority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class NeedSource(models.TextChoices):
    QUESTIONNAIRE = "questionnaire", _("Questionnaire answer")
    REQUEST = "request", _("Request for assistance")
    REVIEW_MECHANISM = "review_mechanism", _("Review Mechanism")
    MANUAL = "manual", _("Entered by hand")
