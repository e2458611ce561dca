"""Who may see and act on requests for assistance and their offers.

- The secretariat sees and does everything (it facilitates).
- A State's focal point and its agency users see all of their State's requests, drafts included. Agency users draft
  and change drafts; the focal point changes a request until it is submitted (and while a clarification is asked),
  approves and submits it, answers clarifications, agrees on an offer, withdraws and re-opens.
- A provider officer sees a request only once it has been circulated to its organisation (or to the organisation it
  is an office of, or to one of its offices), and only the offers its organisation makes or joins.
- Experts and the public see none; the public sees anonymised counts on the statistics page.
The steps, comments, attachments and milestones of a request are seen by whoever sees the request.
"""

from django.db.models import Q

from tacoord.assistance import lifecycle as lc
from tacoord.assistance.models import Milestone, Offer, Request, RequestAttachment, RequestComment, RequestStep
from tacoord.core.permissions import Action, Policy, register_policy
from tacoord.core.roles import Role, role_of
from tacoord.organisations.models import Organisation

STATE_ROLES = {Role.FOCAL_POINT, Role.AGENCY_USER}
EDITABLE = {Role.FOCAL_POINT: {lc.DRAFT, lc.AWAITING_APPROVAL, lc.CLARIFICATION_ASKED}, Role.AGENCY_USER: {lc.DRAFT}}


def provider_organisations(user) -> list[int]:
    """The organisations a provider officer acts for: its own, the one it is an office of, and its offices."""
    if role_of(user) != Role.PROVIDER_OFFICER or not user.organisation_id:
        return []
    ids = {user.organisation_id}
    if user.organisation.parent_id:
        ids.add(user.organisation.parent_id)
    ids.update(Organisation.objects.filter(parent_id=user.organisation_id).values_list("pk", flat=True))
    return sorted(ids)


def state_of(user) -> int | None:
    return user.state_id if role_of(user) in STATE_ROLES else None


@register_policy(Request)
class RequestPolicy(Policy):
    scope_needs_distinct = True

    def scope(self, user, role, action):
        state = state_of(user)
        if action == Action.VIEW:
            if state:
                return Q(country_id=state)
            organisations = provider_organisations(user)
            if organisations:
                return Q(circulated_to__in=organisations) & ~Q(stage__in=lc.STATE_ONLY)
            return None
        if state and action == Action.CHANGE:
            return Q(country_id=state, stage__in=EDITABLE[role])
        if state and action == Action.ARCHIVE and role == Role.FOCAL_POINT:
            return Q(country_id=state, stage=lc.DRAFT)
        return None

    def may_add(self, user, obj):
        if super().may_add(user, obj):
            return True
        state = state_of(user)
        return bool(state) and (obj.country_id is None or obj.country_id == state)


@register_policy(Offer)
class OfferPolicy(Policy):
    scope_needs_distinct = True

    def scope(self, user, role, action):
        state = state_of(user)
        if state:
            return Q(request__country_id=state) if action == Action.VIEW else None
        organisations = provider_organisations(user)
        if not organisations:
            return None
        if action == Action.VIEW:
            return Q(provider_id__in=organisations) | Q(co_providers__in=organisations)
        if action == Action.CHANGE:
            return Q(provider_id__in=organisations)
        return None

    def may_add(self, user, obj):
        if super().may_add(user, obj):
            return True
        organisations = provider_organisations(user)
        if not organisations:
            return False
        if obj.request_id is None:
            return True  # asked before a form is filled in
        return (obj.provider_id is None or obj.provider_id in organisations) and Request.objects.restrict(
            user, Action.VIEW).filter(pk=obj.request_id, stage__in=lc.OPEN_FOR_OFFERS).exists()


class RequestPartPolicy(Policy):
    """Seen by whoever sees the request; written only through the services."""

    def scope(self, user, role, action):
        if action != Action.VIEW:
            return None
        visible = Request.objects.restrict(user, Action.VIEW).values("pk")
        return Q(request_id__in=visible)


for _model in (RequestStep, RequestComment, RequestAttachment, Milestone):
    register_policy(_model)(type(f"{_model.__name__}Policy", (RequestPartPolicy,), {}))
