from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to run")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class IssueKind(models.TextChoices):
    FILE_REFUSED = "file_refused", _("File refused")
    REJECTED = "rejected", _("Activity rejected")
    WARNING = "warning", _("Warning")


class TagSource(models.TextChoices):
    SECTOR_RULE = "sector_rule", _("Sector rule")
    TEXT = "text", _("Text classifier")
    PERSON = "person", _("Person")


class TagStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
