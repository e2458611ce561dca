"""Who is told of each step of a request, through the notifications app (kinds registered at start-up)."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tacoord.core.roles import Role
from tacoord.notifications.kinds import register_kind
from tacoord.notifications.services import notification_send

KINDS = {
    "assistance.approval": _("A draft request of your State awaits your approval"),
    "assistance.request_step": _("A request of your State moves a step (triage, clarification, offers, delivery)"),
    "assistance.request_submitted": _("A State submits a request for assistance (secretariat)"),
    "assistance.request_circulated": _("A request for assistance is circulated to your organisation"),
    "assistance.offer": _("An offer is made, accepted, declined or withdrawn"),
    "assistance.delivery": _("Delivery of agreed assistance starts, reaches a milestone or is completed"),
    "assistance.comment": _("A comment on a request you are party to"),
}


def register_kinds() -> None:
    for key, label in KINDS.items():
        register_kind(key, label)


def _active():
    return get_user_model().objects.filter(is_active=True, archived_at__isnull=True)


def focal_points(request) -> list:
    return list(_active().filter(role=Role.FOCAL_POINT, organisation__is_focal_point=True,
                                 organisation__archived_at__isnull=True, organisation__country_id=request.country_id))


def state_people(request) -> list:
    """The State's focal points and the person who drafted the request."""
    people = focal_points(request)
    if request.created_by_id and request.created_by.is_active:
        people.append(request.created_by)
    return people


def secretariat() -> list:
    return list(_active().filter(Q(role=Role.SECRETARIAT) | Q(is_superuser=True)))


def provider_people(organisation_ids) -> list:
    ids = list(organisation_ids)
    if not ids:
        return []
    return list(_active().filter(role=Role.PROVIDER_OFFICER).filter(
        Q(organisation_id__in=ids) | Q(organisation__parent_id__in=ids)))


def offer_people(offer) -> list:
    return provider_people([offer.provider_id, *offer.co_providers.values_list("pk", flat=True)])


def parties(request) -> list:
    """Everyone party to a request: the State's people, the secretariat, the providers who made offers."""
    from tacoord.assistance.models import Offer

    offering = set(Offer.objects.filter(request=request).values_list("provider_id", flat=True))
    offering.update(Offer.objects.filter(request=request).values_list("co_providers", flat=True))
    offering.discard(None)
    return state_people(request) + secretariat() + provider_people(offering)


def tell(*, recipients, kind: str, request, subject, body="", actor=None, context=None, link: str = "") -> None:
    notification_send(recipients=recipients, kind=kind, subject=subject, body=body, actor=actor,
                      link=link or request.get_absolute_url(),
                      context={"title": request.title, "state": request.country.name, **(context or {})})
