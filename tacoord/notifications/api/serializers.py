from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tacoord.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "body", "link", "actor", "created", "read_at"]
        read_only_fields = fields


class PreferenceSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField(read_only=True)
    email = serializers.BooleanField(help_text=_("Also receive this kind by e-mail."))
