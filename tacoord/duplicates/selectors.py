"""Reads of the duplicates app: activities as detection sees them, alerts within permissions, and the pairs people
confirmed as duplicates (for the totals that count money once)."""

from collections import defaultdict

from django.db.models import Q

from tacoord.activities.models import (
    Activity,
    ActivitySector,
    ParticipatingOrganisation,
    RecipientCountry,
    RecipientRegion,
    RelatedActivity,
    Transaction,
)
from tacoord.core.permissions import Action
from tacoord.duplicates import detection
from tacoord.duplicates.choices import AlertStatus
from tacoord.duplicates.models import DuplicateAlert


def _org_key(ref: str, name: str) -> str:
    return (ref or "").strip() or detection.normalise_name(name)


def load_records(activity_ids=None) -> list[detection.Record]:
    """Every activity that is not archived (or those of `activity_ids`), with the parts detection reads, in eight
    queries whatever their number."""
    activities = Activity.objects.filter(archived_at__isnull=True)
    if activity_ids is not None:
        activities = activities.filter(pk__in=activity_ids)
    rows = activities.values_list(
        "pk", "iati_identifier", "reporting_organisation__iati_identifier", "reporting_organisation__name",
        "title", "description", "planned_start", "actual_start", "planned_end", "actual_end",
        "beneficiary_institutions", "default_language", "default_currency")
    records: dict[int, detection.Record] = {}
    currency: dict[int, str] = {}
    for (pk, identifier, org_ref, org_name, title, description, planned_start, actual_start, planned_end,
         actual_end, beneficiaries, language, default_currency) in rows.iterator(chunk_size=2000):
        name = detection.normalise_name(org_name or "")
        records[pk] = detection.Record(
            id=pk, identifier=identifier, reporter=(org_ref or "").strip() or name,
            reporter_aliases=frozenset({name} - {""}), title=title or {}, description=description or {},
            start=actual_start or planned_start, end=actual_end or planned_end,
            beneficiaries=beneficiaries or "", default_language=language or "en")
        currency[pk] = (default_currency or "").upper()
    pks = list(records) if activity_ids is not None else None

    def scoped(model):
        queryset = model.objects.all()
        if pks is not None:
            queryset = queryset.filter(activity_id__in=pks)
        return queryset

    sets: dict[str, dict[int, set]] = defaultdict(lambda: defaultdict(set))
    for activity, iso2 in scoped(RecipientCountry).values_list("activity_id", "country__iso2"):
        sets["countries"][activity].add(iso2)
    for activity, code in scoped(RecipientRegion).values_list("activity_id", "code"):
        sets["regions"][activity].add(code)
    for activity, vocabulary, code in scoped(ActivitySector).values_list("activity_id", "vocabulary", "code"):
        if vocabulary in ("1", "2") and code:
            sets["sectors"][activity].add(code)
    for activity, instrument, number in scoped(Activity.articles.through).values_list(
            "activity_id", "article__instrument__code", "article__number"):
        sets["articles"][activity].add(f"{instrument} {number}")
    for activity, code in scoped(Activity.ta_types.through).values_list(
            "activity_id", "technicalassistancetype__code"):
        sets["ta_types"][activity].add(code)
    for activity, ref, name in scoped(ParticipatingOrganisation).values_list("activity_id", "ref", "name"):
        key = _org_key(ref, next(iter((name or {}).values()), "") if isinstance(name, dict) else "")
        if key:
            sets["participants"][activity].add(key)
    related = defaultdict(list)
    for activity, ref, type_ in scoped(RelatedActivity).values_list("activity_id", "ref", "type"):
        related[activity].append((ref, type_))
    txns = defaultdict(list)
    for (activity, type_, when, value, cur, provider_ref, provider_name, provider_activity, receiver_ref,
         receiver_name, receiver_activity) in scoped(Transaction).filter(
            type__in=sorted(detection.OUTGOING | detection.INCOMING)).values_list(
            "activity_id", "type", "date", "value", "currency", "provider_org_ref", "provider_org_name",
            "provider_activity_id", "receiver_org_ref", "receiver_org_name", "receiver_activity_id").iterator(
            chunk_size=5000):
        if activity not in records:
            continue
        txns[activity].append(detection.Txn(
            type=type_, date=when, value=value, currency=(cur or currency.get(activity, "")).upper(),
            provider_org=_org_key(provider_ref, provider_name), provider_activity_id=provider_activity or "",
            receiver_org=_org_key(receiver_ref, receiver_name), receiver_activity_id=receiver_activity or ""))
    for pk, record in records.items():
        for name in ("countries", "regions", "sectors", "articles", "ta_types", "participants"):
            values = sets[name].get(pk)
            if values:
                setattr(record, name, frozenset(values))
        record.related = tuple(sorted(related.get(pk, ())))
        record.txns = txns.get(pk, [])
        detection.prepare(record)
    return list(records.values())


