from django.core.exceptions import ValidationError


def add_validation_error(form, error: ValidationError) -> None:
    """Show a service's validation error on the form: beside the field when the form has it, above the form if not.

    The model checks fields the form may not show (a person's organisation on a self-service form, say); Django's
    own `add_error` would refuse those with a ValueError.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, ValidationError(errors))
