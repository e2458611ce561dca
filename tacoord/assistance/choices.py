from django.db import models
from django.utils.translation import gettext_lazy as _

from tacoord.assistance import lifecycle as lc


class Stage(models.TextChoices):
    DRAFT = lc.DRAFT, _("Draft")
    AWAITING_APPROVAL = lc.AWAITING_APPROVAL, _("Awaiting the focal point's approval")
    SUBMITTED = lc.SUBMITTED, _("Submitted")
    UNDER_TRIAGE = lc.UNDER_TRIAGE, _("Under triage")
    CLARIFICATION_ASKED = lc.CLARIFICATION_ASKED, _("Clarification asked")
    ACCEPTED = lc.ACCEPTED, _("Accepted for facilitation")
    CIRCULATED = lc.CIRCULATED, _("Circulated to providers")
    OFFERS_RECEIVED = lc.OFFERS_RECEIVED, _("Offers received")
    AGREED = lc.AGREED, _("Agreed")
    IN_DELIVERY = lc.IN_DELIVERY, _("In delivery")
    COMPLETED = lc.COMPLETED, _("Completed")
    DECLINED = lc.DECLINED, _("Declined")
    MERGED = lc.MERGED, _("Merged into another request")
    WITHDRAWN = lc.WITHDRAWN, _("Withdrawn")


ACTION_LABELS = {
    "propose": _("Propose to the focal point"),
    "send_back": _("Send back to draft"),
    "submit": _("Approve and submit"),
    "triage": _("Start triage"),
    "ask_clarification": _("Ask for clarification"),
    "answer_clarification": _("Answer the clarification"),
    "accept": _("Accept for facilitation"),
    "decline": _("Decline"),
    "merge": _("Merge into another request"),
    "circulate": _("Circulate to providers"),
    "receive_offer": _("Offer received"),
    "agree": _("Agree on an offer"),
    "start_delivery": _("Delivery started"),
    "complete": _("Delivery completed"),
    "withdraw": _("Withdraw"),
    "reopen": _("Re-open"),
    "milestone": _("Milestone"),
}


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class OfferStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
