"""Meetings for tests, saved through the services as the secretariat."""

import datetime

from tacoord.meetings.choices import MeetingKind
from tacoord.meetings.models import FollowUpAction, Meeting
from tacoord.meetings.services import follow_up_save, meeting_save

MEETING_DATE = datetime.date(2026, 3, 10)


def make_meeting(world, *, kind=MeetingKind.IN_COUNTRY, country=None, participants=(), activities=(), by=None,
                 title="Coordination of support to the prosecution service", **fields) -> Meeting:
    meeting = Meeting(kind=kind, title=title, date=fields.pop("date", MEETING_DATE), place="Nairobi",
                      country=country if country is not None else world.state_a, **fields)
    return meeting_save(user=by or world.secretariat, meeting=meeting,
                        relations={"participants": list(participants), "activities": list(activities)})


def make_follow_up(world, meeting, *, by=None, due=datetime.date(2026, 4, 30), **fields) -> FollowUpAction:
    fields.setdefault("description", "Share the draft training curriculum with all partners")
    return follow_up_save(user=by or world.secretariat,
                          follow_up=FollowUpAction(meeting=meeting, due_date=due, **fields))
