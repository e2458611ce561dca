"""Writes of the IATI exchange: importing activity files, and reviewing the tags proposed for imported activities."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import orjson
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from tacoord.activities.models import Activity
from tacoord.activities.narratives import narrative_text
from tacoord.activities.permissions import managed_reporters
from tacoord.activities.services import PART_MODELS, ActivityReferenceData, activity_save
from tacoord.core.context import current_change_context
from tacoord.core.models import ChangeAction, ObjectChange
from tacoord.core.notes import Note
from tacoord.core.roles import Role, role_of
from tacoord.iati import copy_rows
from tacoord.iati.choices import ImportStatus, IssueKind, TagStatus
from tacoord.iati.copy_rows import as_text, column_defaults, insert_lines, insert_values, with_key
from tacoord.iati.importer import Prepared, activity_field_errors, link_organisations, prepare, rejection_of
from tacoord.iati.models import ActivityClassification, ImportedActivity, ImportedFile, ImportIssue, ImportRun
from tacoord.iati.permissions import may_import
from tacoord.iati.read_ahead import ReadAhead, can_read_ahead
from tacoord.iati.reader import IatiFileError, ParsedActivity, read_activities
from tacoord.organisations.choices import OrganisationKind
from tacoord.organisations.models import Organisation

BATCH_SIZE = 250

# IATI OrganisationType → the kind of organisation tacoord makes for a reporting organisation it does not know.
KIND_FOR_IATI_TYPE = {
    "10": OrganisationKind.DONOR_AGENCY, "11": OrganisationKind.DONOR_AGENCY, "15": OrganisationKind.DONOR_AGENCY,
    "21": OrganisationKind.CIVIL_SOCIETY, "22": OrganisationKind.CIVIL_SOCIETY, "23": OrganisationKind.CIVIL_SOCIETY,
    "24": OrganisationKind.CIVIL_SOCIETY, "30": OrganisationKind.PRIVATE_SECTOR,
    "40": OrganisationKind.INTERGOVERNMENTAL, "60": OrganisationKind.CIVIL_SOCIETY,
    "70": OrganisationKind.PRIVATE_SECTOR, "71": OrganisationKind.PRIVATE_SECTOR,
    "72": OrganisationKind.PRIVATE_SECTOR, "73": OrganisationKind.PRIVATE_SECTOR, "80": OrganisationKind.ACADEMIA,
    "90": OrganisationKind.CIVIL_SOCIETY,
}


class _Reporters:
    """Finds the reporting organisation of an activity by its IATI identifier (or name), making it when allowed."""

    def __init__(self, user):
        self.may_create = user is None or role_of(user) == Role.SECRETARIAT
        # None: any organisation; otherwise those whose activities the user manages.
        self.allowed: set[int] | None = None
        if not self.may_create:
            reporters = managed_reporters(user, role_of(user))
            self.allowed = set(Organisation.objects.filter(reporters).values_list("pk", flat=True)) \
                if reporters is not None else set()
        self.by_ref = dict(Organisation.objects.filter(iati_identifier__isnull=False)
                           .values_list("iati_identifier", "pk"))
        self.by_name: dict[str, int] = {}

    def find(self, org: dict) -> tuple[int | None, str]:
        """(organisation id, reason it cannot be used)."""
        ref, name = org.get("ref", ""), next(iter(org.get("name", {}).values()), "")
        pk = self.by_ref.get(ref) if ref else None
        if pk is None and not ref and name:
            pk = self.by_name.get(name) or Organisation.objects.filter(name=name[:300]).values_list(
                "pk", flat=True).first()
        if pk is None:
            if not self.may_create:
                return None, Note(N_("the reporting organisation %(org)s is not yours"), org=ref or name)
            pk = self._create(ref, name, org.get("type", ""))
        if self.allowed is not None and pk not in self.allowed:
            return None, Note(N_("the reporting organisation %(org)s is not yours"), org=ref or name)
        return pk, ""

    def _create(self, ref: str, name: str, iati_type: str) -> int:
        organisation = Organisation(name=(name or ref)[:300], kind=KIND_FOR_IATI_TYPE.get(iati_type,
                                                                                            OrganisationKind.CIVIL_SOCIETY),
                                    iati_identifier=ref or None, iati_type=iati_type[:5])
        try:
            organisation.full_clean()
        except ValidationError:
            # An identifier tacoord cannot hold (spaces, too long): the organisation is kept by name only.
            organisation.iati_identifier = None
            organisation.full_clean()
        organisation.save()
        if ref:
            self.by_ref[ref] = organisation.pk
        if name:
            self.by_name[name] = organisation.pk
        return organisation.pk


class _Run:
    """The state of one import run: what is known, what this run has seen, the report being written."""

    def __init__(self, run: ImportRun, user):
        self.run = run
        self.user = user
        self.reference = ActivityReferenceData()
        self.reporters = _Reporters(user)
        self.known_hashes = dict(ImportedActivity.objects.values_list("activity__iati_identifier", "content_hash"))
        self.activity_ids = dict(Activity.objects.values_list("iati_identifier", "pk"))
        self.seen: dict[str, str] = {}  # identifier → hash, for activities met earlier in this run
        self.content_type = ContentType.objects.get_for_model(Activity)
        self.issues: list[ImportIssue] = []
        self.touched: list[int] = []  # activities added or updated
        self.updated: list[int] = []  # activities updated, whose tags are proposed again at the end
        self.tagger = _Tagger()
        self.lz4 = _lz4_available()

    def skip(self, identifier: str, content_hash: str) -> bool:
        if self.run.read_again:  # only what this run has already met
            return self.seen.get(identifier) == content_hash
        return self.seen.get(identifier, self.known_hashes.get(identifier)) == content_hash

    def issue(self, kind: str, file: str, line: int | None, identifier: str, message: Note | str) -> None:
        """Add to the report; a `Note` is kept with its template and values, to be shown in the reader's language."""
        self.issues.append(ImportIssue(run=self.run, kind=kind, file=file[:255], line=line,
                                       identifier=identifier[:255], message=str(message),
                                       template=getattr(message, "template", ""),
                                       params=getattr(message, "params", {})))


