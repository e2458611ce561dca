from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from tacoord.core.api.views import RestrictedReadOnlyViewSet
from tacoord.notifications.api.serializers import NotificationSerializer, PreferenceSerializer
from tacoord.notifications.models import Notification
from tacoord.notifications.selectors import preferences_of, unread_count
from tacoord.notifications.services import (
    notification_mark_read,
    notification_preferences_set,
    notifications_mark_all_read,
)


class NotificationViewSet(RestrictedReadOnlyViewSet):
    """The caller's own notifications, newest first (`?unread=true` for the unread ones). Nobody else's, ever."""

    queryset = Notification.objects.select_related("actor")
    serializer_class = NotificationSerializer
    filter_backends = []
    # The queryset holds only the caller's own rows; every action on them is the caller's to take.
    permission_classes = [IsAuthenticated]

    def refine_queryset(self, queryset):
        if self.action == "list" and self.request.query_params.get("unread") in {"1", "true"}:
            queryset = queryset.unread()
        return queryset

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark the notification read."""
        notification = notification_mark_read(user=request.user, notification=self.get_object())
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses=inline_serializer("MarkedRead", {"marked": serializers.IntegerField()}))
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark all the caller's notifications read; how many were unread."""
        return Response({"marked": notifications_mark_all_read(user=request.user)})

    @extend_schema(responses=inline_serializer("UnreadCount", {"unread": serializers.IntegerField()}))
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        return Response({"unread": unread_count(user=request.user)})

    @extend_schema(request=PreferenceSerializer(many=True), responses=PreferenceSerializer(many=True))
    @action(detail=False, methods=["get", "put"], pagination_class=None)
    def preferences(self, request):
        """Per kind of notification, whether the caller also gets it by e-mail. PUT a list of {kind, email}."""
        if request.method == "PUT":
            asked = PreferenceSerializer(data=request.data, many=True)
            asked.is_valid(raise_exception=True)
            notification_preferences_set(user=request.user, email_by_kind={
                row["kind"]: row["email"] for row in asked.validated_data})
        return Response(PreferenceSerializer(preferences_of(user=request.user), many=True).data)
