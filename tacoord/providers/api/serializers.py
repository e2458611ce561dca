from rest_framework import serializers

from tacoord.core.api.serializers import ChangeLoggedSerializer
from tacoord.providers.choices import MODALITY_FIELDS, Modality
from tacoord.providers.models import ProviderProfile
from tacoord.reference.models import Cluster, Country, Language, PriorityArea, Region, TechnicalAssistanceType


def _slugs(slug_field: str, queryset):
    return serializers.SlugRelatedField(slug_field=slug_field, queryset=queryset, many=True, required=False)


class ProviderProfileSerializer(ChangeLoggedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="providerprofile-detail")
    clusters = _slugs("code", Cluster.objects.all())
    priority_areas = _slugs("number", PriorityArea.objects.all())
    ta_types = _slugs("code", TechnicalAssistanceType.objects.all())
    languages = _slugs("code", Language.objects.all())
    regions = _slugs("m49_code", Region.objects.all())
    countries = _slugs("iso2", Country.objects.all())
    modalities = serializers.MultipleChoiceField(choices=Modality.choices, required=False)

    class Meta:
        model = ProviderProfile
        fields = ["id", "url", "organisation", "summary", "articles", "clusters", "priority_areas", "ta_types",
                  "languages", "regions", "countries", "modalities", "contact_name", "contact_email",
                  "contact_phone", "unodc_partnership", "unodc_partner_since", "archived_at", "created",
                  "last_updated"]
        read_only_fields = ["archived_at", "created", "last_updated"]
        # One profile per organisation is checked by the model's full_clean in the service.
        validators = []
        extra_kwargs = {"organisation": {"validators": []}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["modalities"] = [modality for modality, field in MODALITY_FIELDS.items() if getattr(instance, field)]
        return data

    def build_instance(self):
        modalities = self.validated_data.pop("modalities", None)
        instance = super().build_instance()
        if modalities is not None:
            for modality, field in MODALITY_FIELDS.items():
                setattr(instance, field, modality in modalities)
        return instance
