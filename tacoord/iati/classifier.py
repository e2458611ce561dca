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
from itertools import islice
from os.path import commonprefix

SECTOR_RULE = "sector_rule"
TEXT = "text"
MIN_CONFIDENCE = 0.3
MAX_CONFIDENCE = 0.95
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def normalise(text: str) -> str:
    if text.isascii():
        # ASCII is already in NFKC and has no ’, and its casefold is its lower case: this spares most English texts the
        # Unicode work.
        return text.lower()
    return unicodedata.normalize("NFKC", text).casefold().replace("’", "'")


@dataclass
class Proposal:
    target: str
    confidence: float
    source: str
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True, eq=False)  # hashed by identity: cheap, and each term is one object
class _Term:
    tokens: tuple[tuple[str, bool], ...]  # (stem, matches any ending)
    target: str
    weight: float
    text: str
    # For a term of several words, a pattern matching at least where the term is (see `_candidates`): rules out most
    # places in C before their words are read.
    near: re.Pattern | None = None


# The results for the texts seen last are kept: many activities share a description or repeat their title in it, and
# the repeats come close together. Bounded by the characters of the texts kept rather than by their number since one
# description may be 80,000 characters long; a text longer than CACHE_LONGEST is not kept, it would push out the rest.
CACHE_CHARACTERS = 4_000_000
CACHE_LONGEST = 200_000
# Words where a term may begin whose terms are remembered, before starting afresh.
STARTING_WORDS = 100_000


