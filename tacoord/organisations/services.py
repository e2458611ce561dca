"""Writes to organisations. Beyond the permission policy's row scope, some fields belong to whoever manages the
organisation from above: designating a State's national focal point is the secretariat's, and an organisation's
own staff cannot move it to another kind, country or parent."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from tacoord.core.roles import Role, role_of
from tacoord.core.services import object_save
from tacoord.organisations.models import Organisation

PLACEMENT_FIELDS = ("kind", "country_id", "parent_id")


@transaction.atomic
def organisation_save(*, user, organisation: Organisation, relations: dict | None = None) -> Organisation:
    if role_of(user) != Role.SECRETARIAT:
        stored = Organisation.objects.filter(pk=organisation.pk).first() if organisation.pk else None
        was_focal_point = stored.is_focal_point if stored else False
        if organisation.is_focal_point != was_focal_point:
            raise PermissionDenied(_("Only the secretariat designates a State's national focal point."))
        if stored is not None and stored.pk == user.organisation_id and any(
                getattr(stored, field) != getattr(organisation, field) for field in PLACEMENT_FIELDS):
            raise PermissionDenied(_("The kind, country and parent of your own organisation are set by those who "
                                     "manage it."))
    return object_save(user=user, obj=organisation, relations=relations)
