"""The API routes of this app, registered on the one router of tacoord/api_urls.py."""

from tacoord.needs.api.views import ArticlePriorityAreaViewSet, DerivationRuleViewSet, NeedViewSet


def register(router) -> None:
    """Add this app's viewsets to `router`."""
    router.register("needs/rules", DerivationRuleViewSet)
    router.register("needs/priority-areas", ArticlePriorityAreaViewSet)
    router.register("needs", NeedViewSet)
