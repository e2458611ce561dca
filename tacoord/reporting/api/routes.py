"""The API routes of this app, registered on the one router of tacoord/api_urls.py."""

from tacoord.reporting.api.views import AnswerViewSet, QuestionnaireResponseViewSet, ReportingCycleViewSet


def register(router) -> None:
    """Add this app's viewsets to `router`."""
    router.register("reporting/cycles", ReportingCycleViewSet)
    router.register("reporting/responses", QuestionnaireResponseViewSet)
    router.register("reporting/answers", AnswerViewSet)
