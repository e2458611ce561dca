"""Coordination in one country, in plain Python: which activities address each validated need, which needs nobody
addresses (gaps), and which activities of different providers overlap in article and period (possible duplication).

An activity addresses a need when it says so (its list of needs), or — "may address" — when it works in the need's
country on the need's article (for a need without an article: on an article of its cluster, else on its priority
area) and has not ended before today. The callers give activities already restricted to the country and to what
the user may see.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

FAR_FUTURE = date(9999, 12, 31)


@dataclass(frozen=True)
class Span:
    id: int
    provider: int | None
    start: date | None
    end: date | None
    articles: frozenset = frozenset()
    priority_areas: frozenset = frozenset()
    needs: frozenset = frozenset()
    clusters: frozenset = frozenset()  # of its articles

    @property
    def known_period(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass(frozen=True)
class NeedRef:
    id: int
    article: int | None
    priority_area: int | None
    cluster: int | None = None


@dataclass
class Coverage:
    need: NeedRef
    linked: list[int] = field(default_factory=list)  # activities that say they address it
    matching: list[int] = field(default_factory=list)  # activities on its article (or priority area), not linked

    @property
    def gap(self) -> bool:
        return not self.linked and not self.matching


def coverage(needs: list[NeedRef], activities: list[Span], today: date) -> list[Coverage]:
    by_article: dict[int, list[Span]] = defaultdict(list)
    by_area: dict[int, list[Span]] = defaultdict(list)
    by_cluster: dict[int, list[Span]] = defaultdict(list)
    by_need: dict[int, list[int]] = defaultdict(list)
    for span in activities:
        for need in span.needs:
            by_need[need].append(span.id)
        if span.end is not None and span.end < today:
            continue  # over: it no longer addresses anything
        for article in span.articles:
            by_article[article].append(span)
        for area in span.priority_areas:
            by_area[area].append(span)
        for cluster in span.clusters:
            by_cluster[cluster].append(span)
    result = []
    for need in needs:
        linked = sorted(set(by_need.get(need.id, ())))
        if need.article:
            pool = by_article.get(need.article, [])
        elif need.cluster:
            pool = by_cluster.get(need.cluster, [])
        else:
            pool = by_area.get(need.priority_area, [])
        matching = sorted({span.id for span in pool} - set(linked))
        result.append(Coverage(need=need, linked=linked, matching=matching))
    return result


@dataclass(frozen=True)
class Overlap:
    first: int
    second: int
    articles: frozenset
    start: date
    end: date | None  # None: open-ended


def overlaps(activities: list[Span], limit: int = 200) -> tuple[list[Overlap], bool]:
    """Pairs of activities by different providers sharing an article with periods that overlap; at most `limit`
    pairs (and whether more were left out). An activity without any date is left out: its period is unknown."""
    by_article: dict[int, list[Span]] = defaultdict(list)
    for span in activities:
        if span.known_period:
            for article in span.articles:
                by_article[article].append(span)
    shared: dict[tuple[int, int], set] = defaultdict(set)
    spans: dict[int, Span] = {span.id: span for span in activities}
    for article, group in by_article.items():
        group.sort(key=lambda span: (span.start or date.min, span.id))
        for index, span in enumerate(group):
            span_end = span.end or FAR_FUTURE
            for other in group[index + 1:]:
                if (other.start or date.min) > span_end:
                    break  # sorted by start: no later one overlaps either
                if other.provider == span.provider:
                    continue
                if (other.end or FAR_FUTURE) >= (span.start or date.min):
                    shared[tuple(sorted((span.id, other.id)))].add(article)
    result = []
    for (first, second), articles in shared.items():
        a, b = spans[first], spans[second]
        start = max(a.start or date.min, b.start or date.min)
        ends = [end for end in (a.end, b.end) if end is not None]
        result.append(Overlap(first=first, second=second, articles=frozenset(articles),
                              start=start, end=min(ends) if ends else None))
    result.sort(key=lambda overlap: (-len(overlap.articles), overlap.start, overlap.first, overlap.second))
    return result[:limit], len(result) > limit
