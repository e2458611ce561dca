from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

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
