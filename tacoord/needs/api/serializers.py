from rest_framework import serializers

from tacoord.core.api.serializers import ChangeLoggedSerializer
from tacoord.needs.models import ArticlePriorityArea, DerivationRule, Need
from tacoord.reference.models import Country, Language, PriorityArea, TechnicalAssistanceType


class NeedSerializer(ChangeLoggedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="need-detail")
    country = serializers.SlugRelatedField(slug_field="iso2", queryset=Country.objects.all())
    ta_type = serializers.SlugRelatedField(slug_field="code", queryset=TechnicalAssistanceType.objects.all())
    languages = serializers.SlugRelatedField(slug_field="code", queryset=Language.objects.all(), many=True,
                                             required=False)

    class Meta:
        model = Need
        fields = ["id", "url", "country", "article", "cluster", "priority_area", "ta_type", "priority", "languages",
                  "description", "status", "source", "source_reference", "source_response", "source_answer",
                  "first_cycle", "derived_by", "derivation_key", "edited_by_person", "validated_at", "archived_at",
                  "created", "last_updated"]
        # Status changes through the actions (validate, ...); derivation fields are the derivation's.
        read_only_fields = ["status", "source_response", "source_answer", "first_cycle", "derived_by",
                            "derivation_key",
                            "edited_by_person", "validated_at", "archived_at", "created", "last_updated"]
        validators = []


class NeedActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["validate", "address", "meet", "withdraw"])


class DerivationRuleSerializer(ChangeLoggedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="derivationrule-detail")

    class Meta:
        model = DerivationRule
        fields = ["id", "url", "name", "template", "condition", "ta_types_question", "priority_question",
                  "languages_question", "description_question", "default_priority", "is_active", "archived_at",
                  "created", "last_updated"]
        read_only_fields = ["archived_at", "created", "last_updated"]


class ArticlePriorityAreaSerializer(ChangeLoggedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="articlepriorityarea-detail")
    priority_area = serializers.SlugRelatedField(slug_field="number", queryset=PriorityArea.objects.all(),
                                                 allow_null=True, required=False)

    class Meta:
        model = ArticlePriorityArea
        fields = ["id", "url", "article", "priority_area", "archived_at", "created", "last_updated"]
        read_only_fields = ["archived_at", "created", "last_updated"]
