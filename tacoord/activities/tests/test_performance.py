"""Pages and API answers cost a fixed number of queries, however many activities they show."""

import pytest
from django.urls import reverse

from tacoord.activities.tests.helpers import make_activity


@pytest.fixture
def many(world):
    for index in range(30):
        make_activity(reporter=world.provider if index % 2 else world.other_provider, identifier=f"X-{index:03d}",
                      countries=[world.state_a, world.state_b], children={
                          "sectors": [{"code": "15130"}],
                          "transactions": [{"type": "3", "date": "2025-01-01", "value": index}]})


def test_list_and_exports(world, client_for, many, django_assert_max_num_queries):
    client = client_for(world.officer)
    url = reverse("activities:activity_list")
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(url, {"export": "xlsx"}).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(url, {"export": "csv", "split": "1"}).status_code == 200


def test_api_list(world, api_for, many, django_assert_max_num_queries):
    with django_assert_max_num_queries(60):
        response = api_for(world.officer).get("/api/activities/")
    assert response.json()["count"] == 30
