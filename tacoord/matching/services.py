"""Writes of the matching app: computing and storing matches (fully or only for what changed), and telling
subscribed providers of new validated needs that match them."""

import json
import logging
import time
from collections import defaultdict
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tacoord.activities.models import Activity
from tacoord.core.permissions import Action, user_may
from tacoord.core.services import object_save
from tacoord.experts.models import Availability, Expert
from tacoord.matching import features
from tacoord.matching.models import Match, MatchingRun, MatchingWeights, MatchNotice, MatchSubscription
from tacoord.matching.scoring import KINDS, Matcher, Scored, Vectoriser
from tacoord.needs.choices import NeedStatus
from tacoord.needs.models import Need
from tacoord.notifications.services import notification_send
from tacoord.providers.models import ProviderProfile

logger = logging.getLogger(__name__)
LIMIT = 10  # candidates kept per need and kind
MATCH_COLUMNS = ("need_id", "kind", "provider_id", "activity_id", "expert_id", "score", "rank", "parts",
                 "computed_at")
_FK = {"provider": "provider_id", "activity": "activity_id", "expert": "expert_id"}


def current_weights() -> MatchingWeights:
    """The weights in force: the secretariat's record, or the defaults before anyone has saved one."""
    return MatchingWeights.objects.filter(archived_at__isnull=True).order_by("pk").first() or MatchingWeights()


def matching_weights_save(*, user, weights: MatchingWeights) -> MatchingWeights:
    """Save the weights (the secretariat's); the next run scores everything again with them."""
    if weights.pk is None and MatchingWeights.objects.exists():
        raise PermissionDenied(_("There is one set of weights: change it instead of adding another."))
    saved = object_save(user=user, obj=weights)
    transaction.on_commit(schedule_matching)
    return saved


def _row(scored: Scored, now: datetime) -> tuple:
    fks = dict.fromkeys(_FK.values())
    fks[_FK[scored.kind]] = scored.candidate
    return (scored.need, scored.kind, fks["provider_id"], fks["activity_id"], fks["expert_id"], scored.score,
            scored.rank, scored.parts, now)


