"""The change log: one row per change to any piece of domain data."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    ARCHIVE = "archive", _("Archived")
    UNARCHIVE = "unarchive", _("Taken out of the archive")
    RESTORE = "restore", _("Restored to an earlier version")
    DELETE = "delete", _("Deleted")


class ObjectChange(models.Model):
    """Who changed which record when, and what it was before and after."""

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="changes",
    )
    # Kept apart from `user` so the log still names the person if the account is ever removed.
    user_name = models.CharField(_("user name"), max_length=150, blank=True)
    request_id = models.UUIDField(_("request"), null=True, blank=True, db_index=True)
    source = models.CharField(_("source"), max_length=100, blank=True, help_text=_("Web, API or the command used."))
    action = models.CharField(_("action"), max_length=20, choices=ChangeAction.choices)
    changed_object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    changed_object_id = models.CharField(max_length=64, db_index=True)
    changed_object = GenericForeignKey("changed_object_type", "changed_object_id")
    object_repr = models.CharField(_("object"), max_length=300)
    prechange_data = models.JSONField(_("before"), null=True, blank=True)
    postchange_data = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        ordering = ["-time", "-pk"]
        indexes = [models.Index(fields=["changed_object_type", "changed_object_id", "-time"])]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def differences(self) -> list[tuple[str, object, object]]:
        """The fields this change touched, as (field, before, after)."""
        before, after = self.prechange_data or {}, self.postchange_data or {}
        return [(key, before.get(key), after.get(key)) for key in sorted(before.keys() | after.keys())
                if before.get(key) != after.get(key)]
