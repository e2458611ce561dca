"""The API routes of this app, registered on the one router of tacoord/api_urls.py."""

from tacoord.meetings.api.views import FollowUpActionViewSet, MeetingViewSet


def register(router) -> None:
    """Add this app's viewsets to `router`."""
    router.register("meetings/follow-ups", FollowUpActionViewSet)
    router.register("meetings", MeetingViewSet)
