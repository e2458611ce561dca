"""Writes of requests for assistance: drafting, each step of the lifecycle, offers and their decision, delivery,
comments and attachments. Every step checks who takes it (lifecycle.STEPS names the actors), locks the request row
(SELECT ... FOR UPDATE) so that two steps at the same instant are taken one after the other, records a RequestStep
and tells the people concerned."""

from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tacoord.activities.choices import ActivityStatus, CoordinationSetting, OrganisationRole
from tacoord.activities.models import Activity
from tacoord.activities.selectors import codelists_known
from tacoord.activities.services import activity_save
from tacoord.activities.validation import currency_error
from tacoord.assistance import lifecycle as lc
from tacoord.assistance import notices
from tacoord.assistance.choices import ACTION_LABELS, OfferStatus, Stage
from tacoord.assistance.models import (
    ATTACHMENT_MAX_BYTES,
    ATTACHMENT_TYPES,
    Milestone,
    Offer,
    Request,
    RequestAttachment,
    RequestComment,
    RequestStep,
)
from tacoord.assistance.permissions import provider_organisations, state_of
from tacoord.core.errors import ApplicationError
from tacoord.core.permissions import Action, user_may
from tacoord.core.roles import Role, role_of
from tacoord.core.services import object_restore_version, object_save
from tacoord.organisations.models import Organisation


def actor_roles(user, request: Request) -> set[str]:
    """What the user is to this request, in lifecycle terms."""
    role = role_of(user)
    if role == Role.SECRETARIAT:
        return {lc.SECRETARIAT}
    roles = set()
    if state_of(user) and state_of(user) == request.country_id:
        roles.add(lc.STATE)
        if role == Role.FOCAL_POINT:
            roles.add(lc.FOCAL_POINT)
    organisations = set(provider_organisations(user))
    if organisations and request.pk:
        accepted = Offer.objects.filter(request=request, status=OfferStatus.ACCEPTED).first()
        if accepted and ({accepted.provider_id} | set(accepted.co_providers.values_list("pk", flat=True))) \
                & organisations:
            roles.add(lc.PROVIDER)
    return roles


def _refuse_step(action: str, stage: str) -> ApplicationError:
    return ApplicationError(_("“%(action)s” is not possible while the request is “%(stage)s”.") % {
        "action": ACTION_LABELS.get(action, action), "stage": Stage(stage).label})


def available_actions(user, request: Request) -> list[str]:
    """The steps this user may take on the request now (for the buttons of its page)."""
    roles = actor_roles(user, request)
    return [action for action in lc.actions_from(request.stage)
            if lc.STEPS[action].actors & roles and action != "agree"]


def _check_actor(user, request: Request, action: str) -> None:
    if not lc.STEPS[action].actors & actor_roles(user, request):
        if action == "submit":
            raise PermissionDenied(_("Only the national focal point of %(state)s approves and submits its requests.")
                                   % {"state": request.country.name})
        raise PermissionDenied(_("You may not take the step “%(action)s” on this request.") % {
            "action": ACTION_LABELS.get(action, action)})


def _lock(request: Request) -> Request:
    return Request.objects.select_for_update().select_related("country").get(pk=request.pk)


def _move(*, user, request: Request, action: str, note: str = "", offer: Offer | None = None) -> Request:
    """Take one step on a locked request: the new stage from the state machine, the step recorded."""
    try:
        target = lc.step(request.stage, action)
    except lc.IllegalStep:
        raise _refuse_step(action, request.stage) from None
    if lc.STEPS[action].needs_note and not note.strip():
        raise ApplicationError({"note": [_("Give the reason or the text of this step.")]})
    now = timezone.now()
    days = (now - request.stage_since).total_seconds() / 86400 if target != request.stage else None
    RequestStep.objects.create(request=request, action=action, from_stage=request.stage, to_stage=target, at=now,
                               days_in_stage=days, user=user if getattr(user, "is_authenticated", False) else None,
                               note=note.strip(), offer=offer)
    if target != request.stage:
        request.stage = target
        request.stage_since = now
        if action == "submit":
            request.submitted_at = now
        request.save()
    return request


@transaction.atomic
def request_save(*, user, request: Request, relations: dict | None = None) -> Request:
    """Draft a new request, or change one while it may still be changed (permissions.EDITABLE)."""
    adding = request.pk is None
    if adding:
        request.created_by = user if getattr(user, "is_authenticated", False) else None
        request.stage = lc.DRAFT
        request.stage_since = timezone.now()
    else:
        current = Request.objects.select_for_update().get(pk=request.pk)
        request.stage = current.stage  # the stage moves only by steps
    needs = (relations or {}).get("needs")
    if needs is not None and request.country_id and any(need.country_id != request.country_id for need in needs):
        raise ApplicationError({"needs": [_("A request concerns needs of its own State only.")]})
    request = object_save(user=user, obj=request, relations=relations)
    if adding:
        RequestStep.objects.create(request=request, action="draft", from_stage="", to_stage=lc.DRAFT,
                                   at=request.stage_since, user=request.created_by)
    return request


