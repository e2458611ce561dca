"""One error format for the API: {"errors": {field: [messages]}, "detail": message}, HTTP 400 for bad input."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


def _django_validation_errors(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {field: [str(message) for message in DjangoValidationError(errors).messages]
                for field, errors in error.error_dict.items()}
    return {"non_field_errors": [str(m) for m in error.messages]}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_validation_errors(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        data = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {"detail": str(exceptions.ValidationError.default_detail), "errors": data}
        response.status_code = status.HTTP_400_BAD_REQUEST
    return response
