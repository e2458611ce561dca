"""Filters of the cycle and response lists on the pages, in their CSV/XLSX exports and in the API: questionnaire,
status, region, State, overdue, submitted between two days; never more than the user may see."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tacoord.reference.models import Region
from tacoord.reporting.models import QuestionnaireResponse
from tacoord.reporting.services import cycle_add_states, cycle_create, cycle_open, response_submit
from tacoord.reporting.tests.conftest import COMPLETE, make_template, save
from tacoord.testing.factories import CountryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitored(world, reporting):
    """The open 2027 cycle (Kenya, Peru, Ghana; due later) and an overdue 'Earlier' cycle of another questionnaire
    where Kenya submitted on 10 May 2026 and Peru has not."""
    africa = Region.objects.create(m49_code="002", level="region", name_en="Africa")
    americas = Region.objects.create(m49_code="019", level="region", name_en="Americas")
    Region.objects.create(m49_code="142", level="region", name_en="Asia")
    for country, region in [(world.state_a, africa), (world.state_b, americas)]:
        country.region = region
        country.save()
    ghana = CountryFactory(iso2="GH", iso3="GHA", name_en="Ghana", region=africa)
    cycle_add_states(user=world.secretariat, cycle=reporting.cycle, countries=[ghana])
    today = timezone.localdate()
    earlier = cycle_create(user=world.secretariat, name="Earlier", template=make_template(code="earlier"),
                           opens_on=today - datetime.timedelta(days=90), deadline=today - datetime.timedelta(days=10),
                           countries=[world.state_a, world.state_b])
    earlier = cycle_open(user=world.secretariat, cycle=earlier)
    kenya = earlier.responses.get(country=world.state_a)
    save(world.agency_a, kenya, **COMPLETE)
    response_submit(user=world.focal_a, response=kenya)
    QuestionnaireResponse.objects.filter(pk=kenya.pk).update(
        submitted_at=timezone.make_aware(datetime.datetime(2026, 5, 10, 12)))
    return {"earlier": earlier, "africa": africa, "americas": americas}


def responses_listed(client, query, api=False):
    if api:
        answer = client.get("/api/reporting/responses/", query)
        assert answer.status_code == 200, answer.json()
        return sorted(f"{row['country']}/{row['cycle']}" for row in answer.json()["results"])
    page = client.get("/reporting/responses/", query)
    assert page.status_code == 200
    return sorted(f"{r.country.iso2}/{r.cycle_id}" for r in page.context["page"])


def cycles_listed(client, query, api=False):
    if api:
        answer = client.get("/api/reporting/cycles/", query)
        assert answer.status_code == 200, answer.json()
        return sorted(row["name"] for row in answer.json()["results"])
    return sorted(c.name for c in client.get("/reporting/", query).context["page"])


@pytest.mark.parametrize("api", [False, True], ids=["page", "api"])
class TestResponseFilters:
    def test_each_filter(self, world, reporting, monitored, client_for, api_for, api):
        client = (api_for if api else client_for)(world.secretariat)
        now, earlier = reporting.cycle.pk, monitored["earlier"].pk
        listed = lambda **query: responses_listed(client, query, api)  # noqa: E731
        assert listed() == sorted([f"KE/{now}", f"PE/{now}", f"GH/{now}", f"KE/{earlier}", f"PE/{earlier}"])
        assert listed(template=monitored["earlier"].template_id) == [f"KE/{earlier}", f"PE/{earlier}"]
        assert listed(cycle=earlier) == [f"KE/{earlier}", f"PE/{earlier}"]
        assert listed(status="submitted") == [f"KE/{earlier}"]
        assert listed(status=["submitted", "in_progress"]) == [f"KE/{earlier}"]
        assert listed(region=monitored["africa"].pk) == sorted([f"GH/{now}", f"KE/{now}", f"KE/{earlier}"])
        assert listed(country="PE") == sorted([f"PE/{now}", f"PE/{earlier}"])
        assert listed(overdue="true") == [f"PE/{earlier}"]
        assert len(listed(overdue="false")) == 4
        assert listed(submitted_after="2026-05-10", submitted_before="2026-05-10") == [f"KE/{earlier}"]
        assert listed(submitted_after="2026-05-11") == []
        assert listed(submitted_before="2026-05-09") == []
        assert listed(region=monitored["americas"].pk, overdue="true") == [f"PE/{earlier}"]

    @pytest.mark.parametrize(("who", "states"), [("focal_a", {"KE"}), ("agency_b", {"PE"}), ("officer", set()),
                                                 ("anonymous", set())])
    def test_never_beyond_what_the_user_may_see(self, world, monitored, client_for, api_for, api, who, states):
        client = (api_for if api else client_for)(world.person(who))
        for query in [{}, {"country": "PE"}, {"overdue": "true"}, {"region": monitored["africa"].pk}]:
            assert {row.split("/")[0] for row in responses_listed(client, query, api)} <= states

    def test_invalid_filter_values(self, world, monitored, client_for, api_for, api):
        client = (api_for if api else client_for)(world.secretariat)
        for query in [{"country": "ZZ"}, {"submitted_after": "soon"}, {"status": "lost"}, {"region": 999999}]:
            if api:
                answer = client.get("/api/reporting/responses/", query)
                assert answer.status_code == 400 and set(answer.json()) == {"detail", "errors"}
                assert set(answer.json()["errors"]) & {"country", "submitted", "submitted_after", "status", "region"}
            else:
                page = client.get("/reporting/responses/", query)
                assert page.status_code == 200 and page.context["filterset"].errors  # shown, left out


@pytest.mark.parametrize("api", [False, True], ids=["page", "api"])
class TestCycleFilters:
    def test_each_filter(self, world, reporting, monitored, client_for, api_for, api):
        client = (api_for if api else client_for)(world.secretariat)
        listed = lambda **query: cycles_listed(client, query, api)  # noqa: E731
        both = sorted([reporting.cycle.name, "Earlier"])
        assert listed() == both
        assert listed(template=reporting.template.pk) == [reporting.cycle.name]
        assert listed(status="open") == both and listed(status="closed") == []
        assert listed(country="GH") == [reporting.cycle.name]
        assert listed(region=monitored["americas"].pk) == both
        assert listed(region=Region.objects.get(m49_code="142").pk) == []
        assert listed(overdue="true") == ["Earlier"] and listed(overdue="false") == [reporting.cycle.name]
        assert listed(submitted_after="2026-05-01", submitted_before="2026-05-31") == ["Earlier"]
        assert listed(submitted_after="2026-06-01", submitted_before="2026-06-30") == []
        assert listed(deadline_after="2027-01-01") == [reporting.cycle.name]

    def test_filters_by_state_reveal_only_visible_responses(self, world, reporting, monitored, client_for, api_for,
                                                            api):
        officer = (api_for if api else client_for)(world.officer)
        assert cycles_listed(officer, {}, api) == sorted([reporting.cycle.name, "Earlier"])
        assert cycles_listed(officer, {"country": "KE"}, api) == []
        focal = (api_for if api else client_for)(world.focal_a)
        assert cycles_listed(focal, {"country": "GH"}, api) == []
        assert cycles_listed(focal, {"country": "KE"}, api) == sorted([reporting.cycle.name, "Earlier"])


class TestExports:
    def test_csv_of_the_filtered_responses(self, world, monitored, client_for):
        export = client_for(world.secretariat).get("/reporting/responses/", {"overdue": "true", "export": "csv"})
        assert export.status_code == 200 and "csv" in export["Content-Type"]
        rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
        assert rows[0][:4] == ["Response", "State", "Region", "Questionnaire"]
        assert [row[1] for row in rows[1:]] == ["Peru"] and rows[1][2] == "Americas"

    def test_xlsx_of_the_filtered_cycles(self, world, reporting, monitored, client_for):
        export = client_for(world.secretariat).get("/reporting/", {"country": "GH", "export": "xlsx"})
        sheet = load_workbook(io.BytesIO(export.content)).active
        assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [reporting.cycle.name]

    @pytest.mark.parametrize("who", ["focal_b", "officer", "anonymous"])
    def test_export_within_permissions(self, world, monitored, client_for, who):
        export = client_for(world.person(who)).get("/reporting/responses/", {"export": "csv"})
        rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
        assert {row[1] for row in rows[1:]} <= ({"Peru"} if who == "focal_b" else set())