def _write(rows: list[tuple]) -> None:
    if not rows:
        return
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        columns = ", ".join(quote(column) for column in MATCH_COLUMNS)
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY {quote(Match._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((*row[:7], json.dumps(row[7]), row[8]))
        return
    Match.objects.bulk_create([Match(**dict(zip(MATCH_COLUMNS, row, strict=True))) for row in rows],
                              batch_size=2000)


def _delete_matches(need_ids) -> None:
    need_ids = sorted(need_ids)
    for start in range(0, len(need_ids), 5000):
        Match.objects.filter(need_id__in=need_ids[start:start + 5000]).delete()


def _changed_candidates(since: datetime) -> dict[str, set[int]]:
    """Candidates edited (or archived, or closed) since the last run; an expert also when their availability
    changed."""
    experts = set(Expert.objects.filter(last_updated__gte=since).values_list("pk", flat=True))
    experts |= set(Availability.objects.filter(last_updated__gte=since).values_list("expert_id", flat=True))
    return {
        "provider": set(ProviderProfile.objects.filter(last_updated__gte=since).values_list("pk", flat=True)),
        "activity": set(Activity.objects.filter(last_updated__gte=since).values_list("pk", flat=True)),
        "expert": experts,
    }


def _improves(stored: list[tuple], found: list[Scored]) -> bool:
    """Whether a candidate scored again enters the best LIMIT of its kind (the stored ones are unchanged)."""
    scores = defaultdict(list)
    for kind, _candidate, score, _parts in stored:
        scores[kind].append(score)
    return any(len(scores[s.kind]) < LIMIT or s.score > min(scores[s.kind]) for s in found)


def _merge(stored: list[tuple], new: list[Scored], need: int) -> list[Scored]:
    """The best LIMIT per kind of what was stored (unchanged candidates) and what was scored again."""
    by_kind = defaultdict(list)
    for kind, candidate, score, parts in stored:
        by_kind[kind].append(Scored(need=need, kind=kind, candidate=candidate, score=score, parts=parts))
    for scored in new:
        by_kind[scored.kind].append(scored)
    merged = []
    for kind in KINDS:
        best = sorted(by_kind.get(kind, []), key=lambda s: (-s.score, s.candidate))[:LIMIT]
        merged.extend(Scored(**{**s.__dict__, "rank": rank}) for rank, s in enumerate(best, start=1))
    return merged


def matches_compute(*, full: bool = False, today: date | None = None) -> MatchingRun:
    """Score needs against candidates and store the best LIMIT of each kind per need.

    Incrementally (the default) only what changed since the last run is scored again: new or changed needs against
    every candidate; new or changed candidates against every other need, merged with what was stored. Needs that
    held a changed candidate are scored again in full (it may have fallen out). A change of weights, or `full`, or
    a first run scores everything.
    """
    started = timezone.now()
    clock = time.perf_counter()
    today = today or timezone.localdate()
    weights = current_weights().as_dict()
    last = MatchingRun.objects.filter(finished__isnull=False).first()
    full = full or last is None or last.weights != weights
    candidates = features.all_candidates(today)
    needs_qs = features.open_needs()
    need_rows = features.need_features(needs_qs)
    vectoriser = Vectoriser([c.text for c in candidates] + [n.text for n in need_rows])
    matcher = Matcher(candidates, weights, vectoriser=vectoriser)
    run = MatchingRun(started=started, full=full, weights=weights)
    open_ids = {need.id for need in need_rows}
    with transaction.atomic():
        # Sets in Python, not NOT IN subqueries: PostgreSQL plans those badly on hundreds of thousands of rows.
        with_matches = set(Match.objects.values_list("need_id", flat=True).distinct())
        _delete_matches(with_matches - open_ids)  # met, withdrawn or archived since
        if full:
            Match.objects.all().delete()
            rescore, rest, changed = need_rows, [], {}
        else:
            changed = _changed_candidates(last.started)
            touched = set(needs_qs.filter(last_updated__gte=last.started).values_list("pk", flat=True))
            touched |= set(Match.objects.filter(
                Q(provider__in=changed["provider"]) | Q(activity__in=changed["activity"])
                | Q(expert__in=changed["expert"])).values_list("need_id", flat=True))
            touched |= open_ids - with_matches
            rescore = [n for n in need_rows if n.id in touched]
            rest = [n for n in need_rows if n.id not in touched]
            _delete_matches(touched & with_matches)
        now = timezone.now()
        rows = [_row(s, now) for found in matcher.rank(rescore, LIMIT) for s in found]
        if rest and any(changed.values()):
            subset = Matcher([c for c in candidates if c.id in changed.get(c.kind, ())], weights,
                             vectoriser=vectoriser)
            stored = defaultdict(list)
            # What is left stored belongs to the needs not scored again.
            for need, kind, provider, activity, expert, score, parts in Match.objects.values_list(
                    "need_id", "kind", "provider_id", "activity_id", "expert_id", "score", "parts").iterator(5000):
                stored[need].append((kind, provider or activity or expert, score, parts))
            replaced = []
            for need, found in zip(rest, subset.rank(rest, LIMIT), strict=True):
                if found and _improves(stored.get(need.id, []), found):
                    replaced.append(need.id)
                    rows.extend(_row(s, now) for s in _merge(stored.get(need.id, []), found, need.id))
            _delete_matches(replaced)
            run.needs_scored = len(rescore) + len(replaced)
        else:
            run.needs_scored = len(rescore)
        _write(rows)
        run.candidates_changed = len(candidates) if full else sum(len(ids) for ids in changed.values())
        run.matches_written = len(rows)
        run.finished = timezone.now()
        run.seconds = round(time.perf_counter() - clock, 3)
        run.save()
    subscriptions_notify(today=today)
    return run


# ------------------------------------------------------------------------------------------------ subscriptions

def match_subscription_save(*, user, subscription: MatchSubscription) -> MatchSubscription:
    if subscription.provider_id and not user_may(user, Action.ADD, subscription):
        raise PermissionDenied(_("You may subscribe only for your own organisation's offer."))
    return object_save(user=user, obj=subscription)


NOTICE_KIND = "matching.needs_match_offer"


def _tell(subscription: MatchSubscription, found: list[tuple[Need, float]]) -> None:
    """In-app (and by e-mail, as each person prefers) to the officers of the provider; by e-mail to the
    subscription's address when it is nobody's account there."""
    lines = "\n".join(f"- {need} ({score:.1f}): {need.get_absolute_url()}" for need, score in found)
    officers = list(subscription.provider.organisation.people.filter(is_active=True))
    notification_send(recipients=officers, kind=NOTICE_KIND,
                      subject=gettext_lazy("New validated needs match the offer of %(provider)s"),
                      body=gettext_lazy("These needs, newly validated by their States, match the offer:\n\n%(needs)s"),
                      link=reverse("matching:provider", kwargs={"pk": subscription.provider_id}),
                      context={"provider": str(subscription.provider), "needs": lines})
    if subscription.email.lower() not in {officer.email.lower() for officer in officers}:
        send_mail(subject=_("New validated needs match the offer of %(provider)s")
                  % {"provider": subscription.provider},
                  message=_("These needs, newly validated by their States, match the offer:\n\n%(needs)s")
                  % {"needs": lines},
                  from_email=None, recipient_list=[subscription.email], fail_silently=True)


def subscriptions_notify(*, today: date) -> int:
    """Tell each active subscription of validated needs scoring at least its lowest score that it was not told of
    before. Returns how many notices were sent."""
    sent = 0
    subscriptions = MatchSubscription.objects.filter(is_active=True, archived_at__isnull=True,
                                                     provider__archived_at__isnull=True).select_related("provider")
    weights = current_weights().as_dict()
    for subscription in subscriptions:
        needs_qs = Need.objects.filter(status=NeedStatus.VALIDATED, archived_at__isnull=True).exclude(
            pk__in=MatchNotice.objects.filter(subscription=subscription).values("need_id"))
        need_rows = features.need_features(needs_qs)
        if not need_rows:
            continue
        offer = features.provider_features(ProviderProfile.objects.filter(pk=subscription.provider_id))
        scored = [s for s in Matcher(offer, weights, needs_corpus=[n.text for n in need_rows]).rank_needs(
            need_rows, limit=len(need_rows)) if s.score >= subscription.min_score]
        if not scored:
            continue
        by_pk = Need.objects.in_bulk([s.need for s in scored])
        with transaction.atomic():
            MatchNotice.objects.bulk_create([MatchNotice(subscription=subscription, need_id=s.need, score=s.score)
                                             for s in scored])
        _tell(subscription, [(by_pk[s.need], s.score) for s in scored])
        sent += len(scored)
    return sent


# ------------------------------------------------------------------------------------------------ scheduling

def _queued_already(task) -> bool:
    """Whether a run waits in the database queue: it will see this edit too (an import of a thousand activities,
    each saved on its own, queues one run, not a thousand)."""
    if task.get_backend().__class__.__module__.split(".")[0] != "django_tasks_db":
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists()


def schedule_matching() -> None:
    """Queue an incremental run (after an edit has committed), unless one waits already."""
    from tacoord.matching.tasks import match_incrementally

    try:
        if not _queued_already(match_incrementally):
            match_incrementally.enqueue()
    except Exception:  # a missing task backend must not undo the edit that asked for it
        logger.exception("Could not queue the matching")
