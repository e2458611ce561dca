"""The API routes of this app, registered on the one router of tacoord/api_urls.py."""

from tacoord.questionnaires.api.views import ChoiceViewSet, QuestionnaireTemplateViewSet, QuestionViewSet


def register(router) -> None:
    """Add this app's viewsets to `router`."""
    router.register("questionnaires/templates", QuestionnaireTemplateViewSet)
    router.register("questionnaires/questions", QuestionViewSet)
    router.register("questionnaires/choices", ChoiceViewSet)
