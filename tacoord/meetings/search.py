from django.utils.translation import gettext_lazy as _

from tacoord.core.search import register_search
from tacoord.meetings.models import FollowUpAction, Meeting

register_search(queryset=Meeting.objects.select_related("country"),
                fields=("title", "place", "summary", "decisions", "country__name_en"), label=_("Coordination meetings"))
register_search(queryset=FollowUpAction.objects.select_related("meeting"), fields=("description", "note"),
                label=_("Follow-up actions"))
