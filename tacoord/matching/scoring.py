"""Scoring needs against candidates (providers, activities that could be extended, experts), in plain Python with
numpy: no Django here. Selectors turn rows into `NeedFeatures` and `CandidateFeatures`; this module ranks them.

Every score is the sum of explained parts, each a raw value in [0, 1] times the secretariat's weight for it:

- thematic fit: `article` (the candidate names the need's article), `cluster` (the article's cluster, named or
  through one of its articles), `priority_area`, `ta_type`, and `text` (cosine of TF-IDF vectors of the need's and
  the candidate's descriptions: a lexical signal);
- `language`: the candidate delivers (or works) in one of the State's preferred languages;
- presence: `country` (works in the need's State), `region` (in one of its regions), `programmes` (the candidate's
  organisation has bilateral programmes under way in the State: 1, or regional ones in its region: 0.5);
- `availability`: capacity and availability, worked out by the caller per kind (an expert free in the coming months,
  a planned activity, the modalities a provider offers);
- `track_record`: from evaluations; 0 until evaluations exist (the caller's hook);
- `unodc`: a partnership with UNODC.

A candidate is considered only when it shares the need's subject (article, cluster or priority area) or its
description says much the same (text ≥ MIN_TEXT): a provider that merely speaks the language is no candidate.

Scores are computed for a batch of needs against all candidates at once as matrices (needs × candidates), so ten
thousand needs against twenty thousand candidates take seconds, not hours.
"""

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

PARTS = ("article", "cluster", "priority_area", "ta_type", "text", "language", "country", "region", "programmes",
         "availability", "track_record", "unodc")
THEMATIC = ("article", "cluster", "priority_area", "ta_type", "text")

DEFAULT_WEIGHTS = {"article": 3.0, "cluster": 1.0, "priority_area": 1.0, "ta_type": 2.0, "text": 2.0,
                   "language": 2.0, "country": 2.0, "region": 1.0, "programmes": 1.0, "availability": 1.0,
                   "track_record": 1.0, "unodc": 0.5}

KINDS = ("provider", "activity", "expert")
MIN_TEXT = 0.2
BATCH = 256


@dataclass(frozen=True)
class NeedFeatures:
    id: int
    country: int | None
    regions: frozenset = frozenset()  # the State's region, sub-region and intermediate region
    article: int | None = None
    cluster: int | None = None
    priority_area: int | None = None
    ta_type: int | None = None
    languages: frozenset = frozenset()
    text: str = ""


@dataclass(frozen=True)
class CandidateFeatures:
    kind: str  # one of KINDS
    id: int
    articles: frozenset = frozenset()
    clusters: frozenset = frozenset()  # named, and those of the articles named
    priority_areas: frozenset = frozenset()
    ta_types: frozenset = frozenset()
    languages: frozenset = frozenset()
    countries: frozenset = frozenset()
    regions: frozenset = frozenset()  # named, and those of the countries named
    programme_countries: frozenset = frozenset()
    programme_regions: frozenset = frozenset()
    availability: float = 0.0
    track_record: float = 0.0
    unodc: float = 0.0
    text: str = ""


@dataclass(frozen=True)
class Scored:
    need: int
    kind: str
    candidate: int
    score: float
    parts: dict = field(default_factory=dict)  # part → weighted points (only parts > 0)
    rank: int = 0


# ------------------------------------------------------------------------------------------------ text

_WORD = re.compile(r"\w+", re.UNICODE)
# Function words of the six UN languages' Latin-script members that carry no theme; the rest are weighed by IDF.
_STOPWORDS_TEXT = ("the and for with from that this are was were been their its into our has have not but all any "
                   "can such les des une pour dans par sur avec est sont aux qui que ses leur los las del por para "
                   "con una sus como")
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return [word for word in _WORD.findall(folded) if len(word) > 2 and not word.isdigit() and word not in STOPWORDS]


