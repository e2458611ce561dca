"""Reads of the roster. Callers restrict the queryset to what the user may see."""

import datetime

from django.db.models import Q, QuerySet

from tacoord.experts.models import Expert

EXPERT_RELATIONS = ("articles__instrument", "clusters", "priority_areas", "languages", "regions")


def experts_with_relations(queryset: QuerySet | None = None) -> QuerySet:
    queryset = Expert.objects.all() if queryset is None else queryset
    return queryset.select_related("nationality", "user").prefetch_related(*EXPERT_RELATIONS)


def available_between(starts_on: datetime.date, ends_on: datetime.date) -> Q:
    """Experts with one active availability period covering the whole of [starts_on, ends_on]."""
    return Q(availability__starts_on__lte=starts_on, availability__ends_on__gte=ends_on,
             availability__archived_at__isnull=True)


def expert_with_expertise_in_article(article) -> Q:
    """Experts naming the article, or the cluster it belongs to."""
    query = Q(articles=article)
    return query | Q(clusters=article.cluster_id) if article.cluster_id else query
