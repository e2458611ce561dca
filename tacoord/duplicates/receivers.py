"""Detection reacts to what other apps do: an activity saved (by its form, the API or a bulk import) or an IATI
import finished queues one incremental run when the transaction commits — one per transaction, however many
activities it saved."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from tacoord.activities.models import Activity
from tacoord.iati.choices import ImportStatus
from tacoord.iati.models import ImportRun


def _enqueue() -> None:
    from tacoord.duplicates.tasks import detect_duplicates

    if _already_waiting(detect_duplicates.module_path):
        return  # the run that is waiting will see this change too (it scores whatever changed since the last one)
    detect_duplicates.enqueue()


def _already_waiting(task_path: str) -> bool:
    """Whether a detection run is queued and not started (database backend only): many saves in a row — a demo
    build, a bulk import outside one transaction — queue one run, not one each."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another backend
        return False
    from django.conf import settings

    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return False
    return DBTaskResult.objects.filter(task_path=task_path, status="READY").exists()


def queue_detection() -> None:
    """Enqueue one run when the current transaction commits (at once outside a transaction). A transaction that
    rolls back takes its callbacks with it."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(callback is _enqueue for _ids, callback, _robust in
                                          connection.run_on_commit):
        return
    transaction.on_commit(_enqueue)


@receiver(post_save, sender=Activity)
def activity_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        queue_detection()


@receiver(post_save, sender=ImportRun)
def import_finished(sender, instance, raw=False, **kwargs):
    if not raw and instance.status == ImportStatus.DONE:
        queue_detection()