def _lz4_available() -> bool:
    """Whether this PostgreSQL server (14 and later, built with LZ4) can compress large values with LZ4."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        row = cursor.fetchone()
    return bool(row and row[0])


def iati_import(*, paths: list[str | Path], user, run: ImportRun | None = None, names: list[str] | None = None,
                source: str = "command", read_again: bool = False) -> ImportRun:
    """Import IATI activity files; returns the run with its report.

    A file whose bytes were imported in full before, each of its activities still stored as it held them, is not
    read again. In other files unchanged activities (same content hash) are skipped, changed ones updated in place
    through `activity_save` (so with history), new ones written in batches with one change log entry each and their
    tags proposed. An activity met twice in a run is stored once. Each file is one transaction: a refused file (not
    XML, truncated, entities) leaves nothing behind; within it each batch, and on failure each activity, is its own
    savepoint, so no activity is half-imported.
    `user` None is the system (a command); a provider officer imports only its own organisation's activities.
    `read_again`: no file or activity is skipped as unchanged; each is read and compared field by field (after the
    reference data changed, say a country code that was unknown: what was left out is then taken).
    """
    if user is not None and not may_import(user):
        raise PermissionDenied(_("You may not import IATI files."))
    # The report is kept in English whoever runs the import, and shown in each reader's language (`core.notes`).
    with override("en"):
        return _import(paths=paths, user=user, run=run, names=names, source=source, read_again=read_again)


def _import(*, paths, user, run, names, source, read_again) -> ImportRun:
    names = names or [Path(path).name for path in paths]
    if run is None:
        run = ImportRun.objects.create(user=user if user is not None and user.is_authenticated else None,
                                       source=source[:100])
    run.status, run.started_at, run.files = ImportStatus.RUNNING, timezone.now(), []
    run.read_again = run.read_again or read_again
    run.save()
    state = _Run(run, user)
    ahead = None
    try:
        files = [(Path(path), name, *_file_digest(Path(path))) for path, name in zip(paths, names, strict=True)]
        # Files to read: all but those imported in full before (checked again at their turn).
        to_read = {index for index, (_path, _name, digest, _size) in enumerate(files)
                   if not _unchanged_file(state, digest)}
        if _read_ahead_wanted(sum(files[index][3] for index in to_read)):
            known = {} if run.read_again else dict(state.known_hashes)
            ahead = ReadAhead([files[index][0] for index in sorted(to_read)], functools.partial(
                _read_file, skip=lambda identifier, content: known.get(identifier) == content,
                reference=state.reference, tagger=state.tagger, stored=dict(state.activity_ids)),
                readers=settings.TACOORD_IATI_READERS or None)
        for index, (path, name, digest, size) in enumerate(files):
            if ahead is not None and index in to_read:
                # Read already by the other process: its activities are taken one by one (unchanged ones skipped).
                _import_file(state, path, name, digest, size, ahead.activities(path))
            # A file planned for reading is read (its unchanged activities skipped one by one); the others were
            # recognised when the run began, and are checked again now that earlier files may have changed them.
            elif index in to_read or not _unchanged_file(state, digest, name):
                _import_file(state, path, name, digest, size, _read_file(
                    path, skip=state.skip, reference=state.reference, tagger=state.tagger, stored=state.activity_ids))
        _link_programmes(state)
    except Exception as error:
        run.status, run.error = ImportStatus.FAILED, str(error)[:2000]
        raise
    else:
        run.status = ImportStatus.DONE
    finally:
        if ahead is not None:
            ahead.close()
        ImportIssue.objects.bulk_create(state.issues, batch_size=1000)
        run.warnings = sum(1 for issue in state.issues if issue.kind == IssueKind.WARNING)
        run.finished_at = timezone.now()
        run.save()
    if state.updated:
        activities_classify(activity_ids=state.updated)
    return run


def _file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 of the file's bytes as stored (gzipped or not), and its size; ("", 0) when it cannot be read (the
    reader then refuses it with the reason)."""
    try:
        with open(path, "rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest(), path.stat().st_size
    except OSError:
        return "", 0


def _read_ahead_wanted(size: int) -> bool:
    """Read in a second process when there are several processors and enough to read to pay for starting it."""
    return settings.TACOORD_IATI_READ_AHEAD and size >= settings.TACOORD_IATI_READ_AHEAD_MIN_BYTES \
        and can_read_ahead()


def _read_file(path: Path, *, skip, reference, tagger, stored: dict[str, int]) -> Iterator[ParsedActivity | Prepared]:
    """The activities of one file, each either as read (skipped as unchanged, or rejected) or prepared for writing:
    shaped to the model, checked, its tags proposed, and for a new activity on PostgreSQL its parts written out.
    `stored`: the identifiers of the activities stored when the import began. Touches no database, so it may run in
    another process."""
    for parsed in read_activities(path, skip=skip):
        if parsed.skipped or parsed.rejected:
            yield parsed
            continue
        prepared = prepare(parsed, reference)
        prepared.field_errors = activity_field_errors(prepared.fields)
        prepared.tags = tagger.rows(None, [*prepared.fields["title"].values(),
                                           *prepared.fields["description"].values()],
                                    [row["code"] for row in prepared.children["sectors"]])
        # The prepared copies are what is written; the parsed ones need not travel between processes.
        parsed.fields, parsed.children = {}, {}
        if connection.vendor == "postgresql" and parsed.identifier not in stored:
            copy_rows.write_out(prepared)
        # Decimals and dates of what is left as text: passed between processes, text costs a third of what they do.
        as_text(prepared)
        yield prepared


def _unchanged_file(state: _Run, digest: str, name: str | None = None) -> bool:
    """Whether the same bytes were imported in full before and each activity they held is still stored as that
    content (none deleted, none changed by another file since). With `name`, the file is then counted in the report
    as read, its activities unchanged."""
    record = ImportedFile.objects.filter(digest=digest).values_list("activities", flat=True).first() \
        if digest and not state.run.read_again else None
    if record is None or not all(state.skip(identifier, content) for identifier, content in record.items()):
        return False
    if name is None:
        return True
    for identifier, content in record.items():
        state.seen[identifier] = content
    state.run.unchanged += len(record)
    state.run.files.append({"name": name, "activities": len(record), "refused": "", "added": 0, "updated": 0,
                            "unchanged": len(record), "rejected": 0, "same_file": True})
    return True


def _import_file(state: _Run, path: Path, name: str, digest: str, size: int, activities: Iterator) -> None:
    """Import one file's activities (read by `_read_file`, here or in the other process) in one transaction."""
    counts = {"added": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    contents: dict[str, str] = {}  # identifier → content hash of the activities read and kept
    issues_before, seen_before = len(state.issues), dict(state.seen)
    known_before, ids_before, touched_before = dict(state.known_hashes), dict(state.activity_ids), len(state.touched)
    updated_before = len(state.updated)
    reporters_before = dict(state.reporters.by_ref), dict(state.reporters.by_name)
    read = 0
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # The commit does not wait for the disk: a server crash may lose the last files' commits (never
                # half of one), which the next run imports again; under load the wait cost more than the writes.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
                    if state.lz4:
                        # Activities and their change log entries are big JSON values: LZ4 compresses them several
                        # times faster than the default (pglz), which took a fifth of the server's import time.
                        cursor.execute("SET LOCAL default_toast_compression TO lz4")
            batch: list[Prepared] = []
            for item in activities:
                read += 1
                outcome = _take(state, item, name, batch)
                if outcome:
                    counts[outcome] += 1
                if outcome != "rejected":
                    parsed = item.parsed if isinstance(item, Prepared) else item
                    contents.setdefault(parsed.identifier, parsed.content_hash)
                if len(batch) >= BATCH_SIZE:
                    counts["rejected"] += _write_new(state, batch, name)
                    counts["added"] += len(batch)
                    batch = []
            counts["rejected"] += _write_new(state, batch, name)
            counts["added"] += len(batch)
            if digest and not counts["rejected"]:
                ImportedFile.objects.update_or_create(digest=digest, defaults={
                    "name": name[:255], "size": size, "activities": contents, "last_run": state.run})
    except IatiFileError as error:
        # Nothing of a refused file stays: the database rolled back, and so does what this run remembers of it.
        del state.issues[issues_before:]
        del state.touched[touched_before:]
        del state.updated[updated_before:]
        state.seen, state.known_hashes, state.activity_ids = seen_before, known_before, ids_before
        state.reporters.by_ref, state.reporters.by_name = reporters_before
        state.issue(IssueKind.FILE_REFUSED, name, error.line, "", error.reason)
        state.run.files.append({"name": name, "activities": 0, "refused": str(error.reason),
                                "refused_template": getattr(error.reason, "template", ""),
                                "refused_params": getattr(error.reason, "params", {})})
        return
    for key, value in counts.items():
        setattr(state.run, key, getattr(state.run, key) + value)
    state.run.files.append({"name": name, "activities": read, "refused": "", **counts})


def _take(state: _Run, item: ParsedActivity | Prepared, name: str, batch: list[Prepared]) -> str:
    """Deal with one activity: count it unchanged, reject it, update it, or queue it for the next batch."""
    parsed = item.parsed if isinstance(item, Prepared) else item
    # Read in the other process, an activity met earlier in this run is only now known to be unchanged.
    if parsed.skipped or (not parsed.rejected and state.skip(parsed.identifier, parsed.content_hash)):
        state.seen[parsed.identifier] = parsed.content_hash
        return "unchanged"
    if parsed.rejected:
        state.issue(IssueKind.REJECTED, name, parsed.line, parsed.identifier, parsed.rejection)
        return "rejected"
    if parsed.identifier in state.seen:
        state.issue(IssueKind.WARNING, name, parsed.line, parsed.identifier,
                    Note(N_("reported again with different content; the first one read in this import is kept")))
        return "unchanged"
    organisation_id, reason = state.reporters.find(parsed.reporting_org)
    if organisation_id is None:
        state.issue(IssueKind.REJECTED, name, parsed.line, parsed.identifier, reason)
        return "rejected"
    prepared = item
    link_organisations(prepared, state.reporters.by_ref)
    prepared.fields["reporting_organisation_id"] = organisation_id
    if not prepared.rejection and parsed.identifier not in state.activity_ids and prepared.field_errors:
        prepared.rejection = rejection_of(prepared.field_errors)
    if prepared.rejection:
        state.issue(IssueKind.REJECTED, name, parsed.line, parsed.identifier, prepared.rejection)
        return "rejected"
    state.seen[parsed.identifier] = parsed.content_hash
    if parsed.identifier in state.activity_ids:
        return _update(state, prepared, name)
    batch.append(prepared)
    return ""


def _warnings(state: _Run, prepared: Prepared, name: str) -> None:
    for note in prepared.warnings:
        state.issue(IssueKind.WARNING, name, note.line or prepared.parsed.line, prepared.parsed.identifier, note)


def _update(state: _Run, prepared: Prepared, name: str) -> str:
    """Update a stored activity through `activity_save`: "updated" when that changed it (and so wrote its history),
    "unchanged" when the new file says the same in other words, "rejected" when the new version is not valid."""
    parsed = prepared.parsed
    if prepared.rendered:  # never: only activities not stored when the import began are written out
        raise RuntimeError(f"{parsed.identifier}: a written-out activity cannot update a stored one")
    activity = Activity.objects.get(pk=state.activity_ids[parsed.identifier])
    changes = ObjectChange.objects.filter(changed_object_type=state.content_type, changed_object_id=str(activity.pk))
    last_change = changes.order_by("-pk").values_list("pk", flat=True).first()
    for field, value in prepared.fields.items():
        setattr(activity, field, value)
    try:
        with transaction.atomic():
            activity_save(user=state.user, activity=activity, children=prepared.children, reference=state.reference)
            ImportedActivity.objects.update_or_create(
                activity=activity, defaults={"content_hash": parsed.content_hash, "last_run": state.run})
            _note_file(activity.pk, name)
    except (ValidationError, PermissionDenied) as error:
        message = "; ".join(f"{key}: {' '.join(messages)}" for key, messages in error.message_dict.items()) \
            if isinstance(error, ValidationError) and hasattr(error, "error_dict") else str(error)
        state.issue(IssueKind.REJECTED, name, parsed.line, parsed.identifier, message)
        return "rejected"
    state.known_hashes[parsed.identifier] = parsed.content_hash
    _warnings(state, prepared, name)
    if changes.order_by("-pk").values_list("pk", flat=True).first() == last_change:
        return "unchanged"
    state.touched.append(activity.pk)
    state.updated.append(activity.pk)
    return "updated"


def _note_file(activity_id: int, name: str) -> None:
    record = ImportedActivity.objects.get(activity_id=activity_id)
    if name not in record.files:
        record.files = [*record.files, name]
        record.save(update_fields=["files"])


def _write_new(state: _Run, batch: list[Prepared], name: str) -> int:
    """Write new activities in one savepoint; when that fails, each on its own. Returns how many were rejected."""
    if not batch:
        return 0
    try:
        with transaction.atomic():
            _bulk_create(state, batch, name)
    except DatabaseError:
        rejected = 0
        for prepared in batch:
            try:
                with transaction.atomic():
                    _bulk_create(state, [prepared], name)
            except DatabaseError as error:
                rejected += 1
                state.issue(IssueKind.REJECTED, name, prepared.parsed.line, prepared.parsed.identifier,
                            str(error)[:1000])
                del state.seen[prepared.parsed.identifier]
        batch[:] = [prepared for prepared in batch if prepared.parsed.identifier in state.seen]
        return rejected
    return 0


def _bulk_create(state: _Run, batch: list[Prepared], name: str) -> None:
    now = timezone.now()
    activity_ids = _create_activities([prepared.fields for prepared in batch], now)
    snapshots: list[dict] = [{} for _ in batch]
    for part, model in PART_MODELS.items():
        defaults = column_defaults(model)
        rows, owners, lines = [], [], []
        for index, (activity_id, prepared) in enumerate(zip(activity_ids, batch, strict=True)):
            if part in prepared.rendered:
                part_data, part_json = prepared.rendered[part]
                snapshots[index][part] = orjson.Fragment(part_json)
                if part_data:
                    lines.append(with_key(part_data, activity_id))
                continue
            part_rows = [{**defaults, **values} for values in prepared.children.get(part, [])]
            snapshots[index][part] = part_rows
            rows.extend(part_rows)
            owners.extend([activity_id] * len(part_rows))
        insert_values(model, rows, activity_ids=owners)
        insert_lines(model, lines)
    insert_values(ImportedActivity, [
        {"activity_id": activity_id, "content_hash": prepared.parsed.content_hash, "files": [name],
         "first_run_id": state.run.pk, "last_run_id": state.run.pk}
        for activity_id, prepared in zip(activity_ids, batch, strict=True)
    ])
    context = current_change_context()
    user = context.user if getattr(context.user, "is_authenticated", False) else None
    tag_defaults = {**column_defaults(ActivityClassification), "created": now, "last_updated": now}
    insert_values(ActivityClassification, [
        {**tag_defaults, **row, "activity_id": activity_id}
        for activity_id, prepared in zip(activity_ids, batch, strict=True) for row in prepared.tags
    ])
    language = get_language()
    insert_values(ObjectChange, [
        {"time": now, "user_id": user.pk if user else None, "user_name": user.get_username() if user else "",
         "request_id": context.request_id, "source": context.source[:100], "action": ChangeAction.CREATE,
         "changed_object_type_id": state.content_type.pk, "changed_object_id": str(activity_id),
         "object_repr": _activity_repr(prepared.fields, language)[:300], "prechange_data": None,
         "postchange_data": {**_new_activity_data(prepared.fields), "children": snapshot}}
        for activity_id, prepared, snapshot in zip(activity_ids, batch, snapshots, strict=True)
    ])
    for activity_id, prepared in zip(activity_ids, batch, strict=True):
        state.activity_ids[prepared.parsed.identifier] = activity_id
        state.known_hashes[prepared.parsed.identifier] = prepared.parsed.content_hash
        state.touched.append(activity_id)
        _warnings(state, prepared, name)


# An activity's columns with their defaults, for the values a file does not give; the ones its change log entry
# holds (as `core.serialization.serialize_object` gives them: its many-to-many relations, empty, by name).
_ACTIVITY_COLUMNS = {field.attname: field for field in Activity._meta.concrete_fields if not field.primary_key}
_LOGGED_COLUMNS = [name for name, field in _ACTIVITY_COLUMNS.items() if field.name not in Activity.changelog_exclude]
# The defaults of the columns a file leaves out, shared by all rows (none is changed in place).
_LOGGED_DEFAULTS = {name: _ACTIVITY_COLUMNS[name].get_default() for name in _LOGGED_COLUMNS}
_LOGGED_RELATIONS = [field.name for field in Activity._meta.many_to_many
                     if field.name not in Activity.changelog_exclude]


def _create_activities(activities: list[dict], now) -> list[int]:
    """Write new activities given as field values ({attribute: value}, as `prepare` makes them); their keys in order.

    No model instances: building them, and Django's conversions of every value, cost more than the writes. On
    PostgreSQL the keys are taken from the sequence first and the rows written by COPY (psycopg converts dates,
    times and numbers alike; JSON is encoded by `insert_values`); elsewhere by `bulk_create`."""
    defaults = {name: field.get_default() for name, field in _ACTIVITY_COLUMNS.items()}
    defaults["created"] = defaults["last_updated"] = now
    rows = [{**defaults, **fields} for fields in activities]
    if connection.vendor != "postgresql":
        created = Activity.objects.bulk_create([Activity(**row) for row in rows])
        return [activity.pk for activity in created]
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [Activity._meta.db_table, len(rows)])
        keys = [pk for (pk,) in cursor.fetchall()]
    insert_values(Activity, [{"id": pk, **row} for pk, row in zip(keys, rows, strict=True)], with_key=True)
    return keys


def _new_activity_data(fields: dict) -> dict:
    """What `serialize_object` gives for a just-created activity with these field values (its relations empty)."""
    data = {name: fields[name] if name in fields else _LOGGED_DEFAULTS[name] for name in _LOGGED_COLUMNS}
    data.update({name: [] for name in _LOGGED_RELATIONS})
    return data


def _activity_repr(fields: dict, language: str) -> str:
    """`str(activity)` of an activity with these field values."""
    return narrative_text(fields.get("title") or {}, language, fields.get("default_language", "en")) \
        or fields["iati_identifier"]


def _link_programmes(state: _Run) -> None:
    """Set the programme (parent) of the activities added or updated that have none, from their related-activity of
    type 1 that names a stored activity (the last such, when several do). One statement a thousand activities: the
    rows and their instances are never loaded."""
    from tacoord.activities.models import RelatedActivity

    table, related = (connection.ops.quote_name(model._meta.db_table) for model in (Activity, RelatedActivity))
    parent_of = (f"SELECT parent.id FROM {related} link JOIN {table} parent ON parent.iati_identifier = link.ref "
                 f"WHERE link.activity_id = {table}.id AND link.type = '1' AND parent.id <> {table}.id "
                 "ORDER BY link.id DESC LIMIT 1")
    with connection.cursor() as cursor:
        for start in range(0, len(state.touched), 1000):
            chunk = state.touched[start:start + 1000]
            cursor.execute(f"UPDATE {table} SET parent_id = ({parent_of}) WHERE parent_id IS NULL AND id IN "
                           f"({', '.join(['%s'] * len(chunk))}) AND EXISTS ({parent_of})", chunk)


# --- classification -----------------------------------------------------------------------------------------------

CLASSIFY_BATCH = 500


class _Tagger:
    """Proposes tags for one activity at a time: sector rules plus the text classifier, as rows of
    `ActivityClassification` ({attribute: value})."""

    def __init__(self):
        from tacoord.iati.classification import sector_rules, target_ids, text_classifier

        self.classifier, self.rules, self.targets = text_classifier(), sector_rules(), target_ids()

    def rows(self, activity_id: int | None, texts: list[str], sector_codes: list[str],
             reviewed: set | frozenset = frozenset()) -> list[dict]:
        """The proposals, leaving out those whose (activity, article, priority area, type) a person reviewed."""
        from tacoord.iati.classifier import merge, sector_proposals

        rows = []
        for proposal in merge(self.classifier.classify(texts), sector_proposals(self.rules, sector_codes)):
            if proposal.target not in self.targets:
                continue
            field, pk = self.targets[proposal.target]
            row = {"activity_id": activity_id, "article_id": None, "priority_area_id": None, "ta_type_id": None,
                   "confidence": Decimal(str(proposal.confidence)), "source": proposal.source,
                   "evidence": ", ".join(proposal.evidence)[:300], field: pk}
            if (activity_id, row["article_id"], row["priority_area_id"], row["ta_type_id"]) not in reviewed:
                rows.append(row)
        return rows


def activities_classify(*, activity_ids: list[int]) -> int:
    """Propose tags for these activities by sector rules and the text classifier; returns how many were proposed.

    Proposals a person has accepted or rejected are kept as they are; earlier machine proposals still waiting for a
    person are replaced by the new ones. (A first import proposes the tags of its new activities as it writes them.)
    """
    from tacoord.activities.models import ActivitySector

    tagger = _Tagger()
    created = 0
    for start in range(0, len(activity_ids), CLASSIFY_BATCH):
        chunk = activity_ids[start:start + CLASSIFY_BATCH]
        sectors: dict[int, list[str]] = {}
        for activity_id, code in ActivitySector.objects.filter(activity_id__in=chunk).values_list(
                "activity_id", "code"):
            sectors.setdefault(activity_id, []).append(code)
        reviewed = set(ActivityClassification.objects.filter(activity_id__in=chunk).exclude(
            status=TagStatus.PROPOSED).values_list("activity_id", "article_id", "priority_area_id", "ta_type_id"))
        rows = []
        for activity_id, title, description in Activity.objects.filter(pk__in=chunk).values_list(
                "pk", "title", "description"):
            texts = [*(title or {}).values(), *(description or {}).values()]
            rows.extend(ActivityClassification(**row) for row in
                        tagger.rows(activity_id, texts, sectors.get(activity_id, []), reviewed))
        with transaction.atomic():
            ActivityClassification.objects.filter(activity_id__in=chunk, status=TagStatus.PROPOSED).delete()
            ActivityClassification.objects.bulk_create(rows, batch_size=1000)
        created += len(rows)
    return created


RELATION_FOR_FIELD = {"article_id": "articles", "priority_area_id": "priority_areas", "ta_type_id": "ta_types"}


@transaction.atomic
def classification_review(*, user, classification, accept: bool):
    """A person accepts (the tag is added to the activity) or rejects (and removes it) a proposed tag."""
    from tacoord.core.permissions import Action, user_may

    if not user_may(user, Action.CHANGE, classification):
        raise PermissionDenied(_("You may not review the tags of this activity."))
    classification.status = TagStatus.ACCEPTED if accept else TagStatus.REJECTED
    classification.reviewed_by = user if user is not None and user.is_authenticated else None
    classification.reviewed_at = timezone.now()
    classification.full_clean()
    classification.save()
    for field, relation in RELATION_FOR_FIELD.items():
        target = getattr(classification, field)
        if target is not None:
            related = getattr(classification.activity, relation)
            if accept:
                related.add(target)
            else:
                related.remove(target)
    return classification