@transaction.atomic
def request_step(*, user, request: Request, action: str, note: str = "", providers=(), merge_into=None) -> Request:
    """Take a step of the lifecycle (lifecycle.STEPS) on the request, as `user`. An illegal step, or one the user
    may not take, changes nothing."""
    if action not in lc.STEPS or action in {"receive_offer", "agree"}:
        raise ApplicationError(_("Unknown step: %(action)s.") % {"action": action})
    request = _lock(request)
    _check_actor(user, request, action)
    providers = list(providers)
    if action == "circulate":
        if not providers:
            raise ApplicationError({"providers": [_("Choose at least one provider to circulate the request to.")]})
        if any(organisation.is_archived for organisation in providers):
            raise ApplicationError({"providers": [_("An archived organisation cannot receive a request.")]})
    if action == "merge" and (merge_into is None or merge_into.pk == request.pk
                              or merge_into.country_id != request.country_id
                              or merge_into.stage in lc.CLOSED | lc.STATE_ONLY):
        raise ApplicationError({"merge_into": [_("Choose another open request of the same State.")]})
    if action == "reopen" and request.stage == lc.AGREED:
        _undo_agreement(request, user=user, note=note)
    request = _move(user=user, request=request, action=action, note=note)
    if action == "circulate":
        new = [organisation for organisation in providers
               if not request.circulated_to.filter(pk=organisation.pk).exists()]
        request.circulated_to.add(*providers)
        notices.tell(recipients=notices.provider_people([organisation.pk for organisation in new]),
                     kind="assistance.request_circulated", request=request, actor=user,
                     subject=gettext_lazy("Request for assistance from %(state)s: “%(title)s”"),
                     body=gettext_lazy("The secretariat asks whether your organisation can offer assistance. "
                                       "Make an offer from the request's page."))
    if action == "merge":
        request.merged_into = merge_into
        request.save(update_fields=["merged_into", "last_updated"])
    _announce(user=user, request=request, action=action, note=note)
    return request


def _undo_agreement(request: Request, *, user, note: str) -> None:
    for offer in Offer.objects.filter(request=request, status=OfferStatus.ACCEPTED):
        offer.status = OfferStatus.SUBMITTED
        offer.decision_note = note
        offer.save()
    if request.activity_id:
        activity = request.activity
        activity.status = ActivityStatus.CANCELLED
        activity_save(user=None, activity=activity)
        request.activity = None
        request.save(update_fields=["activity", "last_updated"])


def _announce(*, user, request: Request, action: str, note: str) -> None:
    context = {"step": ACTION_LABELS[action], "stage": Stage(request.stage).label, "note": note}
    body = gettext_lazy("“%(title)s” (%(state)s) is now: %(stage)s.\n\n%(note)s")
    if action == "propose":
        notices.tell(recipients=notices.focal_points(request), kind="assistance.approval", request=request,
                     actor=user, context=context, body=body,
                     subject=gettext_lazy("A draft request awaits your approval: “%(title)s”"))
        return
    if action == "submit":
        notices.tell(recipients=notices.secretariat(), kind="assistance.request_submitted", request=request,
                     actor=user, context=context, body=body,
                     subject=gettext_lazy("%(state)s submitted a request for assistance: “%(title)s”"))
    subject = gettext_lazy("%(step)s: “%(title)s”")
    recipients = notices.state_people(request)
    if action in {"answer_clarification", "withdraw", "reopen"}:
        recipients += notices.secretariat()
    if action in {"start_delivery", "complete", "withdraw"}:
        recipients += notices.parties(request)
    kind = "assistance.delivery" if action in {"start_delivery", "complete"} else "assistance.request_step"
    if action == "complete":
        body = gettext_lazy("The assistance for “%(title)s” (%(state)s) is completed. Please record its results "
                            "on the activity's page.")
        notices.tell(recipients=recipients, kind=kind, request=request, actor=user, context=context, body=body,
                     subject=gettext_lazy("Completed — please record the results: “%(title)s”"),
                     link=request.activity.get_absolute_url() if request.activity_id else "")
        return
    notices.tell(recipients=recipients, kind=kind, request=request, actor=user, context=context, subject=subject,
                 body=body)


