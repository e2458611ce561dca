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
POOL_WHOLE = 0.6  # a batch whose pool holds more than this share of the candidates is scored against them all


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
    """(features × candidates) boolean matrix: feature-major, so a need's row is one contiguous gather."""
    matrix = np.zeros((len(index), len(sets)), dtype=bool)
    for column, members in enumerate(sets):
        for member in members:
            matrix[index.of(member), column] = True
    return matrix


def _need_sets(needs: Sequence[NeedFeatures], attribute: str, index: _Index) -> np.ndarray:
    """(needs × features) 0/1 matrix of a need's set-valued attribute."""
    matrix = np.zeros((len(needs), len(index)), dtype=np.float32)
    for row, need in enumerate(needs):
        for member in getattr(need, attribute):
            matrix[row, index.of(member)] = 1.0
    matrix[:, index.none] = 0.0
    return matrix


@dataclass
class _Batch:
    """A batch of needs as column numbers and matrices, with their totals against the pool of candidates that
    share the subject of at least one of them (only those can be ranked)."""

    cols: dict
    pool: np.ndarray  # candidate positions, ascending
    text: np.ndarray  # (needs × pool) text similarity
    total: np.ndarray  # (needs × pool) score; -inf where the candidate shares nothing of the need's subject

    def within(self, positions: slice) -> slice:
        """The pool's columns of a range of candidate positions (one kind)."""
        return slice(int(np.searchsorted(self.pool, positions.start)), int(np.searchsorted(self.pool, positions.stop)))


