"""Who does what where with confirmed duplicates: once a person confirms two reports as one activity reported twice,
the totals, summary tables and map count its money once, and show what they left out."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tacoord.activities.models import Activity
from tacoord.activities.tests.helpers import make_activity
from tacoord.activities.tests.test_wdww import country_url, rows_of
from tacoord.activities.wdww import selectors
from tacoord.core.permissions import Action
from tacoord.core.services import object_archive
from tacoord.duplicates.choices import AlertKind, AlertStatus
from tacoord.duplicates.models import DuplicateAlert
from tacoord.duplicates.services import alert_resolve

pytestmark = pytest.mark.django_db
D = Decimal
OVERVIEW = reverse("activities:wdww:overview")
MAP = reverse("activities:wdww:map")
NOTE = "Counted once: confirmed duplicate"


def _spending(value, when=datetime.date(2025, 4, 1)):
    return {"type": "4", "value": D(value), "date": when, "currency": "USD"}


@pytest.fixture
def twins(world):
    """The same 5,000 USD of expenditure in Kenya reported by two publishers, with no link between the reports."""
    first = make_activity(reporter=world.provider, identifier="DE-1-TWIN", title="Border police training",
                          countries=[world.state_a], children={"transactions": [_spending(5000)]})
    second = make_activity(reporter=world.other_provider, identifier="XM-UNDO-TWIN", title="Border police course",
                           countries=[world.state_a], children={"transactions": [_spending(5000)]})
    a, b = sorted([first, second], key=lambda activity: activity.pk)
    alert = DuplicateAlert.objects.create(activity_a=a, activity_b=b, kind=AlertKind.SAME, score=0.9)
    return {"first": first, "second": second, "alert": alert}


def _confirm(world, alert, status=AlertStatus.CONFIRMED):
    alert_resolve(user=world.secretariat, alert=alert, status=status, note="the same course")


def _totals(page):
    return {row.provider: row for row in page.context["totals"]}


def _usd_spending(page):
    return sum(row.spending for row in page.context["totals"] if row.currency == "USD")


def test_confirming_counts_the_money_once_on_the_overview(world, client_for, twins):
    client = client_for(world.secretariat)
    before = client.get(OVERVIEW)
    assert _usd_spending(before) == D(10000)
    assert NOTE not in before.content.decode()
    _confirm(world, twins["alert"])
    after = client.get(OVERVIEW)
    assert _usd_spending(after) == D(5000)
    totals = _totals(after)
    # of the pair, the second identifier alphabetically is left out (neither received money from the other)
    left_out = totals[world.other_provider.name]
    assert (left_out.spending, left_out.spending_reported, left_out.confirmed_duplicate) == (D(0), D(5000), D(5000))
    assert left_out.not_counted == D(0)  # not "not counted again" by the funder/implementer rule
    kept = totals[world.provider.name]
    assert (kept.spending, kept.confirmed_duplicate) == (D(5000), D(0))
    html = after.content.decode()
    assert NOTE in html and 'class="num confirmed-duplicate">5,000<' in html
    # the summary table by country counts it once as well
    [kenya] = [row for row in after.context["rows"] if row.label == "Kenya"]
    assert kenya.activities == 2 and kenya.money[("spending", "USD")] == D(5000)


@pytest.mark.parametrize("user", ["anonymous", "secretariat", "focal_b", "other_officer"])
def test_country_page_and_map_count_it_once_for_everyone(world, client_for, twins, user):
    client = client_for(None if user == "anonymous" else getattr(world, user))
    assert _usd_spending(client.get(country_url())) == D(10000)
    _confirm(world, twins["alert"])
    page = client.get(country_url())
    assert page.status_code == 200
    assert _usd_spending(page) == D(5000)
    assert NOTE in page.content.decode()
    map_page = client.get(MAP, {"measure": "spending", "currency": "USD"})
    assert "5,000" in map_page.content.decode() or "5000" in map_page.content.decode()
    exported = rows_of(client.get(country_url(), {"export": "csv", "table": "totals"}))
    assert {row["Provider"]: row["Counted once: confirmed duplicate"] for row in exported} == {
        world.provider.name: "0.00", world.other_provider.name: "5000.00"}


def test_map_values_before_and_after(world, twins):
    activities = Activity.objects.restrict(world.secretariat, Action.VIEW)

    def kenya():
        money = selectors.money(activities=activities, user=world.secretariat)
        return selectors.country_values(activities=activities, measure="spending", currency="USD",
                                        money_=money)["KE"][1]

    assert kenya() == D(10000)
    _confirm(world, twins["alert"])
    assert kenya() == D(5000)


@pytest.mark.parametrize("status", [AlertStatus.COORDINATED, AlertStatus.UNRELATED])
def test_other_resolutions_change_nothing(world, client_for, twins, status):
    _confirm(world, twins["alert"], status)
    page = client_for(None).get(OVERVIEW)
    assert _usd_spending(page) == D(10000)
    assert NOTE not in page.content.decode()


def test_opening_the_alert_again_or_archiving_an_activity_counts_both_again(world, client_for, twins):
    client = client_for(None)
    _confirm(world, twins["alert"])
    assert _usd_spending(client.get(OVERVIEW)) == D(5000)
    _confirm(world, twins["alert"], AlertStatus.OPEN)
    assert _usd_spending(client.get(OVERVIEW)) == D(10000)
    _confirm(world, twins["alert"])
    object_archive(user=world.secretariat, obj=twins["first"])  # the kept report is archived: the other one counts
    page = client.get(OVERVIEW)
    assert _usd_spending(page) == D(5000)
    assert set(_totals(page)) == {world.other_provider.name}
    assert NOTE not in page.content.decode()


@pytest.mark.parametrize("user", ["anonymous", "focal_b", "agency_b", "expert"])
def test_denied_resolutions_leave_the_totals(world, client_for, twins, user):
    actor = AnonymousUser() if user == "anonymous" else getattr(world, user)
    with pytest.raises(PermissionDenied):
        alert_resolve(user=actor, alert=twins["alert"], status=AlertStatus.CONFIRMED)
    twins["alert"].refresh_from_db()
    assert twins["alert"].status == AlertStatus.OPEN
    assert _usd_spending(client_for(None).get(OVERVIEW)) == D(10000)


def test_the_implementers_report_is_left_out_and_the_funders_money_counted_in_full(world, client_for):
    """A funder's disbursement and the implementer's report of the same money, already paired by the counting rule
    (provider-activity-id): confirming leaves the implementer's money out as a confirmed duplicate instead, and the
    funder's counts in full; the total does not change."""
    funder = make_activity(reporter=world.provider, identifier="DE-1-GRANT", countries=[world.state_a],
                           children={"transactions": [{"type": "3", "value": D(8000), "date": datetime.date(
                               2025, 2, 1), "currency": "USD"}]})
    implementer = make_activity(
        reporter=world.other_provider, identifier="AA-IMPL-GRANT", countries=[world.state_a],
        children={"transactions": [
            {"type": "1", "value": D(7900), "date": datetime.date(2025, 2, 20), "currency": "USD",
             "provider_activity_id": "DE-1-GRANT"},
            _spending(7900)]})
    a, b = sorted([funder, implementer], key=lambda activity: activity.pk)
    alert = DuplicateAlert.objects.create(activity_a=a, activity_b=b, kind=AlertKind.SAME, score=0.8)
    client = client_for(world.secretariat)
    before = _totals(client.get(country_url()))
    # the rule pairs the incoming funds by the provider-activity-id: 7,900 of the implementer's not counted again
    assert before[world.other_provider.name].spending == D(0)
    _confirm(world, alert)
    after = _totals(client.get(country_url()))
    assert after[world.provider.name].spending == D(8000)
    implementer_row = after[world.other_provider.name]
    assert (implementer_row.spending, implementer_row.confirmed_duplicate, implementer_row.not_counted) == (
        D(0), D(7900), D(0))


def test_queries_stay_flat_with_a_confirmed_pair(world, client_for, twins, django_assert_max_num_queries):
    _confirm(world, twins["alert"])
    client = client_for(world.officer)
    for url in (OVERVIEW, country_url()):
        client.get(url)
        with django_assert_max_num_queries(40) as few:
            client.get(url)
        for index in range(5):
            make_activity(reporter=world.provider, identifier=f"DE-1-MORE-{url[-4:-1]}-{index}",
                          countries=[world.state_a], children={"transactions": [_spending(10)]})
        with django_assert_max_num_queries(len(few.captured_queries)) as many:
            client.get(url)
        assert len(many.captured_queries) == len(few.captured_queries)