def _check_offer(offer: Offer) -> None:
    errors = {}
    message = currency_error(offer.currency, codelists_known())
    if message:
        errors["currency"] = [message]
    if errors:
        raise ApplicationError(errors)


@transaction.atomic
def offer_save(*, user, offer: Offer, relations: dict | None = None) -> Offer:
    """Make an offer on a request circulated to the provider, or amend one still open. The first offer moves the
    request to "offers received"; an amendment is recorded as a step."""
    request = _lock(offer.request)
    relations = dict(relations or {})
    co_providers = list(relations.get("co_providers") or [])
    if offer.provider_id in {organisation.pk for organisation in co_providers}:
        raise ApplicationError({"co_providers": [_("The provider itself is not one of its joint providers.")]})
    if request.stage not in lc.OPEN_FOR_OFFERS:
        raise ApplicationError(_("Offers are made while a request is circulated to providers; this one is “%(stage)s”.")
                               % {"stage": Stage(request.stage).label})
    adding = offer.pk is None
    if adding:
        if role_of(user) != Role.SECRETARIAT and not user_may(user, Action.ADD, offer):
            raise PermissionDenied(_("This request was not circulated to your organisation."))
        offer.status = OfferStatus.SUBMITTED
    else:
        current = Offer.objects.select_for_update().get(pk=offer.pk)
        if current.status != OfferStatus.SUBMITTED:
            raise ApplicationError(_("Only an open offer can be amended; this one is “%(status)s”.")
                                   % {"status": current.get_status_display()})
        offer.status = current.status
        offer.amendments = current.amendments + 1
    _check_offer(offer)
    offer = object_save(user=user, obj=offer, relations=relations)
    if co_providers:
        request.circulated_to.add(*co_providers)  # joint providers see the request they offer on
    action = "receive_offer" if adding else "amend_offer"
    if adding:
        _move(user=user, request=request, action="receive_offer", offer=offer)
    else:
        RequestStep.objects.create(request=request, action="amend_offer", from_stage=request.stage,
                                   to_stage=request.stage, user=user, offer=offer)
    notices.tell(recipients=notices.state_people(request) + notices.secretariat(), kind="assistance.offer",
                 request=request, actor=user, context={"provider": str(offer.provider)},
                 subject=(gettext_lazy("New offer from %(provider)s on “%(title)s”") if action == "receive_offer"
                          else gettext_lazy("%(provider)s amended its offer on “%(title)s”")),
                 link=offer.get_absolute_url())
    return offer


@transaction.atomic
def offer_withdraw(*, user, offer: Offer, note: str = "") -> Offer:
    """The provider withdraws its open offer, saying why."""
    request = _lock(offer.request)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if not user_may(user, Action.CHANGE, offer):
        raise PermissionDenied(_("Only the provider that made the offer withdraws it."))
    if offer.status != OfferStatus.SUBMITTED:
        raise ApplicationError(_("Only an open offer can be withdrawn; this one is “%(status)s”.")
                               % {"status": offer.get_status_display()})
    if not note.strip():
        raise ApplicationError({"note": [_("Give the reason or the text of this step.")]})
    offer.status = OfferStatus.WITHDRAWN
    offer.decision_note = note.strip()
    offer.save()
    RequestStep.objects.create(request=request, action="withdraw_offer", from_stage=request.stage,
                               to_stage=request.stage, user=user, offer=offer, note=note.strip())
    notices.tell(recipients=notices.state_people(request) + notices.secretariat(), kind="assistance.offer",
                 request=request, actor=user, context={"provider": str(offer.provider), "note": note},
                 subject=gettext_lazy("%(provider)s withdrew its offer on “%(title)s”"), body="%(note)s")
    return offer


def _may_decide(user, request: Request) -> bool:
    return bool({lc.FOCAL_POINT, lc.SECRETARIAT} & actor_roles(user, request))


@transaction.atomic
def offer_decline(*, user, offer: Offer, note: str) -> Offer:
    """The State (its focal point) or the secretariat declines one offer, with reasons."""
    request = _lock(offer.request)
    if not _may_decide(user, request):
        raise PermissionDenied(_("The focal point of the State or the secretariat decides on offers."))
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != OfferStatus.SUBMITTED:
        raise ApplicationError(_("Only an open offer can be declined; this one is “%(status)s”.")
                               % {"status": offer.get_status_display()})
    if not note.strip():
        raise ApplicationError({"note": [_("Give the reason or the text of this step.")]})
    _decline(offer, note, request=request, user=user)
    return offer


