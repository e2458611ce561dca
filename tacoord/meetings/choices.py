from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    DONOR_ROUND_TABLE = "donor_round_table", _("Donor round table")
    IN_COUNTRY = "in_country", _("In-country coordination meeting")
    REGIONAL = "regional", _("Regional coordination meeting")
    OTHER = "other", _("Other coordination meeting")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
