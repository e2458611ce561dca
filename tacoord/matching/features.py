"""Reads that turn needs, provider profiles, activities and experts into the plain features scoring.py ranks.

Each reader takes a queryset (already restricted by the caller when a person asks) and answers in a fixed number of
queries, whatever the number of rows: ten thousand needs or twenty thousand activities are read in seconds.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from tacoord.activities.choices import ActivityStatus
from tacoord.activities.models import Activity, RecipientCountry
from tacoord.experts.models import Assignment, Availability, Expert
from tacoord.matching.scoring import CandidateFeatures, NeedFeatures
from tacoord.needs.choices import NeedStatus
from tacoord.needs.models import Need
from tacoord.organisations.choices import UNODC_KINDS
from tacoord.organisations.models import Organisation
from tacoord.providers.choices import MODALITY_FIELDS, UnodcPartnership
from tacoord.providers.models import ProviderProfile
from tacoord.reference.models import Article, Country

# Needs still to be met: the ones matching is for.
OPEN_STATUSES = (NeedStatus.IDENTIFIED, NeedStatus.VALIDATED, NeedStatus.BEING_ADDRESSED)
# Activities that could still be extended: in the pipeline or being implemented.
CURRENT_ACTIVITY = (ActivityStatus.PIPELINE, ActivityStatus.IMPLEMENTATION)
HORIZON = timedelta(days=180)  # "soon": an expert free, an activity still running, within this


def open_needs(queryset: QuerySet | None = None) -> QuerySet:
    queryset = Need.objects.all() if queryset is None else queryset
    return queryset.filter(status__in=OPEN_STATUSES, archived_at__isnull=True)


def current_activities(queryset: QuerySet | None = None) -> QuerySet:
    queryset = Activity.objects.all() if queryset is None else queryset
    return queryset.filter(status__in=CURRENT_ACTIVITY, archived_at__isnull=True)


def _pairs(through_rows) -> dict[int, set]:
    grouped = defaultdict(set)
    for owner, item in through_rows:
        grouped[owner].add(item)
    return grouped


def _through(relation, owner_field: str, item_field: str, owners) -> dict[int, set]:
    return _pairs(relation.through.objects.filter(**{f"{owner_field}__in": owners}).values_list(
        owner_field, item_field).iterator(chunk_size=20000))


def country_regions() -> dict[int, frozenset]:
    """Each country's region, sub-region and intermediate region."""
    return {pk: frozenset(r for r in regions if r) for pk, *regions in Country.objects.values_list(
        "pk", "region_id", "sub_region_id", "intermediate_region_id")}


def article_clusters() -> dict[int, int]:
    return dict(Article.objects.exclude(cluster=None).values_list("pk", "cluster_id"))


def _need_text(description: str, article: str | None, ta_type: str | None) -> str:
    return " ".join(part for part in (description, article, ta_type) if part)


def need_features(queryset: QuerySet) -> list[NeedFeatures]:
    """Features of the needs in `queryset` (three queries)."""
    regions = country_regions()
    rows = list(queryset.order_by("pk").values_list(
        "pk", "country_id", "article_id", "cluster_id", "priority_area_id", "ta_type_id", "description",
        "article__name_en", "ta_type__name_en", "article__cluster_id"))
    languages = _through(Need.languages, "need_id", "language_id", queryset.values("pk"))
    return [NeedFeatures(id=pk, country=country, regions=regions.get(country, frozenset()), article=article,
                         cluster=cluster or article_cluster, priority_area=area, ta_type=ta_type,
                         languages=frozenset(languages.get(pk, ())),
                         text=_need_text(description, article_name, ta_type_name))
            for pk, country, article, cluster, area, ta_type, description, article_name, ta_type_name,
            article_cluster in rows]


