from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from tacoord.core.models import ObjectChange
from tacoord.core.permissions import Action


def object_history(*, obj):
    """The change log of one record, newest first. Callers have already checked the user may see `obj`."""
    return ObjectChange.objects.filter(
        changed_object_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        changed_object_id=str(obj.pk),
    ).select_related("user")


def authors_visible_to(*, user, changes) -> set[int]:
    """The ids of the people behind `changes` whom `user` may see: a history names no one else."""
    authors = {change.user_id for change in changes if change.user_id}
    return set(get_user_model().objects.restrict(user, Action.VIEW).filter(pk__in=authors)
               .values_list("pk", flat=True))
