from rest_framework import serializers

from tacoord.core.api.serializers import ChangeLoggedSerializer
from tacoord.organisations.models import Organisation
from tacoord.reference.models import Country


class OrganisationSerializer(ChangeLoggedSerializer):
    country = serializers.SlugRelatedField(slug_field="iso2", queryset=Country.objects.all(), allow_null=True,
                                           required=False)
    url = serializers.HyperlinkedIdentityField(view_name="organisation-detail")

    class Meta:
        model = Organisation
        fields = ["id", "url", "name", "acronym", "kind", "iati_identifier", "iati_type", "country", "parent",
                  "is_focal_point", "description", "website", "email", "phone", "address", "archived_at", "created",
                  "last_updated"]
        read_only_fields = ["archived_at", "created", "last_updated"]
        # Uniqueness is checked by the model's full_clean in the service, with the same translated message.
        validators = []
        extra_kwargs = {"iati_identifier": {"validators": []}}
