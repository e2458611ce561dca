"""Reads of provider profiles: who offers what, where. Callers restrict the queryset to what the user may see."""

from django.db.models import Q, QuerySet

from tacoord.providers.models import ProviderProfile
from tacoord.reference.models import Article, Cluster, Country, Region

PROFILE_RELATIONS = ("articles__instrument", "clusters", "priority_areas", "ta_types", "languages", "regions",
                     "countries")


def provider_profiles_with_relations(queryset: QuerySet | None = None) -> QuerySet:
    queryset = ProviderProfile.objects.all() if queryset is None else queryset
    return queryset.select_related("organisation__country").prefetch_related(*PROFILE_RELATIONS)


def substantive_clusters() -> QuerySet:
    """The clusters assistance can be about: not the final clauses (signature, entry into force...)."""
    return Cluster.objects.filter(pk__in=Article.objects.filter(is_final_clause=False).values("cluster"))


def offers_article(article: Article) -> Q:
    """Profiles naming the article, or the cluster it belongs to."""
    query = Q(articles=article)
    return query | Q(clusters=article.cluster_id) if article.cluster_id else query


def works_in_region(region: Region) -> Q:
    """Profiles working in the region: named directly, through the region it lies in or one within it, or through
    one of its countries."""
    query = (Q(regions=region) | Q(regions__parent=region) | Q(countries__region=region)
             | Q(countries__sub_region=region) | Q(countries__intermediate_region=region))
    return query | Q(regions=region.parent_id) if region.parent_id else query


def works_in_country(country: Country) -> Q:
    """Profiles working in the country: named directly, or through a region it lies in."""
    regions = [pk for pk in (country.region_id, country.sub_region_id, country.intermediate_region_id) if pk]
    return Q(countries=country) | Q(regions__in=regions)


def provider_profiles_in_country(*, queryset: QuerySet, country: Country) -> QuerySet:
    return queryset.filter(pk__in=queryset.filter(works_in_country(country)).values("pk"))
