"""The API routes of this app, registered on the one router of tacoord/api_urls.py."""

from tacoord.iati.api.views import ImportRunViewSet


def register(router) -> None:
    """Add this app's viewsets to `router`."""
    router.register("iati/imports", ImportRunViewSet)
