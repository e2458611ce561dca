from tacoord.core.models.base import ChangeLoggedModel, PrimaryModel, PrimaryQuerySet
from tacoord.core.models.changes import ChangeAction, ObjectChange

__all__ = ["ChangeAction", "ChangeLoggedModel", "ObjectChange", "PrimaryModel", "PrimaryQuerySet"]
