"""Money counted once: totals of commitments and of disbursements and expenditure by provider and year.

Plain Python, no Django. When a funder reports an outgoing transaction to an implementer who reports the same money
again (as incoming funds, then as its own disbursements or expenditure), adding every activity's outgoing money counts
it twice (d-portal's "double counting between funder and implementer reports"). The rule used here is the usual "net
new money" one:

1. Pairs. A funder's outgoing transaction (commitment 2, disbursement 3) flows *to* an implementer's activity in the
   data set when its receiver-activity-id names it; otherwise when the implementer reports the matching incoming
   transaction (incoming commitment 11, incoming funds 1) naming the funder's activity as provider-activity-id (same
   currency, the closest date), or — with no activity ids at all — naming the funder's organisation as
   provider-org/@ref while the funder names the implementer's organisation as receiver-org/@ref, for the same value
   and currency within `ORG_MATCH_DAYS` days. Each incoming transaction pairs with at most one outgoing one.
2. Pools. The value of every outgoing transaction that flows to an activity of the data set fills that activity's
   pool (per kind and currency): money already counted at the funder.
3. Counting. Each activity's own outgoing money (commitments against the commitment pool; disbursements and
   expenditure together against the spending pool), in date order, first uses up its pool; only what goes beyond it
   is new money and counted, in the year of the transaction, for the activity's provider. Incoming transactions are
   never counted: they mirror a funder's.

4. Confirmed duplicates. The activities in `left_out` (of each pair a person confirmed as one activity reported twice,
   the report whose money is already counted under the other) take no part in the pairs and pools, and none of their
   outgoing money is counted: it is shown as "counted once: confirmed duplicate".

Every transaction is counted at most once, and the sum of what is counted is what entered the data set from outside
plus what its members added. Currencies are never mixed: no exchange rate is invented.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

COMMITMENT = "commitment"
SPENDING = "spending"  # disbursements and expenditure
# outgoing type → kind; the incoming type that mirrors it
OUTGOING = {"2": COMMITMENT, "3": SPENDING, "4": SPENDING}
MIRROR = {"2": "11", "3": "1"}
INCOMING = {"1", "11"}
ORG_MATCH_DAYS = 92
ZERO = Decimal(0)


class Txn(NamedTuple):
    """One transaction as the counting needs it (a tuple: tens of thousands are made per page)."""

    id: int
    activity: str  # the reporting activity's IATI identifier
    type: str
    date: date
    value: Decimal
    currency: str
    provider_org_ref: str = ""
    provider_activity_id: str = ""
    receiver_org_ref: str = ""
    receiver_activity_id: str = ""
    value_date: date | None = None  # the date for an exchange rate, when it is not the transaction's


@dataclass
class Counted:
    """What the counting decided."""

    # transaction id → the part of its value that is counted (outgoing transactions only; 0 when wholly a pass-on)
    counted: dict[int, Decimal] = field(default_factory=dict)
    # outgoing transaction id → the activity it flows to, when in the data set
    flows_to: dict[int, str] = field(default_factory=dict)
    # incoming transaction id → the outgoing transaction it mirrors
    mirrors: dict[int, int] = field(default_factory=dict)
    # outgoing transaction ids left out because their activity is a confirmed duplicate of another (counted 0)
    duplicates: set[int] = field(default_factory=set)

    def excluded(self, txn: Txn) -> Decimal:
        return txn.value - self.counted.get(txn.id, txn.value)


def count_once(transactions: Iterable[Txn], reporters: dict[str, str],
               left_out: set[str] | frozenset[str] = frozenset()) -> Counted:
    """Decide how much of each outgoing transaction is counted. `reporters` maps every activity of the data set (IATI
    identifier) to its reporting organisation's identifier ("" when unknown); `left_out`, the activities whose money
    is counted under another one (confirmed duplicates, see 4.)."""
    transactions = list(transactions)
    result = Counted()
    if left_out:
        for txn in transactions:
            if txn.activity in left_out and txn.type in OUTGOING:
                result.counted[txn.id] = ZERO
                result.duplicates.add(txn.id)
        transactions = [txn for txn in transactions if txn.activity not in left_out]
        reporters = {key: value for key, value in reporters.items() if key not in left_out}
    outgoing_by_activity: dict[str, list[Txn]] = defaultdict(list)
    for txn in transactions:
        if txn.type in OUTGOING:
            outgoing_by_activity[txn.activity].append(txn)
    # (only the activities that receive money from the data set need theirs in date order; see 3.)

    # 1. pairs, first by the funder's own receiver-activity-id
    unpaired: dict[tuple[str, str], list[Txn]] = defaultdict(list)  # (funder activity, mirror type) → outgoing
    for txn in transactions:
        if txn.type not in MIRROR:
            continue
        target = txn.receiver_activity_id
        if target and target != txn.activity and target in reporters:
            result.flows_to[txn.id] = target
        unpaired[(txn.activity, MIRROR[txn.type])].append(txn)
    used: set[int] = set()
    incoming = sorted((txn for txn in transactions if txn.type in INCOMING), key=lambda t: (t.date, t.id))
    # then by the implementer's provider-activity-id ...
    for txn in incoming:
        funder = txn.provider_activity_id
        if not funder or funder == txn.activity or funder not in reporters:
            continue
        candidates = [out for out in unpaired.get((funder, txn.type), ()) if out.id not in used
                      and out.currency == txn.currency
                      and result.flows_to.get(out.id, txn.activity) == txn.activity
                      and (not out.receiver_org_ref or not reporters[txn.activity]
                           or out.receiver_org_ref == reporters[txn.activity])]
        if candidates:
            _pair(result, used, txn, _closest(candidates, txn))
    # ... and last by organisation identifiers on both sides, same value
    by_org: dict[tuple[str, str, str], list[Txn]] = defaultdict(list)  # (funder org, receiver org, type)
    for (activity, mirror_type), outs in unpaired.items():
        for out in outs:
            if out.receiver_org_ref and out.id not in used and out.id not in result.flows_to:
                by_org[(reporters.get(activity, ""), out.receiver_org_ref, mirror_type)].append(out)
    for txn in incoming:
        if txn.id in result.mirrors or txn.provider_activity_id or not txn.provider_org_ref:
            continue
        receiver_org = reporters.get(txn.activity, "")
        if not receiver_org:
            continue
        candidates = [out for out in by_org.get((txn.provider_org_ref, receiver_org, txn.type), ())
                      if out.id not in used and out.activity != txn.activity and out.currency == txn.currency
                      and out.value == txn.value and abs((out.date - txn.date).days) <= ORG_MATCH_DAYS]
        if candidates:
            _pair(result, used, txn, _closest(candidates, txn))

    # 2. pools of money already counted upstream
    pools: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)  # (activity, kind, currency)
    for txn in transactions:
        target = result.flows_to.get(txn.id)
        if target:
            pools[(target, OUTGOING[txn.type], txn.currency)] += txn.value

    # 3. new money only: an activity without a pool counts all its outgoing money
    pooled = {activity for (activity, _kind, _currency), value in pools.items() if value > 0}
    counted = result.counted
    for txn in transactions:
        if txn.type in OUTGOING and txn.activity not in pooled:
            counted[txn.id] = txn.value
    for activity in pooled:
        for txn in sorted(outgoing_by_activity.get(activity, ()), key=lambda t: (t.date, t.id)):
            key = (activity, OUTGOING[txn.type], txn.currency)
            pool = pools.get(key, ZERO)
            if txn.value <= 0 or pool <= 0:
                counted[txn.id] = txn.value
                continue
            used_up = min(pool, txn.value)
            pools[key] = pool - used_up
            counted[txn.id] = txn.value - used_up
    return result


def _closest(candidates: list[Txn], txn: Txn) -> Txn:
    return min(candidates, key=lambda out: (out.value != txn.value, abs((out.date - txn.date).days), out.id))


def _pair(result: Counted, used: set[int], incoming: Txn, outgoing: Txn) -> None:
    used.add(outgoing.id)
    result.mirrors[incoming.id] = outgoing.id
    result.flows_to[outgoing.id] = incoming.activity


@dataclass(frozen=True)
class TotalKey:
    provider: object
    year: int
    kind: str
    currency: str


def totals(transactions: Iterable[Txn], counted: Counted, provider_of: dict[str, object],
           activities: set[str] | None = None,
           weights: dict[str, Decimal] | None = None, duplicates: bool = False) -> dict[TotalKey, tuple]:
    """(counted, reported) sums of outgoing money by provider, year, kind and currency, for the transactions of
    `activities` (all when None). `provider_of` maps an activity to its provider; `weights`, when given, the share of
    each activity's money to add (e.g. its share in one country; 0 when missing). With `duplicates`, (counted,
    reported, confirmed duplicate): the third is the part of `reported` left out as a confirmed duplicate."""
    sums: dict[tuple, list[Decimal]] = {}
    counted_values = counted.counted
    duplicate_ids = counted.duplicates
    for txn in transactions:
        kind = OUTGOING.get(txn.type)
        if kind is None or (activities is not None and txn.activity not in activities):
            continue
        weight = None if weights is None else weights.get(txn.activity, ZERO)
        key = (provider_of.get(txn.activity), txn.date.year, kind, txn.currency)
        row = sums.get(key)
        if row is None:
            row = sums[key] = [ZERO, ZERO, ZERO]
        value = counted_values.get(txn.id, txn.value)
        reported = txn.value if weight is None else txn.value * weight
        row[0] += value if weight is None else value * weight
        row[1] += reported
        if txn.id in duplicate_ids:
            row[2] += reported
    cent = Decimal("0.01")
    size = 3 if duplicates else 2
    return {TotalKey(*key): tuple(value.quantize(cent) for value in row[:size]) for key, row in sums.items()}
