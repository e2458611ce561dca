"""Writes to the expert roster. Beyond the permission policy: the link between an entry and an account is the
secretariat's to make or change (an expert adding themselves is linked to their own account)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from tacoord.core.roles import Role, role_of
from tacoord.core.services import object_save
from tacoord.experts.models import Assignment, Availability, Expert


@transaction.atomic
def expert_save(*, user, expert: Expert, relations: dict | None = None) -> Expert:
    if role_of(user) != Role.SECRETARIAT:
        stored = Expert.objects.filter(pk=expert.pk).first() if expert.pk else None
        if stored is None:
            expert.user = user
        elif stored.user_id != expert.user_id:
            raise PermissionDenied(_("Only the secretariat links a roster entry to an account."))
    return object_save(user=user, obj=expert, relations=relations)


@transaction.atomic
def availability_save(*, user, availability: Availability) -> Availability:
    return object_save(user=user, obj=availability)


@transaction.atomic
def assignment_save(*, user, assignment: Assignment) -> Assignment:
    return object_save(user=user, obj=assignment)
