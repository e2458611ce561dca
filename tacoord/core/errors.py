"""The one application error. Services raise it; the UI shows it as a message, the API as HTTP 400."""

from django.core.exceptions import ValidationError


class ApplicationError(ValidationError):
    """A request the domain refuses, with a message meant for the user (already translated)."""


class PermissionDeniedError(ApplicationError):
    """The user may not do this. Views turn it into 403."""
