import pytest
from rest_framework.test import APIClient

from tacoord.core.roles import Role
from tacoord.reference.models import Article, Country
from tacoord.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_countries_answer_anonymously_with_pagination(reference_data):
    response = APIClient().get("/api/reference/countries/", {"iso3": "FRA"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and {"next", "previous", "results"} <= body.keys()
    france = body["results"][0]
    assert (france["iso2"], france["m49_code"], france["region"], france["sub_region"]) == ("FR", "250", "150", "155")
    assert france["name_ar"] == "فرنسا" and france["un_status"] == "member"


def test_lists_are_paginated(reference_data):
    body = APIClient().get("/api/reference/countries/", {"limit": 10}).json()
    assert body["count"] == 250 and len(body["results"]) == 10 and body["next"]


@pytest.mark.parametrize(("url", "query", "count"), [
    ("/api/reference/articles/", {"instrument__code": "TIP"}, 20),
    ("/api/reference/articles/", {"instrument__code": "UNTOC", "cluster__code": "IC"}, 8),
    ("/api/reference/articles/", {"is_final_clause": "true"}, 28),
    ("/api/reference/sectors/", {"is_crime_justice": "true"}, 15),
    ("/api/reference/codelists/", {"codelist": "TransactionType"}, 13),
    ("/api/reference/languages/", {"is_un_official": "true"}, 6),
    ("/api/reference/regions/", {"level": "region"}, 5),
    ("/api/reference/priority-areas/", {}, 5),
    ("/api/reference/ta-types/", {}, 17),
    ("/api/reference/instruments/", {}, 4),
    ("/api/reference/clusters/", {}, 6),
])
def test_filters(reference_data, url, query, count):
    response = APIClient().get(url, query)
    assert response.status_code == 200
    assert response.json()["count"] == count


def test_article_answer_names_instrument_and_cluster(reference_data):
    article = Article.objects.get(instrument__code="SOM", number=8)
    body = APIClient().get(f"/api/reference/articles/{article.pk}/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert (body["instrument"], body["cluster"], body["is_final_clause"]) == ("SOM", "IC", False)
    assert body["name"] == body["name_fr"] == "Mesures contre le trafic illicite de migrants par mer"


def test_writes_are_refused_to_everyone(reference_data):
    country = Country.objects.get(iso2="FR")
    detail = f"/api/reference/countries/{country.pk}/"
    anonymous = APIClient()
    assert anonymous.post("/api/reference/countries/", {"iso2": "ZZ"}).status_code in {401, 403, 405}
    assert anonymous.delete(detail).status_code in {401, 403, 405}
    secretariat = APIClient()
    secretariat.force_authenticate(UserFactory(role=Role.SECRETARIAT, is_superuser=True))
    assert secretariat.post("/api/reference/countries/", {"iso2": "ZZ", "name_en": "Z"}).status_code == 405
    assert secretariat.put(detail, {"iso2": "FR", "name_en": "Gaul"}).status_code == 405
    assert secretariat.patch(detail, {"name_en": "Gaul"}).status_code == 405
    assert secretariat.delete(detail).status_code == 405
    assert Country.objects.get(pk=country.pk).name_en == "France"
