from django.contrib.contenttypes.models import ContentType

from tacoord.core.models import ObjectChange


def object_history(*, obj):
    """The change log of one record, newest first. Callers have already checked the user may see `obj`."""
    return ObjectChange.objects.filter(
        changed_object_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        changed_object_id=str(obj.pk),
    ).select_related("user")