class TextClassifier:
    """Matches lexicon terms as whole words (prefixes where a term ends in *), Chinese terms as substrings.

    A word is what `_WORD` finds in the normalised text, and the words of a term of several words must follow one
    another there (whatever punctuation is between them). Most texts contain no term and most words begin none, so
    rather than looking at every word in Python, one compiled pattern (`_candidates`) finds the few places where a term
    may begin; only there are the words read and the terms beginning with that word checked exactly, in the order of
    the lexicon. The terms found, and their order, are those of reading every word in turn.
    """

    def __init__(self, terms: Iterable[tuple[str, str, float]]):
        self._index: dict[str, list[_Term]] = defaultdict(list)
        self._cjk: list[tuple[str, str, float]] = []
        self._weights: dict[tuple[str, str], float] = {}  # (target, term) → weight; of duplicates, the last
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
                near = re.compile(re.escape(tokens[0][0]) + _after_first_stem(tokens)) if len(tokens) > 1 else None
                self._index[tokens[0][0][:3]].append(_Term(tokens, target, weight, text, near))
                self._weights[(target, text)] = weight
        self._candidates = _candidates([term.tokens for terms in self._index.values() for term in terms])
        self._starting: dict[str, tuple[_Term, ...]] = {}
        self._cache: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
        self._cache_characters = 0

    def matches(self, text: str) -> dict[str, set[str]]:
        """{target: the terms found} in `text`."""
        found: dict[str, set[str]] = defaultdict(set)
        for target, terms in self._found(text):
            found[target].update(terms)
        return found

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

    def _found(self, text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """((target, (term, ...)), ...) found in `text`, in the order they are met; remembered for the next texts."""
        result = self._cache.get(text)
        if result is None:
            result = self._search(normalise(text))
            if len(text) <= CACHE_LONGEST:
                self._cache[text] = result
                self._cache_characters += len(text)
                while self._cache_characters > CACHE_CHARACTERS:  # the oldest go first: dicts keep their order
                    oldest = next(iter(self._cache))
                    del self._cache[oldest]
                    self._cache_characters -= len(oldest)
        return result

    def _search(self, text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        found: dict[str, list[str]] = defaultdict(list)
        if self._candidates is not None:
            seen: set[_Term] = set()  # the terms found so far in this text
            finished: set[str] = set()  # words whose terms are all found (or that begin none): nothing more to check
            match = self._candidates.search(text)
            while match:
                position = match.start()
                # The candidates are where `_WORD` begins a word, so this is the word reading them all would see here;
                # None for a candidate beginning with punctuation, which no word does.
                first = _WORD.match(text, position)
                if first and first.group() not in finished:
                    words = [first.group()]
                    following = None
                    remaining = False  # a term of this word not found (yet)
                    for term in self._terms_starting(words[0]):
                        if term in seen:
                            continue
                        if term.near is not None and not term.near.match(text, position):
                            remaining = True
                            continue
                        if len(term.tokens) > len(words):  # read as many more words as this term needs, once
                            if following is None:
                                following = _WORD.finditer(text, first.end())
                            words.extend(map(_group, islice(following, len(term.tokens) - len(words))))
                        if len(term.tokens) == 1 or _matches(words, term.tokens):
                            seen.add(term)
                            if term.text not in found[term.target]:
                                found[term.target].append(term.text)
                        else:
                            remaining = True
                    if not remaining:
                        finished.add(words[0])
                match = self._candidates.search(text, position + 1)  # not from the match's end: terms overlap
        # A Chinese or Japanese term can only be in a text with a character of those scripts: most need no search.
        if self._cjk and not text.isascii() and _CJK.search(text):
            for term, target, _weight in self._cjk:
                if term in text and term not in found[target]:
                    found[target].append(term)
        return tuple((target, tuple(terms)) for target, terms in found.items())

    def _terms_starting(self, word: str) -> tuple[_Term, ...]:
        """The terms whose first word matches `word`, in the order of the lexicon; remembered."""
        terms = self._starting.get(word)
        if terms is None:
            if len(self._starting) >= STARTING_WORDS:
                self._starting.clear()
            terms = self._starting[word] = tuple(
                term for term in self._index.get(word[:3], ())
                if (word.startswith(term.tokens[0][0]) if term.tokens[0][1] else word == term.tokens[0][0]))
        return terms


def _candidates(terms: list[tuple[tuple[str, bool], ...]]) -> re.Pattern | None:
    """One pattern matching, at least, wherever one of `terms` begins in a normalised text.

    It looks for whole terms (all their words, separated by anything that is no word), so that it finds hardly a place
    in most texts, and for the beginnings of words only: not after a letter, nor after a letter and an apostrophe or
    hyphen (`_WORD` joins those). Where it matches is checked exactly by `_search`, so it may match a little more than
    the terms: a prefix of fewer than three letters, which matches only itself as the first word of a term (the index
    is by the first three letters), is here any prefix.

    The terms share a prefix tree (a trie: "(?:c(?:o(?:rruption|...)|...)|...)") rather than being a plain list of
    alternatives, which the regular expression engine would try one by one at every beginning of a word.
    """
    if not terms:
        return None
    return re.compile(r"(?<!\w)(?<!\w['’-])" + _trie([(tokens[0][0], _after_first_stem(tokens)) for tokens in terms]))


def _after_first_stem(tokens: tuple[tuple[str, bool], ...]) -> str:
    """A pattern matching at least what follows the first stem of a term where the term is in a normalised text."""
    pattern = ""
    for position, (stem, prefix) in enumerate(tokens):
        if position:
            pattern += r"\W+" + re.escape(stem)  # between two words: what is not a letter, at least one character
        if position < len(tokens) - 1:
            pattern += r"\w*(?:['’-]\w+)*" if prefix else ""  # the rest of the word, as `_WORD` would read it
        elif not prefix:
            pattern += r"(?!\w)"  # the last word ends here
    return pattern


def _trie(branches: list[tuple[str, str]]) -> str:
    """A pattern for (literal, pattern after it) branches in which the literals' shared beginnings are tried once."""
    if any(not literal and not after for literal, after in branches):
        return ""  # a candidate already: a longer branch would not make it more of one
    by_first: dict[str, list[tuple[str, str]]] = defaultdict(list)
    ends = []
    for literal, after in branches:
        if literal:
            by_first[literal[0]].append((literal, after))
        else:
            ends.append(after)
    alternatives = []
    for group in by_first.values():
        shared = commonprefix([literal for literal, _after in group])  # one step for a whole word without branches
        alternatives.append(re.escape(shared) + _trie([(literal[len(shared):], after) for literal, after in group]))
    alternatives += ends
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


_group = re.Match.group


def _matches(words: list[str], tokens: tuple[tuple[str, bool], ...]) -> bool:
    """Whether `words` begin with the words of a term."""
    return len(words) >= len(tokens) and all(word.startswith(stem) if prefix else word == stem
                                             for word, (stem, prefix) in zip(words, tokens, strict=False))


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
