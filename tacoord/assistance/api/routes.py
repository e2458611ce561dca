"""The API routes of this app, registered on the one router of tacoord/api_urls.py."""

from tacoord.assistance.api.views import OfferViewSet, RequestViewSet


def register(router) -> None:
    """Add this app's viewsets to `router`."""
    router.register("requests/offers", OfferViewSet)
    router.register("requests", RequestViewSet)
