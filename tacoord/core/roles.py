"""The roles a person can hold. Each role is scoped: to a State, an agency, an organisation or to oneself."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat officer (UNODC)")
    FOCAL_POINT = "focal_point", _("National focal point")
    AGENCY_USER = "agency_user", _("Agency user")
    PROVIDER_OFFICER = "provider_officer", _("Provider officer")
    EXPERT = "expert", _("Expert")
    # Anonymous visitors; never stored on an account.
    PUBLIC = "public", _("Public")


def role_of(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Role.PUBLIC
    if user.is_superuser:
        return Role.SECRETARIAT
    return user.role or Role.PUBLIC