_CACHE: dict[int, tuple[object, detection.Record]] = {}  # pk → (last_updated, record), per worker process


def load_records_cached() -> list[detection.Record]:
    """`load_records` for a long-running worker: only the activities saved since its last run (by `last_updated`;
    `activity_save` and the importer save the activity with its parts) are read again."""
    stamps = dict(Activity.objects.filter(archived_at__isnull=True).values_list("pk", "last_updated"))
    for pk in [pk for pk in _CACHE if pk not in stamps]:
        del _CACHE[pk]
    stale = [pk for pk, stamp in stamps.items() if pk not in _CACHE or _CACHE[pk][0] != stamp]
    if stale:
        fresh = load_records(None if len(stale) > len(stamps) // 2 else stale)
        for record in fresh:
            if record.id in stamps:
                _CACHE[record.id] = (stamps[record.id], record)
    return [record for _stamp, record in _CACHE.values()]


# ------------------------------------------------------------------------------------------------ alerts


def alerts_visible(user):
    """The alerts `user` may see (see permissions.py)."""
    return DuplicateAlert.objects.restrict(user, Action.VIEW).select_related(
        "activity_a__reporting_organisation", "activity_b__reporting_organisation")


def alerts_open_in_country(*, user, country):
    return alerts_visible(user).filter(status=AlertStatus.OPEN).filter(
        Q(activity_a__recipient_countries__country=country) | Q(activity_b__recipient_countries__country=country)
    ).distinct()


def confirmed_duplicate_pairs() -> list[tuple[str, str]]:
    """The pairs of activities (IATI identifiers) a person confirmed as one activity reported twice. For the totals
    that count money once: keep one of each pair (e.g. the implementer's, the second) and leave the other's money
    out. Archived alerts and archived activities are left out."""
    return list(DuplicateAlert.objects.filter(
        status=AlertStatus.CONFIRMED, archived_at__isnull=True, activity_a__archived_at__isnull=True,
        activity_b__archived_at__isnull=True).values_list("activity_a__iati_identifier", "activity_b__iati_identifier"))


def confirmed_duplicate_identifiers() -> set[str]:
    """The IATI identifiers whose money is already counted under another activity of a confirmed duplicate pair: of
    each pair, the one that receives money from the other when one does (the implementer's report), else the second
    identifier in alphabetical order. `wdww` leaves their transactions out of the totals."""
    pairs = confirmed_duplicate_pairs()
    if not pairs:
        return set()
    identifiers = {x for pair in pairs for x in pair}
    reporter = dict(Activity.objects.filter(iati_identifier__in=identifiers).values_list(
        "iati_identifier", "reporting_organisation__iati_identifier"))
    named: dict[str, set[str]] = defaultdict(set)  # activity → the activities and organisations it received from
    for activity, provider_activity, provider_org in Transaction.objects.filter(
            activity__iati_identifier__in=identifiers, type__in=sorted(detection.INCOMING)).values_list(
            "activity__iati_identifier", "provider_activity_id", "provider_org_ref"):
        named[activity].update({provider_activity, provider_org} - {""})
    dropped = set()
    for a, b in pairs:
        if b in named[a] or (reporter.get(b) and reporter[b] in named[a]):
            dropped.add(a)
        elif a in named[b] or (reporter.get(a) and reporter[a] in named[b]):
            dropped.add(b)
        else:
            dropped.add(max(a, b))
    return dropped