def criteria_features(*, country: Country, articles=(), ta_types=(), languages=(), priority_area=None,
                      text: str = "") -> list[NeedFeatures]:
    """A request's criteria as needs to score against: one per article × type of assistance named."""
    regions = country_regions().get(country.pk, frozenset())
    clusters = article_clusters()
    language_ids = frozenset(language.pk for language in languages)
    area = priority_area.pk if priority_area else None
    made = []
    for article in list(articles) or [None]:
        for ta_type in list(ta_types) or [None]:
            made.append(NeedFeatures(
                id=len(made), country=country.pk, regions=regions, article=article.pk if article else None,
                cluster=clusters.get(article.pk) if article else None, priority_area=area,
                ta_type=ta_type.pk if ta_type else None, languages=language_ids,
                text=_need_text(text, article.name_en if article else None, ta_type.name_en if ta_type else None)))
    return made


def _programmes(organisations, regions: dict[int, frozenset]) -> tuple[dict, dict]:
    """For each organisation (and the offices under it): the countries of its current activities, and their
    regions."""
    parent = dict(Organisation.objects.filter(Q(pk__in=organisations) | Q(parent__in=organisations))
                  .values_list("pk", "parent_id"))
    countries = defaultdict(set)
    rows = RecipientCountry.objects.filter(activity__in=current_activities().filter(
        reporting_organisation__in=list(parent))).values_list("activity__reporting_organisation_id", "country_id")
    for organisation, country in rows.iterator(chunk_size=20000):
        for owner in (organisation, parent.get(organisation)):
            if owner:
                countries[owner].add(country)
    in_regions = {org: frozenset(r for c in found for r in regions.get(c, ())) for org, found in countries.items()}
    return {org: frozenset(found) for org, found in countries.items()}, in_regions


def track_record(kind: str, ids) -> dict[int, float]:
    """The hook for evaluations: each candidate's track record in [0, 1]. No evaluations exist yet: none."""
    return {}


def provider_features(queryset: QuerySet) -> list[CandidateFeatures]:
    regions = country_regions()
    clusters_of = article_clusters()
    profiles = list(queryset.order_by("pk").values_list(
        "pk", "organisation_id", "organisation__kind", "unodc_partnership", "summary", *MODALITY_FIELDS.values()))
    pks = [row[0] for row in profiles]
    relation = {name: _through(getattr(ProviderProfile, name), "providerprofile_id", f"{field}_id", pks)
                for name, field in (("articles", "article"), ("clusters", "cluster"),
                                    ("priority_areas", "priorityarea"), ("ta_types", "technicalassistancetype"),
                                    ("languages", "language"), ("regions", "region"), ("countries", "country"))}
    programme_countries, programme_regions = _programmes([row[1] for row in profiles], regions)
    record = track_record("provider", pks)
    made = []
    for pk, organisation, kind, partnership, summary, *modalities in profiles:
        articles = relation["articles"].get(pk, set())
        countries = relation["countries"].get(pk, set())
        made.append(CandidateFeatures(
            kind="provider", id=pk, articles=frozenset(articles),
            clusters=frozenset(relation["clusters"].get(pk, set()) | {clusters_of[a] for a in articles
                                                                      if a in clusters_of}),
            priority_areas=frozenset(relation["priority_areas"].get(pk, ())),
            ta_types=frozenset(relation["ta_types"].get(pk, ())),
            languages=frozenset(relation["languages"].get(pk, ())),
            countries=frozenset(countries),
            regions=frozenset(relation["regions"].get(pk, set()) | {r for c in countries for r in regions.get(c, ())}),
            programme_countries=programme_countries.get(organisation, frozenset()),
            programme_regions=programme_regions.get(organisation, frozenset()),
            availability=min(1.0, sum(modalities) / 3), track_record=record.get(pk, 0.0),
            unodc=1.0 if partnership != UnodcPartnership.NONE or kind in UNODC_KINDS else 0.0,
            text=summary))
    return made


def _narratives(value) -> str:
    return " ".join(str(text) for text in value.values()) if isinstance(value, dict) else ""


def activity_availability(status: str, end: date | None, today: date) -> float:
    """A planned activity can most easily take more on; one under way less so as its end comes nearer."""
    if status == ActivityStatus.PIPELINE:
        return 1.0
    if end is None or end >= today + HORIZON:
        return 0.7
    return 0.3


