from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tacoord.core.models import ObjectChange
from tacoord.core.permissions import Action


class ChangeLoggedSerializer(serializers.ModelSerializer):
    """Builds the model instance without saving, so the shared `object_save` service validates, checks and saves.

    A related record can only be named if the caller may see it: the choices of every writable relation pass
    through the same `restrict` as the lists.
    """

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            relation = getattr(field, "child_relation", field)
            queryset = getattr(relation, "queryset", None)
            if not field.read_only and queryset is not None and hasattr(queryset, "restrict"):
                relation.queryset = queryset.restrict(user, Action.VIEW)
        return fields

    def build_instance(self):
        data = dict(self.validated_data)
        relations = {}
        for field in self.Meta.model._meta.many_to_many:
            if field.name in data:
                relations[field.name] = data.pop(field.name)
        self._relations = relations
        instance = self.instance if self.instance is not None else self.Meta.model()
        for name, value in data.items():
            setattr(instance, name, value)
        return instance

    def relations(self) -> dict:
        return getattr(self, "_relations", {})


class ObjectChangeSerializer(serializers.ModelSerializer):
    """One entry of a record's history. The author is named only to those who may see that person."""

    user = serializers.SerializerMethodField()
    differences = serializers.SerializerMethodField()

    class Meta:
        model = ObjectChange
        fields = ["id", "time", "action", "user", "source", "request_id", "prechange_data", "postchange_data",
                  "differences"]

    def get_user(self, change) -> str | None:
        return change.user_name if change.user_id in self.context.get("visible_authors", set()) else None

    def get_differences(self, change) -> list[dict]:
        return [{"field": field, "before": before, "after": after} for field, before, after in change.differences()]


class RestoreRequestSerializer(serializers.Serializer):
    change = serializers.IntegerField(help_text=_("The id of a change in the record's history."))
