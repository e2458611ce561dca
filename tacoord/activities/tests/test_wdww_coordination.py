"""Coordination in one country, on its own (no database): needs addressed, gaps, possible duplication."""

from datetime import date

from tacoord.activities.wdww.coordination import NeedRef, Span, coverage, overlaps

TODAY = date(2026, 6, 1)


def span(id, provider, start, end, articles=(), areas=(), needs=(), clusters=()):
    return Span(id=id, provider=provider, start=start, end=end, articles=frozenset(articles),
                priority_areas=frozenset(areas), needs=frozenset(needs), clusters=frozenset(clusters))


def test_coverage_linked_matching_and_gaps():
    activities = [
        span(1, "A", date(2025, 1, 1), date(2027, 1, 1), articles=[5], clusters=[1], needs=[100]),
        span(2, "B", date(2025, 1, 1), None, articles=[18], clusters=[2], areas=[3]),
        span(3, "C", date(2020, 1, 1), date(2021, 1, 1), articles=[7], needs=[103]),  # over, but it says so
        span(4, "D", date(2020, 1, 1), date(2021, 1, 1), articles=[9]),  # over: no longer addresses article 9
    ]
    needs = [NeedRef(100, 5, None), NeedRef(101, 18, None), NeedRef(102, None, 3), NeedRef(103, 7, None),
             NeedRef(104, 9, None), NeedRef(105, None, None, cluster=1), NeedRef(106, None, 4)]
    result = {cover.need.id: (cover.linked, cover.matching, cover.gap) for cover in coverage(needs, activities, TODAY)}
    assert result[100] == ([1], [], False)
    assert result[101] == ([], [2], False)
    assert result[102] == ([], [2], False)
    assert result[103] == ([3], [], False)
    assert result[104] == ([], [], True)
    assert result[105] == ([], [1], False)
    assert result[106] == ([], [], True)


def test_overlaps_of_different_providers_on_the_same_article():
    activities = [
        span(1, "A", date(2025, 1, 1), date(2026, 1, 1), articles=[5, 6]),
        span(2, "B", date(2025, 6, 1), date(2027, 1, 1), articles=[5, 6]),
        span(3, "A", date(2025, 3, 1), date(2025, 9, 1), articles=[5]),  # same provider as 1
        span(4, "C", date(2026, 2, 1), None, articles=[5]),  # after 1 and 3, during 2 (open-ended)
        span(5, "D", None, None, articles=[5]),  # no dates: period unknown
        span(6, "E", date(2025, 1, 1), date(2027, 1, 1), articles=[7]),
    ]
    found, more = overlaps(activities)
    pairs = {(o.first, o.second): (sorted(o.articles), o.start, o.end) for o in found}
    assert not more
    assert pairs == {
        (1, 2): ([5, 6], date(2025, 6, 1), date(2026, 1, 1)),
        (2, 3): ([5], date(2025, 6, 1), date(2025, 9, 1)),
        (2, 4): ([5], date(2026, 2, 1), date(2027, 1, 1)),
    }
    assert (found[0].first, found[0].second) == (1, 2)  # most articles in common first


def test_overlaps_limit():
    activities = [span(index, f"P{index}", date(2025, 1, 1), date(2026, 1, 1), articles=[5]) for index in range(30)]
    found, more = overlaps(activities, limit=10)
    assert len(found) == 10 and more
