import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from tacoord.assistance.models import Request
from tacoord.core.api.views import RestrictedModelViewSet
from tacoord.core.permissions import Action
from tacoord.meetings.api.serializers import FollowUpActionSerializer, FollowUpStatusSerializer, MeetingSerializer
from tacoord.meetings.filtersets import FollowUpActionFilterSet, MeetingFilterSet
from tacoord.meetings.models import FollowUpAction, Meeting
from tacoord.meetings.services import follow_up_restore_version, follow_up_save, follow_up_set_status, meeting_save


class MeetingViewSet(RestrictedModelViewSet):
    """Coordination meetings: donor round tables, in-country and regional meetings. DELETE archives."""

    queryset = Meeting.objects.select_related("country").prefetch_related("participants", "activities", "requests",
                                                                          "follow_ups")
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["visible_follow_ups"] = set(FollowUpAction.objects.restrict(self.request.user, Action.VIEW)
                                            .values_list("pk", flat=True))
        context["visible_requests"] = set(Request.objects.restrict(self.request.user, Action.VIEW)
                                          .filter(meetings__isnull=False).values_list("pk", flat=True))
        return context

    def perform_create(self, serializer):
        serializer.instance = meeting_save(user=self.request.user, meeting=serializer.build_instance(),
                                           relations=serializer.relations())

    def perform_update(self, serializer):
        serializer.instance = meeting_save(user=self.request.user, meeting=serializer.build_instance(),
                                           relations=serializer.relations())


class FollowUpActionViewSet(RestrictedModelViewSet):
    """Follow-up actions decided at meetings, with owner and due date. DELETE archives; owners report progress
    through POST .../status/."""

    queryset = FollowUpAction.objects.select_related("meeting")
    serializer_class = FollowUpActionSerializer
    filterset_class = FollowUpActionFilterSet
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def perform_create(self, serializer):
        serializer.instance = follow_up_save(user=self.request.user, follow_up=serializer.build_instance())

    def perform_update(self, serializer):
        serializer.instance = follow_up_save(user=self.request.user, follow_up=serializer.build_instance())

    def restore_version(self, *, user, obj, change):
        return follow_up_restore_version(user=user, follow_up=obj, change=change)

    @extend_schema(request=FollowUpStatusSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        """Mark the action done or open again, with an optional note (its owner or the meeting's organisers)."""
        asked = FollowUpStatusSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        follow_up = follow_up_set_status(user=request.user, follow_up=self.visible_object(),
                                         status=asked.validated_data["status"], note=asked.validated_data.get("note"))
        return Response(self.get_serializer(follow_up).data)
