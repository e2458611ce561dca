"""Writes that every kind of record shares: save, archive, take out of the archive, restore an earlier version."""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from tacoord.core.errors import ApplicationError
from tacoord.core.models import ChangeAction, ObjectChange, PrimaryModel
from tacoord.core.permissions import Action, user_may
from tacoord.core.serialization import deserialize_into


def require_permission(*, user, action: str, obj) -> None:
    if not user_may(user, action, obj):
        raise PermissionDenied(_("You may not do this to %(object)s.") % {"object": obj})


@transaction.atomic
def object_save(*, user, obj: models.Model, relations: dict | None = None) -> models.Model:
    """Validate and save a new or changed record the user may add or change, with its many-to-many relations."""
    adding = obj.pk is None
    obj.full_clean()
    require_permission(user=user, action=Action.ADD if adding else Action.CHANGE, obj=obj)
    obj.save()
    # Checked again on the saved row, so a change cannot move a record out of the user's own scope.
    if not adding and not user_may(user, Action.CHANGE, obj):
        raise PermissionDenied(_("This change would put the record out of your reach."))
    for name, value in (relations or {}).items():
        getattr(obj, name).set(value)
    return obj


@transaction.atomic
def object_archive(*, user, obj: PrimaryModel) -> PrimaryModel:
    require_permission(user=user, action=Action.ARCHIVE, obj=obj)
    if not obj.is_archived:
        obj.mark_archived()
        obj._change_action = ChangeAction.ARCHIVE
        obj.save()
    return obj


@transaction.atomic
def object_unarchive(*, user, obj: PrimaryModel) -> PrimaryModel:
    require_permission(user=user, action=Action.ARCHIVE, obj=obj)
    if obj.is_archived:
        obj.mark_unarchived()
        obj._change_action = ChangeAction.UNARCHIVE
        obj.save()
    return obj


@transaction.atomic
def object_restore_version(*, user, obj: PrimaryModel, change: ObjectChange) -> PrimaryModel:
    """Bring `obj` back to what it was after `change`. The restore is itself a new change; nothing is erased."""
    require_permission(user=user, action=Action.CHANGE, obj=obj)
    if change.changed_object_id != str(obj.pk) or change.postchange_data is None:
        raise ApplicationError(_("This version cannot be restored."))
    data = change.postchange_data
    was_archived = obj.is_archived
    pending_relations = deserialize_into(obj, data)
    # Taking a record in or out of the archive is its own permission, which a restore must not get around.
    if obj.is_archived != was_archived:
        require_permission(user=user, action=Action.ARCHIVE, obj=obj)
    obj.full_clean()
    obj._change_action = ChangeAction.RESTORE
    obj.save()
    if not user_may(user, Action.CHANGE, obj):
        raise PermissionDenied(_("This change would put the record out of your reach."))
    for name in pending_relations:
        getattr(obj, name).set(data[name])
    return obj