class Vectoriser:
    """TF-IDF over a corpus (log-scaled term frequency, smoothed IDF, rows of unit length)."""

    def __init__(self, corpus: Iterable[str]):
        frequency: Counter = Counter()
        count = 0
        for text in corpus:
            frequency.update(set(tokens(text)))
            count += 1
        self.vocabulary = {word: index for index, word in enumerate(sorted(frequency))}
        self.idf = np.array([math.log((1 + count) / (1 + frequency[word])) + 1 for word in sorted(frequency)],
                            dtype=np.float32)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        rows, cols, values = [], [], []
        for row, text in enumerate(texts):
            counts = Counter(self.vocabulary[w] for w in tokens(text) if w in self.vocabulary)
            if not counts:
                continue
            weights = {col: (1 + math.log(n)) * self.idf[col] for col, n in counts.items()}
            norm = math.sqrt(sum(v * v for v in weights.values()))
            for col, value in weights.items():
                rows.append(row)
                cols.append(col)
                values.append(value / norm)
        return sparse.csr_matrix((np.array(values, dtype=np.float32), (rows, cols)),
                                 shape=(len(texts), len(self.vocabulary)))


# ------------------------------------------------------------------------------------------------ matrices

class _Index:
    """Column numbers of the ids of one dimension; the last column stands for "none" and is always empty."""

    def __init__(self, ids: Iterable):
        self.position = {value: index for index, value in enumerate(sorted(set(ids)))}
        self.none = len(self.position)

    def of(self, value) -> int:
        return self.position.get(value, self.none)

    def __len__(self):
        return self.none + 1


def _membership(sets: Sequence[frozenset], index: _Index) -> np.ndarray:
    """(features × candidates) 0/1 matrix: feature-major, so a need's row is one contiguous gather."""
    matrix = np.zeros((len(index), len(sets)), dtype=np.float32)
    for column, members in enumerate(sets):
        for member in members:
            matrix[index.of(member), column] = 1.0
    return matrix


def _need_sets(needs: Sequence[NeedFeatures], attribute: str, index: _Index) -> np.ndarray:
    """(needs × features) 0/1 matrix of a need's set-valued attribute."""
    matrix = np.zeros((len(needs), len(index)), dtype=np.float32)
    for row, need in enumerate(needs):
        for member in getattr(need, attribute):
            matrix[row, index.of(member)] = 1.0
    matrix[:, index.none] = 0.0
    return matrix


