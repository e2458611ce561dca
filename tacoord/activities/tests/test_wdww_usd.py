"""Who does what where in US dollars: the ECB's reference rates, applied after the money is counted once; amounts
without a rate stay in their own currency and are named."""

import datetime
from decimal import Decimal

import pytest

from tacoord.activities import exchange
from tacoord.activities.tests.helpers import make_activity, txn
from tacoord.activities.tests.test_wdww import MAP, OVERVIEW, country_url, rows_of

pytestmark = pytest.mark.django_db
D = Decimal
# The ECB's euro reference rate in US dollars on 30 April 2025; 1 May is a TARGET holiday, without a rate of its own.
EUR_USD_2025_04_30 = D("1.1373")


def test_rates_of_the_ecb():
    assert exchange.usd_rate("EUR", datetime.date(2020, 1, 2)) == D("1.1193")
    assert exchange.usd_rate("eur", datetime.date(2020, 1, 3)) == D("1.1147")
    # A Saturday: the last rate published before it.
    assert exchange.usd_rate("EUR", datetime.date(2020, 1, 4)) == D("1.1147")
    assert exchange.usd_rate("EUR", datetime.date(2025, 5, 1)) == EUR_USD_2025_04_30
    # Through the euro: 1.1193 USD per euro, 0.84828 GBP per euro.
    assert exchange.usd_rate("GBP", datetime.date(2020, 1, 2)) == (D("1.1193") / D("0.84828")).quantize(D("1e-8"))
    assert exchange.usd_rate("USD", datetime.date(1990, 1, 1)) == 1


def test_no_rate_is_invented():
    assert exchange.usd_rate("KES", datetime.date(2020, 1, 2)) is None  # not published by the ECB
    assert exchange.usd_rate("EUR", datetime.date(1998, 12, 31)) is None  # before its first rate
    assert exchange.usd_rate("RUB", datetime.date(2024, 1, 2)) is None  # no longer published (since March 2022)
    assert exchange.usd_rate("", datetime.date(2024, 1, 2)) is None
    last = exchange.last_rate_day()
    # After the last day the package holds, a currency still published takes its last rate.
    assert exchange.usd_rate("EUR", last + datetime.timedelta(days=400)) == exchange.usd_rate("EUR", last)


def _totals(page):
    return {(row.provider, row.year, row.currency): row for row in page.context["totals"]}


def test_totals_in_usd_are_counted_once_then_converted(world, client_for, data):
    page = client_for(world.secretariat).get(OVERVIEW, {"amounts": "usd"})
    assert page.status_code == 200
    totals = _totals(page)
    assert {currency for _provider, _year, currency in totals} == {"USD"}
    donor = totals[(world.provider.name, 2025, "USD")]
    assert (donor.commitments, donor.spending) == (D(1000), D(1000))
    # The implementer's spending of the donor's money is still counted once.
    assert totals[(world.other_provider.name, 2025, "USD")].spending == D(0)
    assert totals[(world.other_provider.name, 2026, "USD")].spending == D(200)
    # 200 EUR disbursed on 1 May 2025, at the rate of 30 April.
    office = totals[(world.provider_office.name, 2025, "USD")]
    assert office.spending == office.spending_reported == (200 * EUR_USD_2025_04_30).quantize(D("0.01"))
    text = page.content.decode()
    assert "converted at the European Central Bank" in text
    assert "for want of a rate" not in text
    assert '<option value="usd" selected>' in text
    # The summary table too: Peru's half of the 200 EUR, in dollars.
    by_country = client_for(world.secretariat).get(OVERVIEW, {"amounts": "usd", "by": "country"})
    peru = next(row for row in by_country.context["rows"] if row.filter_value == "PE")
    assert peru.lines == [{"currency": "USD", "commitments": None,
                           "spending": (100 * EUR_USD_2025_04_30).quantize(D("0.01"))}]


def test_as_reported_by_default_and_for_an_unknown_choice(world, client_for, data):
    for query in ({}, {"amounts": "gold"}):
        page = client_for(world.secretariat).get(OVERVIEW, query)
        assert (world.provider_office.name, 2025, "EUR") in _totals(page)
        assert "converted at the European Central Bank" not in page.content.decode()


