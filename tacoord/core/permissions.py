"""The one permission check.

Every view, API endpoint, export and search asks `Model.objects.restrict(user, action)` for the rows a user may
act on. The answer comes from the model's policy, registered in its app's `permissions.py`. A new object, which
has no row yet, is checked by `may_add(user, obj)` of the same policy.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import models

from tacoord.core.roles import Role, role_of


class Action(models.TextChoices):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    ARCHIVE = "archive"


class Policy:
    """Who may do what to the rows of one model. Subclasses override `scope` and `may_add`.

    The secretariat may do everything; anyone else gets nothing unless the subclass says otherwise.
    """

    def restrict(self, queryset: models.QuerySet, user, action: str) -> models.QuerySet:
        role = role_of(user)
        if role == Role.SECRETARIAT:
            return queryset
        scope = self.scope(user, role, action)
        if scope is None:
            return queryset.none()
        if scope is True:
            return queryset
        return queryset.filter(scope).distinct() if self.scope_needs_distinct else queryset.filter(scope)

    scope_needs_distinct = False

    def scope(self, user, role: str, action: str) -> models.Q | bool | None:
        """A filter for the rows `user` may `action`; True for all rows, None for none."""
        return None

    def may_add(self, user, obj) -> bool:
        return role_of(user) == Role.SECRETARIAT


_POLICIES: dict[type[models.Model], Policy] = {}


def register_policy(model: type[models.Model]) -> Callable[[type[Policy]], type[Policy]]:
    def decorate(policy_class: type[Policy]) -> type[Policy]:
        _POLICIES[model] = policy_class()
        return policy_class

    return decorate


def policy_for(model: type[models.Model]) -> Policy:
    for klass in model.__mro__:
        if klass in _POLICIES:
            return _POLICIES[klass]
    raise LookupError(f"No permission policy registered for {model.__name__}")


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = Action.VIEW) -> RestrictedQuerySet:
        return policy_for(self.model).restrict(self, user, action)


def user_may(user, action: str, obj) -> bool:
    """Whether `user` may `action` this object, asked of the same policy as every list."""
    model = type(obj)
    if action == Action.ADD or obj.pk is None:
        return policy_for(model).may_add(user, obj)
    return model._default_manager.restrict(user, action).filter(pk=obj.pk).exists()
