import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from tacoord.core.api.views import RestrictedModelViewSet
from tacoord.needs.api.serializers import (
    ArticlePriorityAreaSerializer,
    DerivationRuleSerializer,
    NeedActionSerializer,
    NeedSerializer,
)
from tacoord.needs.filtersets import ArticlePriorityAreaFilterSet, DerivationRuleFilterSet, NeedFilterSet
from tacoord.needs.models import ArticlePriorityArea, DerivationRule, Need
from tacoord.needs.services import need_save, need_transition


class NeedViewSet(RestrictedModelViewSet):
    """Needs of States for technical assistance. DELETE archives; status changes through POST .../action/."""

    queryset = Need.objects.select_related("country", "ta_type").prefetch_related("languages")
    serializer_class = NeedSerializer
    filterset_class = NeedFilterSet
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def perform_create(self, serializer):
        serializer.instance = need_save(user=self.request.user, need=serializer.build_instance(),
                                        relations=serializer.relations())

    def perform_update(self, serializer):
        serializer.instance = need_save(user=self.request.user, need=serializer.build_instance(),
                                        relations=serializer.relations())

    @extend_schema(request=NeedActionSerializer)
    @action(detail=True, methods=["post"], url_path="action")
    def transition(self, request, pk=None):
        """Validate, mark as being addressed or met, or withdraw the need (the focal point and the secretariat)."""
        asked = NeedActionSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        need = need_transition(user=request.user, need=self.visible_object(), action=asked.validated_data["action"])
        return Response(self.get_serializer(need).data)


class DerivationRuleViewSet(RestrictedModelViewSet):
    """The rules that turn questionnaire answers into needs (the secretariat's). DELETE archives."""

    queryset = DerivationRule.objects.all()
    serializer_class = DerivationRuleSerializer
    filterset_class = DerivationRuleFilterSet
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]


class ArticlePriorityAreaViewSet(RestrictedModelViewSet):
    """Which priority area a need on each article falls in (the secretariat's; derivation reads it). DELETE
    archives: needs on the article then fall in no priority area."""

    queryset = ArticlePriorityArea.objects.select_related("article", "priority_area")
    serializer_class = ArticlePriorityAreaSerializer
    filterset_class = ArticlePriorityAreaFilterSet
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
