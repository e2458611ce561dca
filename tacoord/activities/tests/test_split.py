from decimal import Decimal

from tacoord.activities.narratives import narrative_text
from tacoord.activities.split import Share, sector_vocabulary_to_split, split_rows


def test_split_by_reported_percentages_adds_up_to_the_whole():
    rows = split_rows([Share("KE", Decimal(60)), Share("TZ", Decimal(40))],
                      [Share("15130", Decimal(75)), Share("15210", Decimal(25))])
    assert [(country, sector, share) for country, sector, share in rows] == [
        ("KE", "15130", Decimal("0.45")), ("KE", "15210", Decimal("0.15")),
        ("TZ", "15130", Decimal("0.30")), ("TZ", "15210", Decimal("0.10"))]
    assert sum(share for _c, _s, share in rows) == 1


def test_without_percentages_the_shares_are_equal_and_nothing_is_lost():
    rows = split_rows([Share("KE", None), Share("TZ", Decimal(50))], [])
    assert [(country, sector, share) for country, sector, share in rows] == [
        ("KE", None, Decimal("0.5")), ("TZ", None, Decimal("0.5"))]
    assert split_rows([], []) == [(None, None, Decimal(1))]


def test_vocabulary_to_split():
    assert sector_vocabulary_to_split(["99", "1"]) == "1"
    assert sector_vocabulary_to_split(["99", "2"]) == "99"
    assert sector_vocabulary_to_split([]) is None


def test_narrative_fallbacks():
    texts = {"fr": "Formation", "en": "Training", "sw": "Mafunzo"}
    assert narrative_text(texts, "fr-ca") == "Formation"
    assert narrative_text(texts, "ru") == "Training"
    assert narrative_text({"sw": "Mafunzo"}, "ru") == "Mafunzo"
    assert narrative_text({"sw": "Mafunzo", "de": "Schulung"}, "ru", default_language="de") == "Schulung"
    assert narrative_text(None) == ""
