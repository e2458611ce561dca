"""The API routes of this app, registered on the one router of tacoord/api_urls.py."""

from tacoord.notifications.api.views import NotificationViewSet


def register(router) -> None:
    """Add this app's viewsets to `router`."""
    router.register("notifications", NotificationViewSet)