def _decline(offer: Offer, note: str, *, request: Request, user) -> None:
    offer.status = OfferStatus.DECLINED
    offer.decision_note = note.strip()
    offer.save()
    RequestStep.objects.create(request=request, action="decline_offer", from_stage=request.stage,
                               to_stage=request.stage, user=user, offer=offer, note=note.strip())
    notices.tell(recipients=notices.offer_people(offer), kind="assistance.offer", request=request, actor=user,
                 context={"note": note}, subject=gettext_lazy("Your offer on “%(title)s” was declined"),
                 body=gettext_lazy("Reason: %(note)s"), link=offer.get_absolute_url())


@transaction.atomic
def offer_accept(*, user, offer: Offer, note: str = "", others_note: str = "") -> Offer:
    """The State's focal point (or the secretariat) agrees on one offer — for a joint offer, with all its providers.
    The request row is locked first, so of two acceptances at the same instant only the first finds the request
    with offers open; the second is refused and changes nothing. A planned activity is made through activities'
    `activity_save`, linked to the request's needs; every other open offer is declined with `others_note`."""
    request = _lock(offer.request)
    if not _may_decide(user, request):
        raise PermissionDenied(_("The focal point of the State or the secretariat decides on offers."))
    offer = Offer.objects.select_for_update().select_related("provider").get(pk=offer.pk)
    if offer.request_id != request.pk or offer.status != OfferStatus.SUBMITTED:
        raise ApplicationError(_("Only an open offer can be accepted; this one is “%(status)s”.")
                               % {"status": offer.get_status_display()})
    if request.stage != lc.OFFERS_RECEIVED:
        raise _refuse_step("agree", request.stage)
    request = _move(user=user, request=request, action="agree", note=note, offer=offer)
    offer.status = OfferStatus.ACCEPTED
    offer.decision_note = note.strip()
    offer.save()
    others_note = others_note.strip() or _("Another offer was accepted.")
    for other in Offer.objects.select_for_update().filter(request=request, status=OfferStatus.SUBMITTED):
        _decline(other, others_note, request=request, user=user)
    request.activity = _planned_activity(request, offer)
    request.save(update_fields=["activity", "last_updated"])
    notices.tell(recipients=notices.offer_people(offer) + notices.state_people(request) + notices.secretariat(),
                 kind="assistance.offer", request=request, actor=user, context={"provider": str(offer.provider)},
                 subject=gettext_lazy("Offer of %(provider)s accepted: “%(title)s”"),
                 body=gettext_lazy("A planned activity is recorded; the provider reports its delivery."),
                 link=request.get_absolute_url())
    return offer


def _planned_activity(request: Request, offer: Offer) -> Activity:
    language = (translation.get_language() or "en")[:2]
    co_providers = list(offer.co_providers.all())
    activity = Activity(
        reporting_organisation=offer.provider, title={language: request.title}, description={language: offer.scope},
        default_language=language, status=ActivityStatus.PIPELINE, planned_start=offer.start, planned_end=offer.end,
        default_currency=offer.currency.upper(), modality=offer.modality,
        coordination_setting=CoordinationSetting.JOINT if co_providers else CoordinationSetting.BILATERAL,
        beneficiary_institutions=request.beneficiary_institutions)
    children = {
        "recipient_countries": [{"country_id": request.country_id, "percentage": Decimal(100)}],
        "participating_organisations": [
            {"role": OrganisationRole.IMPLEMENTING, "organisation": organisation,
             "ref": organisation.iati_identifier or "", "name": {"en": organisation.name}}
            for organisation in [offer.provider, *co_providers]],
    }
    if offer.budget is not None and offer.start and offer.end:
        children["budgets"] = [{"period_start": offer.start, "period_end": offer.end, "value": offer.budget,
                                "currency": offer.currency.upper()}]
    relations = {"needs": list(request.needs.all()), "articles": list(request.articles.all()),
                 "ta_types": list(request.ta_types.all()), "delivery_languages": list(offer.languages.all()),
                 "partners": list(offer.partners.all())}
    # The system writes it: the State agreeing may not itself report activities of the provider.
    return activity_save(user=None, activity=activity, children=children, relations=relations)


