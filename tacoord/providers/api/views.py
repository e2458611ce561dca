import django_filters

from tacoord.core.api.views import RestrictedModelViewSet
from tacoord.providers.api.serializers import ProviderProfileSerializer
from tacoord.providers.filtersets import ProviderProfileFilterSet
from tacoord.providers.selectors import provider_profiles_with_relations
from tacoord.providers.services import provider_profile_save


class ProviderProfileViewSet(RestrictedModelViewSet):
    """What providers offer: articles, themes, types of assistance, languages, places, modalities. DELETE
    archives."""

    queryset = provider_profiles_with_relations()
    serializer_class = ProviderProfileSerializer
    filterset_class = ProviderProfileFilterSet
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def perform_create(self, serializer):
        serializer.instance = provider_profile_save(user=self.request.user, profile=serializer.build_instance(),
                                                    relations=serializer.relations())

    def perform_update(self, serializer):
        serializer.instance = provider_profile_save(user=self.request.user, profile=serializer.build_instance(),
                                                    relations=serializer.relations())
