"""Read-only API of questionnaires: templates (with their tree of sections and questions), questions, choices."""

import django_filters

from tacoord.core.api.views import RestrictedReadOnlyViewSet
from tacoord.core.permissions import Action
from tacoord.questionnaires.api.serializers import (
    ChoiceSerializer,
    QuestionnaireTemplateDetailSerializer,
    QuestionnaireTemplateSerializer,
    QuestionSerializer,
)
from tacoord.questionnaires.filtersets import QuestionFilterSet, QuestionnaireTemplateFilterSet
from tacoord.questionnaires.models import Choice, Question, QuestionnaireTemplate


class QuestionnaireTemplateViewSet(RestrictedReadOnlyViewSet):
    """Questionnaire templates. The detail holds the sections, questions and choice lists."""

    queryset = QuestionnaireTemplate.objects.all()
    filterset_class = QuestionnaireTemplateFilterSet
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def get_serializer_class(self):
        return QuestionnaireTemplateDetailSerializer if self.action == "retrieve" else QuestionnaireTemplateSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "retrieve" and "pk" in self.kwargs:
            user = self.request.user
            context["questions"] = Question.objects.restrict(user, Action.VIEW).filter(
                template_id=self.kwargs["pk"]).select_related("article__instrument", "article__cluster")
            context["choices"] = Choice.objects.restrict(user, Action.VIEW).filter(template_id=self.kwargs["pk"])
        return context


class QuestionFilter(QuestionFilterSet):
    template = django_filters.NumberFilter(field_name="template_id")
    part = django_filters.CharFilter()
    name = django_filters.CharFilter()
    name__endswith = django_filters.CharFilter(field_name="name", lookup_expr="endswith")

    class Meta:
        model = Question
        fields = ["template", "part", "name", "type"]


class QuestionViewSet(RestrictedReadOnlyViewSet):
    """Questions of every template one may see, filterable by template, instrument, cluster, article and part."""

    queryset = Question.objects.select_related("article__instrument", "article__cluster")
    serializer_class = QuestionSerializer
    filterset_class = QuestionFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]


class ChoiceViewSet(RestrictedReadOnlyViewSet):
    queryset = Choice.objects.all()
    serializer_class = ChoiceSerializer
    filterset_fields = ["template", "list_name", "name"]
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
