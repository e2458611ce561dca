"""Background work of the IATI exchange: thin wrappers over its services."""

import shutil
from pathlib import Path

from django_tasks import task

from tacoord.core.context import change_context
from tacoord.iati.models import ImportRun
from tacoord.iati.services import iati_import


@task()
def import_files(run_id: int, paths: list[str], names: list[str], read_again: bool = False) -> dict:
    """Run an uploaded import (run by `tacoord db_worker`)."""
    run = ImportRun.objects.select_related("user").get(pk=run_id)
    try:
        with change_context(user=run.user, source="IATI upload"):
            run = iati_import(paths=paths, names=names, user=run.user, run=run, source=run.source,
                              read_again=read_again)
    finally:
        # The uploaded copies are not kept: the report says what they held.
        for folder in {Path(path).parent for path in paths}:
            shutil.rmtree(folder, ignore_errors=True)
    return {"added": run.added, "updated": run.updated, "unchanged": run.unchanged, "rejected": run.rejected}
