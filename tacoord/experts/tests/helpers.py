"""Roster entries for the experts' tests, made directly."""

import datetime

from tacoord.core.context import change_context
from tacoord.experts.models import Assignment, Availability, Expert
from tacoord.reference.models import Language


def expert(*, user=None, first_name="Ana", last_name="Silva", languages=(), articles=(), periods=(),
           **fields) -> Expert:
    with change_context(user=None, source="test"):
        made = Expert(user=user, first_name=first_name, last_name=last_name, **fields)
        made.full_clean()
        made.save()
        made.languages.set(Language.objects.filter(code__in=languages))
        made.articles.set(articles)
        for starts_on, ends_on in periods:
            Availability.objects.create(expert=made, starts_on=datetime.date.fromisoformat(starts_on),
                                        ends_on=datetime.date.fromisoformat(ends_on))
    return made


def assignment(expert, *, title="Drafting mission", country=None, starts_on="2024-03-01") -> Assignment:
    with change_context(user=None, source="test"):
        return Assignment.objects.create(expert=expert, title=title, country=country,
                                         starts_on=datetime.date.fromisoformat(starts_on))