@transaction.atomic
def milestone_record(*, user, request: Request, description: str, reached_on) -> Milestone:
    """The provider (or the secretariat) records a point reached in delivery."""
    request = _lock(request)
    if not {lc.PROVIDER, lc.SECRETARIAT} & actor_roles(user, request):
        raise PermissionDenied(_("The provider delivering the assistance records its milestones."))
    if request.stage != lc.IN_DELIVERY:
        raise ApplicationError(_("Milestones are recorded while the assistance is being delivered."))
    if not description.strip() or reached_on is None:
        raise ApplicationError({"description": [_("Say what was reached, and when.")]})
    milestone = Milestone.objects.create(request=request, description=description.strip()[:300],
                                         reached_on=reached_on, recorded_by=user)
    RequestStep.objects.create(request=request, action="milestone", from_stage=request.stage, to_stage=request.stage,
                               user=user, note=milestone.description)
    notices.tell(recipients=notices.parties(request), kind="assistance.delivery", request=request, actor=user,
                 context={"milestone": milestone.description},
                 subject=gettext_lazy("Milestone reached for “%(title)s”"), body="%(milestone)s")
    return milestone


def _may_view(user, request: Request) -> bool:
    return user_may(user, Action.VIEW, request)


@transaction.atomic
def comment_add(*, user, request: Request, text: str) -> RequestComment:
    """A comment in the request's thread, by anyone party to it; the other parties are told."""
    if not getattr(user, "is_authenticated", False) or not _may_view(user, request):
        raise PermissionDenied(_("Only the parties to a request comment on it."))
    if not text.strip():
        raise ApplicationError({"text": [_("Write a comment first.")]})
    comment = RequestComment.objects.create(request=request, author=user, text=text.strip())
    notices.tell(recipients=notices.parties(request), kind="assistance.comment", request=request, actor=user,
                 context={"author": user.get_full_name() or user.username, "text": comment.text[:500]},
                 subject=gettext_lazy("%(author)s commented on “%(title)s”"), body="%(text)s")
    return comment


@transaction.atomic
def attachment_add(*, user, request: Request, upload) -> RequestAttachment:
    """Attach a document to a request the user may change (or, for the secretariat, any)."""
    if role_of(user) != Role.SECRETARIAT and not user_may(user, Action.CHANGE, request):
        raise PermissionDenied(_("You may not add documents to this request."))
    suffix = Path(upload.name).suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        raise ApplicationError({"file": [_("Attach a document of one of these types: %(types)s.")
                                         % {"types": ", ".join(sorted(ATTACHMENT_TYPES))}]})
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ApplicationError({"file": [_("A document is at most %(mb)s MB.") % {
            "mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)}]})
    if upload.size == 0:
        raise ApplicationError({"file": [_("The file is empty.")]})
    attachment = RequestAttachment(request=request, name=Path(upload.name).name[:255], size=upload.size,
                                   uploaded_by=user)
    attachment.file.save(attachment.name, upload, save=False)
    attachment.save()
    return attachment


def organisations_for_circulation():
    """Organisations the secretariat may circulate a request to: active providers of any kind but government."""
    from tacoord.organisations.choices import OrganisationKind

    return Organisation.objects.active().exclude(kind=OrganisationKind.GOVERNMENT)


def _validation_messages(error: ValidationError) -> str:
    return " ".join(error.messages)


# Fields only the lifecycle moves: a restored version never brings them back.
REQUEST_LIFECYCLE_FIELDS = {"stage", "stage_since", "created_by", "submitted_at", "merged_into", "circulated_to",
                            "activity", "synthetic"}
OFFER_LIFECYCLE_FIELDS = {"request", "provider", "status", "decision_note", "amendments"}


def _without(change, fields: set[str]):
    from copy import copy

    trimmed = copy(change)
    trimmed.postchange_data = {key: value for key, value in (change.postchange_data or {}).items()
                               if key not in fields and key.removesuffix("_id") not in fields}
    return trimmed


@transaction.atomic
def request_restore_version(*, user, request: Request, change) -> Request:
    """Bring back what a person wrote in an earlier version (title, needs, context, ...); the stage and everything
    else the lifecycle sets stay as they are."""
    return object_restore_version(user=user, obj=request, change=_without(change, REQUEST_LIFECYCLE_FIELDS))


@transaction.atomic
def offer_restore_version(*, user, offer: Offer, change) -> Offer:
    """Bring back an earlier version of an open offer's terms, recorded as an amendment."""
    if offer.status != OfferStatus.SUBMITTED:
        raise ApplicationError(_("Only an open offer can be amended; this one is “%(status)s”.")
                               % {"status": offer.get_status_display()})
    offer = object_restore_version(user=user, obj=offer, change=_without(change, OFFER_LIFECYCLE_FIELDS))
    Offer.objects.filter(pk=offer.pk).update(amendments=offer.amendments + 1)
    RequestStep.objects.create(request=offer.request, action="amend_offer", from_stage=offer.request.stage,
                               to_stage=offer.request.stage, user=user, offer=offer, note=_("An earlier version."))
    return offer
