import django_filters

from tacoord.core.api.views import RestrictedModelViewSet
from tacoord.organisations.api.serializers import OrganisationSerializer
from tacoord.organisations.filtersets import OrganisationFilterSet
from tacoord.organisations.models import Organisation
from tacoord.organisations.services import organisation_save


class OrganisationViewSet(RestrictedModelViewSet):
    """Organisations: government agencies, donors, UNODC offices, other providers. DELETE archives."""

    queryset = Organisation.objects.select_related("country", "parent")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def perform_create(self, serializer):
        serializer.instance = organisation_save(user=self.request.user, organisation=serializer.build_instance())

    def perform_update(self, serializer):
        serializer.instance = organisation_save(user=self.request.user, organisation=serializer.build_instance())
