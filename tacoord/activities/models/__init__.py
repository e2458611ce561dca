from tacoord.activities.models.activity import Activity
from tacoord.activities.models.parts import (
    ActivitySector,
    ActivityTag,
    Budget,
    DocumentLink,
    ParticipatingOrganisation,
    PolicyMarker,
    RecipientCountry,
    RecipientRegion,
    RelatedActivity,
    Result,
    Transaction,
)

__all__ = [
    "Activity", "ActivitySector", "ActivityTag", "Budget", "DocumentLink", "ParticipatingOrganisation", "PolicyMarker",
    "RecipientCountry", "RecipientRegion", "RelatedActivity", "Result", "Transaction",
]
