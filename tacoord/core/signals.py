"""Writes the change log. Every save of a change-logged model passes here, whoever makes it and from where."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from tacoord.core.context import current_change_context
from tacoord.core.models import ChangeAction, ChangeLoggedModel, ObjectChange
from tacoord.core.serialization import serialize_object


def _is_logged(sender) -> bool:
    return isinstance(sender, type) and issubclass(sender, ChangeLoggedModel)


def record_change(instance, action: str, before: dict | None, after: dict | None) -> ObjectChange | None:
    if action == ChangeAction.UPDATE and before == after:
        return None
    context = current_change_context()
    user = context.user if getattr(context.user, "is_authenticated", False) else None
    return ObjectChange.objects.create(
        user=user,
        user_name=user.get_username() if user else "",
        request_id=context.request_id,
        source=context.source[:100],
        action=getattr(instance, "_change_action", None) or action,
        changed_object_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        changed_object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        prechange_data=before,
        postchange_data=after,
    )


@receiver(pre_save)
def snapshot_before_save(sender, instance, raw=False, **kwargs):
    if raw or not _is_logged(sender) or instance._state.adding:
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    instance._prechange = serialize_object(previous) if previous else None


@receiver(post_save)
def log_save(sender, instance, created, raw=False, **kwargs):
    if raw or not _is_logged(sender):
        return
    before = None if created else getattr(instance, "_prechange", None)
    action = ChangeAction.CREATE if created else ChangeAction.UPDATE
    record_change(instance, action, before, serialize_object(instance))
    instance._prechange = None
    instance._change_action = None


@receiver(m2m_changed)
def log_relations(sender, instance, action, reverse, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"} or reverse or not _is_logged(type(instance)):
        return
    last = (
        ObjectChange.objects.filter(
            changed_object_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
            changed_object_id=str(instance.pk),
        )
        .order_by("-time", "-pk")
        .first()
    )
    after = serialize_object(instance)
    context = current_change_context()
    # The save that preceded this relation change in the same request is completed rather than logged twice.
    if last is not None and last.request_id == context.request_id:
        last.postchange_data = after
        last.save(update_fields=["postchange_data"])
    else:
        record_change(instance, ChangeAction.UPDATE, last.postchange_data if last else None, after)


@receiver(post_delete)
def log_delete(sender, instance, **kwargs):
    if _is_logged(sender):
        record_change(instance, ChangeAction.DELETE, serialize_object(instance), None)
