"""Reads of requests for assistance: the pipeline (requests per stage, median days per stage, by region and State),
the public's anonymised counts, and what a request's page shows. Every read is limited to what the user may see."""

from collections import Counter, defaultdict

from django.db import connection
from django.db.models import Count, Q, QuerySet

from tacoord.assistance import lifecycle as lc
from tacoord.assistance.choices import Stage
from tacoord.assistance.models import Request, RequestStep
from tacoord.core.permissions import Action
from tacoord.core.roles import Role, role_of
from tacoord.reference.models import Country, Region

PIPELINE_STAGES = [stage for stage in lc.STAGES if stage not in lc.STATE_ONLY]


def visible_requests(user) -> QuerySet:
    """The requests the user may see, as a plain filter (no DISTINCT), so counts can group on it."""
    restricted = Request.objects.restrict(user, Action.VIEW)
    if role_of(user) == Role.SECRETARIAT:
        return Request.objects.all()
    return Request.objects.filter(pk__in=restricted.values("pk"))


def filter_requests(queryset: QuerySet, *, region: Region | None = None, country: Country | None = None) -> QuerySet:
    if country is not None:
        queryset = queryset.filter(country=country)
    if region is not None:
        queryset = queryset.filter(Q(country__region=region) | Q(country__sub_region=region)
                                   | Q(country__intermediate_region=region))
    return queryset


MEDIANS_FROM_INDEX = """
    SELECT counted.from_stage, counted.n,
           ARRAY(SELECT step.days_in_stage FROM assistance_requeststep step
                 WHERE step.from_stage = counted.from_stage AND step.days_in_stage IS NOT NULL
                 ORDER BY step.days_in_stage OFFSET (counted.n - 1) / 2 LIMIT 2 - counted.n % 2)
    FROM (SELECT from_stage, COUNT(*) AS n FROM assistance_requeststep WHERE days_in_stage IS NOT NULL
          GROUP BY from_stage) counted"""


def median_days_by_stage(requests: QuerySet, *, whole_table: bool = False) -> dict[str, float]:
    """Median days spent in each stage before the step out of it, over the given requests' steps. For all requests
    on PostgreSQL the middle value(s) of each stage are read by position from the (stage, days) index instead of
    sorting every step."""
    steps = RequestStep.objects.filter(days_in_stage__isnull=False)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if whole_table:
                cursor.execute(MEDIANS_FROM_INDEX)
                return {stage: round(sum(middle) / len(middle), 1) for stage, _n, middle in cursor.fetchall()
                        if middle}
            sql, params = steps.filter(request__in=requests.values("pk")).values(
                "from_stage", "days_in_stage").query.sql_with_params()
            cursor.execute("SELECT s.from_stage, percentile_cont(0.5) WITHIN GROUP (ORDER BY s.days_in_stage) "
                           f"FROM ({sql}) s GROUP BY s.from_stage", params)
            return {stage: round(value, 1) for stage, value in cursor.fetchall()}
    if not whole_table:
        steps = steps.filter(request__in=requests.values("pk"))
    values = defaultdict(list)
    for stage, days in steps.values_list("from_stage", "days_in_stage").iterator(chunk_size=5000):
        values[stage].append(days)
    return {stage: round(lc.median(days), 1) for stage, days in values.items()}


def _grouped(requests: QuerySet, field: str) -> dict:
    table = defaultdict(dict)
    for key, stage, count in requests.values_list(field, "stage").annotate(n=Count("pk")).order_by():
        table[key][stage] = count
    return table


def pipeline(*, user, region: Region | None = None, country: Country | None = None) -> dict:
    """Counts per stage, median days per stage, and the same counts by region and by State."""
    requests = filter_requests(visible_requests(user).filter(archived_at__isnull=True), region=region,
                               country=country)
    stages = list(lc.STAGES) if role_of(user) != Role.PROVIDER_OFFICER else PIPELINE_STAGES
    whole = role_of(user) == Role.SECRETARIAT and region is None and country is None
    medians = median_days_by_stage(requests, whole_table=whole)
    by_state = _grouped(requests, "country_id")
    per_stage = Counter()
    for counts in by_state.values():
        per_stage.update(counts)
    countries = {c.pk: c for c in Country.objects.filter(pk__in=list(by_state)).select_related("region")}
    by_region = defaultdict(Counter)  # summed from the States' rows: no second GROUP BY over a join
    for key, counts in by_state.items():
        by_region[countries[key].region_id].update(counts)
    regions = {region.pk: region for region in Region.objects.filter(pk__in=[k for k in by_region if k])}
    return {
        "stages": [(stage, Stage(stage).label, per_stage.get(stage, 0), medians.get(stage)) for stage in stages],
        "total": sum(per_stage.values()),
        "by_region": sorted(
            [(regions.get(key), [counts.get(stage, 0) for stage in stages], sum(counts.values()))
             for key, counts in by_region.items()], key=lambda row: str(row[0] or "")),
        "by_state": sorted(
            [(countries[key], [counts.get(stage, 0) for stage in stages], sum(counts.values()))
             for key, counts in by_state.items()], key=lambda row: row[0].name),
        "stage_keys": stages,
    }


def public_counts() -> dict:
    """What the public sees: how many requests (submitted, not drafts) are in each stage, in each region — no State,
    no title, no provider."""
    requests = Request.objects.filter(archived_at__isnull=True).exclude(
        stage__in=lc.STATE_ONLY)
    by_state = _grouped(requests, "country_id")
    region_of = dict(Country.objects.filter(pk__in=list(by_state)).values_list("pk", "region_id"))
    per_stage, by_region = Counter(), defaultdict(Counter)
    for key, counts in by_state.items():
        per_stage.update(counts)
        by_region[region_of[key]].update(counts)
    regions = {region.pk: region for region in Region.objects.filter(pk__in=[k for k in by_region if k])}
    return {
        "stages": [(stage, Stage(stage).label, per_stage.get(stage, 0)) for stage in PIPELINE_STAGES],
        "total": sum(per_stage.values()),
        "by_region": sorted([(regions.get(key), sum(counts.values())) for key, counts in by_region.items()],
                            key=lambda row: str(row[0] or "")),
    }


def overdue_requests(*, now, days: int):
    """Requests waiting in a stage where someone must act for longer than `days`."""
    from datetime import timedelta

    waiting = [lc.AWAITING_APPROVAL, lc.SUBMITTED, lc.UNDER_TRIAGE, lc.CLARIFICATION_ASKED, lc.ACCEPTED,
               lc.CIRCULATED, lc.OFFERS_RECEIVED, lc.AGREED]
    return (Request.objects.filter(stage__in=waiting, stage_since__lt=now - timedelta(days=days),
                                   archived_at__isnull=True)
            .select_related("country", "created_by"))
