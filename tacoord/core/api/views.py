"""Base viewsets: querysets through `restrict`, writes through the shared services, DELETE archives."""

from rest_framework import mixins, viewsets

from tacoord.core.permissions import Action
from tacoord.core.services import object_archive, object_save


class RestrictedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, Action.VIEW)


class RestrictedModelViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """A record's API. Objects a user may see but not change answer 403; objects out of sight answer 404."""

    def get_queryset(self):
        # Writes look the object up among what the user may see, then the permission class checks the action:
        # a 403 then tells the truth without revealing records the user may not see at all.
        return super().get_queryset().restrict(self.request.user, Action.VIEW)

    def filter_queryset(self, queryset):
        # Filters narrow a list (and hide archived records from it); a record asked for by its id is found among
        # all the user may see, so an archived one can still be read, changed or taken out of the archive.
        if self.action == "list":
            return super().filter_queryset(queryset)
        return queryset

    def perform_create(self, serializer):
        serializer.instance = object_save(user=self.request.user, obj=serializer.build_instance(),
                                          relations=serializer.relations())

    def perform_update(self, serializer):
        serializer.instance = object_save(user=self.request.user, obj=serializer.build_instance(),
                                          relations=serializer.relations())

    def perform_destroy(self, instance):
        object_archive(user=self.request.user, obj=instance)
