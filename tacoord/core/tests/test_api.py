"""The API as a whole: the OpenAPI document, its docs, token authentication and the one error format."""

import pytest
from django.core.management import call_command
from rest_framework import mixins, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tacoord.api_urls import router
from tacoord.core.api.views import RestrictedModelViewSet, RestrictedReadOnlyViewSet
from tacoord.core.permissions import RestrictedQuerySet
from tacoord.testing.factories import PASSWORD

# Endpoints computed from other records (no model of their own), each read through restricted selectors.
COMPUTED_ENDPOINTS = {"gaps"}

pytestmark = pytest.mark.django_db


class TestSchema:
    def test_is_a_valid_openapi_3_document(self, client):
        from openapi_spec_validator import validate  # the `test` extra's openapi-spec-validator

        response = client.get("/api/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})
        assert response.status_code == 200
        document = response.json()
        assert document["openapi"].startswith("3.")
        validate(document)
        for path in ("/api/organisations/", "/api/organisations/{id}/", "/api/users/", "/api/token/"):
            assert path in document["paths"]
        assert "tokenAuth" in document["components"]["securitySchemes"]

    def test_yaml_by_default(self, client):
        response = client.get("/api/schema/")
        assert response.status_code == 200
        assert response.content.startswith(b"openapi: 3.")

    def test_generates_without_warnings(self, tmp_path):
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
        assert (tmp_path / "schema.yml").read_text().startswith("openapi: 3.")

    @pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
    def test_docs_render(self, client, path):
        response = client.get(path)
        assert response.status_code == 200
        assert b"/api/schema/" in response.content

    def test_root_lists_endpoints(self, client):
        response = client.get("/api/", headers={"Accept": "application/json"})
        assert response.status_code == 200
        assert {"organisations", "users"} <= set(response.json())


class TestToken:
    def test_credentials_give_the_token(self, world):
        response = APIClient().post("/api/token/", {"username": "officer", "password": PASSWORD}, format="json")
        assert response.status_code == 200
        assert response.json()["token"] == Token.objects.get(user=world.officer).key

    def test_token_acts_as_its_user(self, world):
        key = APIClient().post("/api/token/", {"username": "officer", "password": PASSWORD}).json()["token"]
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        response = client.get("/api/users/")
        assert response.status_code == 200
        assert {row["username"] for row in response.json()["results"]} == {"officer", "colleague"}
        assert client.patch(f"/api/organisations/{world.provider.pk}/", {"phone": "5"}).status_code == 200

    def test_wrong_password_is_400_with_the_error_format(self, world):
        response = APIClient().post("/api/token/", {"username": "officer", "password": "nope"}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"]["non_field_errors"]
        assert response.json()["detail"]

    def test_missing_fields_are_field_errors(self, world):
        response = APIClient().post("/api/token/", {}, format="json")
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"username", "password"}

    def test_bad_token_is_401(self, world):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
        assert client.get("/api/organisations/").status_code == 401
        assert client.post("/api/organisations/", {"name": "x", "kind": "academia"}).status_code == 401

    def test_token_of_an_archived_account_is_401(self, world, api_for):
        client = api_for(world.officer)
        world.officer.mark_archived()
        world.officer.save()
        assert client.get("/api/users/").status_code == 401
        assert APIClient().post("/api/token/", {"username": "officer", "password": PASSWORD}).status_code == 400

    def test_new_token_from_the_profile_replaces_the_old(self, world, client_for, api_for):
        old = api_for(world.officer)
        client_for(world.officer).post("/profile/")
        assert old.get("/api/users/").status_code == 401
        new = Token.objects.get(user=world.officer)
        assert new.key in client_for(world.officer).get("/profile/").content.decode()


class TestAnonymous:
    def test_may_read_the_public_directory(self, world):
        assert APIClient().get("/api/organisations/").status_code == 200

    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    def test_may_not_write(self, world, method):
        url = "/api/organisations/" if method == "post" else f"/api/organisations/{world.provider.pk}/"
        response = getattr(APIClient(), method)(url, {"name": "x", "kind": "academia"}, format="json")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"


class TestEveryEndpoint:
    """Structural checks over the whole router, so a new endpoint cannot slip past the rules."""

    @pytest.mark.parametrize(("prefix", "viewset"), [(p, v) for p, v, _name in router.registry])
    def test_reads_are_restricted(self, prefix, viewset):
        if not issubclass(viewset, viewsets.GenericViewSet):
            # A computed endpoint (e.g. gaps) has no queryset of its own: it reads through restricted selectors,
            # and its app's tests try the denied cases.
            assert prefix in COMPUTED_ENDPOINTS, prefix
            return
        assert isinstance(viewset.queryset, RestrictedQuerySet), prefix
        assert viewset.get_queryset in (RestrictedReadOnlyViewSet.get_queryset, RestrictedModelViewSet.get_queryset), (
            prefix)

    @pytest.mark.parametrize(("prefix", "viewset"), [(p, v) for p, v, _name in router.registry])
    def test_delete_never_deletes(self, prefix, viewset):
        if issubclass(viewset, mixins.DestroyModelMixin):
            assert issubclass(viewset, RestrictedModelViewSet), prefix
            assert viewset.perform_destroy is RestrictedModelViewSet.perform_destroy, prefix

    @pytest.mark.parametrize(("prefix", "viewset"), [(p, v) for p, v, _name in router.registry])
    def test_anonymous_reads_never_crash(self, db, prefix, viewset):
        # 200 with what the public may see, or 401 where the endpoint is only for signed-in people.
        assert APIClient().get(f"/api/{prefix}/").status_code in (200, 401), prefix
