from rest_framework.permissions import BasePermission

from tacoord.core.permissions import Action, user_may

METHOD_ACTIONS = {
    "GET": Action.VIEW,
    "HEAD": Action.VIEW,
    "OPTIONS": Action.VIEW,
    "POST": Action.ADD,
    "PUT": Action.CHANGE,
    "PATCH": Action.CHANGE,
    "DELETE": Action.ARCHIVE,
}


class RestrictedPermission(BasePermission):
    """The API face of the one permission check: querysets come from `restrict`, objects from `user_may`.

    Lists are already restricted by the viewset; this class refuses writes to anonymous users early and checks
    each object against the action its method stands for.
    """

    def has_permission(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj):
        return user_may(request.user, METHOD_ACTIONS.get(request.method, Action.CHANGE), obj)
