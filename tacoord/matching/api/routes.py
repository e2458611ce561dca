"""The API routes of this app, registered on the one router of tacoord/api_urls.py."""

from tacoord.matching.api.views import GapViewSet, MatchingWeightsViewSet, MatchSubscriptionViewSet, MatchViewSet


def register(router) -> None:
    """Add this app's viewsets to `router`."""
    router.register("matches", MatchViewSet)
    router.register("matching-weights", MatchingWeightsViewSet)
    router.register("match-subscriptions", MatchSubscriptionViewSet)
    router.register("gaps", GapViewSet, basename="gap")
