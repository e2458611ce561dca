"""The people pages: list and exports, detail, add and edit, archive, history and restore, for every role."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tacoord.core.models import ChangeAction, ObjectChange
from tacoord.core.selectors import object_history
from tacoord.core.services import object_save
from tacoord.testing.factories import PASSWORD
from tacoord.testing.forms import form_data
from tacoord.users.forms import UserForm
from tacoord.users.models import User

pytestmark = pytest.mark.django_db

EVERYONE = {"secretariat", "focal_a", "focal_b", "agency_a", "agency_b", "officer", "colleague", "other_officer",
            "expert", "other_expert"}
SEEN = {
    "secretariat": EVERYONE,
    "focal_a": {"focal_a", "agency_a"},
    "agency_a": {"agency_a"},
    "officer": {"officer", "colleague"},
    "other_officer": {"other_officer"},
    "expert": {"expert"},
}


def listed(response) -> set[str]:
    assert response.status_code == 200
    return {person.username for person in response.context["page"].object_list}


def csv_usernames(response) -> set[str]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert rows[0][0] == "User name"
    return {row[0] for row in rows[1:]}


def xlsx_usernames(response) -> set[str]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return {row[0] for row in list(sheet.iter_rows(values_only=True))[1:]}


def post_edit(client, user, person, **changes):
    return client.post(f"/people/{person.pk}/edit/", form_data(UserForm(instance=person, user=user), **changes))


class TestList:
    @pytest.mark.parametrize("who", list(SEEN))
    def test_each_role_lists_whom_it_may_see(self, world, client_for, who):
        assert listed(client_for(world.person(who)).get("/people/")) == SEEN[who]

    @pytest.mark.parametrize("who", list(SEEN))
    def test_exports_hold_what_the_list_shows(self, world, client_for, who):
        client = client_for(world.person(who))
        for query in ("", "?role=agency_user", "?q=example.org"):
            shown = listed(client.get(f"/people/{query}"))
            separator = "&" if query else "?"
            assert csv_usernames(client.get(f"/people/{query}{separator}export=csv")) == shown
            assert xlsx_usernames(client.get(f"/people/{query}{separator}export=xlsx")) == shown

    def test_anonymous_is_sent_to_sign_in(self, world, client_for):
        for url in ("/people/", "/people/?export=csv", "/people/?export=xlsx"):
            response = client_for(None).get(url)
            assert response.status_code == 302
            assert response["Location"].startswith("/login/")

    def test_archived_people_only_on_request(self, world, client_for):
        client_for(world.focal_a).post(f"/people/{world.agency_a.pk}/archive/")
        assert listed(client_for(world.focal_a).get("/people/")) == {"focal_a"}
        assert listed(client_for(world.focal_a).get("/people/?archived=true")) == {"agency_a"}
        assert listed(client_for(world.focal_b).get("/people/?archived=true")) == set()

    def test_filters(self, world, client_for):
        client = client_for(world.secretariat)
        assert listed(client.get("/people/?role=provider_officer")) == {"officer", "colleague", "other_officer"}
        assert listed(client.get(f"/people/?organisation={world.provider.pk}")) == {"officer", "colleague"}
        assert listed(client.get("/people/?q=Kamau")) == {"focal_a"}
        assert client.get("/people/?role=nonsense&organisation=abc").status_code == 200

    def test_filter_by_an_organisation_out_of_reach_shows_nothing_more(self, world, client_for):
        assert listed(client_for(world.officer).get(f"/people/?organisation={world.other_provider.pk}")) == set()

    def test_add_button(self, world, client_for):
        for who, may in [("secretariat", True), ("focal_a", True), ("agency_a", False), ("officer", False),
                         ("expert", False)]:
            assert client_for(world.person(who)).get("/people/").context["may_add"] is may, who


class TestDetail:
    @pytest.mark.parametrize(("who", "person", "status"), [
        ("anonymous", "expert", 404),
        ("anonymous", "focal_a", 404),
        ("expert", "expert", 200),
        ("expert", "other_expert", 404),
        ("officer", "colleague", 200),
        ("officer", "other_officer", 404),
        ("focal_a", "agency_a", 200),
        ("focal_a", "agency_b", 404),
        ("agency_a", "focal_a", 404),
        ("secretariat", "other_expert", 200),
    ])
    def test_detail(self, world, client_for, who, person, status):
        assert client_for(world.person(who)).get(f"/people/{world.person(person).pk}/").status_code == status

    @pytest.mark.parametrize(("who", "person", "status"), [
        ("anonymous", "expert", 404),
        ("expert", "other_expert", 404),
        ("officer", "colleague", 200),
        ("officer", "other_officer", 404),
        ("focal_a", "agency_b", 404),
    ])
    def test_history_follows_the_detail(self, world, client_for, who, person, status):
        assert client_for(world.person(who)).get(f"/people/{world.person(person).pk}/history/").status_code == (
            status)


class TestEdit:
    @pytest.mark.parametrize(("who", "person", "status"), [
        ("expert", "expert", 200),
        ("expert", "other_expert", 404),
        ("officer", "officer", 200),
        ("officer", "colleague", 403),
        ("officer", "other_officer", 404),
        ("agency_a", "agency_a", 200),
        ("focal_a", "agency_a", 200),
        ("focal_a", "focal_a", 200),
        ("focal_a", "agency_b", 404),
        ("secretariat", "focal_b", 200),
    ])
    def test_edit_page(self, world, client_for, who, person, status):
        response = client_for(world.person(who)).get(f"/people/{world.person(person).pk}/edit/")
        assert response.status_code == status

    def test_anonymous_is_sent_to_sign_in(self, world, client_for):
        response = client_for(None).post(f"/people/{world.expert.pk}/edit/", {"username": "hijacked"})
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        world.expert.refresh_from_db()
        assert world.expert.username == "expert"

    def test_expert_edits_its_own_profile(self, world, client_for):
        response = post_edit(client_for(world.expert), world.expert, world.expert, job_title="Judge")
        assert response.status_code == 302
        world.expert.refresh_from_db()
        assert world.expert.job_title == "Judge"

    @pytest.mark.parametrize("who", ["expert", "officer", "agency_a", "focal_a"])
    def test_no_one_raises_their_own_role(self, world, client_for, who):
        user = world.person(who)
        data = form_data(UserForm(instance=user, user=user), role="secretariat",
                         organisation=world.other_provider.pk)
        response = client_for(user).post(f"/people/{user.pk}/edit/", data)
        assert response.status_code == 302  # the role and organisation fields are not theirs to send
        stored = User.objects.get(pk=user.pk)
        assert (stored.role, stored.organisation_id) == (user.role, user.organisation_id)

    def test_focal_point_cannot_make_someone_secretariat(self, world, client_for):
        count = ObjectChange.objects.count()
        response = post_edit(client_for(world.focal_a), world.focal_a, world.agency_a, role="secretariat")
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
        world.agency_a.refresh_from_db()
        assert world.agency_a.role == "agency_user"
        assert ObjectChange.objects.count() == count

    def test_focal_point_cannot_send_someone_to_another_state(self, world, client_for):
        response = post_edit(client_for(world.focal_a), world.focal_a, world.agency_a,
                             organisation=world.agency_org_b.pk)
        assert response.status_code == 200
        world.agency_a.refresh_from_db()
        assert world.agency_a.organisation == world.agency_org_a

    def test_focal_point_changes_its_agency_users(self, world, client_for):
        response = post_edit(client_for(world.focal_a), world.focal_a, world.agency_a, job_title="Inspector")
        assert response.status_code == 302
        world.agency_a.refresh_from_db()
        assert world.agency_a.job_title == "Inspector"

    @pytest.mark.parametrize(("who", "person", "status"), [("officer", "colleague", 403),
                                                           ("officer", "other_officer", 404),
                                                           ("focal_a", "agency_b", 404),
                                                           ("expert", "other_expert", 404)])
    def test_post_out_of_scope(self, world, client_for, who, person, status):
        person = world.person(person)
        response = post_edit(client_for(world.person(who)), world.secretariat, person, job_title="Changed")
        assert response.status_code == status
        person.refresh_from_db()
        assert person.job_title == ""

    def test_password_change(self, world, client_for):
        response = post_edit(client_for(world.expert), world.expert, world.expert, password="new-Long-secret-99")
        assert response.status_code == 302
        world.expert.refresh_from_db()
        assert world.expert.check_password("new-Long-secret-99")


class TestAdd:
    @pytest.mark.parametrize(("who", "status"), [("secretariat", 200), ("focal_a", 200), ("agency_a", 403),
                                                 ("officer", 403), ("expert", 403)])
    def test_add_page(self, world, client_for, who, status):
        assert client_for(world.person(who)).get("/people/add/").status_code == status

    def test_anonymous_is_sent_to_sign_in(self, world, client_for):
        assert client_for(None).get("/people/add/")["Location"].startswith("/login/")

    def test_focal_point_adds_an_agency_user(self, world, client_for):
        response = client_for(world.focal_a).post("/people/add/", {
            "username": "agency_a2", "email": "a2@example.org", "language": "fr", "role": "agency_user",
            "organisation": world.agency_org_a.pk})
        assert response.status_code == 302
        person = User.objects.get(username="agency_a2")
        assert response["Location"] == f"/people/{person.pk}/"
        assert client_for(world.focal_a).get(response["Location"]).status_code == 200

    @pytest.mark.parametrize(("role", "organisation"), [("secretariat", None), ("secretariat", "agency_org_a"),
                                                        ("agency_user", "agency_org_b"), ("expert", None),
                                                        ("provider_officer", "provider")])
    def test_focal_point_adds_no_one_out_of_its_reach(self, world, client_for, role, organisation):
        count = User.objects.count()
        data = {"username": "intruder", "email": "i@example.org", "language": "en", "role": role}
        if organisation:
            data["organisation"] = getattr(world, organisation).pk
        response = client_for(world.focal_a).post("/people/add/", data)
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
        assert User.objects.count() == count

    @pytest.mark.parametrize("who", ["agency_a", "officer", "expert"])
    def test_others_add_no_one(self, world, client_for, who):
        count = User.objects.count()
        response = client_for(world.person(who)).post("/people/add/", {
            "username": "intruder", "email": "i@example.org", "language": "en"})
        assert response.status_code == 200
        assert User.objects.count() == count


class TestValidation:
    def test_field_errors_and_nothing_saved(self, world, client_for):
        count = User.objects.count()
        response = client_for(world.secretariat).post("/people/add/", {
            "username": "bad name!", "email": "nope", "language": "xx", "role": "public", "password": "short"})
        assert response.status_code == 200
        assert {"username", "email", "language", "role", "password"} <= set(response.context["form"].errors)
        assert User.objects.count() == count

    def test_duplicate_user_name(self, world, client_for):
        response = client_for(world.secretariat).post("/people/add/", {
            "username": "expert", "email": "e@example.org", "language": "en", "role": "expert"})
        assert response.status_code == 200
        assert "username" in response.context["form"].errors

    def test_role_without_its_organisation(self, world, client_for):
        response = client_for(world.secretariat).post("/people/add/", {
            "username": "lonely", "email": "l@example.org", "language": "en", "role": "focal_point"})
        assert response.status_code == 200
        assert "organisation" in response.context["form"].errors

    def test_in_french(self, world, client_for):
        response = client_for(world.secretariat).post("/people/add/?language=fr", {"language": "en"})
        assert response.status_code == 200
        assert response.context["form"].errors["username"] == ["Ce champ est obligatoire."]
        assert response.context["form"].errors["email"] == ["Ce champ est obligatoire."]


class TestArchive:
    def test_focal_point_archives_an_agency_user_who_then_cannot_sign_in(self, world, client_for):
        response = client_for(world.focal_a).post(f"/people/{world.agency_a.pk}/archive/")
        assert response.status_code == 302
        world.agency_a.refresh_from_db()
        assert world.agency_a.is_archived and not world.agency_a.is_active
        assert User.objects.filter(pk=world.agency_a.pk).exists()
        assert not client_for(None).login(username="agency_a", password=PASSWORD)
        response = client_for(world.focal_a).post(f"/people/{world.agency_a.pk}/archive/", {"unarchive": "1"})
        assert response.status_code == 302
        assert client_for(None).login(username="agency_a", password=PASSWORD)

    def test_an_archived_persons_session_no_longer_works(self, world, client_for):
        client = client_for(world.agency_a)
        client_for(world.focal_a).post(f"/people/{world.agency_a.pk}/archive/")
        assert client.get("/people/")["Location"].startswith("/login/")

    @pytest.mark.parametrize(("who", "person", "status"), [
        ("focal_a", "focal_a", 403),
        ("focal_a", "agency_b", 404),
        ("agency_a", "agency_a", 403),
        ("officer", "colleague", 403),
        ("officer", "officer", 403),
        ("expert", "expert", 403),
        ("expert", "other_expert", 404),
    ])
    def test_refused(self, world, client_for, who, person, status):
        person = world.person(person)
        assert client_for(world.person(who)).post(f"/people/{person.pk}/archive/").status_code == status
        person.refresh_from_db()
        assert person.is_active and not person.is_archived


class TestHistory:
    def test_shows_changes_and_restore_for_who_may_change(self, world, client_for):
        post_edit(client_for(world.expert), world.expert, world.expert, job_title="Judge")
        response = client_for(world.expert).get(f"/people/{world.expert.pk}/history/")
        assert response.status_code == 200
        assert "Judge" in response.content.decode()
        assert response.context["may_restore"]

    def test_an_expert_cannot_restore_itself_to_an_earlier_role(self, world, client_for):
        person = User.objects.get(pk=world.expert.pk)
        person.role = "secretariat"
        object_save(user=world.secretariat, obj=person)
        then = object_history(obj=person).first()
        person.role = "expert"
        object_save(user=world.secretariat, obj=person)
        response = client_for(world.expert).post(f"/people/{world.expert.pk}/history/", {"change": then.pk})
        assert response.status_code == 403
        world.expert.refresh_from_db()
        assert world.expert.role == "expert"

    def test_restore_own_details(self, world, client_for):
        client = client_for(world.expert)
        post_edit(client, world.expert, world.expert, job_title="Judge")
        then = object_history(obj=world.expert).first()
        post_edit(client, world.expert, User.objects.get(pk=world.expert.pk), job_title="Retired")
        response = client.post(f"/people/{world.expert.pk}/history/", {"change": then.pk})
        assert response.status_code == 302
        world.expert.refresh_from_db()
        assert world.expert.job_title == "Judge"
        assert object_history(obj=world.expert).first().action == ChangeAction.RESTORE


class TestProfile:
    def test_shows_role_and_makes_a_token(self, world, client_for):
        client = client_for(world.officer)
        response = client.get("/profile/")
        assert response.status_code == 200
        assert "Provider officer" in response.content.decode()
        assert response.context["token"] is None
        client.post("/profile/")
        token = client.get("/profile/").context["token"]
        assert token.user == world.officer

    def test_anonymous_is_sent_to_sign_in(self, client):
        assert client.get("/profile/")["Location"].startswith("/login/")
