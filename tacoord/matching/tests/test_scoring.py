"""The scoring module on its own: no database."""

import random

import pytest

from tacoord.matching import scoring
from tacoord.matching.scoring import (
    DEFAULT_WEIGHTS,
    PARTS,
    CandidateFeatures,
    Matcher,
    NeedFeatures,
    naive_rank,
    tokens,
)

AFRICA, WEST, AMERICAS = 1, 2, 3
SENEGAL, PERU = 10, 20
FR, EN = 100, 101
A18, FP8 = 18, 8
IC, FIRE = 50, 51
DRAFTING, TRAINING = 200, 201
COOPERATION = 3


def mla_need(**changes):
    fields = {"id": 1, "country": SENEGAL, "regions": frozenset({AFRICA, WEST}), "article": A18, "cluster": IC,
              "priority_area": COOPERATION, "ta_type": DRAFTING, "languages": frozenset({FR}),
              "text": "Draft a law on mutual legal assistance in criminal matters"}
    return NeedFeatures(**{**fields, **changes})


FRANCOPHONE = CandidateFeatures(
    kind="provider", id=1, articles=frozenset({A18}), clusters=frozenset({IC}), priority_areas=frozenset({COOPERATION}),
    ta_types=frozenset({DRAFTING}), languages=frozenset({FR, EN}), regions=frozenset({AFRICA}), availability=0.67,
    text="Legislative assistance on mutual legal assistance and extradition laws")
ANGLOPHONE = CandidateFeatures(
    kind="provider", id=2, articles=frozenset({FP8}), clusters=frozenset({FIRE}),
    priority_areas=frozenset({COOPERATION}), ta_types=frozenset({TRAINING}), languages=frozenset({EN}),
    countries=frozenset({PERU}), regions=frozenset({AMERICAS}), availability=0.33,
    text="Firearms marking and record-keeping training for police")


def test_constructed_case_french_legislative_provider_first():
    [found] = Matcher([ANGLOPHONE, FRANCOPHONE]).rank([mla_need()])
    assert [s.candidate for s in found] == [1, 2]
    first, second = found
    assert first.score > second.score
    assert {"article", "cluster", "ta_type", "language", "region", "text"} <= set(first.parts)
    assert set(second.parts) == {"priority_area", "availability"}  # shares only the area; no language, elsewhere


def test_score_is_the_sum_of_its_parts():
    [found] = Matcher([ANGLOPHONE, FRANCOPHONE]).rank([mla_need()])
    for scored in found:
        assert scored.score == pytest.approx(sum(scored.parts.values()), abs=1e-3)
        assert all(0 < points <= DEFAULT_WEIGHTS[part] + 1e-6 for part, points in scored.parts.items())


def test_no_shared_subject_no_candidate():
    unrelated = CandidateFeatures(kind="provider", id=3, languages=frozenset({FR}), countries=frozenset({SENEGAL}),
                                  regions=frozenset({AFRICA}), text="Road safety campaigns")
    [found] = Matcher([unrelated]).rank([mla_need()])
    assert found == []


def test_weights_are_data():
    weights = {**DEFAULT_WEIGHTS, "language": 0.0, "text": 0.0}
    [found] = Matcher([FRANCOPHONE], weights).rank([mla_need()])
    assert "language" not in found[0].parts and "text" not in found[0].parts


def test_language_region_and_programmes():
    there = CandidateFeatures(kind="activity", id=5, articles=frozenset({A18}), countries=frozenset({SENEGAL}),
                              programme_regions=frozenset({AFRICA}), availability=1.0, unodc=1.0)
    [found] = Matcher([there]).rank([mla_need(languages=frozenset())])
    parts = found[0].parts
    assert parts["country"] == DEFAULT_WEIGHTS["country"]
    assert parts["programmes"] == pytest.approx(0.5 * DEFAULT_WEIGHTS["programmes"])
    assert parts["unodc"] == DEFAULT_WEIGHTS["unodc"] and "language" not in parts


def test_top_per_kind_and_rank_needs():
    experts = [CandidateFeatures(kind="expert", id=i, articles=frozenset({A18}), availability=i / 20)
               for i in range(1, 16)]
    [found] = Matcher([FRANCOPHONE, *experts]).rank([mla_need()], limit=10)
    kinds = [s.kind for s in found]
    assert kinds.count("provider") == 1 and kinds.count("expert") == 10
    assert [s.candidate for s in found if s.kind == "expert"] == list(range(15, 5, -1))
    needs = [mla_need(id=1), mla_need(id=2, article=FP8, cluster=FIRE, priority_area=None, text="")]
    ranked = Matcher([FRANCOPHONE]).rank_needs(needs)
    assert [s.need for s in ranked] == [1]


@pytest.mark.parametrize("pool_whole", [0.0, 1.01])  # batches scored against every candidate, or their pool
def test_vectorised_equals_naive_baseline(monkeypatch, pool_whole):
    monkeypatch.setattr(scoring, "POOL_WHOLE", pool_whole)
    generator = random.Random(7)
    words = ["mutual", "legal", "assistance", "extradition", "firearms", "trafficking", "corruption", "witness",
             "asset", "recovery"]
    candidates = [CandidateFeatures(
        kind=generator.choice(["provider", "activity", "expert"]), id=i,
        articles=frozenset(generator.sample(range(10), 2)), clusters=frozenset({generator.randrange(3)}),
        ta_types=frozenset({generator.randrange(4)}), languages=frozenset(generator.sample(range(5), 2)),
        countries=frozenset({generator.randrange(8)}), regions=frozenset({generator.randrange(3)}),
        availability=generator.random(), text=" ".join(generator.sample(words, 3))) for i in range(60)]
    needs = [NeedFeatures(id=i, country=generator.randrange(8), regions=frozenset({generator.randrange(3)}),
                          article=generator.randrange(10), cluster=generator.randrange(3),
                          ta_type=generator.randrange(4), languages=frozenset({generator.randrange(5)}),
                          text=" ".join(generator.sample(words, 3))) for i in range(20)]
    fast = [[(s.kind, s.candidate, s.score) for s in found] for found in Matcher(
        candidates, needs_corpus=[n.text for n in needs]).rank(needs, limit=5)]
    slow = naive_rank(needs, candidates, limit=5)
    for got, expected in zip(fast, slow, strict=True):
        assert [score for _k, _c, score in got] == pytest.approx([score for _k, _c, score in expected], abs=1e-3)


def test_tokens_fold_case_and_drop_function_words():
    assert tokens("The LAW on Mutual Legal Assistance, pour les États") == ["law", "mutual", "legal", "assistance",
                                                                            "états"]
    assert set(PARTS) == set(DEFAULT_WEIGHTS)