class Matcher:
    """The candidates of one run, as matrices; scores batches of needs against them."""

    SINGLE = ("article", "cluster", "priority_area", "ta_type", "country")  # the need has one of each

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
        self.member = {
            "article": _membership([c.articles for c in cands], self.index["article"]),
            "cluster": _membership([c.clusters for c in cands], self.index["cluster"]),
            "priority_area": _membership([c.priority_areas for c in cands], self.index["priority_area"]),
            "ta_type": _membership([c.ta_types for c in cands], self.index["ta_type"]),
            "country": _membership([c.countries for c in cands], self.index["country"]),
            "programme_country": _membership([c.programme_countries for c in cands], self.index["country"]),
        }
        # Set-valued on both sides.
        self.region = _membership([c.regions for c in cands], self.index["region"])
        self.programme_region = _membership([c.programme_regions for c in cands], self.index["region"])
        self.language = _membership([c.languages for c in cands], self.index["language"])
        self.vectors = {part: np.array([getattr(c, part) for c in cands], dtype=np.float32)
                        for part in ("availability", "track_record", "unodc")}
        self.constant = sum(self.weights[part] * vector for part, vector in self.vectors.items())
        # Per-need gathers: weighted points of the single-valued parts, and whether the subject is shared.
        self.weighted = {part: (self.weights[part] * self.member[part]).astype(np.float32)
                         for part in ("article", "cluster", "priority_area", "ta_type")}
        self.subject = {part: self.member[part] for part in ("article", "cluster", "priority_area")}
        self._place_rows: dict = {}
        self._places: list = []
        self._place_matrix = None
        self._language_rows: dict = {}
        self._languages: list = []
        self._language_matrix = None
        self.vectoriser = vectoriser or Vectoriser([c.text for c in cands] + list(needs_corpus))
        self.text = self.vectoriser.transform([c.text for c in cands]).T.tocsr() if cands else None

    def _columns(self, needs: Sequence[NeedFeatures]) -> dict:
        cols = {part: np.array([self.index[part].of(getattr(n, part)) for n in needs]) for part in self.SINGLE}
        cols["regions"] = _need_sets(needs, "regions", self.index["region"])
        cols["languages"] = _need_sets(needs, "languages", self.index["language"])
        cols["text"] = self.vectoriser.transform([n.text for n in needs])
        return cols

    def _rows_any(self, matrix: np.ndarray, index: _Index, members: frozenset) -> np.ndarray:
        """Whether each candidate has any of `members` (rows of a boolean feature-major matrix; no BLAS call, which
        costs more than it saves at this size)."""
        rows = [index.of(member) for member in members if member in index.position]
        return matrix[rows].any(axis=0) if rows else np.zeros(matrix.shape[1], dtype=bool)

    def _place(self, need: NeedFeatures) -> int:
        """Row of the points for country, region and programmes: the same for every need of a State, so made once
        per State (and its regions) and kept."""
        key = (need.country, need.regions)
        if key not in self._place_rows:
            w = self.weights
            column = self.index["country"].of(need.country)
            in_country = self.member["programme_country"][column]
            in_region = self._rows_any(self.region, self.index["region"], need.regions)
            programme_region = self._rows_any(self.programme_region, self.index["region"], need.regions)
            points = w["country"] * self.member["country"][column].astype(np.float32)
            points += w["region"] * in_region
            points += w["programmes"] * np.where(in_country, 1.0, 0.5 * programme_region)
            self._place_rows[key] = len(self._places)
            self._places.append(points.astype(np.float32))
            self._place_matrix = None
        return self._place_rows[key]

    def _speaks(self, need: NeedFeatures) -> int:
        """Row of the points for language, made once per set of preferred languages and kept."""
        if need.languages not in self._language_rows:
            speaks = self._rows_any(self.language, self.index["language"], need.languages)
            self._language_rows[need.languages] = len(self._languages)
            self._languages.append((self.weights["language"] * speaks).astype(np.float32))
            self._language_matrix = None
        return self._language_rows[need.languages]

    def _batch(self, needs: Sequence[NeedFeatures]) -> _Batch:
        """Totals for a batch of needs, accumulated in place (no matrix per part is kept), over the pool of
        candidates sharing the subject of any need of the batch."""
        cols = self._columns(needs)
        w = self.weights
        similar = (cols["text"] @ self.text).tocsr()
        in_pool = np.zeros(len(self.candidates), dtype=bool)
        for part in ("article", "cluster", "priority_area"):
            in_pool |= self.subject[part][np.unique(cols[part])].any(axis=0)
        in_pool[similar.indices[similar.data >= MIN_TEXT]] = True
        pool = np.flatnonzero(in_pool)
        if len(pool) > POOL_WHOLE * len(self.candidates):
            # Most candidates are in: whole rows are cheaper to gather than a pool's columns.
            pool = np.arange(len(self.candidates))

            def gather(matrix, rows):
                return matrix[rows]

            text = similar.toarray().astype(np.float32, copy=False)
        else:
            def gather(matrix, rows):
                return matrix[np.ix_(rows, pool)]

            text = similar[:, pool].toarray().astype(np.float32, copy=False)
        total = text * w["text"] if w["text"] else np.zeros(text.shape, dtype=np.float32)
        total += self.constant[pool]
        for part in ("article", "cluster", "priority_area", "ta_type"):
            total += gather(self.weighted[part], cols[part])
        places = [self._place(need) for need in needs]
        if self._place_matrix is None:
            self._place_matrix = np.stack(self._places)
        total += gather(self._place_matrix, places)
        speaks = [self._speaks(need) for need in needs]
        if self._language_matrix is None:
            self._language_matrix = np.stack(self._languages)
        total += gather(self._language_matrix, speaks)
        subject = gather(self.subject["article"], cols["article"])
        subject |= gather(self.subject["cluster"], cols["cluster"])
        subject |= gather(self.subject["priority_area"], cols["priority_area"])
        subject |= text >= MIN_TEXT
        np.copyto(total, -np.inf, where=~subject)
        return _Batch(cols=cols, pool=pool, text=text, total=total)

    def _explain(self, batch: _Batch, rows: np.ndarray, in_pool: np.ndarray) -> list[dict]:
        """The weighted parts of the scores of the pairs (rows[i], pool column in_pool[i]), each a dict of the
        parts > 0."""
        cols = batch.cols
        columns = batch.pool[in_pool]
        raw = {part: self.member[part][cols[part][rows], columns] for part in self.SINGLE}
        raw["text"] = batch.text[rows, in_pool]
        raw["region"] = (cols["regions"][rows] * self.region[:, columns].T).sum(axis=1) > 0
        raw["language"] = (cols["languages"][rows] * self.language[:, columns].T).sum(axis=1) > 0
        in_region = (cols["regions"][rows] * self.programme_region[:, columns].T).sum(axis=1) > 0
        programme_country = self.member["programme_country"][cols["country"][rows], columns]
        raw["programmes"] = np.where(programme_country, 1.0, np.where(in_region, 0.5, 0.0))
        for part, vector in self.vectors.items():
            raw[part] = vector[columns]
        values = np.round(np.stack([self.weights[part] * raw[part].astype(np.float32) for part in PARTS], axis=1),
                          4).tolist()
        return [{part: value for part, value in zip(PARTS, row, strict=True) if value} for row in values]

    def rank(self, needs: Sequence[NeedFeatures], limit: int = 10,
             kinds: Iterable[str] = KINDS) -> list[list[Scored]]:
        """For each need, in order: its best `limit` candidates of each kind, best first.

        Needs are scored in batches of the same subject (sorted by cluster, priority area, article), so that each
        batch's pool of candidates stays small."""
        kinds = [kind for kind in kinds if kind in self.kind_slices]
        found: list[list[Scored]] = [[] for _ in needs]
        if not self.candidates:
            return found
        order = sorted(range(len(needs)), key=lambda i: tuple(
            (value is None, value or 0) for value in (needs[i].cluster, needs[i].priority_area, needs[i].article)))
        for start in range(0, len(order), BATCH):
            positions = order[start:start + BATCH]
            batch_needs = [needs[i] for i in positions]
            batch = self._batch(batch_needs)
            rows, columns, ranks = [], [], []
            for kind in kinds:
                within = batch.within(self.kind_slices[kind])
                if within.stop == within.start:
                    continue
                chosen = _top(batch.total[:, within], limit) + within.start
                rows.append(np.repeat(np.arange(len(batch_needs)), chosen.shape[1]))
                columns.append(chosen.ravel())
                ranks.append(np.tile(np.arange(1, chosen.shape[1] + 1), len(batch_needs)))
            if not rows:
                continue
            rows, columns, ranks = np.concatenate(rows), np.concatenate(columns), np.concatenate(ranks)
            keep = np.isfinite(batch.total[rows, columns])
            rows, columns, ranks = rows[keep], columns[keep], ranks[keep]
            scores = np.round(batch.total[rows, columns], 4).tolist()
            parts = self._explain(batch, rows, columns)
            for row, column, rank, score, part in zip(rows.tolist(), batch.pool[columns].tolist(), ranks.tolist(),
                                                      scores, parts, strict=True):
                chosen = self.candidates[column]
                found[positions[row]].append(Scored(need=batch_needs[row].id, kind=chosen.kind, candidate=chosen.id,
                                                    score=score, parts=part, rank=rank))
        for row_found in found:
            row_found.sort(key=lambda s: (KINDS.index(s.kind), s.rank))
        return found

    def rank_needs(self, needs: Sequence[NeedFeatures], limit: int = 50) -> list[Scored]:
        """For a single candidate (the only one given): the needs it could address, best first."""
        results = []
        for start in range(0, len(needs), BATCH * 8):
            batch_needs = needs[start:start + BATCH * 8]
            batch = self._batch(batch_needs)
            if not len(batch.pool):
                continue
            rows = np.flatnonzero(np.isfinite(batch.total[:, 0]))
            columns = np.zeros(len(rows), dtype=int)
            scores = np.round(batch.total[rows, 0], 4).tolist()
            for row, score, part in zip(rows.tolist(), scores, self._explain(batch, rows, columns), strict=True):
                results.append(Scored(need=batch_needs[row].id, kind=self.candidates[0].kind,
                                      candidate=self.candidates[0].id, score=score, parts=part))
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
               weights: dict[str, float] | None = None, limit: int = 10,
               vectoriser: Vectoriser | None = None) -> list[list[tuple[str, int, float]]]:
    """The baseline the benchmark compares with: the same parts, one pair at a time in plain Python."""
    weights = weights or DEFAULT_WEIGHTS
    vectoriser = vectoriser or Vectoriser([c.text for c in candidates] + [n.text for n in needs])
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
