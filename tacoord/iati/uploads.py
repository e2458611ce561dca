"""Imports of uploaded IATI files, for the upload page and the API alike: the files are kept in a folder of their own
until imported; a small upload is imported while the request waits, a larger one by the background worker."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from tacoord.core.context import change_context
from tacoord.iati.models import ImportRun
from tacoord.iati.permissions import may_import
from tacoord.iati.services import iati_import
from tacoord.iati.tasks import import_files

# Uploads up to this size are imported while the request waits; larger ones by the background worker.
INLINE_LIMIT = 2 * 1024 * 1024
UPLOAD_DIR = Path(settings.VAR_DIR) / "iati-uploads"
SOURCE = "IATI upload"


def import_uploaded(*, user, uploads: list, read_again: bool = False) -> ImportRun:
    """Import uploaded files (Django `UploadedFile`s) for `user`; the run is returned done, or queued when the
    upload is larger than `INLINE_LIMIT`. The copies are removed once imported (`tasks.import_files` removes those
    of a queued run)."""
    if not may_import(user):
        raise PermissionDenied(_("Only the secretariat and provider officers import IATI files."))
    folder = UPLOAD_DIR / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    paths, names = [], []
    for number, upload in enumerate(uploads):
        path = folder / f"{number}.upload"
        with open(path, "wb") as stream:
            for chunk in upload.chunks():
                stream.write(chunk)
        paths.append(str(path))
        names.append(Path(upload.name).name[:200])
    with change_context(user=user, source=SOURCE):
        run = ImportRun.objects.create(user=user, source=SOURCE, read_again=read_again, files=[
            {"name": name, "activities": 0, "refused": ""} for name in names])
        if sum(upload.size for upload in uploads) <= INLINE_LIMIT:
            try:
                iati_import(paths=paths, names=names, user=user, run=run, source=SOURCE)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        else:
            transaction.on_commit(lambda: import_files.enqueue(run.pk, paths, names, read_again))
    return run
