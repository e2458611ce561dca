"""The chain of base models: change-logged → primary (archivable, permission-restricted)."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tacoord.core.permissions import RestrictedQuerySet


class ChangeLoggedModel(models.Model):
    """Domain data: every create, change and archive of a row is written to the change log (core.signals)."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_updated = models.DateTimeField(_("last updated"), auto_now=True)

    # Fields never copied into the change log (secrets, or noise that changes on every save).
    changelog_exclude: tuple[str, ...] = ("created", "last_updated")

    class Meta:
        abstract = True


class PrimaryQuerySet(RestrictedQuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class PrimaryModel(ChangeLoggedModel):
    """A record people manage. People archive it; nothing they do deletes it."""

    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)

    objects = PrimaryQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def mark_archived(self) -> None:
        self.archived_at = timezone.now()

    def mark_unarchived(self) -> None:
        self.archived_at = None

    def get_absolute_url(self) -> str:
        return reverse(f"{self._meta.app_label}:{self._meta.model_name}", kwargs={"pk": self.pk})
