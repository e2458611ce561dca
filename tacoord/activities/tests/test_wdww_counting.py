"""The counting of money once, on its own (no database)."""

from datetime import date
from decimal import Decimal

from tacoord.activities.wdww.counting import COMMITMENT, SPENDING, TotalKey, Txn, count_once, totals

D = Decimal
REPORTERS = {"DONOR-1": "DONOR", "IMPL-1": "IMPL", "IMPL-2": "IMPL", "SUB-1": "SUB"}
PROVIDERS = {"DONOR-1": "donor", "IMPL-1": "impl", "IMPL-2": "impl", "SUB-1": "sub"}


def txn(id, activity, type, value, when=date(2025, 3, 1), currency="USD", **refs):
    return Txn(id=id, activity=activity, type=type, date=when, value=D(value), currency=currency, **refs)


def run(transactions, reporters=REPORTERS):
    counted = count_once(transactions, reporters)
    return counted, totals(transactions, counted, PROVIDERS)


def test_disbursement_and_implementers_spending_counted_once_by_receiver_activity_id():
    rows = [txn(1, "DONOR-1", "3", 1000, receiver_activity_id="IMPL-1"),
            txn(2, "IMPL-1", "1", 1000, provider_activity_id="DONOR-1"),
            txn(3, "IMPL-1", "4", 700), txn(4, "IMPL-1", "4", 500, when=date(2026, 2, 1))]
    counted, sums = run(rows)
    assert counted.counted == {1: D(1000), 3: D(0), 4: D(200)}
    assert counted.mirrors == {2: 1}
    assert sums[TotalKey("donor", 2025, SPENDING, "USD")] == (D(1000), D(1000))
    assert sums[TotalKey("impl", 2025, SPENDING, "USD")] == (D(0), D(700))
    assert sums[TotalKey("impl", 2026, SPENDING, "USD")] == (D(200), D(500))
    assert sum(c for c, _r in sums.values()) == D(1200)


def test_pair_found_from_the_implementers_side_only():
    rows = [txn(1, "DONOR-1", "3", 1000, receiver_org_ref="IMPL"),
            txn(2, "IMPL-1", "1", 990, provider_activity_id="DONOR-1"),  # exchange difference: still the pair
            txn(3, "IMPL-1", "3", 1000, receiver_org_ref="SUB")]
    counted, _sums = run(rows)
    assert counted.flows_to == {1: "IMPL-1"}
    assert counted.counted[3] == D(0)


def test_pair_by_organisation_refs_needs_same_value_and_close_date():
    rows = [txn(1, "DONOR-1", "3", 500, receiver_org_ref="IMPL"),
            txn(2, "IMPL-1", "1", 500, provider_org_ref="DONOR", when=date(2025, 4, 1)),
            txn(3, "IMPL-1", "4", 800)]
    counted, _sums = run(rows)
    assert counted.counted[3] == D(300)
    far = [txn(1, "DONOR-1", "3", 500, receiver_org_ref="IMPL"),
           txn(2, "IMPL-1", "1", 500, provider_org_ref="DONOR", when=date(2026, 4, 1)),
           txn(3, "IMPL-1", "4", 800)]
    assert run(far)[0].counted[3] == D(800)
    other_value = [txn(1, "DONOR-1", "3", 500, receiver_org_ref="IMPL"),
                   txn(2, "IMPL-1", "1", 400, provider_org_ref="DONOR"), txn(3, "IMPL-1", "4", 800)]
    assert run(other_value)[0].counted[3] == D(800)


def test_each_incoming_pairs_once_and_each_outgoing_once():
    rows = [txn(1, "DONOR-1", "3", 100, receiver_org_ref="IMPL"),
            txn(2, "IMPL-1", "1", 100, provider_org_ref="DONOR"),
            txn(3, "IMPL-2", "1", 100, provider_org_ref="DONOR"),
            txn(4, "IMPL-1", "4", 100), txn(5, "IMPL-2", "4", 100)]
    counted, _sums = run(rows)
    assert len(counted.mirrors) == 1
    assert counted.counted[4] + counted.counted[5] == D(100)


def test_chain_of_three_counts_the_top_only():
    rows = [txn(1, "DONOR-1", "3", 1000, receiver_activity_id="IMPL-1"),
            txn(2, "IMPL-1", "3", 600, receiver_activity_id="SUB-1"),
            txn(3, "IMPL-1", "4", 400), txn(4, "SUB-1", "4", 600)]
    counted, sums = run(rows)
    assert [counted.counted[i] for i in (1, 2, 3, 4)] == [D(1000), D(0), D(0), D(0)]
    assert sum(c for c, _r in sums.values()) == D(1000)
    assert sum(r for _c, r in sums.values()) == D(2600)


