import django_filters
from rest_framework.authtoken.views import ObtainAuthToken

from tacoord.core.api.views import RestrictedModelViewSet
from tacoord.users.api.serializers import UserSerializer
from tacoord.users.filtersets import UserFilterSet
from tacoord.users.models import User
from tacoord.users.services import user_restore_version, user_save


class UserViewSet(RestrictedModelViewSet):
    """People with accounts, within the caller's scope. DELETE archives the account."""

    queryset = User.objects.select_related("organisation")
    serializer_class = UserSerializer
    filterset_class = UserFilterSet
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def perform_create(self, serializer):
        serializer.instance = user_save(user=self.request.user, person=serializer.build_instance())

    def perform_update(self, serializer):
        serializer.instance = user_save(user=self.request.user, person=serializer.build_instance())

    def restore_version(self, *, user, obj, change):
        return user_restore_version(user=user, person=obj, change=change)


class ObtainTokenView(ObtainAuthToken):
    """Exchange a user name and password for the API token (send it as `Authorization: Token <key>`)."""

    permission_classes = []


obtain_token = ObtainTokenView.as_view()
