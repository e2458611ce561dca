"""The API routes of this app, registered on the one router of tacoord/api_urls.py."""

from tacoord.providers.api.views import ProviderProfileViewSet


def register(router) -> None:
    """Add this app's viewsets to `router`."""
    router.register("providers", ProviderProfileViewSet)
