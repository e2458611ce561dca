from django.utils.translation import gettext_lazy as _

from tacoord.core.tables import Column
from tacoord.meetings.choices import FollowUpStatus

MEETING_COLUMNS = [
    Column("date", _("Date"), link=True, nowrap=True),
    Column("title", _("Title"), link=True),
    Column("get_kind_display", _("Kind")),
    Column("country.name", _("State")),
    Column("region.name", _("Region")),
    Column("place", _("Place")),
    Column("convened_by", _("Convened by")),
    Column(lambda meeting: "; ".join(str(organisation) for organisation in meeting.participants.all()),
           _("Participants")),
    Column(lambda meeting: sum(1 for action in meeting.follow_ups.all()
                               if action.status == FollowUpStatus.OPEN and action.archived_at is None),
           _("Open follow-up actions")),
]

FOLLOW_UP_COLUMNS = [
    Column("description", _("Action"), link=True),
    Column("meeting", _("Meeting")),
    Column("meeting.country.name", _("State")),
    Column("owner_organisation", _("Owner (organisation)")),
    Column("owner_person", _("Owner (person)")),
    Column("due_date", _("Due date"), nowrap=True),
    Column("get_status_display", _("Status")),
    Column("is_overdue", _("Overdue")),
    Column("completed_on", _("Completed on"), nowrap=True),
]