def activity_features(queryset: QuerySet, today: date) -> list[CandidateFeatures]:
    regions = country_regions()
    clusters_of = article_clusters()
    rows = list(queryset.order_by("pk").values_list(
        "pk", "reporting_organisation_id", "reporting_organisation__kind", "status", "planned_end", "actual_end",
        "title", "description"))
    pks = queryset.values("pk")
    relation = {name: _through(getattr(Activity, name), "activity_id", f"{field}_id", pks)
                for name, field in (("articles", "article"), ("priority_areas", "priorityarea"),
                                    ("ta_types", "technicalassistancetype"), ("delivery_languages", "language"))}
    countries = _pairs(RecipientCountry.objects.filter(activity__in=pks).values_list("activity_id", "country_id")
                       .iterator(chunk_size=20000))
    organisations = {row[1] for row in rows}
    programme_countries, programme_regions = _programmes(list(organisations), regions)
    partners = set(ProviderProfile.objects.filter(organisation__in=organisations).exclude(
        unodc_partnership=UnodcPartnership.NONE).values_list("organisation_id", flat=True))
    record = track_record("activity", [row[0] for row in rows])
    made = []
    for pk, organisation, kind, status, planned_end, actual_end, title, description in rows:
        articles = relation["articles"].get(pk, set())
        where = countries.get(pk, set())
        made.append(CandidateFeatures(
            kind="activity", id=pk, articles=frozenset(articles),
            clusters=frozenset(clusters_of[a] for a in articles if a in clusters_of),
            priority_areas=frozenset(relation["priority_areas"].get(pk, ())),
            ta_types=frozenset(relation["ta_types"].get(pk, ())),
            languages=frozenset(relation["delivery_languages"].get(pk, ())), countries=frozenset(where),
            regions=frozenset(r for c in where for r in regions.get(c, ())),
            programme_countries=programme_countries.get(organisation, frozenset()),
            programme_regions=programme_regions.get(organisation, frozenset()),
            availability=activity_availability(status, actual_end or planned_end, today),
            track_record=record.get(pk, 0.0),
            unodc=1.0 if organisation in partners or kind in UNODC_KINDS else 0.0,
            text=f"{_narratives(title)} {_narratives(description)}"))
    return made


def expert_features(queryset: QuerySet, today: date) -> list[CandidateFeatures]:
    regions = country_regions()
    clusters_of = article_clusters()
    rows = list(queryset.order_by("pk").values_list("pk", "title", "expertise"))
    pks = queryset.values("pk")
    relation = {name: _through(getattr(Expert, name), "expert_id", f"{field}_id", pks)
                for name, field in (("articles", "article"), ("clusters", "cluster"),
                                    ("priority_areas", "priorityarea"), ("languages", "language"),
                                    ("regions", "region"))}
    worked_in = _pairs(Assignment.objects.filter(expert__in=pks, archived_at__isnull=True).exclude(country=None)
                       .values_list("expert_id", "country_id"))
    free = set(Availability.objects.filter(expert__in=pks, archived_at__isnull=True, ends_on__gte=today,
                                           starts_on__lte=today + HORIZON).values_list("expert_id", flat=True))
    record = track_record("expert", [row[0] for row in rows])
    made = []
    for pk, title, expertise in rows:
        articles = relation["articles"].get(pk, set())
        countries = worked_in.get(pk, set())
        made.append(CandidateFeatures(
            kind="expert", id=pk, articles=frozenset(articles),
            clusters=frozenset(relation["clusters"].get(pk, set()) | {clusters_of[a] for a in articles
                                                                      if a in clusters_of}),
            priority_areas=frozenset(relation["priority_areas"].get(pk, ())),
            languages=frozenset(relation["languages"].get(pk, ())), countries=frozenset(countries),
            regions=frozenset(relation["regions"].get(pk, set()) | {r for c in countries for r in regions.get(c, ())}),
            availability=1.0 if pk in free else 0.0, track_record=record.get(pk, 0.0), text=f"{title} {expertise}"))
    return made


def all_candidates(today: date) -> list[CandidateFeatures]:
    return (provider_features(ProviderProfile.objects.filter(archived_at__isnull=True))
            + activity_features(current_activities(), today)
            + expert_features(Expert.objects.filter(archived_at__isnull=True), today))