class Matcher:
    """The candidates of one run, as matrices; scores batches of needs against them."""

    def __init__(self, candidates: Sequence[CandidateFeatures], weights: dict[str, float] | None = None,
                 vectoriser: Vectoriser | None = None, needs_corpus: Iterable[str] = ()):
        order = {kind: position for position, kind in enumerate(KINDS)}
        self.candidates = sorted(candidates, key=lambda c: (order[c.kind], c.id))
        self.weights = {part: float((weights or DEFAULT_WEIGHTS).get(part, 0.0)) for part in PARTS}
        cands = self.candidates
        self.kind_slices = {}
        for kind in KINDS:
            positions = [i for i, c in enumerate(cands) if c.kind == kind]
            if positions:
                self.kind_slices[kind] = slice(positions[0], positions[-1] + 1)
        self.index = {
            "article": _Index(a for c in cands for a in c.articles),
            "cluster": _Index(a for c in cands for a in c.clusters),
            "priority_area": _Index(a for c in cands for a in c.priority_areas),
            "ta_type": _Index(a for c in cands for a in c.ta_types),
            "country": _Index(a for c in cands for a in c.countries | c.programme_countries),
            "region": _Index(a for c in cands for a in c.regions | c.programme_regions),
            "language": _Index(a for c in cands for a in c.languages),
        }
        self.article = _membership([c.articles for c in cands], self.index["article"])
        self.cluster = _membership([c.clusters for c in cands], self.index["cluster"])
        self.priority_area = _membership([c.priority_areas for c in cands], self.index["priority_area"])
        self.ta_type = _membership([c.ta_types for c in cands], self.index["ta_type"])
        self.country = _membership([c.countries for c in cands], self.index["country"])
        self.region = _membership([c.regions for c in cands], self.index["region"])
        self.language = _membership([c.languages for c in cands], self.index["language"])
        self.programme_country = _membership([c.programme_countries for c in cands], self.index["country"])
        self.programme_region = _membership([c.programme_regions for c in cands], self.index["region"])
        self.vectors = {part: np.array([getattr(c, part) for c in cands], dtype=np.float32)
                        for part in ("availability", "track_record", "unodc")}
        self.vectoriser = vectoriser or Vectoriser([c.text for c in cands] + list(needs_corpus))
        self.text = self.vectoriser.transform([c.text for c in cands]).T.tocsr() if cands else None

    def _columns(self, needs: Sequence[NeedFeatures]) -> dict:
        return {
            "article": np.array([self.index["article"].of(n.article) for n in needs]),
            "cluster": np.array([self.index["cluster"].of(n.cluster) for n in needs]),
            "priority_area": np.array([self.index["priority_area"].of(n.priority_area) for n in needs]),
            "ta_type": np.array([self.index["ta_type"].of(n.ta_type) for n in needs]),
            "country": np.array([self.index["country"].of(n.country) for n in needs]),
            "regions": _need_sets(needs, "regions", self.index["region"]),
            "languages": _need_sets(needs, "languages", self.index["language"]),
            "text": self.vectoriser.transform([n.text for n in needs]),
        }

    def raw_parts(self, needs: Sequence[NeedFeatures]) -> dict[str, np.ndarray]:
        """Every part's raw value, each a (needs × candidates) matrix."""
        cols = self._columns(needs)
        shape = (len(needs), len(self.candidates))
        in_region = (cols["regions"] @ self.region) > 0
        programme_region = (cols["regions"] @ self.programme_region) > 0
        return {
            "article": self.article[cols["article"]],
            "cluster": self.cluster[cols["cluster"]],
            "priority_area": self.priority_area[cols["priority_area"]],
            "ta_type": self.ta_type[cols["ta_type"]],
            "text": np.asarray((cols["text"] @ self.text).todense(), dtype=np.float32),
            "language": ((cols["languages"] @ self.language) > 0).astype(np.float32),
            "country": self.country[cols["country"]],
            "region": in_region.astype(np.float32),
            "programmes": np.maximum(self.programme_country[cols["country"]],
                                     0.5 * programme_region.astype(np.float32)),
            **{part: np.broadcast_to(vector, shape) for part, vector in self.vectors.items()},
        }

    def totals(self, raw: dict[str, np.ndarray]) -> np.ndarray:
        """Weighted sums; candidates sharing nothing of the need's subject get -inf (never ranked)."""
        total = np.zeros(raw["article"].shape, dtype=np.float32)
        for part in PARTS:
            if self.weights[part]:
                total += self.weights[part] * raw[part]
        subject = (raw["article"] + raw["cluster"] + raw["priority_area"] > 0) | (raw["text"] >= MIN_TEXT)
        total[~subject] = -np.inf
        return total

    def _scored(self, need: int, raw, row: int, column: int, total: float) -> Scored:
        parts = {part: round(self.weights[part] * float(raw[part][row, column]), 4) for part in PARTS}
        chosen = self.candidates[column]
        return Scored(need=need, kind=chosen.kind, candidate=chosen.id, score=round(float(total), 4),
                      parts={part: points for part, points in parts.items() if points})

    def rank(self, needs: Sequence[NeedFeatures], limit: int = 10,
             kinds: Iterable[str] = KINDS) -> Iterable[list[Scored]]:
        """For each need, in order: its best `limit` candidates of each kind, best first."""
        kinds = [kind for kind in kinds if kind in self.kind_slices]
        for start in range(0, len(needs), BATCH):
            batch = needs[start:start + BATCH]
            if not self.candidates:
                yield from ([] for _ in batch)
                continue
            raw = self.raw_parts(batch)
            total = self.totals(raw)
            chosen = {kind: _top(total[:, self.kind_slices[kind]], limit) for kind in kinds}
            for row, need in enumerate(batch):
                found = []
                for kind in kinds:
                    offset = self.kind_slices[kind].start
                    for rank, column in enumerate(chosen[kind][row], start=1):
                        value = total[row, offset + column]
                        if not np.isfinite(value):
                            break
                        scored = self._scored(need.id, raw, row, offset + column, value)
                        found.append(Scored(**{**scored.__dict__, "rank": rank}))
                yield found

    def rank_needs(self, needs: Sequence[NeedFeatures], limit: int = 50) -> list[Scored]:
        """For a single candidate (the only one given): the needs it could address, best first."""
        results = []
        for start in range(0, len(needs), BATCH * 8):
            batch = needs[start:start + BATCH * 8]
            raw = self.raw_parts(batch)
            total = self.totals(raw)[:, 0]
            for row in np.flatnonzero(np.isfinite(total)):
                results.append(self._scored(batch[row].id, raw, row, 0, total[row]))
        results.sort(key=lambda s: (-s.score, s.need))
        return [Scored(**{**s.__dict__, "rank": rank}) for rank, s in enumerate(results[:limit], start=1)]


