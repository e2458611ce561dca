"""Background work of the matching app: thin wrappers over its services."""

from django_tasks import task

from tacoord.core.context import change_context
from tacoord.matching.services import matches_compute


@task()
def match_incrementally(full: bool = False) -> dict:
    """Score again what changed since the last run (run by `tacoord db_worker` after edits)."""
    with change_context(user=None, source="matching"):
        run = matches_compute(full=full)
    return {"needs_scored": run.needs_scored, "matches_written": run.matches_written, "seconds": run.seconds}
