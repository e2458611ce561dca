"""The people API: the same restriction as the pages, no role escalation, DELETE archives, field-level 400s."""

import pytest

from tacoord.core.models import ChangeAction
from tacoord.core.selectors import object_history
from tacoord.users.models import User

pytestmark = pytest.mark.django_db

SEEN = {
    "secretariat": {"secretariat", "focal_a", "focal_b", "agency_a", "agency_b", "officer", "colleague",
                    "other_officer", "expert", "other_expert"},
    "focal_a": {"focal_a", "agency_a"},
    "agency_b": {"agency_b"},
    "officer": {"officer", "colleague"},
    "expert": {"expert"},
    "anonymous": set(),
}


def url(person=None) -> str:
    return f"/api/users/{person.pk}/" if person else "/api/users/"


def listed(response) -> set[str]:
    assert response.status_code == 200
    return {row["username"] for row in response.json()["results"]}


def fresh(person) -> User:
    return User.objects.get(pk=person.pk)


class TestRead:
    @pytest.mark.parametrize("who", list(SEEN))
    def test_list(self, world, api_for, who):
        assert listed(api_for(world.person(who)).get(url())) == SEEN[who]

    @pytest.mark.parametrize(("who", "person", "status"), [
        ("anonymous", "expert", 404), ("expert", "other_expert", 404), ("officer", "colleague", 200),
        ("officer", "other_officer", 404), ("focal_a", "agency_b", 404), ("focal_a", "agency_a", 200),
    ])
    def test_detail(self, world, api_for, who, person, status):
        assert api_for(world.person(who)).get(url(world.person(person))).status_code == status

    def test_no_secret_is_given_out(self, world, api_for):
        data = api_for(world.secretariat).get(url(world.expert)).json()
        assert not {"password", "token", "auth_token", "is_superuser"} & set(data)

    def test_archived_person_is_found_by_id_by_who_archived_it(self, world, api_for):
        api_for(world.focal_a).delete(url(world.agency_a))
        client = api_for(world.focal_a)
        assert client.get(url(world.agency_a)).json()["is_active"] is False
        assert "agency_a" not in listed(client.get(url()))
        assert listed(client.get(url(), {"archived": "true"})) == {"agency_a"}


class TestCreate:
    def test_focal_point_adds_an_agency_user_of_its_state(self, world, api_for):
        response = api_for(world.focal_a).post(url(), {"username": "agency_a2", "email": "a2@example.org",
                                                       "role": "agency_user",
                                                       "organisation": world.agency_org_a.pk}, format="json")
        assert response.status_code == 201, response.json()
        person = User.objects.get(username="agency_a2")
        assert not person.has_usable_password()
        assert object_history(obj=person).first().user == world.focal_a

    @pytest.mark.parametrize(("role", "organisation"), [("secretariat", None), ("secretariat", "agency_org_a"),
                                                        ("agency_user", "agency_org_b"), ("expert", None),
                                                        ("provider_officer", "provider")])
    def test_focal_point_adds_no_one_out_of_its_reach(self, world, api_for, role, organisation):
        data = {"username": "intruder", "email": "i@example.org", "role": role}
        if organisation:
            data["organisation"] = getattr(world, organisation).pk
        response = api_for(world.focal_a).post(url(), data, format="json")
        assert response.status_code == 403, response.json()
        assert not User.objects.filter(username="intruder").exists()

    @pytest.mark.parametrize("who", ["agency_a", "officer", "expert"])
    def test_others_add_no_one(self, world, api_for, who):
        response = api_for(world.person(who)).post(url(), {"username": "intruder", "email": "i@example.org",
                                                           "role": "expert"}, format="json")
        assert response.status_code == 403
        assert not User.objects.filter(username="intruder").exists()

    def test_anonymous_is_401(self, world, api_for):
        response = api_for(None).post(url(), {"username": "intruder", "email": "i@example.org"}, format="json")
        assert response.status_code == 401

    def test_a_password_cannot_be_set_through_the_api(self, world, api_for):
        response = api_for(world.secretariat).post(url(), {"username": "new", "email": "n@example.org",
                                                           "password": "a-Long-enough-secret"}, format="json")
        assert response.status_code == 201
        assert not User.objects.get(username="new").has_usable_password()


