from django import template

from tacoord.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """How many notifications the signed-in person has not read (0 for visitors)."""
    request = context.get("request")
    return unread_count(user=getattr(request, "user", None))
