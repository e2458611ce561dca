import pytest

from tacoord.notifications.kinds import MESSAGE
from tacoord.notifications.models import Notification, NotificationPreference
from tacoord.notifications.services import notification_send

pytestmark = pytest.mark.django_db


def send(recipients):
    return notification_send(recipients=recipients, kind=MESSAGE.key, subject="Hello", link="/meetings/")


def test_list_only_mine(world, api_for):
    send([world.focal_a, world.focal_b])
    for person in ["focal_a", "focal_b"]:
        rows = api_for(world.person(person)).get("/api/notifications/").json()["results"]
        assert [Notification.objects.get(pk=row["id"]).recipient for row in rows] == [world.person(person)]
    assert api_for(world.secretariat).get("/api/notifications/").json()["results"] == []
    assert api_for(None).get("/api/notifications/").status_code in {401, 403}


def test_another_persons_notification_is_not_found(world, api_for):
    [notification] = send([world.focal_a])
    client = api_for(world.secretariat)
    assert client.get(f"/api/notifications/{notification.pk}/").status_code == 404
    assert client.post(f"/api/notifications/{notification.pk}/read/").status_code == 404
    assert Notification.objects.get().read_at is None


def test_read_unread_count_read_all(world, api_for):
    first, = send([world.focal_a])
    send([world.focal_a])
    client = api_for(world.focal_a)
    assert client.get("/api/notifications/unread-count/").json() == {"unread": 2}
    assert client.post(f"/api/notifications/{first.pk}/read/").json()["read_at"]
    assert len(client.get("/api/notifications/?unread=true").json()["results"]) == 1
    assert client.post("/api/notifications/read-all/").json() == {"marked": 1}
    assert client.get("/api/notifications/unread-count/").json() == {"unread": 0}


def test_preferences(world, api_for):
    client = api_for(world.officer)
    kinds = {row["kind"]: row["email"] for row in client.get("/api/notifications/preferences/").json()}
    assert kinds[MESSAGE.key] is True
    response = client.put("/api/notifications/preferences/", [{"kind": MESSAGE.key, "email": False}], format="json")
    assert response.status_code == 200
    assert {row["kind"]: row["email"] for row in response.json()}[MESSAGE.key] is False
    response = client.put("/api/notifications/preferences/", [{"kind": "bogus", "email": False}], format="json")
    assert response.status_code == 400
    assert NotificationPreference.objects.count() == 1
