import django_filters
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from tacoord.core.api.views import RestrictedReadOnlyViewSet
from tacoord.duplicates.api.serializers import DuplicateAlertSerializer, ResolveSerializer
from tacoord.duplicates.filtersets import DuplicateAlertFilterSet
from tacoord.duplicates.models import DuplicateAlert
from tacoord.duplicates.services import alert_resolve


class DuplicateAlertViewSet(RestrictedReadOnlyViewSet):
    """Alerts of possible duplication, overlap or synergy between two activities, with their evidence. A provider
    sees the alerts on its own activities; POST .../resolve/ records a decision."""

    queryset = DuplicateAlert.objects.select_related("activity_a", "activity_b", "resolved_by")
    serializer_class = DuplicateAlertSerializer
    filterset_class = DuplicateAlertFilterSet
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    @extend_schema(request=ResolveSerializer, responses=DuplicateAlertSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Record a decision; the service checks that the caller may change the alert (403 otherwise)."""
        asked = ResolveSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        alert = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            alert = alert_resolve(user=request.user, alert=alert, status=asked.validated_data["status"],
                                  note=asked.validated_data.get("note", ""))
        except PermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from error
        return Response(DuplicateAlertSerializer(alert).data)
