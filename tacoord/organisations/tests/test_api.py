"""The organisations API: the same restriction as the pages, writes through the services, DELETE archives."""

import pytest

from tacoord.core.models import ChangeAction
from tacoord.core.selectors import object_history
from tacoord.organisations.models import Organisation

pytestmark = pytest.mark.django_db

PUBLISHED = {"fp_org_a", "agency_org_a", "fp_org_b", "agency_org_b", "provider", "provider_office", "other_provider"}


def url(org=None) -> str:
    return f"/api/organisations/{org.pk}/" if org else "/api/organisations/"


def names(world, *keys) -> set[str]:
    return {getattr(world, key).name for key in keys}


def listed(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["name"] for row in response.json()["results"]}


class TestRead:
    @pytest.mark.parametrize("who", ["anonymous", "focal_a", "agency_a", "officer", "expert"])
    def test_list_is_the_published_directory(self, world, api_for, who):
        assert listed(api_for(world.person(who)).get(url())) == names(world, *PUBLISHED)

    def test_secretariat_may_ask_for_archived(self, world, api_for):
        assert listed(api_for(world.secretariat).get(url(), {"archived": "true"})) == {world.archived_org.name}
        assert listed(api_for(None).get(url(), {"archived": "true"})) == set()

    def test_archived_detail_is_not_found(self, world, api_for):
        assert api_for(None).get(url(world.archived_org)).status_code == 404
        assert api_for(world.officer).get(url(world.archived_org)).status_code == 404
        assert api_for(world.secretariat).get(url(world.archived_org)).status_code == 200

    def test_archived_record_within_reach_is_found_by_id(self, world, api_for):
        api_for(world.officer).delete(url(world.provider_office))
        client = api_for(world.officer)
        assert client.get(url(world.provider_office)).json()["archived_at"] is not None
        assert client.patch(url(world.provider_office), {"phone": "+2"}, format="json").status_code == 200
        assert world.provider_office.name not in listed(client.get(url()))
        assert api_for(world.other_officer).get(url(world.provider_office)).status_code == 404

    def test_detail_fields(self, world, api_for):
        data = api_for(None).get(url(world.agency_org_a)).json()
        assert data["country"] == "KE"
        assert data["parent"] == world.fp_org_a.pk
        assert data["url"].endswith(url(world.agency_org_a))
        assert data["archived_at"] is None

    def test_filters(self, world, api_for):
        client = api_for(None)
        assert listed(client.get(url(), {"country": "PE"})) == names(world, "fp_org_b", "agency_org_b")
        assert listed(client.get(url(), {"q": "DGH"})) == names(world, "provider", "provider_office")

    def test_bad_filter_is_400_not_500(self, world, api_for):
        response = api_for(None).get(url(), {"country": "ZZ", "parent": "abc"})
        assert response.status_code == 400
        assert {"country", "parent"} <= set(response.json()["errors"])


