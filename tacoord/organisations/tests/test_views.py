"""The organisation pages: list and exports, detail, add and edit, archive, history and restore, for every role."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tacoord.core.models import ChangeAction, ObjectChange
from tacoord.core.selectors import object_history
from tacoord.organisations.forms import OrganisationForm
from tacoord.organisations.models import Organisation
from tacoord.reference.models import CodelistItem
from tacoord.testing.factories import GovernmentAgencyFactory
from tacoord.testing.forms import form_data

pytestmark = pytest.mark.django_db

PUBLISHED = {"fp_org_a", "agency_org_a", "fp_org_b", "agency_org_b", "provider", "provider_office", "other_provider"}


def listed(response) -> set[str]:
    assert response.status_code == 200
    return {obj.name for obj in response.context["page"].object_list}


def names(world, *keys) -> set[str]:
    return {getattr(world, key).name for key in keys}


def csv_names(response) -> set[str]:
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert rows[0][0] == "Name"
    return {row[0] for row in rows[1:]}


def xlsx_names(response) -> set[str]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return {row[0] for row in list(sheet.iter_rows(values_only=True))[1:]}


def post_edit(client, user, org, **changes):
    return client.post(f"/organisations/{org.pk}/edit/", form_data(OrganisationForm(instance=org, user=user),
                                                                    **changes))


def new_data(user, **fields):
    """A new organisation's form with only `fields` filled in (the form's suggested placement left out)."""
    return form_data(OrganisationForm(instance=Organisation(), user=user),
                     **{"kind": None, "country": None, "parent": None, **fields})


class TestList:
    @pytest.mark.parametrize("who", ["anonymous", "focal_a", "agency_a", "officer", "expert"])
    def test_everyone_sees_the_published_directory(self, world, client_for, who):
        assert listed(client_for(world.person(who)).get("/organisations/")) == names(world, *PUBLISHED)

    def test_archived_only_on_request_and_only_within_reach(self, world, client_for):
        old = GovernmentAgencyFactory(country=world.state_a, parent=world.fp_org_a, name="Old unit", archived=True)
        assert listed(client_for(world.secretariat).get("/organisations/?archived=true")) == {
            "Old unit", world.archived_org.name}
        assert listed(client_for(world.focal_a).get("/organisations/?archived=true")) == {old.name}
        assert listed(client_for(world.focal_b).get("/organisations/?archived=true")) == set()
        assert listed(client_for(None).get("/organisations/?archived=true")) == set()

    def test_filters(self, world, client_for):
        client = client_for(None)
        assert listed(client.get("/organisations/?country=KE")) == names(world, "fp_org_a", "agency_org_a")
        assert listed(client.get("/organisations/?q=DGH")) == names(world, "provider", "provider_office")
        assert listed(client.get("/organisations/?kind=un_entity")) == names(world, "other_provider")
        assert listed(client.get("/organisations/?is_focal_point=true")) == names(world, "fp_org_a", "fp_org_b")

    def test_invalid_filters_do_not_crash(self, world, client_for):
        response = client_for(None).get("/organisations/?country=ZZ&kind=nonsense&parent=abc&page=x")
        assert response.status_code == 200
        assert response.context["filterset"].errors

    def test_add_button_only_for_who_may_add(self, world, client_for):
        for who, may in [("secretariat", True), ("focal_a", True), ("officer", True), ("agency_a", False),
                         ("expert", False), ("anonymous", False)]:
            response = client_for(world.person(who)).get("/organisations/")
            assert response.context["may_add"] is may, who
            assert ('href="/organisations/add/"' in response.content.decode()) is may, who

    def test_htmx_table_only(self, world, client_for):
        response = client_for(None).get("/organisations/", headers={"HX-Request": "true", "HX-Target": "object-table"})
        assert "<html" not in response.content.decode()
        assert world.provider.name in response.content.decode()


class TestExport:
    @pytest.mark.parametrize("who", ["anonymous", "focal_a", "officer", "secretariat"])
    def test_export_holds_what_the_list_shows(self, world, client_for, who):
        client = client_for(world.person(who))
        for query in ("", "?country=KE", "?archived=true", "?q=Kenya"):
            shown = listed(client.get(f"/organisations/{query}"))
            separator = "&" if query else "?"
            assert csv_names(client.get(f"/organisations/{query}{separator}export=csv")) == shown, query
            assert xlsx_names(client.get(f"/organisations/{query}{separator}export=xlsx")) == shown, query

    def test_export_never_holds_an_archived_organisation_for_the_public(self, world, client_for):
        response = client_for(None).get("/organisations/?archived=true&export=csv")
        assert world.archived_org.name not in csv_names(response)
        assert csv_names(client_for(world.secretariat).get("/organisations/?archived=true&export=csv")) == {
            world.archived_org.name}

    def test_export_file_names(self, world, client_for):
        client = client_for(None)
        assert "organisations.csv" in client.get("/organisations/?export=csv")["Content-Disposition"]
        assert "organisations.xlsx" in client.get("/organisations/?export=xlsx")["Content-Disposition"]


class TestDetail:
    def test_public_sees_a_published_organisation_without_its_people(self, world, client_for):
        response = client_for(None).get(f"/organisations/{world.provider.pk}/")
        assert response.status_code == 200
        assert list(response.context["people"]) == []
        assert "officer" not in response.content.decode()
        assert not response.context["may_change"] and not response.context["may_archive"]

    def test_archived_is_not_found_for_the_public(self, world, client_for):
        assert client_for(None).get(f"/organisations/{world.archived_org.pk}/").status_code == 404
        assert client_for(world.officer).get(f"/organisations/{world.archived_org.pk}/").status_code == 404
        assert client_for(world.secretariat).get(f"/organisations/{world.archived_org.pk}/").status_code == 200

    def test_people_shown_are_those_the_viewer_may_see(self, world, client_for):
        response = client_for(world.officer).get(f"/organisations/{world.provider.pk}/")
        assert set(response.context["people"]) == {world.officer, world.colleague}
        response = client_for(world.officer).get(f"/organisations/{world.fp_org_a.pk}/")
        assert list(response.context["people"]) == []
        response = client_for(world.focal_a).get(f"/organisations/{world.agency_org_a.pk}/")
        assert list(response.context["people"]) == [world.agency_a]
        response = client_for(world.focal_a).get(f"/organisations/{world.agency_org_b.pk}/")
        assert list(response.context["people"]) == []

    def test_children_listed(self, world, client_for):
        response = client_for(None).get(f"/organisations/{world.fp_org_a.pk}/")
        assert list(response.context["children"]) == [world.agency_org_a]

    @pytest.mark.parametrize(("who", "org", "may_change", "may_archive"), [
        ("focal_a", "agency_org_a", True, True),
        ("focal_a", "fp_org_a", True, False),
        ("focal_a", "agency_org_b", False, False),
        ("agency_a", "agency_org_a", True, False),
        ("officer", "provider", True, False),
        ("officer", "provider_office", True, True),
        ("officer", "other_provider", False, False),
        ("expert", "provider", False, False),
    ])
    def test_buttons_follow_the_permissions(self, world, client_for, who, org, may_change, may_archive):
        org = getattr(world, org)
        response = client_for(world.person(who)).get(f"/organisations/{org.pk}/")
        content = response.content.decode()
        assert response.context["may_change"] is may_change
        assert response.context["may_archive"] is may_archive
        assert (f'href="/organisations/{org.pk}/edit/"' in content) is may_change
        assert (f'action="/organisations/{org.pk}/archive/"' in content) is may_archive


class TestEdit:
    @pytest.mark.parametrize(("who", "org", "status"), [
        ("secretariat", "other_provider", 200),
        ("secretariat", "archived_org", 200),
        ("focal_a", "agency_org_a", 200),
        ("focal_a", "fp_org_a", 200),
        ("focal_a", "agency_org_b", 403),
        ("focal_a", "fp_org_b", 403),
        ("focal_a", "provider", 403),
        ("agency_a", "agency_org_a", 200),
        ("agency_a", "fp_org_a", 403),
        ("officer", "provider", 200),
        ("officer", "provider_office", 200),
        ("officer", "other_provider", 403),
        ("officer", "archived_org", 404),
        ("expert", "provider", 403),
    ])
    def test_edit_page(self, world, client_for, who, org, status):
        assert client_for(world.person(who)).get(f"/organisations/{getattr(world, org).pk}/edit/").status_code == (
            status)

    def test_anonymous_is_sent_to_sign_in(self, world, client_for):
        client = client_for(None)
        for url in (f"/organisations/{world.provider.pk}/edit/", "/organisations/add/"):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"].startswith("/login/?next=")
        response = client.post(f"/organisations/{world.provider.pk}/edit/", {"name": "Hijacked", "kind": "academia"})
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        response = client.post("/organisations/add/", {"name": "Spam", "kind": "academia"})
        assert response.status_code == 302
        world.provider.refresh_from_db()
        assert world.provider.name == "Deutsche Gesellschaft Hilfe"
        assert not Organisation.objects.filter(name="Spam").exists()

    @pytest.mark.parametrize(("who", "org"), [("officer", "other_provider"), ("focal_a", "agency_org_b"),
                                              ("agency_a", "fp_org_a"), ("agency_a", "agency_org_b"),
                                              ("expert", "provider")])
    def test_post_out_of_scope_is_refused_and_saves_nothing(self, world, client_for, who, org):
        org = getattr(world, org)
        before = ObjectChange.objects.count()
        response = post_edit(client_for(world.person(who)), world.secretariat, org, phone="+1 555")
        assert response.status_code == 403
        org.refresh_from_db()
        assert org.phone == ""
        assert ObjectChange.objects.count() == before

    @pytest.mark.parametrize(("who", "org"), [("agency_a", "agency_org_a"), ("officer", "provider_office"),
                                              ("focal_a", "fp_org_a"), ("secretariat", "other_provider")])
    def test_post_within_scope_saves(self, world, client_for, who, org):
        user, org = world.person(who), getattr(world, org)
        response = post_edit(client_for(user), user, org, phone="+1 555")
        assert response.status_code == 302
        assert response["Location"] == f"/organisations/{org.pk}/"
        org.refresh_from_db()
        assert org.phone == "+1 555"

    def test_focal_point_cannot_move_an_agency_to_another_state(self, world, client_for):
        response = post_edit(client_for(world.focal_a), world.focal_a, world.agency_org_a,
                             country=world.state_b.pk, parent=world.fp_org_b.pk)
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
        world.agency_org_a.refresh_from_db()
        assert world.agency_org_a.country == world.state_a

    def test_parent_choices_are_what_the_user_may_see(self, world, client_for):
        response = client_for(world.officer).get(f"/organisations/{world.provider.pk}/edit/")
        choices = set(response.context["form"].fields["parent"].queryset)
        assert world.provider not in choices
        assert world.archived_org not in choices
        assert world.other_provider in choices


class TestAdd:
    @pytest.mark.parametrize(("who", "status"), [("secretariat", 200), ("focal_a", 200), ("officer", 200),
                                                 ("agency_a", 403), ("expert", 403), ("other_expert", 403)])
    def test_add_page(self, world, client_for, who, status):
        assert client_for(world.person(who)).get("/organisations/add/").status_code == status

    def test_focal_point_adds_an_agency_of_its_state(self, world, client_for):
        data = new_data(world.focal_a, name="Kenya Coast Guard", kind="government", country=world.state_a.pk,
                        parent=world.fp_org_a.pk)
        response = client_for(world.focal_a).post("/organisations/add/", data)
        assert response.status_code == 302
        assert Organisation.objects.get(name="Kenya Coast Guard").country == world.state_a

    @pytest.mark.parametrize(("who", "fields"), [
        ("focal_a", {"kind": "government", "country": "state_b"}),
        ("focal_a", {"kind": "academia", "country": "state_a"}),
        ("agency_a", {"kind": "government", "country": "state_a"}),
        ("officer", {"kind": "donor_agency", "parent": "other_provider"}),
        ("officer", {"kind": "donor_agency"}),
        ("expert", {"kind": "academia"}),
    ])
    def test_out_of_scope_additions_save_nothing(self, world, client_for, who, fields):
        user = world.person(who)
        fields = {name: getattr(world, value).pk if name in ("country", "parent") else value
                  for name, value in fields.items()}
        count = Organisation.objects.count()
        response = client_for(user).post("/organisations/add/", new_data(user, name="Not allowed", **fields))
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
        assert Organisation.objects.count() == count


class TestValidation:
    def test_field_errors_and_nothing_saved(self, world, client_for):
        count = Organisation.objects.count()
        response = client_for(world.secretariat).post("/organisations/add/", {
            "name": "", "kind": "nonsense", "email": "not-an-email", "website": "not a url", "iati_identifier": "a b"})
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert {"name", "kind", "email", "website", "iati_identifier"} <= set(errors)
        assert errors["name"] == ["This field is required."]
        assert 'class="error" id="id_name-error"' in response.content.decode()
        assert Organisation.objects.count() == count

    @pytest.mark.parametrize("how", ["parameter", "saved language"])
    def test_errors_in_french(self, world, client_for, how):
        url = "/organisations/add/"
        if how == "parameter":
            url += "?language=fr"
        else:
            world.secretariat.language = "fr"
            world.secretariat.save()
        client = client_for(world.secretariat)
        response = client.post(url, {"name": "", "kind": "academia", "email": "x"})
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["name"] == ["Ce champ est obligatoire."]
        assert errors["email"] == ["Saisissez une adresse e-mail valide."]
        assert "Ce champ est obligatoire." in response.content.decode()

    def test_duplicate_iati_identifier(self, world, client_for):
        response = client_for(world.secretariat).post("/organisations/add/", new_data(
            world.secretariat, name="Copy", kind="academia", iati_identifier="DE-1-0001"))
        assert response.status_code == 200
        assert "iati_identifier" in response.context["form"].errors

    def test_second_focal_point(self, world, client_for):
        response = client_for(world.secretariat).post("/organisations/add/", new_data(
            world.secretariat, name="Rival", kind="government", country=world.state_a.pk, is_focal_point=True))
        assert response.status_code == 200
        assert response.context["form"].errors["is_focal_point"] == ["This State already has a national focal point."]
        assert not Organisation.objects.filter(name="Rival").exists()

    def test_parent_loop(self, world, client_for):
        response = post_edit(client_for(world.secretariat), world.secretariat, world.provider,
                             parent=world.provider_office.pk)
        assert response.status_code == 200
        assert "parent" in response.context["form"].errors
        world.provider.refresh_from_db()
        assert world.provider.parent is None

    def test_own_organisation_cannot_be_moved_by_its_staff(self, world, client_for):
        """The form fixes kind, country and parent of one's own organisation; a forged value is ignored."""
        response = post_edit(client_for(world.officer), world.officer, world.provider,
                             parent=world.other_provider.pk, phone="+49 30 1234")
        assert response.status_code == 302
        world.provider.refresh_from_db()
        assert world.provider.parent is None
        assert world.provider.phone == "+49 30 1234"

    def test_only_the_secretariat_designates_a_focal_point(self, world, client_for):
        form = client_for(world.focal_a).get(f"/organisations/{world.agency_org_a.pk}/edit/").context["form"]
        assert form.fields["is_focal_point"].disabled
        form = client_for(world.secretariat).get(f"/organisations/{world.agency_org_a.pk}/edit/").context["form"]
        assert not form.fields["is_focal_point"].disabled

    def test_parent_out_of_sight_is_not_a_valid_choice(self, world, client_for):
        response = post_edit(client_for(world.officer), world.officer, world.provider_office,
                             parent=world.archived_org.pk)
        assert response.status_code == 200
        assert "parent" in response.context["form"].errors


