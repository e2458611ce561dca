from rest_framework import serializers

from tacoord.core.api.serializers import ChangeLoggedSerializer
from tacoord.experts.choices import LEGAL_SYSTEM_FIELDS, LegalSystem
from tacoord.experts.models import Assignment, Availability, Expert
from tacoord.experts.permissions import may_see_contacts
from tacoord.reference.models import Cluster, Country, Language, PriorityArea, Region

# The contacts, and the account behind the entry, for the secretariat and the expert only.
CONTACT_FIELDS = ("email", "phone", "user")


def _slugs(slug_field: str, queryset):
    return serializers.SlugRelatedField(slug_field=slug_field, queryset=queryset, many=True, required=False)


class ExpertSerializer(ChangeLoggedSerializer):
    """A roster entry. E-mail, telephone and account are left out of the answer for anyone but the secretariat and
    the expert."""

    url = serializers.HyperlinkedIdentityField(view_name="expert-detail")
    nationality = serializers.SlugRelatedField(slug_field="iso2", queryset=Country.objects.all(), allow_null=True,
                                               required=False)
    clusters = _slugs("code", Cluster.objects.all())
    priority_areas = _slugs("number", PriorityArea.objects.all())
    languages = _slugs("code", Language.objects.all())
    regions = _slugs("m49_code", Region.objects.all())
    legal_systems = serializers.MultipleChoiceField(choices=LegalSystem.choices, required=False)

    class Meta:
        model = Expert
        fields = ["id", "url", "user", "first_name", "last_name", "title", "nationality", "email", "phone",
                  "expertise", "articles", "clusters", "priority_areas", "legal_systems", "languages", "regions",
                  "archived_at", "created", "last_updated"]
        read_only_fields = ["archived_at", "created", "last_updated"]
        validators = []
        extra_kwargs = {"user": {"validators": []}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["legal_systems"] = [system for system, field in LEGAL_SYSTEM_FIELDS.items() if getattr(instance, field)]
        request = self.context.get("request")
        if not may_see_contacts(getattr(request, "user", None), instance):
            for name in CONTACT_FIELDS:
                data.pop(name, None)
        return data

    def build_instance(self):
        legal_systems = self.validated_data.pop("legal_systems", None)
        instance = super().build_instance()
        if legal_systems is not None:
            for system, field in LEGAL_SYSTEM_FIELDS.items():
                setattr(instance, field, system in legal_systems)
        return instance


class AvailabilitySerializer(ChangeLoggedSerializer):
    class Meta:
        model = Availability
        fields = ["id", "expert", "starts_on", "ends_on", "note", "archived_at", "created", "last_updated"]
        read_only_fields = ["archived_at", "created", "last_updated"]


class AssignmentSerializer(ChangeLoggedSerializer):
    country = serializers.SlugRelatedField(slug_field="iso2", queryset=Country.objects.all(), allow_null=True,
                                           required=False)

    class Meta:
        model = Assignment
        fields = ["id", "expert", "title", "country", "organisation", "starts_on", "ends_on", "archived_at",
                  "created", "last_updated"]
        read_only_fields = ["archived_at", "created", "last_updated"]
