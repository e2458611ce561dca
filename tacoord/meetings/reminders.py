"""Follow-up actions past their due date, for `tacoord send_overdue_reminders`."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tacoord.meetings.selectors import follow_up_owners, overdue_follow_ups
from tacoord.notifications.reminders import OverdueItem, register_overdue_source


def overdue_follow_up_items(now):
    today = timezone.localdate(now)
    for follow_up in overdue_follow_ups(today=today):
        yield OverdueItem(
            recipients=follow_up_owners(follow_up=follow_up), key=f"meetings.follow_up:{follow_up.pk}",
            subject=_("Overdue follow-up action from “%(meeting)s”"),
            body=_("%(action)s\n\nIt was due on %(due)s. Mark it done, or add a note on why it waits."),
            link=follow_up.get_absolute_url(),
            context={"meeting": follow_up.meeting.title, "action": follow_up.description,
                     "due": follow_up.due_date.isoformat()})


register_overdue_source("meetings.follow_ups", overdue_follow_up_items)
