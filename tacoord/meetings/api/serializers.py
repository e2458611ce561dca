from rest_framework import serializers

from tacoord.core.api.serializers import ChangeLoggedSerializer
from tacoord.meetings.choices import FollowUpStatus
from tacoord.meetings.models import FollowUpAction, Meeting
from tacoord.reference.models import Country


class MeetingSerializer(ChangeLoggedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="meeting-detail")
    country = serializers.SlugRelatedField(slug_field="iso2", queryset=Country.objects.all(), allow_null=True,
                                           required=False)
    follow_ups = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "url", "kind", "title", "date", "place", "country", "region", "convened_by", "participants",
                  "requests", "activities", "summary", "decisions", "follow_ups", "archived_at", "created",
                  "last_updated"]
        read_only_fields = ["archived_at", "created", "last_updated"]

    def to_representation(self, meeting):
        data = super().to_representation(meeting)
        # A request is the parties' business: others do not learn which requests were discussed.
        visible = self.context.get("visible_requests")
        if visible is not None:
            data["requests"] = [pk for pk in data["requests"] if pk in visible]
        return data

    def get_follow_ups(self, meeting) -> list[int]:
        """The ids of the meeting's follow-up actions the caller may see."""
        visible = self.context.get("visible_follow_ups")
        return [action.pk for action in meeting.follow_ups.all() if visible is None or action.pk in visible]


class FollowUpActionSerializer(ChangeLoggedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="followupaction-detail")
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = FollowUpAction
        fields = ["id", "url", "meeting", "description", "owner_organisation", "owner_person", "due_date", "status",
                  "completed_on", "note", "is_overdue", "archived_at", "created", "last_updated"]
        read_only_fields = ["archived_at", "created", "last_updated"]

    def validate_meeting(self, meeting):
        if self.instance is not None and meeting != self.instance.meeting:
            raise serializers.ValidationError("A follow-up action stays with its meeting.")
        return meeting


class FollowUpStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=FollowUpStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True)
