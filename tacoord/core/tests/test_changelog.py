"""The change log: every change to domain data, by whom, when, from where, with what it was before and after."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType

from tacoord.core.context import change_context
from tacoord.core.models import ChangeAction, ObjectChange
from tacoord.core.selectors import object_history
from tacoord.organisations.forms import OrganisationForm
from tacoord.organisations.models import Organisation
from tacoord.testing.forms import form_data
from tacoord.users.models import User

pytestmark = pytest.mark.django_db


def changes_of(obj):
    return list(object_history(obj=obj).order_by("pk"))


def edit(client, user, org, **changes):
    data = form_data(OrganisationForm(instance=org, user=user), **changes)
    return client.post(f"/organisations/{org.pk}/edit/", data)


class TestWeb:
    def test_create_is_logged_with_user_request_and_source(self, world, client_for):
        client = client_for(world.officer)
        data = form_data(OrganisationForm(instance=Organisation(), user=world.officer), name="DGH Lima office",
                         kind="donor_agency", parent=world.provider.pk)
        response = client.post("/organisations/add/", data)
        assert response.status_code == 302, response.content
        office = Organisation.objects.get(name="DGH Lima office")
        [change] = changes_of(office)
        assert change.action == ChangeAction.CREATE
        assert change.user == world.officer
        assert change.user_name == "officer"
        assert change.source == "web"
        assert change.request_id is not None
        assert change.prechange_data is None
        assert change.postchange_data["name"] == "DGH Lima office"
        assert change.postchange_data["parent_id"] == world.provider.pk
        assert change.object_repr == "DGH Lima office"

    def test_update_keeps_before_and_after(self, world, client_for):
        response = edit(client_for(world.officer), world.officer, world.provider, phone="+49 30 1234")
        assert response.status_code == 302, response.content
        change = changes_of(world.provider)[-1]
        assert change.action == ChangeAction.UPDATE
        assert change.user == world.officer
        assert change.source == "web"
        assert change.prechange_data["phone"] == ""
        assert change.postchange_data["phone"] == "+49 30 1234"
        assert change.differences() == [("phone", "", "+49 30 1234")]

    def test_saving_without_change_writes_nothing(self, world, client_for):
        before = ObjectChange.objects.count()
        response = edit(client_for(world.officer), world.officer, world.provider)
        assert response.status_code == 302
        assert ObjectChange.objects.count() == before

    def test_archive_and_unarchive_are_logged(self, world, client_for):
        client = client_for(world.officer)
        office = world.provider_office
        assert client.post(f"/organisations/{office.pk}/archive/").status_code == 302
        assert client.post(f"/organisations/{office.pk}/archive/", {"unarchive": "1"}).status_code == 302
        archive, unarchive = changes_of(office)[-2:]
        assert archive.action == ChangeAction.ARCHIVE
        assert archive.prechange_data["archived_at"] is None
        assert archive.postchange_data["archived_at"] is not None
        assert unarchive.action == ChangeAction.UNARCHIVE
        assert unarchive.postchange_data["archived_at"] is None
        assert {archive.user, unarchive.user} == {world.officer}
        assert archive.request_id != unarchive.request_id

    def test_restore_brings_fields_back_and_is_itself_logged(self, world, client_for):
        client = client_for(world.officer)
        edit(client, world.officer, world.provider, phone="111", website="https://dgh.example.org")
        edit(client, world.officer, world.provider, phone="222", website="")
        first_edit = changes_of(world.provider)[-2]
        count = ObjectChange.objects.count()
        response = client.post(f"/organisations/{world.provider.pk}/history/", {"change": first_edit.pk})
        assert response.status_code == 302
        world.provider.refresh_from_db()
        assert (world.provider.phone, world.provider.website) == ("111", "https://dgh.example.org")
        assert ObjectChange.objects.count() == count + 1
        restore = changes_of(world.provider)[-1]
        assert restore.action == ChangeAction.RESTORE
        assert restore.user == world.officer
        assert restore.prechange_data["phone"] == "222"
        assert restore.postchange_data["phone"] == "111"
        # Nothing was erased: both edits are still in the history.
        assert [c.action for c in changes_of(world.provider)][-3:] == ["update", "update", "restore"]

    def test_one_request_shares_one_request_id(self, world, client_for):
        client = client_for(world.focal_a)
        data = {"username": "new_agency_user", "email": "n@example.org", "role": "agency_user",
                "organisation": world.agency_org_a.pk, "language": "en"}
        assert client.post("/people/add/", data).status_code == 302
        person = User.objects.get(username="new_agency_user")
        [created] = changes_of(person)
        assert created.request_id is not None
        assert created.user == world.focal_a
        other = changes_of(world.focal_a)
        assert all(change.request_id != created.request_id for change in other)


class TestApi:
    def test_api_changes_are_attributed_to_the_token_user(self, world, api_for):
        client = api_for(world.officer)
        response = client.post("/api/organisations/", {"name": "DGH Accra office", "kind": "donor_agency",
                                                       "parent": world.provider.pk}, format="json")
        assert response.status_code == 201, response.json()
        office = Organisation.objects.get(pk=response.json()["id"])
        response = client.patch(f"/api/organisations/{office.pk}/", {"phone": "+233"}, format="json")
        assert response.status_code == 200, response.json()
        assert client.delete(f"/api/organisations/{office.pk}/").status_code == 204
        create, update, archive = changes_of(office)
        assert [create.action, update.action, archive.action] == ["create", "update", "archive"]
        for change in (create, update, archive):
            assert change.user == world.officer
            assert change.user_name == "officer"
            assert change.source == "api"
            assert change.request_id is not None
        assert len({create.request_id, update.request_id, archive.request_id}) == 3
        assert update.differences() == [("phone", "", "+233")]

    def test_session_api_changes_are_attributed_too(self, world, client_for):
        response = client_for(world.officer).patch(
            f"/api/organisations/{world.provider.pk}/", json.dumps({"phone": "1"}), content_type="application/json")
        assert response.status_code == 200
        change = changes_of(world.provider)[-1]
        assert (change.user, change.source) == (world.officer, "api")


class TestOutsideRequests:
    def test_changes_without_request_are_from_the_system(self, world):
        world.provider.phone = "9"
        world.provider.save()
        change = changes_of(world.provider)[-1]
        assert (change.user, change.user_name, change.source) == (None, "", "system")

    def test_a_command_names_itself_and_its_user(self, world):
        with change_context(user=world.secretariat, source="load_reference"):
            world.provider.phone = "8"
            world.provider.save()
        change = changes_of(world.provider)[-1]
        assert (change.user, change.source) == (world.secretariat, "load_reference")

    def test_hard_delete_is_logged_with_what_was_deleted(self, world):
        pk = world.other_expert.pk
        world.other_expert.delete()
        change = ObjectChange.objects.filter(changed_object_type=ContentType.objects.get_for_model(User),
                                             changed_object_id=str(pk)).first()
        assert change.action == ChangeAction.DELETE
        assert change.prechange_data["username"] == "other_expert"
        assert change.postchange_data is None


class TestSecrets:
    def test_passwords_never_reach_the_log(self, world, client_for):
        client = client_for(world.secretariat)
        data = {"username": "new_expert", "email": "x@example.org", "role": "expert", "language": "en",
                "password": "a-Very-long-secret-42"}
        assert client.post("/people/add/", data).status_code == 302
        person = User.objects.get(username="new_expert")
        assert person.check_password("a-Very-long-secret-42")
        data["password"] = "another-Long-secret-43"
        data["job_title"] = "Prosecutor"
        assert client.post(f"/people/{person.pk}/edit/", data).status_code == 302
        person.refresh_from_db()
        assert person.check_password("another-Long-secret-43")
        client_for(None).post("/login/", {"username": "new_expert", "password": "another-Long-secret-43"})
        logged = changes_of(person)
        assert [c.action for c in logged] == ["create", "update"]
        text = json.dumps([[c.prechange_data, c.postchange_data] for c in logged])
        assert "password" not in text
        assert "secret" not in text
        assert person.password not in text
        assert "last_login" not in text

    def test_a_password_change_alone_writes_no_change(self, world):
        before = ObjectChange.objects.count()
        world.expert.set_password("a-brand-new-password")
        world.expert.save()
        assert ObjectChange.objects.count() == before


class TestDifferences:
    def test_only_touched_fields_sorted(self):
        change = ObjectChange(prechange_data={"a": 1, "b": 2, "c": 3}, postchange_data={"a": 1, "b": 5, "d": 4})
        assert change.differences() == [("b", 2, 5), ("c", 3, None), ("d", None, 4)]

    def test_creation_lists_every_field(self):
        assert ObjectChange(prechange_data=None, postchange_data={"x": 1}).differences() == [("x", None, 1)]
