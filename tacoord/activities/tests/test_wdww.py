"""Who does what where: pages, exports, the country page's coordination panel, permissions and query counts."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tacoord.activities.models import Activity
from tacoord.activities.tests.helpers import make_activity, txn
from tacoord.core import maps
from tacoord.needs.choices import NeedStatus
from tacoord.needs.models import Need
from tacoord.needs.tests import helpers as needs_helpers
from tacoord.reference.models import TechnicalAssistanceType

pytestmark = pytest.mark.django_db
D = Decimal
OVERVIEW = reverse("activities:wdww:overview")
MAP = reverse("activities:wdww:map")


def country_url(iso2="KE"):
    return reverse("activities:wdww:country", kwargs={"iso2": iso2})


@pytest.fixture(autouse=True)
def _fresh_map():
    maps._build.cache_clear()
    yield
    maps._build.cache_clear()


def rows_of(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


# ------------------------------------------------------------------------------------------------ totals


def test_totals_count_the_implementers_spending_of_the_funders_money_once(world, client_for, data):
    page = client_for(world.secretariat).get(OVERVIEW)
    assert page.status_code == 200
    totals = {(row.provider, row.year, row.currency): row for row in page.context["totals"]}
    donor = totals[(world.provider.name, 2025, "USD")]
    assert (donor.commitments, donor.spending) == (D(1000), D(1000))
    implementer_2025 = totals[(world.other_provider.name, 2025, "USD")]
    assert (implementer_2025.spending, implementer_2025.spending_reported) == (D(0), D(700))
    implementer_2026 = totals[(world.other_provider.name, 2026, "USD")]
    assert (implementer_2026.spending, implementer_2026.spending_reported) == (D(200), D(500))
    assert totals[(world.provider_office.name, 2025, "EUR")].spending == D(200)  # never converted
    assert sum(row.spending for row in page.context["totals"] if row.currency == "USD") == D(1200)
    assert "Reported, not counted again" in page.content.decode()


def test_filtering_on_the_implementer_still_counts_once(world, client_for, data):
    page = client_for(None).get(OVERVIEW, {"reporting_organisation": world.other_provider.pk})
    totals = {(row.year, row.currency): row.spending for row in page.context["totals"]}
    assert totals == {(2025, "USD"): D(0), (2026, "USD"): D(200)}


def test_country_filter_splits_money_by_percentages(world, client_for, data):
    page = client_for(None).get(OVERVIEW, {"country": "PE", "by": "provider"})
    assert page.context["total"] == 1
    [row] = page.context["totals"]
    assert (row.currency, row.spending, row.spending_reported) == ("EUR", D(100), D(100))  # half in Peru


# ------------------------------------------------------------------------------------------------ summary tables


@pytest.mark.parametrize("by,expected", [
    ("country", {"Kenya": 3, "Peru": 1}),
    ("provider", {"Deutsche Gesellschaft Hilfe": 1, "United Nations Development Office": 1,
                  "DGH Nairobi office": 1}),
    ("article", {"UNTOC 5: Participation": 2, "UNTOC 18: Mutual legal assistance": 1}),
    ("ta_type", {"Training": 1}),
    ("coordination_setting", {"Bilateral": 1, "Joint": 1}),
])
def test_summary_by_dimension(world, client_for, data, by, expected):
    page = client_for(None).get(OVERVIEW, {"by": by})
    assert page.status_code == 200
    assert {row.label: row.activities for row in page.context["rows"]} == expected
    assert "Archived secret course" not in page.content.decode()


def test_money_by_country_is_split_and_counted_once(world, client_for, data):
    page = client_for(None).get(OVERVIEW, {"by": "country"})
    rows = {row.label: row for row in page.context["rows"]}
    kenya = {line["currency"]: line for line in rows["Kenya"].currencies()}
    assert kenya["USD"]["spending"] == D(1200)
    assert kenya["USD"]["commitments"] == D(1000)
    assert kenya["EUR"]["spending"] == D(100)
    assert {line["currency"]: line["spending"] for line in rows["Peru"].currencies()} == {"EUR": D(100)}


def test_priority_area_not_specified_row(world, client_for, data):
    page = client_for(None).get(OVERVIEW, {"by": "priority_area"})
    assert page.context["rows"] == []
    assert page.context["unspecified"].activities == 3
    assert "Not specified" in page.content.decode()


# ------------------------------------------------------------------------------------------------ exports


def test_exports_of_each_view(world, client_for, data):
    client = client_for(world.officer)
    summary = rows_of(client.get(OVERVIEW, {"by": "country", "export": "csv"}))
    kenya = [row for row in summary if row["Code"] == "KE"]
    assert {row["Currency"] for row in kenya} == {"USD", "EUR"}
    totals = rows_of(client.get(OVERVIEW, {"table": "totals", "export": "csv"}))
    assert {row["Provider"] for row in totals} == {world.provider.name, world.other_provider.name,
                                                   world.provider_office.name}
    workbook = load_workbook(io.BytesIO(client.get(OVERVIEW, {"export": "xlsx", "by": "article"}).content))
    assert workbook.active.max_row == 3
    mapped = rows_of(client.get(MAP, {"export": "csv"}))
    assert {row["Code"]: row["Activities"] for row in mapped} == {"KE": "3", "PE": "1"}
    listed = rows_of(client.get(country_url(), {"export": "csv"}))
    assert {row["IATI identifier"] for row in listed} == {"DE-1-0001-A", "XM-UNDO-B", "DE-1-0001-P"}
    country_totals = rows_of(client.get(country_url("PE"), {"export": "csv", "table": "totals"}))
    assert [(row["Currency"], row["Disbursements and expenditure (counted once)"]) for row in country_totals] == [
        ("EUR", "100.00")]


@pytest.mark.parametrize("url", [OVERVIEW, MAP, country_url()])
def test_split_export_one_row_per_activity_country_and_sector(world, client_for, data, url):
    article = data["articles"]["untoc_a18"].pk
    rows = rows_of(client_for(None).get(url, {"export": "csv", "split": "1", "article": article}))
    assert sorted((row["IATI identifier"], row["Country code"], row["Share of the activity"],
                   row["Disbursements and expenditure (share)"]) for row in rows) == [
        ("DE-1-0001-P", "KE", "0.5000", "100.00"), ("DE-1-0001-P", "PE", "0.5000", "100.00")]


# ------------------------------------------------------------------------------------------------ map


def test_map_by_count_and_by_money(world, client_for, data):
    client = client_for(None)
    page = client.get(MAP)
    assert {row.iso2: row.value for row in page.context["map"].rows} == {"ke": 3, "pe": 1}
    assert page.context["map"].rows[0].url.startswith(country_url("KE"))
    page = client.get(MAP, {"measure": "spending", "currency": "USD"})
    assert {row.iso2: row.value for row in page.context["map"].rows} == {"ke": 1200.0}
    page = client.get(MAP, {"measure": "spending", "currency": "EUR"})
    assert {row.iso2: row.value for row in page.context["map"].rows} == {"ke": 100.0, "pe": 100.0}
    page = client.get(MAP, {"measure": "commitments", "currency": "XXX"})  # unknown: the most used one
    assert page.context["currency"] in {"USD", "EUR"}


def test_map_with_the_shared_filters(world, client_for, data):
    page = client_for(None).get(MAP, {"article": data["articles"]["untoc_a18"].pk})
    assert {row.iso2 for row in page.context["map"].rows} == {"ke", "pe"}
    page = client_for(None).get(MAP, {"reporting_organisation": world.other_provider.pk})
    assert {row.iso2: row.value for row in page.context["map"].rows} == {"ke": 1}


# ------------------------------------------------------------------------------------------------ one country


def test_country_timeline(world, client_for, data):
    page = client_for(None).get(country_url("ke"))
    assert page.status_code == 200
    timeline = page.context["timeline"]
    assert [row.activity.iati_identifier for row in timeline.rows] == ["DE-1-0001-P", "DE-1-0001-A", "XM-UNDO-B"]
    bars = {row.activity.iati_identifier: (row.offset, row.width) for row in timeline.rows}
    assert bars["XM-UNDO-B"][0] > bars["DE-1-0001-A"][0]
    assert all(offset >= 0 and offset + width <= 100.5 for offset, width in bars.values())
    assert [year for year, _offset in timeline.years][0] == 2025
    assert "tl-bar" in page.content.decode()


def test_country_coordination_gaps_and_duplication(world, client_for, data):
    page = client_for(world.other_officer).get(country_url())
    coordination = page.context["coordination"]
    needs = {need.pk: (linked, matching) for need, linked, matching in coordination.needs}
    assert set(needs) == {data["addressed"].pk, data["gap"].pk}  # the unvalidated draft is not a need yet
    assert {activity.pk for activity in needs[data["addressed"].pk][1]} == {data["funder"].pk,
                                                                            data["implementer"].pk}
    # The Peru desk works on article 18 in Kenya too: the need is addressed, no gap.
    assert {activity.pk for activity in needs[data["gap"].pk][1]} == {data["peru"].pk}
    assert coordination.gaps == []
    [(first, second, articles, start, end)] = coordination.overlaps
    assert {first.pk, second.pk} == {data["funder"].pk, data["implementer"].pk}
    assert start == datetime.date(2025, 6, 1) and end == datetime.date(2026, 12, 31)


def test_linked_need_and_gap(world, client_for, data):
    Activity.objects.get(pk=data["implementer"].pk).needs.add(data["addressed"])
    data["peru"].articles.clear()
    page = client_for(world.focal_a).get(country_url())
    coordination = page.context["coordination"]
    needs = {need.pk: (linked, matching) for need, linked, matching in coordination.needs}
    assert [activity.pk for activity in needs[data["addressed"].pk][0]] == [data["implementer"].pk]
    assert [need.pk for need in coordination.gaps] == [data["gap"].pk]
    assert "Gap: nobody addresses it" in page.content.decode()


def test_country_panel_on_the_country_page(world, client_for, data):
    data["peru"].articles.clear()
    page = client_for(world.officer).get(world.state_a.get_absolute_url())
    text = page.content.decode()
    assert "Coordination of technical assistance" in text
    assert "Gaps: validated needs nobody addresses" in text
    assert str(data["gap"]) in text
    assert "Police academy course" in text  # possible duplication with the funder's training
    assert reverse("activities:wdww:country", kwargs={"iso2": "KE"}) in text


# ------------------------------------------------------------------------------------------------ permissions


def test_public_sees_no_needs(world, client_for, data):
    data["peru"].articles.clear()
    page = client_for(None).get(country_url())
    assert page.context["coordination"].needs == []
    assert not page.context["coordination"].needs_visible
    assert str(data["gap"]) not in page.content.decode()
    panel = client_for(None).get(world.state_a.get_absolute_url()).content.decode()
    assert "Gaps: validated needs" not in panel
    assert "Possible duplication" in panel


def test_archived_activities_only_for_who_manages_them(world, client_for, data):
    for user in (None, world.other_officer, world.focal_b, world.agency_a, world.expert):
        page = client_for(user).get(OVERVIEW, {"archived": "true"})
        assert page.context["total"] == 0, user
        page = client_for(user).get(MAP, {"archived": "true"})
        assert page.context["map"].rows == []
    for user in (world.officer, world.secretariat):
        page = client_for(user).get(OVERVIEW, {"archived": "true"})
        assert page.context["total"] == 1
        assert "Archived secret course" in client_for(user).get(country_url(), {"archived": "true"}).content.decode()
    page = client_for(world.other_officer).get(country_url(), {"archived": "true"})
    assert "Archived secret course" not in page.content.decode()
    assert rows_of(client_for(None).get(OVERVIEW, {"archived": "true", "export": "csv", "split": "1"})) == []


def test_focal_point_of_another_state_sees_published_needs_only(world, client_for, data):
    page = client_for(world.focal_b).get(country_url())
    assert {need.pk for need, _l, _m in page.context["coordination"].needs} == {data["addressed"].pk,
                                                                                 data["gap"].pk}
    assert str(data["draft"]) not in page.content.decode()


# ------------------------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize("query", [
    {"year": "abc"}, {"country": "ZZ"}, {"by": "nonsense"}, {"measure": "nonsense"}, {"provider": "999999"},
    {"status": ["9"]}, {"export": "pdf"}, {"sector": "'; drop table"}, {"table": "totals", "export": "nope"},
])
@pytest.mark.parametrize("url", [OVERVIEW, MAP, country_url()])
def test_bad_filters_never_fail(world, client_for, data, url, query):
    response = client_for(world.officer).get(url, query)
    assert response.status_code == 200


def test_unknown_country_is_not_found(world, client_for, data):
    assert client_for(None).get(country_url("QQ")).status_code == 404


# ------------------------------------------------------------------------------------------------ queries


def _many(world, count, articles):
    start = datetime.date(2024, 1, 1)
    for index in range(count):
        reporter = world.provider if index % 2 else world.other_provider
        make_activity(
            reporter=reporter, identifier=f"XM-TEST-{index}", countries=[world.state_a, world.state_b],
            planned_start=start + datetime.timedelta(days=30 * index),
            planned_end=start + datetime.timedelta(days=30 * index + 400),
            relations={"articles": [articles["untoc_a5"]]},
            children={"transactions": [
                txn("3", 100 + index, start + datetime.timedelta(days=index),
                    receiver_activity_id=f"XM-TEST-{index + 1}"),
                txn("4", 50, start + datetime.timedelta(days=index + 5))],
                "sectors": [{"code": "15130", "percentage": 100}]})


@pytest.mark.parametrize("url,query,cap", [
    (OVERVIEW, {}, 25), (OVERVIEW, {"by": "article"}, 25), (OVERVIEW, {"country": "KE", "by": "provider"}, 25),
    (MAP, {}, 25), (MAP, {"measure": "spending"}, 25), (country_url(), {}, 30),
    # the country page has the panels of every app: the cap is theirs too, the equality below is what matters here
    ("/reference/countries/KE/", {}, 80),
])
def test_queries_do_not_grow_with_activities(world, client_for, django_assert_max_num_queries, url, query, cap):
    articles = needs_helpers.reference()
    training = TechnicalAssistanceType.objects.get(code="training")
    client = client_for(world.officer)
    _many(world, 3, articles)
    Need.objects.create(country=world.state_a, article=articles["untoc_a5"], ta_type=training,
                        status=NeedStatus.VALIDATED)
    client.get(url, query)  # warm caches (map names, sessions)
    with django_assert_max_num_queries(cap) as few:
        client.get(url, query)
    _many_more = 25
    for index in range(3, 3 + _many_more):
        make_activity(reporter=world.provider, identifier=f"XM-MORE-{index}", countries=[world.state_a],
                      relations={"articles": [articles["untoc_a5"]]},
                      children={"transactions": [txn("3", 10, datetime.date(2025, 1, 1))]})
        Need.objects.create(country=world.state_a, article=articles["untoc_a18"], ta_type=training,
                            status=NeedStatus.VALIDATED)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        page = client.get(url, query)
    assert page.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_split_export_queries_stay_few(world, client_for, django_assert_max_num_queries):
    articles = needs_helpers.reference()
    _many(world, 20, articles)
    with django_assert_max_num_queries(15):
        rows = rows_of(client_for(None).get(OVERVIEW, {"export": "csv", "split": "1"}))
    assert len(rows) == 40


def test_iati_export_link_keeps_the_filters(world, client_for, data):
    client = client_for(None)
    page = client.get(country_url(), {"reporting_organisation": world.other_provider.pk})
    link = re.search(r'href="(/iati/export/\?[^"]*)"', page.content.decode()).group(1).replace("&amp;", "&")
    assert "country=KE" in link and f"reporting_organisation={world.other_provider.pk}" in link
    xml = b"".join(client.get(link).streaming_content)
    assert b"<iati-identifier>XM-UNDO-B</iati-identifier>" in xml
    assert b"DE-1-0001-A" not in xml.replace(b'provider-activity-id="DE-1-0001-A"', b"")
    overview = client.get(OVERVIEW, {"by": "article", "article": data["articles"]["untoc_a18"].pk}).content.decode()
    link = re.search(r'href="(/iati/export/\?[^"]*)"', overview).group(1).replace("&amp;", "&")
    assert "by=" not in link
    assert b"DE-1-0001-P" in b"".join(client.get(link).streaming_content)


@pytest.mark.parametrize("language, thousand", [("ar", "1,000"), ("zh-hans", "1,000"), ("fr", "1\u00a0000"),
                                                ("en", "1,000")])
def test_amounts_are_grouped_by_thousands_in_every_language(world, client_for, data, language, thousand):
    page = client_for(None).get(OVERVIEW, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    totals = page.split('id="totals-table"')[1].split("</table>")[0]
    assert f'<td class="num">{thousand}</td>' in totals