def _top(total: np.ndarray, limit: int) -> np.ndarray:
    """Column numbers of the `limit` highest values of each row, highest first (ties: lower column first)."""
    if total.shape[1] <= limit:
        part = np.tile(np.arange(total.shape[1]), (total.shape[0], 1))
    else:
        part = np.argpartition(-total, limit - 1, axis=1)[:, :limit]
    values = np.take_along_axis(total, part, axis=1)
    order = np.lexsort((part, -values), axis=1)
    return np.take_along_axis(part, order, axis=1)


def naive_rank(needs: Sequence[NeedFeatures], candidates: Sequence[CandidateFeatures],
               weights: dict[str, float] | None = None, limit: int = 10) -> list[list[tuple[str, int, float]]]:
    """The baseline the benchmark compares with: the same parts, one pair at a time in plain Python."""
    weights = weights or DEFAULT_WEIGHTS
    vectoriser = Vectoriser([c.text for c in candidates] + [n.text for n in needs])
    cand_vectors = vectoriser.transform([c.text for c in candidates])
    need_vectors = vectoriser.transform([n.text for n in needs])
    cand_rows = [dict(zip(cand_vectors[i].indices, cand_vectors[i].data, strict=True)) for i in range(len(candidates))]
    results = []
    for row, need in enumerate(needs):
        vector = dict(zip(need_vectors[row].indices, need_vectors[row].data, strict=True))
        scored = []
        for column, c in enumerate(candidates):
            text = sum(value * cand_rows[column].get(key, 0.0) for key, value in vector.items())
            raw = {
                "article": float(need.article in c.articles), "cluster": float(need.cluster in c.clusters),
                "priority_area": float(need.priority_area in c.priority_areas),
                "ta_type": float(need.ta_type in c.ta_types), "text": text,
                "language": float(bool(need.languages & c.languages)), "country": float(need.country in c.countries),
                "region": float(bool(need.regions & c.regions)),
                "programmes": 1.0 if need.country in c.programme_countries else
                0.5 if need.regions & c.programme_regions else 0.0,
                "availability": c.availability, "track_record": c.track_record, "unodc": c.unodc,
            }
            if raw["article"] + raw["cluster"] + raw["priority_area"] == 0 and text < MIN_TEXT:
                continue
            scored.append((sum(weights.get(p, 0.0) * raw[p] for p in PARTS), c.kind, c.id))
        best = []
        for kind in KINDS:
            of_kind = sorted((s for s in scored if s[1] == kind), key=lambda s: -s[0])[:limit]
            best.extend((kind, cid, score) for score, _kind, cid in of_kind)
        results.append(best)
    return results
