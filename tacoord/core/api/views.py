"""Base viewsets: querysets through `restrict`, writes through the shared services, DELETE archives."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tacoord.core.api.serializers import ObjectChangeSerializer, RestoreRequestSerializer
from tacoord.core.permissions import Action
from tacoord.core.selectors import authors_visible_to, object_history
from tacoord.core.services import object_archive, object_restore_version, object_save, object_unarchive


class RestrictedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    def get_queryset(self):
        return self.refine_queryset(super().get_queryset().restrict(self.request.user, Action.VIEW))

    def refine_queryset(self, queryset):
        """Narrow or prefetch what the user may see; never widen it (the restriction is applied before)."""
        return queryset


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
        return self.refine_queryset(super().get_queryset().restrict(self.request.user, Action.VIEW))

    def refine_queryset(self, queryset):
        """Narrow or prefetch what the user may see; never widen it (the restriction is applied before)."""
        return queryset

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

    def restore_version(self, *, user, obj, change):
        """The service that restores; a model whose writes have rules of their own names its own."""
        return object_restore_version(user=user, obj=obj, change=change)

    def visible_object(self):
        # The service checks the action itself (archive, change): here only what the user may see is looked up.
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    @extend_schema(responses=ObjectChangeSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """Every change to the record, newest first: who (if you may see them), when, before and after."""
        obj = self.visible_object()
        changes = object_history(obj=obj)
        page = self.paginate_queryset(changes)
        visible = authors_visible_to(user=request.user, changes=page)
        data = ObjectChangeSerializer(page, many=True, context={"visible_authors": visible}).data
        return self.get_paginated_response(data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def unarchive(self, request, pk=None):
        """Take an archived record out of the archive."""
        obj = object_unarchive(user=request.user, obj=self.visible_object())
        return Response(self.get_serializer(obj).data)

    @extend_schema(request=RestoreRequestSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Bring the record back to the version after the change whose id is posted as `change`."""
        obj = self.visible_object()
        asked = RestoreRequestSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        change = object_history(obj=obj).filter(pk=asked.validated_data["change"]).first()
        if change is None:
            raise serializers.ValidationError({"change": [_("Choose a change from this record's history.")]})
        obj = self.restore_version(user=request.user, obj=obj, change=change)
        return Response(self.get_serializer(obj).data)
