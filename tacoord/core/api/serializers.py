from rest_framework import serializers


class ChangeLoggedSerializer(serializers.ModelSerializer):
    """Builds the model instance without saving, so the shared `object_save` service validates, checks and saves."""

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