def test_money_without_a_rate_stays_in_its_currency_and_is_named(world, client_for, data):
    make_activity(reporter=world.provider, identifier="DE-1-0001-K", title="Court registry", countries=[world.state_a],
                  children={"transactions": [txn("3", 5000, datetime.date(2025, 3, 1), currency="KES"),
                                             txn("3", 10, datetime.date(2025, 3, 1), currency="USD")]})
    page = client_for(world.secretariat).get(OVERVIEW, {"amounts": "usd"})
    totals = _totals(page)
    assert totals[(world.provider.name, 2025, "KES")].spending == D(5000)
    assert totals[(world.provider.name, 2025, "USD")].spending == D(1010)
    assert "for want of a rate: KES (1 transaction)." in page.content.decode()


def test_exports_map_and_country_page_in_usd(world, client_for, data):
    client = client_for(world.secretariat)
    rows = rows_of(client.get(OVERVIEW, {"amounts": "usd", "table": "totals", "export": "csv"}))
    assert {row["Currency"] for row in rows} == {"USD"}
    assert any(row["Provider"] == world.provider_office.name and
               D(row["Disbursements and expenditure (counted once)"]) == D("227.46") for row in rows)
    map_page = client.get(MAP, {"measure": "spending", "amounts": "usd"})
    assert map_page.context["currencies"] == ["USD"]
    assert "converted at the European Central Bank" in map_page.content.decode()
    country = client.get(country_url("PE"), {"amounts": "usd"})
    assert [(row.currency, row.spending) for row in country.context["totals"]] == [("USD", D("113.73"))]
    # The IATI export link does not carry the display choice.
    assert "amounts" not in country.context["iati_query"]


def test_in_usd_each_sees_only_what_it_may_see(world, client_for, data):
    hidden = data["hidden"]  # archived: seen by the secretariat and its own provider's officer only
    hidden.transactions.create(type="3", value=D(999), date=datetime.date(2025, 1, 2), currency="EUR")
    query = {"amounts": "usd", "archived": "true"}
    for user in (None, world.other_officer, world.focal_b):
        page = client_for(user).get(OVERVIEW, query)
        assert page.context["totals"] == [], user
        assert rows_of(client_for(user).get(OVERVIEW, {**query, "table": "totals", "export": "csv"})) == []
    for user in (world.officer, world.secretariat):
        totals = client_for(user).get(OVERVIEW, query).context["totals"]
        assert [(row.currency, row.spending) for row in totals] == [("USD", (999 * D("1.0321")).quantize(D("0.01")))]


def test_split_and_detailed_exports_carry_amounts_in_usd(world, client_for, data):
    make_activity(reporter=world.provider, identifier="DE-1-0001-M", title="Mixed currencies",
                  countries=[world.state_a],
                  children={"transactions": [txn("3", 100, datetime.date(2025, 5, 1), currency="EUR"),
                                             txn("3", 10, datetime.date(2025, 5, 1), currency="USD")]})
    make_activity(reporter=world.provider, identifier="DE-1-0001-K", title="Court registry", countries=[world.state_a],
                  children={"transactions": [txn("3", 5000, datetime.date(2025, 3, 1), currency="KES")]})
    client = client_for(world.secretariat)
    rows = rows_of(client.get(OVERVIEW, {"export": "csv", "split": "1"}))
    by_key = {(row["IATI identifier"], row["Country code"]): row for row in rows}
    peru = by_key[("DE-1-0001-P", "PE")]
    assert (peru["Disbursements and expenditure (share)"], peru["Currency"]) == ("100.00", "EUR")
    assert peru["Disbursements and expenditure (share, USD)"] == str((100 * EUR_USD_2025_04_30).quantize(D("0.01")))
    # Mixed currencies: no total in one currency reported, but one in dollars.
    mixed = by_key[("DE-1-0001-M", "KE")]
    assert (mixed["Disbursements and expenditure (share)"], mixed["Currency"]) == ("", "")
    assert mixed["Disbursements and expenditure (share, USD)"] == str(
        (100 * EUR_USD_2025_04_30 + 10).quantize(D("0.01")))
    # No rate: no dollar figure, rather than part of one.
    assert by_key[("DE-1-0001-K", "KE")]["Disbursements and expenditure (share, USD)"] == ""
    detail = {row["IATI identifier"]: row for row in rows_of(client.get(
        "/activities/", {"export": "csv", "detail": "1"}))}
    assert detail["DE-1-0001-M"]["Disbursements and expenditure (USD)"] == mixed[
        "Disbursements and expenditure (share, USD)"]
    assert detail["DE-1-0001-K"]["Disbursements and expenditure (USD)"] == ""