class TestArchive:
    @pytest.mark.parametrize(("who", "org"), [("focal_a", "agency_org_a"), ("officer", "provider_office"),
                                              ("secretariat", "fp_org_b")])
    def test_archive_and_take_out(self, world, client_for, who, org):
        client, org = client_for(world.person(who)), getattr(world, org)
        response = client.post(f"/organisations/{org.pk}/archive/")
        assert response.status_code == 302
        org.refresh_from_db()
        assert org.is_archived
        assert client.post(f"/organisations/{org.pk}/archive/", {"unarchive": "1"}).status_code == 302
        org.refresh_from_db()
        assert not org.is_archived

    @pytest.mark.parametrize(("who", "org", "status"), [
        ("focal_a", "fp_org_a", 403),
        ("focal_a", "agency_org_b", 403),
        ("agency_a", "agency_org_a", 403),
        ("officer", "provider", 403),
        ("officer", "other_provider", 403),
        ("officer", "archived_org", 404),
        ("expert", "provider", 403),
    ])
    def test_refused(self, world, client_for, who, org, status):
        org = getattr(world, org)
        archived_at = org.archived_at
        response = client_for(world.person(who)).post(f"/organisations/{org.pk}/archive/")
        assert response.status_code == status
        org.refresh_from_db()
        assert org.archived_at == archived_at

    def test_focal_point_cannot_take_its_organisation_out_of_the_archive(self, world, client_for):
        world.fp_org_a.mark_archived()
        world.fp_org_a.save()
        response = client_for(world.focal_a).post(f"/organisations/{world.fp_org_a.pk}/archive/", {"unarchive": "1"})
        # With its organisation archived the focal point no longer speaks for the State, so it cannot even see it.
        assert response.status_code == 404
        world.fp_org_a.refresh_from_db()
        assert world.fp_org_a.is_archived

    def test_anonymous_is_sent_to_sign_in(self, world, client_for):
        response = client_for(None).post(f"/organisations/{world.provider_office.pk}/archive/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        world.provider_office.refresh_from_db()
        assert not world.provider_office.is_archived

    def test_get_does_not_archive(self, world, client_for):
        assert client_for(world.secretariat).get(f"/organisations/{world.provider.pk}/archive/").status_code == 405

    def test_no_page_deletes(self, world, client_for):
        client = client_for(world.secretariat)
        for url in (f"/organisations/{world.provider.pk}/delete/",):
            assert client.post(url).status_code == 404
        assert client.delete(f"/organisations/{world.provider.pk}/").status_code == 405
        assert Organisation.objects.filter(pk=world.provider.pk).exists()


class TestHistory:
    def edit_twice(self, world, client_for):
        client = client_for(world.officer)
        post_edit(client, world.officer, world.provider, phone="111")
        post_edit(client, world.officer, world.provider, phone="222")
        return object_history(obj=world.provider).filter(action=ChangeAction.UPDATE).order_by("pk").first()

    def test_public_sees_what_changed_but_not_who(self, world, client_for):
        self.edit_twice(world, client_for)
        response = client_for(None).get(f"/organisations/{world.provider.pk}/history/")
        assert response.status_code == 200
        content = response.content.decode()
        assert "111" in content and "222" in content
        assert "by officer" not in content
        assert "by the web interface" in content
        assert "Restore this version" not in content

    def test_who_may_see_the_person_sees_the_name(self, world, client_for):
        self.edit_twice(world, client_for)
        for who, shown in [("secretariat", True), ("colleague", True), ("other_officer", False), ("expert", False)]:
            content = client_for(world.person(who)).get(f"/organisations/{world.provider.pk}/history/").content
            assert (b"by officer" in content) is shown, who

    def test_values_read_as_labels_and_names_the_viewer_may_see(self, world, client_for):
        office = Organisation.objects.get(pk=world.provider_office.pk)
        office.kind, office.parent = "un_entity", world.archived_org
        office.save()
        public = client_for(None).get(f"/organisations/{office.pk}/history/").content.decode()
        assert "Bilateral donor agency" in public and "Other UN entity" in public
        assert world.provider.name in public
        assert world.archived_org.name not in public
        assert f"#{world.archived_org.pk}" in public
        secretariat = client_for(world.secretariat).get(f"/organisations/{office.pk}/history/").content.decode()
        assert world.archived_org.name in secretariat

    def test_history_of_an_archived_organisation_is_hidden_from_the_public(self, world, client_for):
        assert client_for(None).get(f"/organisations/{world.archived_org.pk}/history/").status_code == 404
        assert client_for(world.secretariat).get(f"/organisations/{world.archived_org.pk}/history/").status_code == (
            200)

    def test_restore_button_for_who_may_change(self, world, client_for):
        self.edit_twice(world, client_for)
        for who, shown in [("officer", True), ("secretariat", True), ("other_officer", False), ("anonymous", False)]:
            response = client_for(world.person(who)).get(f"/organisations/{world.provider.pk}/history/")
            assert response.context["may_restore"] is shown, who
            assert ("Restore this version" in response.content.decode()) is shown, who

    def test_restore(self, world, client_for):
        first = self.edit_twice(world, client_for)
        response = client_for(world.officer).post(f"/organisations/{world.provider.pk}/history/",
                                                  {"change": first.pk})
        assert response.status_code == 302
        assert response["Location"] == f"/organisations/{world.provider.pk}/history/"
        world.provider.refresh_from_db()
        assert world.provider.phone == "111"
        assert object_history(obj=world.provider).first().action == ChangeAction.RESTORE

    @pytest.mark.parametrize(("who", "status"), [("other_officer", 403), ("expert", 403), ("anonymous", 302),
                                                 ("agency_a", 403)])
    def test_restore_refused(self, world, client_for, who, status):
        first = self.edit_twice(world, client_for)
        response = client_for(world.person(who)).post(f"/organisations/{world.provider.pk}/history/",
                                                      {"change": first.pk})
        assert response.status_code == status
        if status == 302:
            assert response["Location"].startswith("/login/?next=")
        world.provider.refresh_from_db()
        assert world.provider.phone == "222"

    def test_restore_of_a_change_of_another_record_is_not_found(self, world, client_for):
        first = self.edit_twice(world, client_for)
        response = client_for(world.secretariat).post(f"/organisations/{world.other_provider.pk}/history/",
                                                      {"change": first.pk})
        assert response.status_code == 404
        for bad in ("999999", "abc", "", "²", "-1", "1.5"):
            response = client_for(world.secretariat).post(f"/organisations/{world.provider.pk}/history/",
                                                          {"change": bad})
            assert response.status_code == 404, bad

    def test_restore_that_takes_out_of_the_archive_needs_archive_permission(self, world, client_for):
        """An agency user may change its own agency but not archive it, so no restore may un-archive it either."""
        created = object_history(obj=world.agency_org_a).get(action=ChangeAction.CREATE)
        client_for(world.secretariat).post(f"/organisations/{world.agency_org_a.pk}/archive/")
        response = client_for(world.agency_a).post(f"/organisations/{world.agency_org_a.pk}/history/",
                                                   {"change": created.pk})
        assert response.status_code == 403
        world.agency_org_a.refresh_from_db()
        assert world.agency_org_a.is_archived

    def test_restore_of_an_invalid_version_is_a_message_not_a_crash(self, world, client_for):
        """An old version that would now break a rule (a second focal point for a State) is refused politely."""
        candidate = GovernmentAgencyFactory(country=world.state_b, name="Former focal point")
        world.fp_org_b.is_focal_point = False
        world.fp_org_b.save()
        candidate.is_focal_point = True
        candidate.save()
        candidate.is_focal_point = False
        candidate.save()
        world.fp_org_b.is_focal_point = True
        world.fp_org_b.save()
        was_focal_point = object_history(obj=candidate).filter(postchange_data__is_focal_point=True).first()
        client = client_for(world.secretariat)
        response = client.post(f"/organisations/{candidate.pk}/history/", {"change": was_focal_point.pk})
        assert response.status_code == 302
        candidate.refresh_from_db()
        assert not candidate.is_focal_point
        page = client.get(response["Location"])
        assert "This State already has a national focal point." in page.content.decode()


class TestIatiType:
    def test_choices_come_from_the_iati_codelist_and_other_codes_are_refused(self, world, client_for):
        CodelistItem.objects.create(codelist="OrganisationType", code="22", name_en="National NGO")
        client = client_for(world.secretariat)
        form = client.get(f"/organisations/{world.other_provider.pk}/edit/").context["form"]
        assert ("22", "22 National NGO") in form.fields["iati_type"].choices
        response = post_edit(client, world.secretariat, world.other_provider, iati_type="99")
        assert response.status_code == 200
        assert "iati_type" in response.context["form"].errors
        response = post_edit(client, world.secretariat, world.other_provider, iati_type="22")
        assert response.status_code == 302
        world.other_provider.refresh_from_db()
        assert world.other_provider.iati_type == "22"
