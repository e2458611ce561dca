"""IATI exchange: import runs and their reports, what each imported activity was last read as, and the tags the
classifier proposes for imported activities."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tacoord.core.models import PrimaryModel
from tacoord.core.notes import translated
from tacoord.iati.choices import ImportStatus, IssueKind, TagSource, TagStatus


class ImportRun(PrimaryModel):
    """One import of IATI activity files, with its report: files, activities added, updated, unchanged, rejected."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("run by"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="iati_import_runs")
    source = models.CharField(_("source"), max_length=100, blank=True, help_text=_("Upload page or command."))
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # [{"name": file name, "activities": number read, "refused": reason or ""}]
    files = models.JSONField(_("files"), default=list, blank=True)
    added = models.PositiveIntegerField(_("added"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    warnings = models.PositiveIntegerField(_("warnings"), default=0)
    read_again = models.BooleanField(
        _("every activity read again"), default=False,
        help_text=_("Unchanged files and activities were read and compared again, not skipped."))
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("IATI import")
        verbose_name_plural = _("IATI imports")

    def __str__(self) -> str:
        return _("IATI import %(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("iati:importrun", kwargs={"pk": self.pk})

    @property
    def refused_files(self) -> int:
        return sum(1 for item in self.files if item.get("refused"))

    def files_read(self) -> list[dict]:
        """`files` as a reader sees them: why a file was refused in the reader's language (kept in English with its
        template and values, `core.notes`), without those parts."""
        return [{**{key: value for key, value in item.items() if not key.startswith("refused_")},
                 "refused": translated(item.get("refused_template", ""), item.get("refused_params"),
                                       item.get("refused", ""))} for item in self.files]


class ImportIssue(models.Model):
    """A refused file, a rejected activity or a warning about an imported one, with file and line."""

    run = models.ForeignKey(ImportRun, verbose_name=_("import"), on_delete=models.CASCADE, related_name="issues")
    kind = models.CharField(_("kind"), max_length=20, choices=IssueKind.choices)
    file = models.CharField(_("file"), max_length=255)
    line = models.PositiveIntegerField(_("line"), null=True, blank=True)
    identifier = models.CharField(_("IATI identifier"), max_length=255, blank=True)
    message = models.TextField(_("message"))  # in English, as the command-line report prints it
    # The message's template and values (`core.notes.Note`), to show it in the reader's language; empty for a
    # message that has none (a database's or a library's own words).
    template = models.TextField(_("message template"), blank=True)
    params = models.JSONField(_("message values"), default=dict, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("import issue")
        verbose_name_plural = _("import issues")

    def __str__(self) -> str:
        return f"{self.file}:{self.line or ''} {self.message}"

    @property
    def text(self) -> str:
        """The message in the active language."""
        return translated(self.template, self.params, self.message)


class ImportedActivity(models.Model):
    """What an activity was last imported as: its content hash, so an unchanged activity is skipped next time."""

    activity = models.OneToOneField("activities.Activity", verbose_name=_("activity"), on_delete=models.CASCADE,
                                    related_name="iati_import")
    content_hash = models.CharField(_("content hash"), max_length=64)
    files = models.JSONField(_("files seen in"), default=list, blank=True)
    first_run = models.ForeignKey(ImportRun, verbose_name=_("first imported by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    last_run = models.ForeignKey(ImportRun, verbose_name=_("last imported by"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("imported activity")
        verbose_name_plural = _("imported activities")

    def __str__(self) -> str:
        return str(self.activity_id)


class ImportedFile(models.Model):
    """A file imported in full (nothing rejected), by the digest of its bytes, with the activities it held: when the
    same bytes come again and each of those activities is still stored as that content, the file is not read again.
    Not domain data: only a memory of the import, kept so that a daily re-import of thousands of files is cheap."""

    digest = models.CharField(_("SHA-256 of the file"), max_length=64, unique=True)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    # {IATI identifier: content hash} of every activity read from it.
    activities = models.JSONField(_("activities"), default=dict)
    last_run = models.ForeignKey(ImportRun, verbose_name=_("last imported by"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")

    def __str__(self) -> str:
        return self.name


class ActivityClassification(PrimaryModel):
    """A tag proposed for an activity (an article, a priority area or a type of assistance), with how sure and where
    it came from; a person accepts or rejects it, and an accepted tag is added to the activity."""

    activity = models.ForeignKey("activities.Activity", verbose_name=_("activity"), on_delete=models.CASCADE,
                                 related_name="classifications")
    article = models.ForeignKey("reference.Article", verbose_name=_("article"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="+")
    priority_area = models.ForeignKey("reference.PriorityArea", verbose_name=_("priority area"), null=True,
                                      blank=True, on_delete=models.CASCADE, related_name="+")
    ta_type = models.ForeignKey("reference.TechnicalAssistanceType", verbose_name=_("type of assistance"),
                                null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    confidence = models.DecimalField(_("confidence"), max_digits=4, decimal_places=3)
    source = models.CharField(_("source"), max_length=20, choices=TagSource.choices)
    evidence = models.CharField(_("evidence"), max_length=300, blank=True,
                                help_text=_("The sector code or the words that led to the tag."))
    status = models.CharField(_("status"), max_length=10, choices=TagStatus.choices, default=TagStatus.PROPOSED)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["activity", "-confidence", "pk"]
        verbose_name = _("activity tag proposal")
        verbose_name_plural = _("activity tag proposals")
        constraints = [
            models.CheckConstraint(
                condition=(Q(article__isnull=False, priority_area__isnull=True, ta_type__isnull=True)
                           | Q(article__isnull=True, priority_area__isnull=False, ta_type__isnull=True)
                           | Q(article__isnull=True, priority_area__isnull=True, ta_type__isnull=False)),
                name="classification_one_target"),
            models.UniqueConstraint(fields=["activity", "article"], condition=Q(article__isnull=False),
                                    name="classification_unique_article"),
            models.UniqueConstraint(fields=["activity", "priority_area"], condition=Q(priority_area__isnull=False),
                                    name="classification_unique_priority_area"),
            models.UniqueConstraint(fields=["activity", "ta_type"], condition=Q(ta_type__isnull=False),
                                    name="classification_unique_ta_type"),
        ]

    def __str__(self) -> str:
        return str(self.target)

    @property
    def target(self):
        return self.article or self.priority_area or self.ta_type

    def get_absolute_url(self) -> str:
        return reverse("iati:classification_review") + f"?activity={self.activity_id}"
