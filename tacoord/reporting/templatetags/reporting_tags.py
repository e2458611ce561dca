from django import template

from tacoord.core.templatetags.core_tags import cell

register = template.Library()


@register.filter
def answer_text(value):
    """An answer as a person reads it: several choices separated by commas."""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or cell(None)
    return cell(value)
