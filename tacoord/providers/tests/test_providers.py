import csv
import io

import pytest
from openpyxl import load_workbook

from tacoord.core.permissions import Action, user_may
from tacoord.core.search import search_everything
from tacoord.providers.choices import UnodcPartnership
from tacoord.providers.models import ProviderProfile
from tacoord.providers.tests.helpers import profile, reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(world):
    ref = reference(world)
    dgh = profile(world.provider, articles=[ref["untoc_a18"]], languages=["en", "fr"], regions=[ref["africa"]],
                  summary="Mutual legal assistance training", offers_on_site=True, contact_email="mla@dgh.example",
                  unodc_partnership=UnodcPartnership.DONOR, unodc_partner_since=2009)
    undo = profile(world.other_provider, articles=[ref["tip_a5"]], languages=["es"], countries=[world.state_b],
                   summary="Trafficking legislation", offers_remote=True)
    return {"ref": ref, "dgh": dgh, "undo": undo}


def names(response):
    assert response.status_code == 200
    return {str(profile.organisation.acronym) for profile in response.context["page"].object_list}


@pytest.mark.parametrize("person, visible", [
    ("anonymous", {"DGH", "UNDO"}), ("focal_a", {"DGH", "UNDO"}), ("officer", {"DGH", "UNDO"}),
    ("expert", {"DGH", "UNDO"}), ("secretariat", {"DGH", "UNDO"}),
])
def test_public_directory(world, client_for, offers, person, visible):
    assert names(client_for(world.person(person)).get("/providers/")) == visible


def test_archived_profile_seen_only_by_its_officers(world, client_for, offers):
    ProviderProfile.objects.filter(pk=offers["dgh"].pk).update(archived_at="2026-01-01T00:00:00Z")
    url = f"/providers/{offers['dgh'].pk}/"
    assert client_for(None).get(url).status_code == 404
    assert client_for(world.other_officer).get(url).status_code == 404
    assert client_for(world.colleague).get(url).status_code == 200
    assert names(client_for(world.officer).get("/providers/?archived=true")) == {"DGH"}


def test_who_may_write(world, offers):
    dgh, undo = offers["dgh"], offers["undo"]
    assert user_may(world.officer, Action.CHANGE, dgh) and user_may(world.officer, Action.ARCHIVE, dgh)
    assert not user_may(world.officer, Action.CHANGE, undo)
    assert not user_may(world.other_officer, Action.CHANGE, dgh)
    for name in ("focal_a", "agency_a", "expert", "anonymous"):
        assert not user_may(world.person(name), Action.CHANGE, dgh)
        assert not user_may(world.person(name), Action.ADD, ProviderProfile(organisation=world.provider_office))
    assert user_may(world.officer, Action.ADD, ProviderProfile(organisation=world.provider_office))
    assert not user_may(world.officer, Action.ADD, ProviderProfile(organisation=world.fp_org_a))
    assert user_may(world.secretariat, Action.CHANGE, undo)


def test_filters_who_offers_what_where(world, client_for, offers):
    ref, client = offers["ref"], client_for(None)
    assert names(client.get(f"/providers/?article={ref['untoc_a18'].pk}")) == {"DGH"}
    # Article 5 of the Protocol is in the criminalization cluster; a profile naming the cluster offers it too.
    offers["dgh"].clusters.add(ref["untoc_a5"].cluster)
    assert names(client.get(f"/providers/?article={ref['tip_a5'].pk}")) == {"DGH", "UNDO"}
    assert names(client.get("/providers/?region=014")) == {"DGH"}  # Eastern Africa lies in Africa, where DGH works
    assert names(client.get("/providers/?region=002")) == {"DGH"}
    assert names(client.get("/providers/?region=019")) == {"UNDO"}  # Peru, named by UNDO, is in the Americas
    assert names(client.get("/providers/?country=KE")) == {"DGH"}
    assert names(client.get("/providers/?country=PE")) == {"UNDO"}
    assert names(client.get("/providers/?delivery_language=fr")) == {"DGH"}
    assert names(client.get("/providers/?modality=remote")) == {"UNDO"}
    assert names(client.get("/providers/?modality=remote&modality=on_site")) == set()
    assert names(client.get("/providers/?unodc_partnership=donor")) == {"DGH"}
    assert names(client.get("/providers/?q=trafficking")) == {"UNDO"}
    assert names(client.get(f"/providers/?article={ref['untoc_a18'].pk}&region=002&delivery_language=en")) == {"DGH"}
    # Bad values are shown on the form, not a server error.
    assert client.get("/providers/?article=999999&country=ZZ&modality=bogus").status_code == 200


def test_exports(world, client_for, offers):
    client = client_for(None)
    rows = list(csv.reader(io.StringIO(client.get("/providers/?export=csv").content.decode().lstrip("\ufeff"))))
    assert rows[0][0] == "Organisation" and len(rows) == 3
    dgh_row = next(row for row in rows if row[0].startswith("Deutsche"))
    assert "UNTOC 18" in dgh_row and "On-site" in dgh_row
    sheet = load_workbook(io.BytesIO(client.get("/providers/?export=xlsx&delivery_language=es").content)).active
    assert len(list(sheet.iter_rows())) == 2