class TestCreate:
    def test_focal_point_creates_an_agency_of_its_state(self, world, api_for):
        response = api_for(world.focal_a).post(url(), {"name": "Kenya Coast Guard", "kind": "government",
                                                       "country": "KE", "parent": world.fp_org_a.pk}, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["iati_type"] == "10"
        assert Organisation.objects.get(name="Kenya Coast Guard").country == world.state_a

    @pytest.mark.parametrize(("who", "data"), [
        ("focal_a", {"kind": "government", "country": "PE"}),
        ("focal_a", {"kind": "academia", "country": "KE"}),
        ("agency_a", {"kind": "government", "country": "KE"}),
        ("officer", {"kind": "donor_agency", "parent": "other_provider"}),
        ("officer", {"kind": "donor_agency"}),
        ("expert", {"kind": "academia"}),
    ])
    def test_out_of_scope_is_403_and_saves_nothing(self, world, api_for, who, data):
        if "parent" in data:
            data["parent"] = getattr(world, data["parent"]).pk
        count = Organisation.objects.count()
        response = api_for(world.person(who)).post(url(), {"name": "Not allowed", **data}, format="json")
        assert response.status_code == 403, response.json()
        assert Organisation.objects.count() == count

    def test_anonymous_is_401(self, world, api_for):
        response = api_for(None).post(url(), {"name": "Spam", "kind": "academia"}, format="json")
        assert response.status_code == 401
        assert not Organisation.objects.filter(name="Spam").exists()


class TestUpdate:
    @pytest.mark.parametrize(("who", "org"), [("agency_a", "agency_org_a"), ("officer", "provider"),
                                              ("officer", "provider_office"), ("focal_a", "fp_org_a")])
    def test_within_scope(self, world, api_for, who, org):
        org = getattr(world, org)
        response = api_for(world.person(who)).patch(url(org), {"phone": "+1"}, format="json")
        assert response.status_code == 200, response.json()
        org.refresh_from_db()
        assert org.phone == "+1"

    @pytest.mark.parametrize(("who", "org", "status"), [
        ("officer", "other_provider", 403),
        ("officer", "archived_org", 404),
        ("focal_a", "agency_org_b", 403),
        ("agency_a", "fp_org_a", 403),
        ("expert", "provider", 403),
    ])
    @pytest.mark.parametrize("method", ["patch", "put"])
    def test_out_of_scope(self, world, api_for, who, org, status, method):
        org = getattr(world, org)
        response = getattr(api_for(world.person(who)), method)(
            url(org), {"name": "Taken over", "kind": "academia"}, format="json")
        assert response.status_code == status
        assert Organisation.objects.get(pk=org.pk).name == org.name

    def test_focal_point_cannot_move_an_agency_out_of_its_state(self, world, api_for):
        response = api_for(world.focal_a).patch(url(world.agency_org_a), {"country": "PE",
                                                                          "parent": world.fp_org_b.pk}, format="json")
        assert response.status_code == 403
        world.agency_org_a.refresh_from_db()
        assert world.agency_org_a.country == world.state_a

    def test_focal_point_cannot_make_an_agency_its_states_second_focal_point(self, world, api_for):
        response = api_for(world.focal_a).patch(url(world.agency_org_a), {"is_focal_point": True}, format="json")
        assert response.status_code == 403
        assert "secretariat" in response.json()["detail"]
        world.agency_org_a.refresh_from_db()
        assert not world.agency_org_a.is_focal_point

    def test_secretariat_cannot_give_a_state_a_second_focal_point(self, world, api_for):
        response = api_for(world.secretariat).patch(url(world.agency_org_a), {"is_focal_point": True}, format="json")
        assert response.status_code == 400
        assert "is_focal_point" in response.json()["errors"]

    def test_agency_user_cannot_move_its_own_agency(self, world, api_for):
        response = api_for(world.agency_a).patch(url(world.agency_org_a), {"country": world.state_b.iso2},
                                                      format="json")
        assert response.status_code == 403
        world.agency_org_a.refresh_from_db()
        assert world.agency_org_a.country == world.state_a

    def test_agency_user_may_change_its_own_agencys_contact_details(self, world, api_for):
        response = api_for(world.agency_a).patch(url(world.agency_org_a), {"phone": "+254 20 000"},
                                                      format="json")
        assert response.status_code == 200
        world.agency_org_a.refresh_from_db()
        assert world.agency_org_a.phone == "+254 20 000"

    def test_a_parent_the_caller_cannot_see_is_refused(self, world, api_for):
        response = api_for(world.officer).post("/api/organisations/", {
            "name": "Hidden child", "kind": "donor_agency", "parent": world.archived_org.pk}, format="json")
        assert response.status_code == 400
        assert "parent" in response.json()["errors"]


class TestDelete:
    def test_delete_archives_and_keeps_the_row(self, world, api_for):
        response = api_for(world.officer).delete(url(world.provider_office))
        assert response.status_code == 204
        office = Organisation.objects.get(pk=world.provider_office.pk)
        assert office.is_archived
        assert object_history(obj=office).first().action == ChangeAction.ARCHIVE

    def test_secretariat_delete_archives_too(self, world, api_for):
        assert api_for(world.secretariat).delete(url(world.other_provider)).status_code == 204
        assert Organisation.objects.get(pk=world.other_provider.pk).is_archived

    @pytest.mark.parametrize(("who", "org", "status"), [
        ("focal_a", "fp_org_a", 403),
        ("focal_a", "agency_org_b", 403),
        ("agency_a", "agency_org_a", 403),
        ("officer", "provider", 403),
        ("officer", "archived_org", 404),
        ("expert", "provider", 403),
        ("anonymous", "provider", 401),
    ])
    def test_refused(self, world, api_for, who, org, status):
        org = getattr(world, org)
        assert api_for(world.person(who)).delete(url(org)).status_code == status
        assert Organisation.objects.get(pk=org.pk).archived_at == org.archived_at


class TestBadInput:
    """Field-level errors, HTTP 400, never 500."""

    def post(self, api_for, world, data):
        response = api_for(world.secretariat).post(url(), data, format="json")
        assert response.status_code == 400, response.content
        body = response.json()
        assert set(body) == {"detail", "errors"}
        return body["errors"]

    def test_missing_fields(self, world, api_for):
        assert set(self.post(api_for, world, {})) == {"name", "kind"}

    @pytest.mark.parametrize(("field", "value"), [
        ("name", ["a", "list"]), ("name", {"a": 1}), ("name", "x" * 301), ("kind", "nonsense"), ("kind", 7),
        ("parent", "abc"), ("parent", 999999), ("parent", [1]), ("is_focal_point", "perhaps"),
        ("website", "not a url"), ("email", "not-an-email"), ("country", 12), ("iati_identifier", "has space"),
    ])
    def test_wrong_types_and_values(self, world, api_for, field, value):
        data = {"name": "Valid", "kind": "academia", field: value}
        assert field in self.post(api_for, world, data)

    def test_huge_numbers_are_not_a_crash(self, world, api_for):
        assert "parent" in self.post(api_for, world, {"name": "X", "kind": "academia", "parent": 2**70})
        assert api_for(world.secretariat).get(f"/api/organisations/{2**70}/").status_code == 404

    def test_a_list_instead_of_an_object(self, world, api_for):
        assert "non_field_errors" in self.post(api_for, world, [{"name": "X", "kind": "academia"}])

    def test_put_needs_every_required_field(self, world, api_for):
        response = api_for(world.secretariat).put(url(world.provider), {"phone": "1"}, format="json")
        assert response.status_code == 400
        assert {"name", "kind"} <= set(response.json()["errors"])

    def test_not_json_at_all(self, world, api_for):
        response = api_for(world.secretariat).post(url(), "{not json", content_type="application/json")
        assert response.status_code == 400

    def test_unknown_country_code(self, world, api_for):
        assert "country" in self.post(api_for, world, {"name": "X", "kind": "government", "country": "ZZ"})

    def test_duplicate_iati_identifier(self, world, api_for):
        errors = self.post(api_for, world, {"name": "Copy", "kind": "academia", "iati_identifier": "DE-1-0001"})
        assert list(errors) == ["iati_identifier"]

    def test_second_focal_point_for_a_state(self, world, api_for):
        errors = self.post(api_for, world, {"name": "Rival", "kind": "government", "country": "KE",
                                            "is_focal_point": True})
        assert errors == {"is_focal_point": ["This State already has a national focal point."]}

    def test_government_agency_without_country(self, world, api_for):
        assert "country" in self.post(api_for, world, {"name": "Ministry", "kind": "government"})

    def test_parent_loop(self, world, api_for):
        response = api_for(world.secretariat).patch(url(world.provider), {"parent": world.provider_office.pk},
                                                    format="json")
        assert response.status_code == 400
        assert "parent" in response.json()["errors"]
        response = api_for(world.secretariat).patch(url(world.provider), {"parent": world.provider.pk},
                                                    format="json")
        assert response.status_code == 400
        assert "parent" in response.json()["errors"]

    def test_errors_in_french(self, world, api_for):
        client = api_for(world.secretariat)
        response = client.post(url(), {"kind": "academia", "email": "x"}, format="json",
                               headers={"Accept-Language": "fr"})
        assert response.status_code == 400
        body = response.json()
        assert body["errors"]["name"] == ["Ce champ est obligatoire."]
        assert body["errors"]["email"] == ["Saisissez une adresse e-mail valide."]
        assert body["detail"] == "Saisie invalide."
        response = client.post(url() + "?language=fr", {"name": "X", "kind": "nonsense"}, format="json")
        assert "pas un choix valide" in response.json()["errors"]["kind"][0]

    def test_model_rule_errors_are_translated_too(self, world, api_for):
        response = api_for(world.secretariat).post(url(), {"name": "Copy", "kind": "academia",
                                                           "iati_identifier": "DE-1-0001"},
                                                   format="json", headers={"Accept-Language": "fr"})
        assert response.status_code == 400
        assert "existe déjà" in response.json()["errors"]["iati_identifier"][0]


class TestHistoryArchiveRestore:
    def test_history_lists_changes_and_names_authors_only_to_those_who_may_see_them(self, world, api_for):
        api_for(world.officer).patch(url(world.provider_office), {"phone": "+49 1"}, format="json")
        own = api_for(world.officer).get(f"{url(world.provider_office)}history/").json()["results"]
        assert own[0]["action"] == ChangeAction.UPDATE
        assert own[0]["user"] == world.officer.username
        assert own[0]["differences"] == [{"field": "phone", "before": world.provider_office.phone, "after": "+49 1"}]
        public = api_for(None).get(f"{url(world.provider_office)}history/").json()["results"]
        assert public[0]["user"] is None and public[0]["source"] == "api"

    def test_history_of_a_record_out_of_sight_is_not_found(self, world, api_for):
        assert api_for(world.officer).get(f"{url(world.archived_org)}history/").status_code == 404

    def test_unarchive_needs_archive_permission(self, world, api_for):
        api_for(world.officer).delete(url(world.provider_office))
        denied = api_for(world.other_officer).post(f"{url(world.provider_office)}unarchive/")
        assert denied.status_code in (403, 404)
        assert Organisation.objects.get(pk=world.provider_office.pk).is_archived
        allowed = api_for(world.officer).post(f"{url(world.provider_office)}unarchive/")
        assert allowed.status_code == 200 and allowed.json()["archived_at"] is None
        assert object_history(obj=world.provider_office).first().action == ChangeAction.UNARCHIVE

    def test_restore_brings_back_an_earlier_version(self, world, api_for):
        client = api_for(world.officer)
        original = world.provider_office.name
        client.patch(url(world.provider_office), {"name": "Renamed office"}, format="json")
        created = object_history(obj=world.provider_office).get(action=ChangeAction.CREATE)
        response = client.post(f"{url(world.provider_office)}restore/", {"change": created.pk}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["name"] == original
        assert object_history(obj=world.provider_office).first().action == ChangeAction.RESTORE

    @pytest.mark.parametrize("change", ["", "abc", 999999])
    def test_restore_of_an_unknown_change_is_a_400(self, world, api_for, change):
        response = api_for(world.officer).post(f"{url(world.provider_office)}restore/", {"change": change},
                                               format="json")
        assert response.status_code == 400
        assert "change" in response.json()["errors"]

    def test_restore_by_someone_who_may_not_change_is_refused(self, world, api_for):
        created = object_history(obj=world.provider_office).get(action=ChangeAction.CREATE)
        response = api_for(world.other_officer).post(f"{url(world.provider_office)}restore/",
                                                     {"change": created.pk}, format="json")
        assert response.status_code == 403
