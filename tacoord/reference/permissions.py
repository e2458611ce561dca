"""Reference data is public to read; only the secretariat (through `load_reference`) changes it."""

from tacoord.core.permissions import Action, Policy, register_policy
from tacoord.reference.models import (
    Article,
    Cluster,
    CodelistItem,
    Country,
    Instrument,
    Language,
    PriorityArea,
    Region,
    Sector,
    TechnicalAssistanceType,
)


class ReferencePolicy(Policy):
    def scope(self, user, role, action):
        return True if action == Action.VIEW else None


for _model in (Article, Cluster, CodelistItem, Country, Instrument, Language, PriorityArea, Region, Sector,
               TechnicalAssistanceType):
    register_policy(_model)(ReferencePolicy)