def test_detail_links_to_organisation(world, client_for, offers):
    page = client_for(None).get(f"/providers/{offers['dgh'].pk}/")
    assert page.status_code == 200
    assert world.provider.get_absolute_url() in page.content.decode()
    assert b"since 2009" in page.content
    assert not page.context["may_change"]
    assert client_for(world.officer).get(f"/providers/{offers['dgh'].pk}/").context["may_change"]


def add_form(**changes):
    data = {"summary": "Equipment for forensic labs", "unodc_partnership": "none", "modalities": ["equipment"]}
    data.update(changes)
    return data


def test_officer_adds_profile_of_office(world, client_for, offers):
    client = client_for(world.officer)
    assert client.get("/providers/add/").status_code == 200
    organisations = set(client.get("/providers/add/").context["form"].fields["organisation"].queryset)
    assert organisations == {world.provider_office}  # the provider itself has a profile already
    response = client.post("/providers/add/", add_form(organisation=world.provider_office.pk,
                                                       unodc_partner_since=2015))
    assert response.status_code == 200
    assert "unodc_partner_since" in response.context["form"].errors
    assert not ProviderProfile.objects.filter(organisation=world.provider_office).exists()
    response = client.post("/providers/add/", add_form(organisation=world.provider_office.pk))
    made = ProviderProfile.objects.get(organisation=world.provider_office)
    assert response.status_code == 302 and made.offers_equipment and not made.offers_remote
    assert made.modalities == ["Equipment"]
    history = client.get(f"/providers/{made.pk}/history/")
    assert history.status_code == 200 and len(history.context["page"].object_list) == 1


def test_denied_writes(world, client_for, offers):
    dgh = offers["dgh"]
    assert client_for(world.other_officer).get(f"/providers/{dgh.pk}/edit/").status_code == 403
    assert client_for(world.focal_a).post(f"/providers/{dgh.pk}/archive/").status_code == 403
    assert client_for(None).get("/providers/add/").status_code == 302  # to the sign-in page
    # Another organisation is not among the choices: the form refuses it, nothing is saved.
    response = client_for(world.officer).post("/providers/add/", add_form(organisation=world.other_provider.pk))
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    response = client_for(world.focal_a).post("/providers/add/", add_form(organisation=world.agency_org_a.pk))
    assert response.status_code in {200, 403}
    assert ProviderProfile.objects.count() == 2


def test_officer_edits_and_archives(world, client_for, offers):
    dgh, client = offers["dgh"], client_for(world.colleague)
    form = client.get(f"/providers/{dgh.pk}/edit/").context["form"]
    assert form.fields["organisation"].disabled and form["modalities"].value() == ["on_site"]
    response = client.post(f"/providers/{dgh.pk}/edit/", add_form(organisation=world.other_provider.pk,
                                                                    modalities=["remote", "secondment"],
                                                                    unodc_partnership="donor",
                                                                    unodc_partner_since=2010))
    assert response.status_code == 302
    dgh.refresh_from_db()
    assert dgh.organisation == world.provider  # a disabled field keeps its value
    assert dgh.modalities == ["Remote", "Secondment"] and dgh.unodc_partner_since == 2010
    assert client.post(f"/providers/{dgh.pk}/archive/").status_code == 302
    dgh.refresh_from_db()
    assert dgh.is_archived


def test_api(world, api_for, offers):
    ref = offers["ref"]
    listed = api_for(None).get("/api/providers/?delivery_language=fr&region=002").json()
    assert [row["organisation"] for row in listed["results"]] == [world.provider.pk]
    assert listed["results"][0]["modalities"] == ["on_site"] and listed["results"][0]["languages"] == ["en", "fr"]
    payload = {"organisation": world.provider_office.pk, "languages": ["es"], "regions": ["019"],
               "countries": ["PE"], "modalities": ["remote"], "articles": [ref["untoc_a5"].pk],
               "ta_types": ["training"]}
    assert api_for(None).post("/api/providers/", payload, format="json").status_code in {401, 403}
    assert api_for(world.other_officer).post("/api/providers/", payload, format="json").status_code == 403
    bad = api_for(world.officer).post("/api/providers/", {**payload, "unodc_partner_since": 2001}, format="json")
    assert bad.status_code == 400 and "unodc_partner_since" in bad.json()["errors"]
    made = api_for(world.officer).post("/api/providers/", payload, format="json")
    assert made.status_code == 201, made.json()
    assert made.json()["modalities"] == ["remote"] and made.json()["countries"] == ["PE"]
    duplicate = api_for(world.officer).post("/api/providers/", payload, format="json")
    assert duplicate.status_code == 400 and "organisation" in duplicate.json()["errors"]
    undo = offers["undo"].pk
    assert api_for(world.officer).patch(f"/api/providers/{undo}/", {"summary": "x"}, format="json").status_code == 403
    assert api_for(world.officer).delete(f"/api/providers/{undo}/").status_code == 403
    history = api_for(world.officer).get(f"/api/providers/{made.json()['id']}/history/")
    assert history.status_code == 200 and history.json()["count"] == 1


def test_global_search_and_country_panel(world, client_for, offers):
    found = search_everything(user=None, term="legal assistance")
    assert [group["results"] for group in found if group["model"] is ProviderProfile] == [[offers["dgh"]]]
    page = client_for(None).get(world.state_a.get_absolute_url())
    assert page.status_code == 200
    assert offers["dgh"].get_absolute_url() in page.content.decode()
    assert offers["undo"].get_absolute_url() not in page.content.decode()
