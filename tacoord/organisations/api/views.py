import django_filters

from tacoord.core.api.views import RestrictedModelViewSet
from tacoord.organisations.api.serializers import OrganisationSerializer
from tacoord.organisations.filtersets import OrganisationFilterSet
from tacoord.organisations.models import Organisation


class OrganisationViewSet(RestrictedModelViewSet):
    """Organisations: government agencies, donors, UNODC offices, other providers. DELETE archives."""

    queryset = Organisation.objects.select_related("country", "parent")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
