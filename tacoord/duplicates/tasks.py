"""Background work of the duplicates app: a thin wrapper over its detection service."""

from django.contrib.auth import get_user_model
from django_tasks import task

from tacoord.core.context import change_context
from tacoord.duplicates.services import duplicates_detect


@task()
def detect_duplicates(full: bool = False, user_id: int | None = None) -> dict:
    """Score again the new and changed activities (all with `full`); run by `tacoord db_worker`."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    with change_context(user=user, source="duplicate detection"):
        return duplicates_detect(full=full, cached=True)
