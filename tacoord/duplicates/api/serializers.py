from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tacoord.duplicates.choices import AlertStatus
from tacoord.duplicates.models import DuplicateAlert


class DuplicateAlertSerializer(serializers.ModelSerializer):
    activity_a_identifier = serializers.CharField(source="activity_a.iati_identifier", read_only=True)
    activity_b_identifier = serializers.CharField(source="activity_b.iati_identifier", read_only=True)
    resolved_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = DuplicateAlert
        fields = ["id", "activity_a", "activity_a_identifier", "activity_b", "activity_b_identifier", "kind", "score",
                  "evidence", "status", "resolved_by", "resolved_at", "note", "created", "last_updated"]
        read_only_fields = fields


class ResolveSerializer(serializers.Serializer):
    status = serializers.ChoiceField(label=_("Decision"), choices=AlertStatus.choices)
    note = serializers.CharField(label=_("Note"), required=False, allow_blank=True, max_length=5000)
