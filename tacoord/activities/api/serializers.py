"""Activities with their parts nested. Writes go through `activity_save`: a part given replaces that part."""

from rest_framework import serializers

from tacoord.activities import models as parts
from tacoord.activities.models import Activity
from tacoord.core.api.serializers import ChangeLoggedSerializer
from tacoord.core.permissions import Action
from tacoord.needs.models import Need
from tacoord.organisations.models import Organisation
from tacoord.reference.models import Country, Language, PriorityArea, TechnicalAssistanceType


class PartSerializer(ChangeLoggedSerializer):
    """A part of an activity; like every writable relation, it names only records the caller may see."""

    class Meta:
        exclude = ["id", "activity"]


def _part(model_class, **declared):
    meta = type("Meta", (PartSerializer.Meta,), {"model": model_class})
    return type(f"{model_class.__name__}Serializer", (PartSerializer,), {"Meta": meta, **declared})


ParticipatingOrganisationSerializer = _part(parts.ParticipatingOrganisation)
RecipientCountrySerializer = _part(parts.RecipientCountry, country=serializers.SlugRelatedField(
    slug_field="iso2", queryset=Country.objects.all()))
RecipientRegionSerializer = _part(parts.RecipientRegion)
ActivitySectorSerializer = _part(parts.ActivitySector, sector=serializers.SlugRelatedField(
    slug_field="code", read_only=True))
BudgetSerializer = _part(parts.Budget)
TransactionSerializer = _part(parts.Transaction)
RelatedActivitySerializer = _part(parts.RelatedActivity)
ResultSerializer = _part(parts.Result)
DocumentLinkSerializer = _part(parts.DocumentLink)
PolicyMarkerSerializer = _part(parts.PolicyMarker)
ActivityTagSerializer = _part(parts.ActivityTag)

PART_SERIALIZERS = {
    "participating_organisations": ParticipatingOrganisationSerializer,
    "recipient_countries": RecipientCountrySerializer,
    "recipient_regions": RecipientRegionSerializer,
    "sectors": ActivitySectorSerializer,
    "budgets": BudgetSerializer,
    "transactions": TransactionSerializer,
    "related_activities": RelatedActivitySerializer,
    "results": ResultSerializer,
    "document_links": DocumentLinkSerializer,
    "policy_markers": PolicyMarkerSerializer,
    "tags": ActivityTagSerializer,
}


class ActivitySerializer(ChangeLoggedSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="activity-detail")
    iati_identifier = serializers.CharField(max_length=255, required=False, allow_blank=True)
    reporting_organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    priority_areas = serializers.SlugRelatedField(slug_field="number", queryset=PriorityArea.objects.all(),
                                                  many=True, required=False)
    ta_types = serializers.SlugRelatedField(slug_field="code", queryset=TechnicalAssistanceType.objects.all(),
                                            many=True, required=False)
    delivery_languages = serializers.SlugRelatedField(slug_field="code", queryset=Language.objects.all(), many=True,
                                                      required=False)
    locals().update({name: serializer(many=True, required=False) for name, serializer in PART_SERIALIZERS.items()})

    class Meta:
        model = Activity
        fields = ["id", "url", "iati_identifier", "reporting_organisation", "hierarchy", "parent", "title",
                  "description", "default_language", "status", "planned_start", "actual_start", "planned_end",
                  "actual_end", "default_currency", "humanitarian", "collaboration_type", "default_flow_type",
                  "default_finance_type", "default_aid_type", "origin", "last_updated_datetime", "articles",
                  "priority_areas", "ta_types", "delivery_languages", "beneficiary_institutions", "modality",
                  "coordination_setting", "partners", "needs", "archived_at", "created", "last_updated",
                  *PART_SERIALIZERS]
        read_only_fields = ["origin", "last_updated_datetime", "archived_at", "created", "last_updated"]
        # Uniqueness of the identifier is checked by the model, as for every other way in.
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # The needs an activity addresses are named only as far as the caller may see them.
        if data.get("needs"):
            request = self.context.get("request")
            data["needs"] = list(Need.objects.restrict(getattr(request, "user", None), Action.VIEW).filter(
                pk__in=data["needs"]).order_by("pk").values_list("pk", flat=True))
        return data

    def validate_title(self, value):
        return _narratives(value)

    def validate_description(self, value):
        return _narratives(value)

    def build_instance(self):
        self._children = {name: [dict(row) for row in self.validated_data.pop(name)]
                          for name in PART_SERIALIZERS if name in self.validated_data}
        return super().build_instance()

    def children(self) -> dict:
        return getattr(self, "_children", {})


def _narratives(value):
    if not isinstance(value, dict) or not all(isinstance(key, str) and isinstance(text, str)
                                              for key, text in value.items()):
        raise serializers.ValidationError("{language code: text}")
    return value
