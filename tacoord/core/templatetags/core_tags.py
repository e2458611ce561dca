from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tacoord.core.permissions import Action

register = template.Library()


@register.filter
def index(sequence, position):
    return sequence[position]


@register.filter
def cell(value):
    """How a value reads in a table cell or a history line."""
    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return value


@register.simple_tag
def object_url(obj, suffix):
    try:
        return reverse(f"{obj._meta.app_label}:{obj._meta.model_name}{suffix}", kwargs={"pk": obj.pk})
    except NoReverseMatch:
        return ""


@register.simple_tag
def field_label(obj, attname):
    """The translated label of a model field, given the name the change log keeps (e.g. 'country_id')."""
    for field in obj._meta.get_fields():
        if getattr(field, "attname", None) == attname or field.name == attname:
            return str(getattr(field, "verbose_name", attname))
    return attname


SOURCE_LABELS = {
    "web": gettext_lazy("the web interface"),
    "api": gettext_lazy("the API"),
    "system": gettext_lazy("the system"),
    "load_reference": gettext_lazy("the reference data loader"),
    "demo": gettext_lazy("the demo builder"),
}


@register.simple_tag
def change_source(source):
    """How a change that names no person says where it came from."""
    return SOURCE_LABELS.get(source, source)


@register.simple_tag(takes_context=True)
def change_value(context, obj, attname, value):
    """A logged value as a person reads it: the label of a choice, the name of a related record the viewer may see."""
    if value is None or value == "":
        return cell(value)
    for field in obj._meta.concrete_fields:
        if field.attname != attname:
            continue
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if field.many_to_one:
            found = _visible(field.related_model, context).filter(pk=value).first()
            return str(found) if found is not None else f"#{value}"
    for field in obj._meta.many_to_many:
        if field.name == attname and isinstance(value, list):
            # The related records the viewer may see, by name; the others by their key.
            names = {record.pk: str(record) for record in _visible(field.related_model, context).filter(pk__in=value)}
            return ", ".join(names.get(pk, f"#{pk}") for pk in value) or cell([])
    return cell(value)


def _visible(model, context):
    queryset = model._default_manager.all()
    request = context.get("request")
    return queryset.restrict(getattr(request, "user", None), Action.VIEW) if hasattr(queryset, "restrict") \
        else queryset
