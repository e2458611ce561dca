"""Proposing tags (articles, priority areas, types of assistance) for activities. Plain Python, no Django.

Two sources: rules on OECD DAC purpose codes, and a lexicon classifier over titles and descriptions in the six UN
languages. A target is a string such as "article UNTOC 6", "priority_area 2" or "ta_type training". Confidence of
several pieces of evidence for one target combines as 1 - Π(1 - w): each independent hint makes it surer, never 1.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

SECTOR_RULE = "sector_rule"
TEXT = "text"
MIN_CONFIDENCE = 0.3
MAX_CONFIDENCE = 0.95
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().replace("’", "'")


@dataclass
class Proposal:
    target: str
    confidence: float
    source: str
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Term:
    tokens: tuple[tuple[str, bool], ...]  # (stem, matches any ending)
    target: str
    weight: float
    text: str


class TextClassifier:
    """Matches lexicon terms as whole words (prefixes where a term ends in *), Chinese terms as substrings."""

    def __init__(self, terms: Iterable[tuple[str, str, float]]):
        self._index: dict[str, list[_Term]] = defaultdict(list)
        self._cjk: list[tuple[str, str, float]] = []
        self._starting: dict[str, tuple[_Term, ...]] = {}
        for target, text, weight in terms:
            text = normalise(text).strip()
            if not text:
                continue
            if _CJK.search(text):
                self._cjk.append((text.rstrip("*"), target, weight))
                continue
            tokens = tuple((word.rstrip("*"), word.endswith("*")) for word in text.split())
            tokens = tuple((stem, prefix) for stem, prefix in tokens if stem)
            if tokens:
                self._index[tokens[0][0][:3]].append(_Term(tokens, target, weight, text))

    def matches(self, text: str) -> dict[str, set[str]]:
        """{target: the terms found} in `text`."""
        text = normalise(text)
        found: dict[str, set[str]] = defaultdict(set)
        words = _WORD.findall(text)
        starting = self._starting
        for position, word in enumerate(words):
            terms = starting.get(word)
            if terms is None:
                terms = self._terms_starting(word)
            if terms:  # most words begin no term: nothing more to do for them
                for term in terms:
                    if len(term.tokens) == 1 or _matches_at(words, position, term.tokens):
                        found[term.target].add(term.text)
        for term, target, _weight in self._cjk:
            if term in text:
                found[target].add(term)
        return found

    def _terms_starting(self, word: str) -> tuple[_Term, ...]:
        """The terms whose first word matches `word`, remembered for the next texts (the vocabulary is bounded)."""
        if len(self._starting) > 500_000:
            self._starting.clear()
        terms = self._starting[word] = tuple(
            term for term in self._index.get(word[:3], ())
            if (word.startswith(term.tokens[0][0]) if term.tokens[0][1] else word == term.tokens[0][0]))
        return terms

    def classify(self, texts: Iterable[str]) -> list[Proposal]:
        found: dict[str, set[str]] = defaultdict(set)
        for text in texts:
            for target, terms in self.matches(text).items():
                found[target] |= terms
        weights = self._weights()
        proposals = []
        for target, terms in found.items():
            confidence = _combine(weights[(target, term)] for term in terms)
            proposals.append(Proposal(target, confidence, TEXT, sorted(terms)))
        return proposals

    def _weights(self) -> dict[tuple[str, str], float]:
        if not hasattr(self, "_weight_cache"):
            cache = {(term.target, term.text): term.weight for terms in self._index.values() for term in terms}
            cache.update({(target, text): weight for text, target, weight in self._cjk})
            self._weight_cache = cache
        return self._weight_cache


def _matches_at(words: list[str], position: int, tokens: tuple[tuple[str, bool], ...]) -> bool:
    if position + len(tokens) > len(words):
        return False
    for offset, (stem, prefix) in enumerate(tokens):
        word = words[position + offset]
        if not (word.startswith(stem) if prefix else word == stem):
            return False
    return True


def _combine(weights: Iterable[float]) -> float:
    remaining = 1.0
    for weight in weights:
        remaining *= 1 - weight
    return round(min(MAX_CONFIDENCE, 1 - remaining), 3)


def sector_proposals(rules: list[dict], sector_codes: Iterable[str]) -> list[Proposal]:
    """Tags proposed by the rules on the activity's DAC purpose codes."""
    codes = set(sector_codes)
    evidence: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for rule in rules:
        if rule["sector"] not in codes:
            continue
        targets = ([f"article {article}" for article in rule.get("articles", [])]
                   + [f"priority_area {number}" for number in rule.get("priority_areas", [])]
                   + [f"ta_type {code}" for code in rule.get("ta_types", [])])
        for target in targets:
            evidence[target].append((rule["sector"], float(rule["confidence"])))
    return [Proposal(target, _combine(weight for _code, weight in hints), SECTOR_RULE,
                     [f"DAC {code}" for code, _weight in hints]) for target, hints in evidence.items()]


def merge(*groups: list[Proposal], minimum: float = MIN_CONFIDENCE) -> list[Proposal]:
    """One proposal per target: confidences combined, the source of the strongest evidence, all the evidence."""
    by_target: dict[str, list[Proposal]] = defaultdict(list)
    for group in groups:
        for proposal in group:
            by_target[proposal.target].append(proposal)
    merged = []
    for target, proposals in by_target.items():
        strongest = max(proposals, key=lambda proposal: proposal.confidence)
        confidence = _combine(proposal.confidence for proposal in proposals)
        if confidence >= minimum:
            merged.append(Proposal(target, confidence, strongest.source,
                                   [item for proposal in proposals for item in proposal.evidence]))
    return sorted(merged, key=lambda proposal: (-proposal.confidence, proposal.target))
