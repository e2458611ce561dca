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
    if text.isascii():
        # ASCII is already in NFKC and has no ’, and its casefold is its lower case: spares most English texts the
        # Unicode work.
        return text.lower()
    return unicodedata.normalize("NFKC", text).casefold().replace("’", "'")


@dataclass
class Proposal:
    target: str
    confidence: float
    source: str
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: cheap, and each term is one object
class _Term:
    tokens: tuple[tuple[str, bool], ...]  # (stem, matches any ending)
    target: str
    weight: float
    text: str
    order: int  # place in the lexicon: terms found at the same word are reported in this order
    # A term of several words, as found in the text's words joined by single spaces (see `_phrase`); None for one word.
    phrase: str | re.Pattern | None = None


# The results kept for texts seen recently (many activities share a description, or repeat the title in it), bounded
# by the characters of the texts kept rather than their number since a description may be 80,000 characters long.
CACHE_CHARACTERS = 4_000_000
CACHE_LONGEST = 200_000  # longer texts are not kept: one would push out everything else
VOCABULARY = 500_000  # words whose first-word terms are remembered before starting afresh


class TextClassifier:
    """Matches lexicon terms as whole words (prefixes where a term ends in *), Chinese terms as substrings.

    Most of the words of a text begin no term, so instead of looking at every word in turn the distinct words of a
    text are intersected (a set operation, in C) with the words known to begin a term. Terms of several words are then
    looked for at once in the words joined by spaces, by a substring search or one compiled pattern.
    """

    def __init__(self, terms: Iterable[tuple[str, str, float]]):
        self._index: dict[str, list[_Term]] = defaultdict(list)
        self._cjk: list[tuple[str, str, float]] = []
        self._weights: dict[tuple[str, str], float] = {}  # (target, term) → weight; the later of duplicates wins
        order = 0
        for target, text, weight in terms:
            text = normalise(text).strip()
            if not text:
                continue
            if _CJK.search(text):
                self._cjk.append((text.rstrip("*"), target, weight))
                self._weights[(target, text.rstrip("*"))] = weight
                continue
            tokens = tuple((word.rstrip("*"), word.endswith("*")) for word in text.split())
            tokens = tuple((stem, prefix) for stem, prefix in tokens if stem)
            if tokens:
                phrase = _phrase(tokens) if len(tokens) > 1 else None
                self._index[tokens[0][0][:3]].append(_Term(tokens, target, weight, text, order, phrase))
                order += 1
                self._weights[(target, text)] = weight
        self._cjk_initials = {term[0] for term, _target, _weight in self._cjk}
        self._starting: dict[str, tuple[_Term, ...]] = {}  # word → the terms it begins, for the words in `_seen`
        self._starters: set[str] = set()  # the keys of `_starting`, as a set to intersect with
        self._seen: set[str] = set()
        self._cache: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
        self._cache_characters = 0

    def matches(self, text: str) -> dict[str, set[str]]:
        """{target: the terms found} in `text`."""
        found: dict[str, set[str]] = defaultdict(set)
        for target, terms in self._found(text):
            found[target].update(terms)
        return found

    def _found(self, text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """((target, terms), ...) in `text`, in the order of the first word where each was found; remembered."""
        result = self._cache.get(text)
        if result is None:
            result = self._search(text)
            if len(text) <= CACHE_LONGEST:
                self._cache[text] = result
                self._cache_characters += len(text)
                while self._cache_characters > CACHE_CHARACTERS:  # the oldest go first (dicts keep their order)
                    oldest = next(iter(self._cache))
                    del self._cache[oldest]
                    self._cache_characters -= len(oldest)
        return result

    def _search(self, text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        text = normalise(text)
        words = _WORD.findall(text)
        distinct = set(words)
        unseen = distinct - self._seen
        if unseen:
            self._learn(unseen)
        # Each term found, with the first word where it begins: the order the terms were once found in, word by word.
        first: dict[_Term, int] = {}
        joined = None
        for word in distinct & self._starters:
            position = words.index(word)
            for term in self._starting[word]:
                if term.phrase is None:
                    if position < first.get(term, position + 1):
                        first[term] = position
                elif term not in first:
                    if joined is None:
                        joined = " " + " ".join(words) + " "
                    start = (joined.find(term.phrase) if isinstance(term.phrase, str)
                             else _start(term.phrase.search(joined)))
                    if start >= 0:
                        first[term] = joined.count(" ", 0, start)  # the spaces before it: its word's position
        found: dict[str, list[str]] = defaultdict(list)
        for term in sorted(first, key=lambda term: (first[term], term.order)):
            found[term.target].append(term.text)
        # A Chinese or Japanese term can only be in a text with one of its characters, and can only start with one
        # of the text's characters: most texts need no search at all.
        if self._cjk and not text.isascii() and _CJK.search(text):
            characters = set(text) & self._cjk_initials
            for term, target, _weight in self._cjk:
                if term[0] in characters and term in text:
                    found[target].append(term)
        return tuple((target, tuple(terms)) for target, terms in found.items())

    def _learn(self, words: set[str]) -> None:
        """Remember which terms each of these new words begins (the vocabulary is bounded)."""
        if len(self._seen) + len(words) > VOCABULARY:
            self._seen.clear()
            self._starting.clear()
            self._starters.clear()
        for word in words:
            terms = tuple(
                term for term in self._index.get(word[:3], ())
                if (word.startswith(term.tokens[0][0]) if term.tokens[0][1] else word == term.tokens[0][0]))
            if terms:
                self._starting[word] = terms
                self._starters.add(word)
        self._seen |= words

    def classify(self, texts: Iterable[str]) -> list[Proposal]:
        found: dict[str, set[str]] = defaultdict(set)
        for text in texts:
            for target, terms in self._found(text):
                found[target].update(terms)
        proposals = []
        for target, terms in found.items():
            confidence = _combine(self._weights[(target, term)] for term in terms)
            proposals.append(Proposal(target, confidence, TEXT, sorted(terms)))
        return proposals


def _phrase(tokens: tuple[tuple[str, bool], ...]) -> str | re.Pattern:
    """What a term of several words looks like in a text's words joined by single spaces (words have none).

    Without prefixes it is the plain string, between spaces, found by a substring search; with prefixes a pattern. A
    first word with a prefix of fewer than three letters matches only itself, as it always has (the index of first
    words is by their first three letters).
    """
    tokens = ((stem, prefix and (position > 0 or len(stem) >= 3)) for position, (stem, prefix) in enumerate(tokens))
    tokens = tuple(tokens)
    if not any(prefix for _stem, prefix in tokens):
        return " " + " ".join(stem for stem, _prefix in tokens) + " "
    return re.compile(" " + " ".join(re.escape(stem) + (r"\S*" if prefix else "") for stem, prefix in tokens) + " ")


def _start(match: re.Match | None) -> int:
    return match.start() if match else -1


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
