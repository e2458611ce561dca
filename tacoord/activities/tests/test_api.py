import pytest

from tacoord.activities.models import Activity
from tacoord.activities.tests.helpers import make_activity
from tacoord.needs.models import Need
from tacoord.reference.models import CodelistItem, TechnicalAssistanceType

URL = "/api/activities/"


@pytest.fixture
def kenya(world):
    return make_activity(reporter=world.provider, identifier="DE-1-0001-KE", countries=[world.state_a],
                         children={"sectors": [{"code": "15130"}]})


def _payload(world, **changes):
    return {"reporting_organisation": world.provider.pk, "title": {"en": "API activity", "es": "Actividad"},
            "default_currency": "USD", "planned_start": "2026-01-01", "planned_end": "2026-06-30",
            "recipient_countries": [{"country": "KE", "percentage": "50"}, {"country": "PE", "percentage": "50"}],
            "transactions": [{"type": "3", "date": "2026-02-01", "value": "1200.00"}], **changes}


def test_public_list_nested_and_filtered(world, api_for, kenya):
    make_activity(reporter=world.other_provider, identifier="UNDO-1", countries=[world.state_b])
    client = api_for(None)
    data = client.get(URL).json()
    assert data["count"] == 2
    data = client.get(URL, {"country": "KE"}).json()
    assert [row["iati_identifier"] for row in data["results"]] == ["DE-1-0001-KE"]
    assert data["results"][0]["recipient_countries"] == [{"country": "KE", "percentage": None}]
    assert data["results"][0]["sectors"][0]["code"] == "15130"
    assert client.get(URL, {"sector": "999"}).json()["count"] == 0


def test_officer_creates_with_parts_then_replaces_one_part(world, api_for):
    client = api_for(world.officer)
    response = client.post(URL, _payload(world), format="json")
    assert response.status_code == 201, response.json()
    activity = Activity.objects.get()
    assert activity.recipient_countries.count() == 2 and activity.transactions.count() == 1
    response = client.patch(f"{URL}{activity.pk}/", {"recipient_countries": [{"country": "PE"}]}, format="json")
    assert response.status_code == 200, response.json()
    assert [row.country.iso2 for row in activity.recipient_countries.all()] == ["PE"]
    assert activity.transactions.count() == 1
    history = client.get(f"{URL}{activity.pk}/history/").json()
    assert history["count"] == 2


def test_validation_errors_keyed_by_part_row_and_field(world, api_for):
    for code in ("USD", "EUR"):
        CodelistItem.objects.create(codelist="Currency", code=code, name_en=code)
    payload = _payload(world, recipient_countries=[{"country": "KE", "percentage": "50"}],
                       transactions=[{"type": "3", "date": "2026-02-01", "value": "1", "currency": "ABC"}])
    response = api_for(world.officer).post(URL, payload, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "recipient_countries" in errors and "transactions.0.currency" in errors
    assert not Activity.objects.exists()


def test_forged_ids_are_refused(world, api_for, kenya):
    client = api_for(world.officer)
    # Reporting for another organisation.
    assert client.post(URL, _payload(world, reporting_organisation=world.other_provider.pk),
                       format="json").status_code == 403
    # An archived organisation, which the officer may not see, named as participant or reporter.
    response = client.post(URL, _payload(world, reporting_organisation=world.archived_org.pk), format="json")
    assert response.status_code == 400
    response = client.post(URL, _payload(world, participating_organisations=[
        {"role": "1", "organisation": world.archived_org.pk}]), format="json")
    assert response.status_code == 400
    assert Activity.objects.count() == 1


@pytest.mark.parametrize("person, status", [("other_officer", 403), ("focal_a", 403), ("expert", 403),
                                            ("anonymous", 401)])
def test_others_may_not_change_or_archive(world, api_for, kenya, person, status):
    client = api_for(world.person(person))
    assert client.patch(f"{URL}{kenya.pk}/", {"title": {"en": "Taken"}}, format="json").status_code == status
    assert client.delete(f"{URL}{kenya.pk}/").status_code == status
    kenya.refresh_from_db()
    assert kenya.title == {"en": "Training of prosecutors"} and kenya.archived_at is None


def test_anonymous_may_not_create(world, api_for):
    assert api_for(None).post(URL, _payload(world), format="json").status_code == 401
    assert not Activity.objects.exists()


def test_officer_may_not_move_an_activity_out_of_reach(world, api_for, kenya):
    response = api_for(world.officer).patch(f"{URL}{kenya.pk}/", {"reporting_organisation": world.other_provider.pk},
                                            format="json")
    assert response.status_code == 403
    kenya.refresh_from_db()
    assert kenya.reporting_organisation == world.provider


def test_bad_narratives_and_restore(world, api_for, kenya):
    client = api_for(world.officer)
    assert client.patch(f"{URL}{kenya.pk}/", {"title": ["x"]}, format="json").status_code == 400
    client.patch(f"{URL}{kenya.pk}/", {"recipient_countries": [{"country": "PE"}]}, format="json")
    first = client.get(f"{URL}{kenya.pk}/history/").json()["results"][-1]["id"]
    assert client.post(f"{URL}{kenya.pk}/restore/", {"change": first}, format="json").status_code == 200
    assert [row.country.iso2 for row in kenya.recipient_countries.all()] == ["KE"]


def test_in_the_schema(world, api_for):
    schema = api_for(None).get("/api/schema/").content.decode()
    assert "/api/activities/" in schema and "recipient_countries" in schema


def test_needs_named_only_to_those_who_may_see_them(world, api_for):
    ta_type = TechnicalAssistanceType.objects.create(code="training", name_en="Training")
    need = Need.objects.create(country=world.state_a, ta_type=ta_type, status="identified")
    activity = make_activity(reporter=world.provider, identifier="DE-1-0001-N", relations={"needs": [need.pk]})
    assert api_for(None).get(f"{URL}{activity.pk}/").json()["needs"] == []
    assert api_for(world.focal_a).get(f"{URL}{activity.pk}/").json()["needs"] == [need.pk]


def test_forged_programme_and_needs_ids(world, api_for):
    hidden = make_activity(reporter=world.other_provider, identifier="UNDO-HIDDEN")
    hidden.mark_archived()
    hidden.save()
    ta_type = TechnicalAssistanceType.objects.create(code="training", name_en="Training")
    secret = Need.objects.create(country=world.state_a, ta_type=ta_type, status="identified")
    client = api_for(world.officer)
    assert client.post(URL, _payload(world, parent=hidden.pk), format="json").status_code == 400
    assert client.post(URL, _payload(world, needs=[secret.pk]), format="json").status_code == 400
    assert client.post(URL, _payload(world, parent=999999), format="json").status_code == 400
    assert not Activity.objects.filter(reporting_organisation=world.provider).exists()
