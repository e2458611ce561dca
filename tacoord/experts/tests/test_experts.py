import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from tacoord.core.permissions import Action, user_may
from tacoord.core.search import search_everything
from tacoord.experts.models import Availability, Expert
from tacoord.experts.services import expert_save
from tacoord.experts.tests.helpers import assignment, expert
from tacoord.needs.tests import helpers as needs_helpers

pytestmark = pytest.mark.django_db

CONTACT = "dubois@private.example"


@pytest.fixture
def roster(world):
    articles = needs_helpers.reference()
    dubois = expert(user=world.expert, first_name="Claire", last_name="Dubois", email=CONTACT, phone="+33 1 23",
                    languages=["fr", "en"], articles=[articles["untoc_a5"]], knows_civil_law=True,
                    expertise="Asset recovery and confiscation", periods=[("2026-05-01", "2026-06-30")])
    novak = expert(user=world.other_expert, first_name="Jan", last_name="Novak", email="novak@private.example",
                   languages=["en"], articles=[articles["untoc_a18"]], knows_common_law=True,
                   periods=[("2026-05-10", "2026-05-20")])
    assignment(dubois, title="Confiscation law review", country=world.state_a)
    return {"articles": articles, "dubois": dubois, "novak": novak}


def names(response):
    assert response.status_code == 200
    return {expert.last_name for expert in response.context["page"].object_list}


@pytest.mark.parametrize("person, visible", [
    ("secretariat", {"Dubois", "Novak"}), ("officer", {"Dubois", "Novak"}), ("expert", {"Dubois"}),
    ("focal_a", set()), ("agency_a", set()), ("anonymous", set()),
])
def test_who_sees_the_roster(world, client_for, roster, person, visible):
    assert names(client_for(world.person(person)).get("/experts/")) == visible


def test_secretariat_filters(world, client_for, roster):
    client, articles = client_for(world.secretariat), roster["articles"]
    assert names(client.get("/experts/?available_from=2026-05-02&available_until=2026-06-01")) == {"Dubois"}
    assert names(client.get("/experts/?available_from=2026-05-12&available_until=2026-05-15")) == {"Dubois", "Novak"}
    assert names(client.get("/experts/?available_from=2026-06-15")) == {"Dubois"}
    assert names(client.get("/experts/?available_until=2026-07-15")) == set()
    assert names(client.get("/experts/?available_from=2026-06-01&available_until=2026-05-01")) == set()
    assert names(client.get("/experts/?speaks=fr")) == {"Dubois"}
    assert names(client.get("/experts/?legal_system=civil_law")) == {"Dubois"}
    assert names(client.get("/experts/?legal_system=civil_law&legal_system=common_law")) == {"Dubois", "Novak"}
    assert names(client.get(f"/experts/?article={articles['untoc_a5'].pk}")) == {"Dubois"}
    # The Protocol's article 5 is in the criminalization cluster: an expert on that cluster knows it.
    roster["novak"].clusters.add(articles["tip_a5"].cluster)
    assert names(client.get(f"/experts/?article={articles['tip_a5'].pk}")) == {"Novak"}
    assert names(client.get("/experts/?q=confiscation")) == {"Dubois"}
    assert names(client.get("/experts/?worked_in=KE")) == {"Dubois"}
    assert names(client.get("/experts/?speaks=fr&legal_system=civil_law&available_from=2026-05-03"
                            f"&article={articles['untoc_a5'].pk}")) == {"Dubois"}
    assert client.get("/experts/?available_from=not-a-date&article=99999&legal_system=x").status_code == 200
    # An archived period no longer counts.
    Availability.objects.filter(expert=roster["dubois"]).update(archived_at="2026-01-01T00:00:00Z")
    assert names(client.get("/experts/?available_from=2026-06-15")) == set()


