"""Activities for tests, saved through the one service as the system."""

import datetime
from decimal import Decimal

from tacoord.activities.models import Activity
from tacoord.activities.services import activity_save


def make_activity(*, reporter, identifier: str | None = None, title: str = "Training of prosecutors",
                  countries=(), children: dict | None = None, relations: dict | None = None, **fields) -> Activity:
    activity = Activity(
        iati_identifier=identifier or "", reporting_organisation=reporter, title={"en": title},
        description={"en": "Synthetic test activity"}, planned_start=fields.pop("planned_start",
                                                                               datetime.date(2025, 1, 1)),
        planned_end=fields.pop("planned_end", datetime.date(2026, 12, 31)), default_currency="USD", **fields)
    parts = dict(children or {})
    if countries:
        share = round(100 / len(countries), 3)
        parts.setdefault("recipient_countries", [
            {"country": country, "percentage": share if len(countries) > 1 else None} for country in countries])
    return activity_save(user=None, activity=activity, children=parts, relations=relations)


def txn(type_, value, when, currency="USD", **refs) -> dict:
    """A transaction's values for `make_activity`'s children."""
    return {"type": type_, "value": Decimal(value), "date": when, "currency": currency, **refs}
