"""Pages every app shares: health, global search, language."""

import re

import pytest
from django.conf import settings

from tacoord.core.models import ObjectChange
from tacoord.core.permissions import RestrictedQuerySet
from tacoord.core.search import _INDEXES
from tacoord.users.models import User

pytestmark = pytest.mark.django_db


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


class TestHealth:
    def test_ok_as_json(self, client):
        response = client.get("/health/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response.json()["status"] == "ok"
        assert response.json()["database"] == "ok"


class TestSearch:
    def found(self, client, term, label):
        response = client.get("/search/", {"q": term})
        assert response.status_code == 200
        groups = {str(group["label"]): group["results"] for group in response.context["groups"]}
        return groups.get(label, [])

    def test_too_short_a_term_finds_nothing(self, world, client_for):
        response = client_for(world.secretariat).get("/search/", {"q": "K"})
        assert response.context["groups"] == []

    def test_public_finds_published_organisations_and_countries(self, world, client_for):
        client = client_for(None)
        assert set(self.found(client, "Kenya", "Organisations")) == {world.fp_org_a, world.agency_org_a}
        assert world.state_a in self.found(client, "KEN", "Countries")

    def test_public_finds_no_people(self, world, client_for):
        client = client_for(None)
        assert self.found(client, "example.org", "People") == []
        response = client.get("/search/", {"q": "Kamau"})
        assert "focal_a" not in response.content.decode()

    def test_archived_organisations_are_found_only_by_who_may_manage_them(self, world, client_for):
        assert self.found(client_for(None), "Defunct", "Organisations") == []
        assert self.found(client_for(world.officer), "Defunct", "Organisations") == []
        assert self.found(client_for(world.secretariat), "Defunct", "Organisations") == [world.archived_org]

    @pytest.mark.parametrize(("who", "seen"), [
        ("secretariat", {"secretariat", "focal_a", "focal_b", "agency_a", "agency_b", "officer", "colleague",
                         "other_officer", "expert", "other_expert"}),
        ("focal_a", {"focal_a", "agency_a"}),
        ("agency_a", {"agency_a"}),
        ("officer", {"officer", "colleague"}),
        ("other_officer", {"other_officer"}),
        ("expert", {"expert"}),
    ])
    def test_people_found_are_those_the_role_may_see(self, world, client_for, who, seen):
        people = self.found(client_for(world.person(who)), "example.org", "People")
        assert {person.username for person in people} == seen

    def test_provider_officer_never_finds_people_of_another_organisation(self, world, client_for):
        client = client_for(world.officer)
        for term in ("Rossi", "Kamau", "other_officer", "agency_b@example.org"):
            assert self.found(client, term, "People") == []

    def test_search_results_show_more_when_there_are_more(self, world, client_for):
        for number in range(12):
            User.objects.create(username=f"many{number}", email=f"many{number}@example.org", role="expert")
        response = client_for(world.secretariat).get("/search/", {"q": "many"})
        [group] = [g for g in response.context["groups"] if str(g["label"]) == "People"]
        assert len(group["results"]) == 10 and group["more"]

    def test_every_index_goes_through_restrict(self):
        for index in _INDEXES:
            assert isinstance(index.queryset, RestrictedQuerySet), index.label

    def test_htmx_gets_only_the_results(self, world, client_for):
        response = client_for(None).get("/search/", {"q": "Kenya"}, headers={"HX-Request": "true"})
        content = response.content.decode()
        assert "<html" not in content
        assert "Kenya National Police Service" in content


class TestLanguage:
    def test_arabic_is_right_to_left(self, client):
        tag = html_tag(client.get("/?language=ar"))
        assert 'lang="ar"' in tag and 'dir="rtl"' in tag

    def test_other_languages_are_left_to_right(self, client):
        for code in ("en", "fr", "zh-hans", "ru", "es"):
            tag = html_tag(client.get(f"/?language={code}"))
            assert f'lang="{code}"' in tag and 'dir="ltr"' in tag

    def test_browser_language_is_used(self, client):
        response = client.get("/", headers={"Accept-Language": "fr"})
        assert 'lang="fr"' in html_tag(response)
        assert response["Content-Language"] == "fr"

    def test_unknown_language_parameter_is_ignored(self, client):
        assert 'lang="en"' in html_tag(client.get("/?language=xx"))

    def test_switch_sets_the_cookie_and_returns(self, client):
        response = client.post("/language/", {"language": "fr", "next": "/organisations/"})
        assert response.status_code == 302
        assert response["Location"] == "/organisations/"
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
        assert 'lang="fr"' in html_tag(client.get("/"))

    def test_switch_refuses_to_send_elsewhere(self, client):
        response = client.post("/language/", {"language": "fr", "next": "https://evil.example.com/"})
        assert response["Location"] == "/"

    def test_switch_ignores_unknown_languages(self, client):
        response = client.post("/language/", {"language": "xx"})
        assert response.status_code == 302
        assert settings.LANGUAGE_COOKIE_NAME not in response.cookies

    def test_switch_is_post_only(self, client):
        assert client.get("/language/?language=fr").status_code == 405

    def test_signed_in_user_without_a_saved_language_follows_the_browser(self, world, client_for):
        assert world.expert.language == ""
        response = client_for(world.expert).get("/", headers={"Accept-Language": "es"})
        assert 'lang="es"' in html_tag(response)

    def test_signed_in_choice_is_saved_and_used_next_time(self, world, client_for):
        client_for(world.expert).post("/language/", {"language": "ru", "next": "/"})
        world.expert.refresh_from_db()
        assert world.expert.language == "ru"
        # A new session, another browser: the saved language wins over the browser's.
        response = client_for(world.expert).get("/", headers={"Accept-Language": "fr"})
        assert 'lang="ru"' in html_tag(response)
        change = ObjectChange.objects.filter(changed_object_id=str(world.expert.pk)).first()
        assert change.differences() == [("language", "", "ru")]
        assert change.user == world.expert

    def test_switch_never_crashes_on_a_stale_account(self, world, client_for):
        world.fp_org_a.is_focal_point = False
        world.fp_org_a.save()
        response = client_for(world.focal_a).post("/language/", {"language": "fr"})
        assert response.status_code == 302
        world.focal_a.refresh_from_db()
        assert world.focal_a.language == "fr"

    def test_saved_language_applies_to_api_errors_for_session_users(self, world, client_for):
        world.expert.language = "fr"
        world.expert.save()
        response = client_for(world.expert).post("/api/organisations/", {}, content_type="application/json")
        assert response.status_code in (400, 403)
        assert response["Content-Language"] == "fr"

    def test_parameter_wins_over_saved_language(self, world, client_for):
        world.expert.language = "ru"
        world.expert.save()
        assert 'lang="es"' in html_tag(client_for(world.expert).get("/?language=es"))


class TestPages:
    def test_home_renders_for_everyone(self, world, client_for):
        for user in (None, world.expert, world.secretariat):
            assert client_for(user).get("/").status_code == 200

    def test_unknown_page_is_404(self, client):
        assert client.get("/no-such-page/").status_code == 404

    def test_login_page_and_sign_in(self, world, client):
        assert client.get("/login/").status_code == 200
        response = client.post("/login/", {"username": "expert", "password": "correct-horse-battery-staple"})
        assert response.status_code == 302
        assert client.get("/profile/").status_code == 200

    def test_wrong_password_is_a_form_error_not_a_crash(self, world, client):
        response = client.post("/login/", {"username": "expert", "password": "wrong"}, headers={
            "Accept-Language": "fr"})
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
        assert "Saisissez" in response.content.decode()
