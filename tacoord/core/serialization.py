"""A record as plain JSON data, the form in which the change log keeps it."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


def serialize_object(obj: models.Model) -> dict:
    exclude = set(getattr(obj, "changelog_exclude", ()))
    data = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in exclude:
            continue
        data[field.attname] = field.value_from_object(obj)
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            if field.name not in exclude:
                data[field.name] = sorted(related.pk for related in field.value_from_object(obj))
    # A round trip through JSON turns dates, decimals and UUIDs into the strings the JSON column will hold.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def deserialize_into(obj: models.Model, data: dict) -> list[str]:
    """Set the concrete fields of `obj` from logged data; returns the many-to-many fields left for after save."""
    exclude = set(getattr(obj, "changelog_exclude", ()))
    pending = []
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in exclude or field.attname not in data:
            continue
        setattr(obj, field.attname, field.to_python(data[field.attname]))
    for field in obj._meta.many_to_many:
        if field.name in data and field.name not in exclude:
            pending.append(field.name)
    return pending
