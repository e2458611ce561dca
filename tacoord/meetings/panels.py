"""The meetings section of the country page: the coordination meetings about the State the viewer may see, and the
follow-up actions still open."""

from django.utils import timezone

from tacoord.core.panels import register_panel
from tacoord.core.permissions import Action
from tacoord.core.roles import Role, role_of
from tacoord.meetings.choices import FollowUpStatus
from tacoord.meetings.models import FollowUpAction, Meeting


def country_meetings(request, country):
    if role_of(request.user) == Role.PUBLIC:
        return None
    meetings = Meeting.objects.restrict(request.user, Action.VIEW).active().filter(country=country)
    open_actions = (FollowUpAction.objects.restrict(request.user, Action.VIEW).active()
                    .filter(meeting__country=country, status=FollowUpStatus.OPEN)
                    .select_related("meeting", "owner_person", "owner_organisation"))
    recent = list(meetings.select_related("convened_by")[:5])
    if not recent and not open_actions.exists():
        return None
    return {"country": country, "recent": recent, "total": meetings.count(), "open_actions": open_actions[:10],
            "today": timezone.localdate()}


register_panel("country", template_name="meetings/country_panel.html", context=country_meetings, position=60)
