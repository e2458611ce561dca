import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from tacoord.core.api.views import RestrictedModelViewSet, RestrictedReadOnlyViewSet
from tacoord.matching.api.serializers import (
    GapSerializer,
    MatchingWeightsSerializer,
    MatchSerializer,
    MatchSubscriptionSerializer,
)
from tacoord.matching.filtersets import MatchFilterSet, MatchSubscriptionFilterSet
from tacoord.matching.models import Match, MatchingWeights, MatchSubscription
from tacoord.matching.selectors import COVERAGE_LABELS, coverage
from tacoord.matching.services import match_subscription_save, matching_weights_save
from tacoord.reference.models import Country


class MatchViewSet(RestrictedReadOnlyViewSet):
    """Candidates for needs, with the parts of each score; each caller sees only what its role allows."""

    queryset = Match.objects.select_related("provider__organisation", "activity", "expert").order_by(
        "need_id", "kind", "rank")
    serializer_class = MatchSerializer
    filterset_class = MatchFilterSet
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]


class MatchingWeightsViewSet(RestrictedModelViewSet):
    """The weights of the parts of a score: everyone signed in reads them, the secretariat changes them."""

    queryset = MatchingWeights.objects.all()
    serializer_class = MatchingWeightsSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = matching_weights_save(user=self.request.user, weights=serializer.build_instance())

    def perform_update(self, serializer):
        serializer.instance = matching_weights_save(user=self.request.user, weights=serializer.build_instance())


class MatchSubscriptionViewSet(RestrictedModelViewSet):
    """A provider's subscriptions to new validated needs that match its offer. DELETE archives."""

    queryset = MatchSubscription.objects.select_related("provider")
    serializer_class = MatchSubscriptionSerializer
    filterset_class = MatchSubscriptionFilterSet
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def perform_create(self, serializer):
        serializer.instance = match_subscription_save(user=self.request.user,
                                                      subscription=serializer.build_instance())

    def perform_update(self, serializer):
        serializer.instance = match_subscription_save(user=self.request.user,
                                                      subscription=serializer.build_instance())


class GapViewSet(viewsets.ViewSet):
    """Coverage of the validated open needs the caller may see: unmet, offered, addressed, or several providers."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=GapSerializer(many=True), parameters=[
        OpenApiParameter("country", str, description="ISO 3166 alpha-2 code of a State"),
        OpenApiParameter("coverage", str, enum=list(COVERAGE_LABELS))])
    def list(self, request):
        code = request.query_params.get("country", "")
        country = Country.objects.filter(iso2=code.upper()).first() if code else None
        if code and country is None:
            return Response({"country": [_("No State has this code.")]}, status=400)
        rows = coverage(user=request.user, country=country)
        wanted = request.query_params.get("coverage")
        if wanted:
            rows = [row for row in rows if row.status == wanted]
        return Response(GapSerializer(rows, many=True).data)
