"""The API routes of this app, registered on the one router of tacoord/api_urls.py."""

from tacoord.duplicates.api.views import DuplicateAlertViewSet


def register(router) -> None:
    """Add this app's viewsets to `router`."""
    router.register("duplicates/alerts", DuplicateAlertViewSet)
