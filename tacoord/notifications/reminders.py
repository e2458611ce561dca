"""Overdue reminders: apps register "overdue sources"; `tacoord send_overdue_reminders` asks each and notifies.

A source is a function `(now: datetime) -> Iterable[OverdueItem]`, registered in its app's `ready()`:

    from tacoord.notifications.reminders import OverdueItem, register_overdue_source

    def overdue_requests(now):
        for request in waiting_longer_than(days=overdue_days(), now=now):
            yield OverdueItem(recipients=request.secretariat_officers(), key=f"assistance.request:{request.pk}",
                              subject=_("Request “%(title)s” waits since %(since)s"),
                              context={"title": request.title, "since": request.step_since.date().isoformat()},
                              link=request.get_absolute_url())

    register_overdue_source("assistance.requests", overdue_requests)

The same item is not sent to the same person again within `repeat_days` (its `key` says what it is about).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings

from tacoord.notifications.kinds import OVERDUE


@dataclass
class OverdueItem:
    recipients: Iterable
    key: str
    subject: object
    body: object = ""
    link: str = ""
    context: dict = field(default_factory=dict)
    kind: str = OVERDUE.key


OverdueSource = Callable[[datetime], Iterable[OverdueItem]]

_SOURCES: dict[str, OverdueSource] = {}


def register_overdue_source(name: str, source: OverdueSource) -> None:
    _SOURCES[name] = source


def overdue_sources() -> dict[str, OverdueSource]:
    return dict(_SOURCES)


def overdue_days() -> int:
    """After how many days a step waiting for someone is overdue (setting TACOORD_OVERDUE_DAYS, default 14)."""
    return int(getattr(settings, "TACOORD_OVERDUE_DAYS", 14))
