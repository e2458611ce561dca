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


class ArticleKind(models.TextChoices):
    """How the article lists split an instrument: the obligations, and the clauses on signature, entry into force..."""

    SUBSTANTIVE = "substantive", _("Substantive articles")
    FINAL = "final", _("Final clauses")
