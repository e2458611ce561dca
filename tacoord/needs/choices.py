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


class NeedAction(models.TextChoices):
    """What a focal point does to a need; each is allowed from some statuses only (NEED_TRANSITIONS)."""

    VALIDATE = "validate", _("Validate")
    ADDRESS = "address", _("Mark as being addressed")
    MEET = "meet", _("Mark as met")
    WITHDRAW = "withdraw", _("Withdraw")


# action → (statuses it may start from, status it leads to)
NEED_TRANSITIONS = {
    NeedAction.VALIDATE: ({NeedStatus.IDENTIFIED}, NeedStatus.VALIDATED),
    NeedAction.ADDRESS: ({NeedStatus.VALIDATED}, NeedStatus.BEING_ADDRESSED),
    NeedAction.MEET: ({NeedStatus.VALIDATED, NeedStatus.BEING_ADDRESSED}, NeedStatus.MET),
    NeedAction.WITHDRAW: ({NeedStatus.IDENTIFIED, NeedStatus.VALIDATED, NeedStatus.BEING_ADDRESSED},
                          NeedStatus.WITHDRAWN),
}