def export(client, fmt="csv"):
    response = client.get(f"/experts/?export={fmt}")
    if fmt == "csv":
        return list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    return [[cell.value for cell in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]


def test_contacts_only_for_secretariat_and_the_expert(world, client_for, api_for, roster):
    dubois = roster["dubois"]
    url = f"/experts/{dubois.pk}/"
    for person in ("secretariat", "expert"):
        assert CONTACT in client_for(world.person(person)).get(url).content.decode()
        assert CONTACT in {cell for row in export(client_for(world.person(person))) for cell in row}
        assert CONTACT in {cell for row in export(client_for(world.person(person)), "xlsx") for cell in row}
        assert api_for(world.person(person)).get(f"/api/experts/{dubois.pk}/").json()["email"] == CONTACT
    officer = client_for(world.officer)
    page = officer.get(url)
    assert page.status_code == 200 and "Asset recovery" in page.content.decode()
    assert CONTACT not in page.content.decode() and "+33 1 23" not in page.content.decode()
    for fmt in ("csv", "xlsx"):
        rows = export(officer, fmt)
        assert len(rows) == 3 and "E-mail" not in rows[0]
        assert not any(CONTACT in str(cell) or "novak@" in str(cell) for row in rows for cell in row)
    listed = api_for(world.officer).get("/api/experts/").json()["results"]
    assert len(listed) == 2 and all(not {"email", "phone", "user"} & set(row) for row in listed)
    assert "email" not in api_for(world.officer).get(f"/api/experts/{dubois.pk}/").json()
    # Another expert reads only their own contacts, and not Dubois's entry at all.
    assert client_for(world.other_expert).get(url).status_code == 404
    assert api_for(world.other_expert).get(f"/api/experts/{dubois.pk}/").status_code == 404
    # Earlier versions hold the contacts: the history is for the secretariat and the expert.
    assert officer.get(f"{url}history/").status_code == 403
    assert api_for(world.officer).get(f"/api/experts/{dubois.pk}/history/").status_code == 403
    assert client_for(world.expert).get(f"{url}history/").status_code == 200
    assert api_for(world.secretariat).get(f"/api/experts/{dubois.pk}/history/").status_code == 200
    # A search must not find an expert by contacts.
    assert not [g for g in search_everything(user=world.officer, term="private.example") if g["model"] is Expert]
    assert [g["results"] for g in search_everything(user=world.officer, term="Dubois")
            if g["model"] is Expert] == [[dubois]]
    assert not [g for g in search_everything(user=world.focal_a, term="Dubois") if g["model"] is Expert]


def test_permissions(world, roster):
    dubois, novak = roster["dubois"], roster["novak"]
    assert user_may(world.expert, Action.CHANGE, dubois) and not user_may(world.expert, Action.CHANGE, novak)
    assert not user_may(world.expert, Action.ARCHIVE, dubois)
    assert not user_may(world.officer, Action.CHANGE, dubois)
    assert user_may(world.secretariat, Action.ARCHIVE, dubois)
    period = dubois.availability.get()
    assert user_may(world.expert, Action.CHANGE, period) and user_may(world.expert, Action.ARCHIVE, period)
    assert not user_may(world.other_expert, Action.CHANGE, period)
    assert user_may(world.officer, Action.VIEW, period) and not user_may(world.officer, Action.CHANGE, period)
    assert not user_may(world.focal_a, Action.VIEW, period)
    assert not user_may(world.expert, Action.ADD, Availability(expert=novak))
    assert not user_may(world.expert, Action.ADD, Expert())  # already on the roster
    for name in ("officer", "focal_a", "anonymous"):
        assert not user_may(world.person(name), Action.ADD, Expert())


def test_expert_edits_own_entry(world, client_for, roster):
    dubois, client = roster["dubois"], client_for(world.expert)
    assert client.get("/experts/me/").url == dubois.get_absolute_url()
    form = client.get(f"/experts/{dubois.pk}/edit/").context["form"]
    assert "user" not in form.fields and form["legal_systems"].value() == ["civil_law"]
    data = {"first_name": "Claire", "last_name": "Dubois-Martin", "email": "new@private.example",
            "legal_systems": ["civil_law", "mixed"], "languages": [dubois.languages.first().pk],
            "user": world.other_expert.pk}
    assert client.post(f"/experts/{dubois.pk}/edit/", data).status_code == 302
    dubois.refresh_from_db()
    assert dubois.last_name == "Dubois-Martin" and dubois.legal_systems == ["Civil law", "Mixed legal system"]
    assert dubois.user == world.expert  # the link to an account is not the expert's to change
    bad = client.post(f"/experts/{dubois.pk}/edit/", {**data, "first_name": "", "email": "not-an-address"})
    assert bad.status_code == 200 and {"first_name", "email"} <= set(bad.context["form"].errors)
    assert client_for(world.other_expert).get(f"/experts/{dubois.pk}/edit/").status_code == 404
    assert client_for(world.officer).get(f"/experts/{dubois.pk}/edit/").status_code == 403
    assert client.post(f"/experts/{dubois.pk}/archive/").status_code == 403


def test_expert_edits_availability(world, client_for, roster):
    period, client = roster["dubois"].availability.get(), client_for(world.expert)
    form = client.get(f"/experts/availability/{period.pk}/edit/").context["form"]
    assert form.fields["expert"].disabled
    bad = client.post(f"/experts/availability/{period.pk}/edit/", {"starts_on": "2026-09-10",
                                                                    "ends_on": "2026-09-01"})
    assert bad.status_code == 200 and "ends_on" in bad.context["form"].errors
    done = client.post(f"/experts/availability/{period.pk}/edit/", {"starts_on": "2026-09-01",
                                                                     "ends_on": "2026-09-30", "note": "remote"})
    assert done.status_code == 302 and done.url == roster["dubois"].get_absolute_url()
    period.refresh_from_db()
    assert str(period.starts_on) == "2026-09-01" and period.note == "remote"
    added = client.post(f"/experts/availability/add/?expert={roster['novak'].pk}",
                        {"starts_on": "2027-01-01", "ends_on": "2027-01-31"})
    assert added.status_code == 302
    assert roster["dubois"].availability.count() == 2 and roster["novak"].availability.count() == 1
    assert client_for(world.other_expert).post(f"/experts/availability/{period.pk}/edit/", {
        "starts_on": "2026-01-01", "ends_on": "2026-01-02"}).status_code == 404
    assert client_for(world.officer).get(f"/experts/availability/{period.pk}/edit/").status_code == 403
    assert client_for(world.officer).get("/experts/availability/add/").status_code == 403
    assert client.post(f"/experts/availability/{period.pk}/archive/").status_code == 302
    period.refresh_from_db()
    assert period.is_archived


def test_new_expert_enters_themselves(world, client_for):
    client = client_for(world.other_expert)
    assert client.get("/experts/me/").url == "/experts/add/"
    assert client.get("/experts/add/").context["form"].initial["last_name"] == "Novak"
    response = client.post("/experts/add/", {"first_name": "Jan", "last_name": "Novak",
                                             "legal_systems": ["islamic_law"]})
    assert response.status_code == 302
    made = Expert.objects.get()
    assert made.user == world.other_expert and made.knows_islamic_law
    assert client.get("/experts/add/").status_code == 403


def test_secretariat_links_accounts(world, client_for, roster):
    client = client_for(world.secretariat)
    response = client.post("/experts/add/", {"first_name": "Omar", "last_name": "Haddad", "user": world.officer.pk})
    assert response.status_code == 200 and "user" in response.context["form"].errors
    assert client.post("/experts/add/", {"first_name": "Omar", "last_name": "Haddad"}).status_code == 302
    omar = Expert.objects.get(last_name="Haddad")
    assert client.post(f"/experts/{omar.pk}/archive/").status_code == 302
    assert names(client.get("/experts/")) == {"Dubois", "Novak"}
    assert names(client.get("/experts/?archived=true")) == {"Haddad"}


def test_api_writes(world, api_for, roster):
    dubois, novak = roster["dubois"], roster["novak"]
    own = api_for(world.expert)
    changed = own.patch(f"/api/experts/{dubois.pk}/", {"legal_systems": ["mixed"], "languages": ["es"]},
                        format="json")
    assert changed.status_code == 200 and changed.json()["legal_systems"] == ["mixed"]
    # The other account is out of the expert's sight (400); were it not, the service refuses the link (403).
    assert own.patch(f"/api/experts/{dubois.pk}/", {"user": world.other_expert.pk},
                     format="json").status_code in {400, 403}
    dubois.refresh_from_db()
    assert dubois.user == world.expert
    assert own.patch(f"/api/experts/{novak.pk}/", {"title": "x"}, format="json").status_code == 404
    assert api_for(world.officer).patch(f"/api/experts/{dubois.pk}/", {"title": "x"},
                                        format="json").status_code == 403
    assert api_for(None).get("/api/experts/").json()["count"] == 0
    bad = own.post("/api/experts/availability/", {"expert": dubois.pk, "starts_on": "2026-10-10",
                                                  "ends_on": "2026-10-01"}, format="json")
    assert bad.status_code == 400 and "ends_on" in bad.json()["errors"]
    made = own.post("/api/experts/availability/", {"expert": dubois.pk, "starts_on": "2026-10-01",
                                                   "ends_on": "2026-10-10"}, format="json")
    assert made.status_code == 201
    assert own.post("/api/experts/availability/", {"expert": novak.pk, "starts_on": "2026-10-01",
                                                   "ends_on": "2026-10-10"}, format="json").status_code == 400
    assert own.post("/api/experts/assignments/", {"expert": dubois.pk, "title": "MLA workshop", "country": "PE",
                                                  "starts_on": "2025-02-01"}, format="json").status_code == 201
    assert api_for(world.officer).get("/api/experts/assignments/?country=PE").json()["count"] == 1
    assert api_for(world.focal_a).get("/api/experts/assignments/").json()["count"] == 0
    assert api_for(world.secretariat).delete(f"/api/experts/{novak.pk}/").status_code == 204
    assert api_for(world.officer).get("/api/experts/").json()["count"] == 1


def test_service_refuses_relinking(world, roster):
    dubois = roster["dubois"]
    dubois.user = world.other_expert
    with pytest.raises(PermissionDenied):
        expert_save(user=world.expert, expert=dubois)
    dubois.refresh_from_db()
    assert dubois.user == world.expert


def test_expert_restores_a_version_the_officer_cannot(world, client_for, roster):
    dubois, client = roster["dubois"], client_for(world.expert)
    data = {"first_name": "Claire", "last_name": "Dubois", "email": "changed@private.example"}
    assert client.post(f"/experts/{dubois.pk}/edit/", data).status_code == 302
    first = client.get(f"/experts/{dubois.pk}/history/").context["page"].object_list[-1]
    assert client_for(world.officer).post(f"/experts/{dubois.pk}/history/",
                                          {"change": first.pk}).status_code == 403
    assert client.post(f"/experts/{dubois.pk}/history/", {"change": first.pk}).status_code == 302
    dubois.refresh_from_db()
    assert dubois.email == CONTACT
