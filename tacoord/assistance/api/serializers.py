from rest_framework import serializers

from tacoord.assistance import lifecycle as lc
from tacoord.assistance.models import Offer, Request, RequestStep
from tacoord.core.api.serializers import ChangeLoggedSerializer
from tacoord.organisations.models import Organisation
from tacoord.reference.models import Country


class RequestStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequestStep
        fields = ["action", "from_stage", "to_stage", "at", "days_in_stage", "note", "offer"]


class RequestSerializer(ChangeLoggedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="request-detail")
    country = serializers.SlugRelatedField(slug_field="iso2", queryset=Country.objects.all())
    steps = RequestStepSerializer(many=True, read_only=True)

    class Meta:
        model = Request
        fields = ["id", "url", "country", "title", "needs", "ta_types", "articles", "beneficiary_institutions",
                  "languages", "desired_start", "desired_end", "urgency", "context", "stage", "stage_since",
                  "submitted_at", "merged_into", "activity", "steps", "archived_at", "created", "last_updated"]
        read_only_fields = ["stage", "stage_since", "submitted_at", "merged_into", "activity", "archived_at",
                            "created", "last_updated"]


class RequestStepRequestSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[action for action in lc.STEPS
                                              if action not in {"receive_offer", "agree"}])
    note = serializers.CharField(required=False, allow_blank=True, default="")
    providers = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=Organisation.objects.all())
    merge_into = serializers.PrimaryKeyRelatedField(required=False, allow_null=True, queryset=Request.objects.all())


class OfferSerializer(ChangeLoggedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="offer-detail")

    class Meta:
        model = Offer
        fields = ["id", "url", "request", "provider", "co_providers", "scope", "modality", "start", "end",
                  "languages", "budget", "currency", "funding_source", "experts", "partners", "status",
                  "decision_note", "amendments", "archived_at", "created", "last_updated"]
        read_only_fields = ["status", "decision_note", "amendments", "archived_at", "created", "last_updated"]

    def validate_request(self, request):
        if self.instance is not None and request != self.instance.request:
            raise serializers.ValidationError("An offer stays with its request.")
        return request


class OfferDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "decline", "withdraw"])
    note = serializers.CharField(required=False, allow_blank=True, default="")
    others_note = serializers.CharField(required=False, allow_blank=True, default="")
