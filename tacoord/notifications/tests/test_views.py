import pytest

from tacoord.notifications.kinds import MESSAGE
from tacoord.notifications.models import Notification, NotificationPreference, NotificationSettings
from tacoord.notifications.services import notification_send

pytestmark = pytest.mark.django_db


def send(recipients, subject="Round table on 1 December", link="/meetings/"):
    return notification_send(recipients=recipients, kind=MESSAGE.key, subject=subject, body="Agenda attached",
                             link=link)


class TestPages:
    def test_list_shows_only_mine_and_the_bell_counts(self, world, client_for):
        send([world.focal_a], subject="For Kenya")
        send([world.focal_b], subject="For Peru")
        response = client_for(world.focal_a).get("/notifications/")
        content = response.content.decode()
        assert "For Kenya" in content and "For Peru" not in content
        assert 'id="notification-bell"' in content and 'aria-label="1 unread">1</span>' in content

    def test_anonymous_is_asked_to_sign_in(self, client_for):
        assert client_for(None).get("/notifications/").status_code == 302
        assert client_for(None).post("/notifications/read-all/").status_code == 302

    def test_mark_read_with_htmx(self, world, client_for):
        [notification] = send([world.focal_a])
        response = client_for(world.focal_a).post(f"/notifications/{notification.pk}/read/", HTTP_HX_REQUEST="true")
        content = response.content.decode()
        assert response.status_code == 200 and 'hx-swap-oob="true"' in content
        assert Notification.objects.get().read_at is not None

    def test_another_persons_notification_is_not_found(self, world, client_for):
        [notification] = send([world.focal_a])
        for person in ["focal_b", "secretariat", "officer"]:
            client = client_for(world.person(person))
            assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
            assert client.get(f"/notifications/{notification.pk}/open/").status_code == 404
        assert Notification.objects.get().read_at is None

    def test_open_marks_read_and_follows_only_local_links(self, world, client_for):
        [local] = send([world.focal_a], link="/meetings/")
        [foreign] = send([world.focal_a], link="https://evil.example.com/")
        client = client_for(world.focal_a)
        assert client.get(f"/notifications/{local.pk}/open/").url == "/meetings/"
        assert client.get(f"/notifications/{foreign.pk}/open/").url == "/notifications/"
        assert not Notification.objects.filter(read_at__isnull=True).exists()

    def test_mark_all_read_and_unread_filter(self, world, client_for):
        send([world.focal_a, world.focal_b])
        send([world.focal_a])
        client = client_for(world.focal_a)
        assert client.get("/notifications/?unread=1").context["page"].paginator.count == 2
        client.post("/notifications/read-all/")
        assert client.get("/notifications/?unread=1").context["page"].paginator.count == 0
        assert Notification.objects.filter(recipient=world.focal_b, read_at__isnull=True).count() == 1

    def test_preferences(self, world, client_for):
        client = client_for(world.officer)
        assert client.get("/notifications/settings/").status_code == 200
        response = client.post("/notifications/settings/", {"notifications.overdue": "on", "email_frequency": "x"})
        assert response.status_code == 200 and "email_frequency" in response.context["form"].errors
        assert not NotificationPreference.objects.exists()
        response = client.post("/notifications/settings/", {"notifications.overdue": "on",
                                                             "email_frequency": "daily"})
        assert response.status_code == 302
        assert NotificationSettings.objects.get(user=world.officer).email_frequency == "daily"
        assert dict(NotificationPreference.objects.filter(user=world.officer).values_list("kind", "email"))[
            MESSAGE.key] is False
        assert not NotificationPreference.objects.exclude(user=world.officer).exists()
