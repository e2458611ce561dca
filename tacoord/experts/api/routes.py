"""The API routes of this app, registered on the one router of tacoord/api_urls.py."""

from tacoord.experts.api.views import AssignmentViewSet, AvailabilityViewSet, ExpertViewSet


def register(router) -> None:
    """Add this app's viewsets to `router`."""
    router.register("experts/availability", AvailabilityViewSet)
    router.register("experts/assignments", AssignmentViewSet)
    router.register("experts", ExpertViewSet)