def test_funder_outside_the_data_set_is_not_a_pair():
    rows = [txn(2, "IMPL-1", "1", 1000, provider_activity_id="GHOST-1"), txn(3, "IMPL-1", "4", 700)]
    counted, _sums = run(rows)
    assert counted.counted[3] == D(700)


def test_implementers_report_without_funders_outgoing_counts_the_spending():
    # The funder reports no disbursement: the money has not been counted anywhere yet.
    rows = [txn(2, "IMPL-1", "1", 1000, provider_activity_id="DONOR-1"), txn(3, "IMPL-1", "4", 700)]
    assert run(rows)[0].counted[3] == D(700)


def test_currencies_never_mix():
    rows = [txn(1, "DONOR-1", "3", 1000, receiver_activity_id="IMPL-1", currency="EUR"),
            txn(3, "IMPL-1", "4", 700, currency="USD")]
    counted, sums = run(rows)
    assert counted.counted[3] == D(700)
    assert {key.currency for key in sums} == {"EUR", "USD"}


def test_commitments_net_of_commitments_received():
    rows = [txn(1, "DONOR-1", "2", 5000, receiver_activity_id="IMPL-1"),
            txn(2, "IMPL-1", "11", 5000, provider_activity_id="DONOR-1"),
            txn(3, "IMPL-1", "2", 6000, receiver_org_ref="SUB"),
            txn(4, "IMPL-1", "3", 100)]  # spending is not netted against commitments
    counted, sums = run(rows)
    assert counted.counted[3] == D(1000)
    assert counted.counted[4] == D(100)
    assert sums[TotalKey("donor", 2025, COMMITMENT, "USD")] == (D(5000), D(5000))


def test_self_reference_and_negative_values():
    rows = [txn(1, "IMPL-1", "3", 100, receiver_activity_id="IMPL-1"), txn(2, "IMPL-1", "4", -50)]
    counted, _sums = run(rows)
    assert counted.flows_to == {}
    assert counted.counted == {1: D(100), 2: D(-50)}


def test_totals_for_a_subset_of_activities():
    rows = [txn(1, "DONOR-1", "3", 1000, receiver_activity_id="IMPL-1"), txn(3, "IMPL-1", "4", 1500)]
    counted = count_once(rows, REPORTERS)
    only_impl = totals(rows, counted, PROVIDERS, activities={"IMPL-1"})
    assert only_impl == {TotalKey("impl", 2025, SPENDING, "USD"): (D(500), D(1500))}


def test_confirmed_duplicates_are_left_out_of_pairs_pools_and_counts():
    rows = [txn(1, "DONOR-1", "3", 1000, receiver_activity_id="IMPL-1"),
            txn(2, "IMPL-1", "1", 1000, provider_activity_id="DONOR-1"),
            txn(3, "IMPL-1", "4", 700), txn(4, "IMPL-2", "4", 300)]
    counted = count_once(rows, REPORTERS, left_out={"IMPL-1"})
    assert counted.counted == {1: D(1000), 3: D(0), 4: D(300)}
    assert counted.duplicates == {3}
    assert counted.flows_to == {} and counted.mirrors == {}
    sums = totals(rows, counted, PROVIDERS, duplicates=True)
    assert sums[TotalKey("impl", 2025, SPENDING, "USD")] == (D(300), D(1000), D(700))
    assert sums[TotalKey("donor", 2025, SPENDING, "USD")] == (D(1000), D(1000), D(0))
    assert totals(rows, counted, PROVIDERS)[TotalKey("impl", 2025, SPENDING, "USD")] == (D(300), D(1000))


def test_a_left_out_funder_leaves_its_implementer_counting_all_its_money():
    rows = [txn(1, "DONOR-1", "2", 500, receiver_activity_id="IMPL-1"), txn(2, "IMPL-1", "2", 500)]
    counted = count_once(rows, REPORTERS, left_out={"DONOR-1"})
    assert counted.counted == {1: D(0), 2: D(500)}
    assert totals(rows, counted, PROVIDERS, duplicates=True)[TotalKey("donor", 2025, COMMITMENT, "USD")] == (
        D(0), D(500), D(500))
