"""The one API error format, whatever the exception."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation
from rest_framework import exceptions

from tacoord.core.api.errors import exception_handler
from tacoord.core.errors import ApplicationError, PermissionDeniedError


def handle(exc):
    return exception_handler(exc, {"view": None, "request": None})


def test_field_errors_of_the_model():
    response = handle(ValidationError({"name": ["Bad."], "kind": ["Worse.", "Worst."]}))
    assert response.status_code == 400
    assert response.data["errors"] == {"name": ["Bad."], "kind": ["Worse.", "Worst."]}
    assert str(response.data["detail"]) == "Invalid input."


def test_application_error_without_field():
    response = handle(ApplicationError("Refused."))
    assert response.status_code == 400
    assert response.data["errors"] == {"non_field_errors": ["Refused."]}


def test_serializer_errors_keep_their_fields():
    response = handle(exceptions.ValidationError({"country": ["Unknown."]}))
    assert response.status_code == 400
    assert response.data["errors"] == {"country": ["Unknown."]}


def test_list_errors_are_non_field_errors():
    response = handle(exceptions.ValidationError(["One.", "Two."]))
    assert response.data["errors"] == {"non_field_errors": ["One.", "Two."]}


def test_permission_denied_is_403_with_its_message():
    response = handle(PermissionDenied("Not yours."))
    assert response.status_code == 403
    assert response.data["detail"] == "Not yours."


def test_permission_denied_error_is_a_validation_error():
    assert issubclass(PermissionDeniedError, ApplicationError)


def test_not_found_is_404():
    assert handle(Http404()).status_code == 404


def test_unknown_errors_are_left_to_django():
    assert handle(RuntimeError("boom")) is None


def test_detail_is_translated():
    with translation.override("fr"):
        response = handle(ValidationError({"name": ["x"]}))
        assert str(response.data["detail"]) == "Saisie invalide."
