from rest_framework import serializers

from tacoord.core.api.serializers import ChangeLoggedSerializer
from tacoord.matching.choices import Part
from tacoord.matching.models import Match, MatchingWeights, MatchSubscription


class MatchSerializer(serializers.ModelSerializer):
    """A candidate for a need: its score and the parts (part → points) the score is the sum of."""

    candidate = serializers.SerializerMethodField()

    class Meta:
        model = Match
        fields = ["id", "need", "kind", "provider", "activity", "expert", "candidate", "rank", "score", "parts",
                  "computed_at"]

    def get_candidate(self, match) -> str:
        return str(match.candidate)


class MatchingWeightsSerializer(ChangeLoggedSerializer):
    class Meta:
        model = MatchingWeights
        fields = ["id", *Part.values, "last_updated"]
        read_only_fields = ["last_updated"]


class MatchSubscriptionSerializer(ChangeLoggedSerializer):
    class Meta:
        model = MatchSubscription
        fields = ["id", "provider", "min_score", "email", "is_active", "archived_at", "created", "last_updated"]
        read_only_fields = ["archived_at", "created", "last_updated"]


class GapSerializer(serializers.Serializer):
    """One validated open need and who addresses it."""

    need = serializers.IntegerField(source="need.pk")
    need_name = serializers.CharField(source="need")
    country = serializers.CharField(source="need.country.iso2")
    priority_area = serializers.IntegerField(source="need.priority_area.number", allow_null=True, default=None)
    coverage = serializers.CharField(source="status")
    activities = serializers.IntegerField()
    providers = serializers.IntegerField()
    offers = serializers.IntegerField()