class TestUpdate:
    @pytest.mark.parametrize(("who", "field", "value"), [
        ("expert", "role", "secretariat"),
        ("officer", "role", "secretariat"),
        ("officer", "organisation", "other_provider"),
        ("agency_a", "organisation", "agency_org_b"),
        ("focal_a", "role", "secretariat"),
    ])
    def test_no_one_changes_their_own_standing(self, world, api_for, who, field, value):
        user = world.person(who)
        value = getattr(world, value).pk if field == "organisation" else value
        response = api_for(user).patch(url(user), {field: value}, format="json")
        assert response.status_code == 403
        stored = fresh(user)
        assert (stored.role, stored.organisation_id) == (user.role, user.organisation_id)

    def test_focal_point_cannot_make_someone_secretariat(self, world, api_for):
        response = api_for(world.focal_a).patch(url(world.agency_a), {"role": "secretariat"}, format="json")
        assert response.status_code == 403
        assert fresh(world.agency_a).role == "agency_user"

    def test_focal_point_cannot_send_someone_to_another_state(self, world, api_for):
        response = api_for(world.focal_a).patch(url(world.agency_a), {"organisation": world.agency_org_b.pk},
                                                format="json")
        assert response.status_code == 403
        assert fresh(world.agency_a).organisation == world.agency_org_a

    def test_own_details(self, world, api_for):
        response = api_for(world.expert).patch(url(world.expert), {"job_title": "Judge"}, format="json")
        assert response.status_code == 200
        assert fresh(world.expert).job_title == "Judge"

    def test_read_only_fields_are_ignored(self, world, api_for):
        response = api_for(world.expert).patch(url(world.expert), {"is_active": False, "archived_at": "2020-01-01"},
                                               format="json")
        assert response.status_code == 200
        assert fresh(world.expert).is_active and not fresh(world.expert).is_archived

    @pytest.mark.parametrize(("who", "person", "status"), [
        ("officer", "colleague", 403), ("officer", "other_officer", 404), ("focal_a", "agency_b", 404),
        ("agency_a", "focal_a", 404), ("expert", "other_expert", 404),
    ])
    def test_out_of_scope(self, world, api_for, who, person, status):
        person = world.person(person)
        response = api_for(world.person(who)).patch(url(person), {"job_title": "Changed"}, format="json")
        assert response.status_code == status
        assert fresh(person).job_title == ""


class TestDelete:
    def test_delete_archives_the_account(self, world, api_for):
        assert api_for(world.focal_a).delete(url(world.agency_a)).status_code == 204
        person = fresh(world.agency_a)
        assert person.is_archived and not person.is_active
        assert object_history(obj=person).first().action == ChangeAction.ARCHIVE
        assert api_for(world.agency_a).get(url()).status_code == 401

    @pytest.mark.parametrize(("who", "person", "status"), [
        ("focal_a", "focal_a", 403), ("focal_a", "agency_b", 404), ("agency_a", "agency_a", 403),
        ("officer", "colleague", 403), ("expert", "expert", 403), ("anonymous", "expert", 401),
    ])
    def test_refused(self, world, api_for, who, person, status):
        person = world.person(person)
        assert api_for(world.person(who)).delete(url(person)).status_code == status
        assert fresh(person).is_active


class TestBadInput:
    def post(self, api_for, world, data, **kwargs):
        response = api_for(world.secretariat).post(url(), data, format="json", **kwargs)
        assert response.status_code == 400, response.content
        assert set(response.json()) == {"detail", "errors"}
        return response.json()["errors"]

    def test_missing_fields(self, world, api_for):
        assert "username" in self.post(api_for, world, {})

    @pytest.mark.parametrize(("field", "value"), [
        ("username", "bad name!"), ("username", ["x"]), ("email", "nope"), ("role", "public"), ("role", 3),
        ("organisation", 999999), ("organisation", "abc"), ("language", "xx"),
    ])
    def test_wrong_types_and_values(self, world, api_for, field, value):
        data = {"username": "valid", "email": "v@example.org", field: value}
        assert field in self.post(api_for, world, data)

    def test_duplicate_user_name(self, world, api_for):
        errors = self.post(api_for, world, {"username": "expert", "email": "e@example.org"})
        assert list(errors) == ["username"]

    def test_role_without_its_organisation(self, world, api_for):
        errors = self.post(api_for, world, {"username": "lonely", "email": "l@example.org", "role": "focal_point",
                                            "organisation": world.agency_org_a.pk})
        assert list(errors) == ["organisation"]

    def test_in_french(self, world, api_for):
        errors = self.post(api_for, world, {"email": "nope"}, headers={"Accept-Language": "fr"})
        assert errors["username"] == ["Ce champ est obligatoire."]
        assert errors["email"] == ["Saisissez une adresse e-mail valide."]
