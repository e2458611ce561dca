from django.db import models
from django.utils.translation import gettext_lazy as _


class CandidateKind(models.TextChoices):
    PROVIDER = "provider", _("Provider")
    ACTIVITY = "activity", _("Activity that could be extended")
    EXPERT = "expert", _("Expert")


class Part(models.TextChoices):
    """The parts every score is the sum of (scoring.PARTS), with what each means to a reader."""

    ARTICLE = "article", _("Same article")
    CLUSTER = "cluster", _("Same cluster of articles")
    PRIORITY_AREA = "priority_area", _("Same priority area")
    TA_TYPE = "ta_type", _("Same type of assistance")
    TEXT = "text", _("Similar description")
    LANGUAGE = "language", _("Works in a language the State prefers")
    COUNTRY = "country", _("Works in the State")
    REGION = "region", _("Works in the State's region")
    PROGRAMMES = "programmes", _("Programmes under way in the State or its region")
    AVAILABILITY = "availability", _("Availability and capacity")
    TRACK_RECORD = "track_record", _("Track record (evaluations)")
    UNODC = "unodc", _("Partnership with UNODC")
