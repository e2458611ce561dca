"""Writes to needs and derivation rules: deriving needs from answers, a person's edits, the focal point's actions."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tacoord.core.context import current_change_context
from tacoord.core.errors import ApplicationError
from tacoord.core.models import ChangeAction, ObjectChange
from tacoord.core.permissions import Action, user_may
from tacoord.core.roles import Role, role_of
from tacoord.core.serialization import serialize_object
from tacoord.core.services import object_save
from tacoord.needs import derivation
from tacoord.needs.choices import NEED_TRANSITIONS, NeedAction, NeedPriority, NeedSource, NeedStatus
from tacoord.needs.models import DerivationRule, Need
from tacoord.needs.selectors import DerivationInputs, derivation_inputs, existing_derived_needs, response_groups
from tacoord.questionnaires.expressions import ExpressionError, is_true
from tacoord.reporting.models import QuestionnaireResponse, ReportingCycle

DEFAULT_RULE_NAME = "Not or partly implemented, and assistance needed"
DEFAULT_RULE_CONDITION = "(${status} = 'no' or ${status} = 'yes_in_part') and ${ta_needed} = 'yes'"


@dataclass
class DeriveReport:
    """What one derivation did, to show the person who ran it."""

    created: int = 0
    updated: int = 0
    reopened: int = 0
    withdrawn: int = 0
    unchanged: int = 0
    left_to_people: int = 0

    def __add__(self, other: "DeriveReport") -> "DeriveReport":
        return DeriveReport(*(getattr(self, name) + getattr(other, name) for name in self.__dataclass_fields__))


def rules_install_default() -> DerivationRule:
    """The rule of issue 3 for every self-assessment: status no or yes in part and TA needed → one need per TA type.

    Idempotent: a rule of that name is left as the secretariat may have changed it.
    """
    rule = DerivationRule.objects.filter(name=DEFAULT_RULE_NAME).first()
    if rule is not None:
        return rule
    rule = DerivationRule(name=DEFAULT_RULE_NAME, condition=DEFAULT_RULE_CONDITION, ta_types_question="ta_types",
                          priority_question="priority", languages_question="languages",
                          description_question="challenges measures", default_priority=NeedPriority.MEDIUM)
    rule.full_clean()
    rule.save()
    return rule


def _require_may_derive(user, response: QuestionnaireResponse) -> None:
    role = role_of(user)
    if role == Role.SECRETARIAT or (role == Role.FOCAL_POINT and user.state_id == response.country_id):
        return
    raise PermissionDenied(_("Only the secretariat and the State's focal point derive its needs."))


@transaction.atomic
def needs_derive(*, response: QuestionnaireResponse, user=None) -> DeriveReport:
    """Apply every active derivation rule to the response's current answers and store the needs they find.

    Needs the rules made before are brought up to date (no duplicates: see `derivation` for the key), those whose
    condition no longer holds are withdrawn, and needs a person edited, archived or entered are never touched.
    `user` None is the system (a command, a task, the benchmark).
    """
    if user is not None:
        _require_may_derive(user, response)
    return _derive(template=response.cycle.template, responses=[response])


@transaction.atomic
def needs_derive_cycle(*, cycle: ReportingCycle, user=None) -> DeriveReport:
    """`needs_derive` for every response of a cycle at once (the secretariat's), reading and writing in bulk."""
    if user is not None and role_of(user) != Role.SECRETARIAT:
        raise PermissionDenied(_("Only the secretariat derives the needs of a whole cycle."))
    responses = list(cycle.responses.filter(archived_at__isnull=True).select_related("country"))
    return _derive(template=cycle.template, responses=responses)


def _derive(*, template, responses: list[QuestionnaireResponse]) -> DeriveReport:
    inputs = derivation_inputs(template=template)
    if not inputs.rules or not responses:
        return DeriveReport()
    groups = response_groups(responses=responses, inputs=inputs)
    stored = defaultdict(list)
    for need in existing_derived_needs(countries={r.country_id: r.country.iso2 for r in responses},
                                       inputs=inputs).values():
        stored[derivation.key_country(need.key)].append(need)
    report, creations = DeriveReport(), []
    for response in responses:
        try:
            derived = derivation.derive(rules=inputs.rules, groups=groups[response.pk], country=response.country.iso2,
                                        template_code=inputs.template_code, is_true=is_true,
                                        ta_types=set(inputs.ta_types), languages=set(inputs.language_ids))
        except ExpressionError as error:
            raise ApplicationError(_("A derivation rule cannot be applied to these answers: %(reason)s")
                                   % {"reason": error}) from error
        plan = derivation.plan(derived=derived, existing=stored[response.country.iso2], response_id=response.pk)
        creations.extend((response, need) for need in plan.create)
        for existing, need in plan.update + plan.reopen:
            _update(Need.objects.get(pk=existing.id), need, response=response, inputs=inputs,
                    reopen=existing.status == NeedStatus.WITHDRAWN)
        for existing in plan.withdraw:
            withdrawn = Need.objects.get(pk=existing.id)
            withdrawn.status = NeedStatus.WITHDRAWN
            withdrawn.save()
        report += DeriveReport(created=len(plan.create), updated=len(plan.update), reopened=len(plan.reopen),
                               withdrawn=len(plan.withdraw), unchanged=len(plan.unchanged),
                               left_to_people=len(plan.left_to_people))
    _create(creations, inputs=inputs)
    return report


def _derived_fields(need: derivation.DerivedNeed, *, response, inputs: DerivationInputs) -> dict:
    placement = inputs.articles.get(need.article_id)
    return {
        "article_id": need.article_id,
        "cluster_id": placement.cluster_id if placement else None,
        "priority_area_id": placement.priority_area_id if placement else None,
        "ta_type_id": inputs.ta_types[need.ta_type].pk,
        "priority": need.priority,
        "description": need.description,
        "source_response_id": response.pk,
        "source_answer_id": need.answer_id,
    }


def _create(creations: list[tuple[QuestionnaireResponse, derivation.DerivedNeed]], *,
            inputs: DerivationInputs) -> None:
    """Store new derived needs in bulk, with their languages and one 'created' entry each in the change log.

    A derivation of 193 States makes thousands of needs at once; saving them one by one (with the change log's
    signals) takes minutes, so this writes the same rows the signals would, in a few statements.
    """
    if not creations:
        return
    rows = [Need(country_id=response.country_id, status=NeedStatus.IDENTIFIED, source=NeedSource.QUESTIONNAIRE,
                 derived_by_id=need.rule_id, derivation_key=need.key,
                 **_derived_fields(need, response=response, inputs=inputs)) for response, need in creations]
    needs = [need for _response, need in creations]
    for row, (response, need) in zip(rows, creations, strict=True):
        # The related records are at hand: naming each need in the change log then costs no query.
        row.country, row.ta_type = response.country, inputs.ta_types[need.ta_type]
        row.article = inputs.articles[need.article_id].article if need.article_id else None
    snapshots = [serialize_object(row) for row in rows]
    created = Need.objects.bulk_create(rows, batch_size=2000)
    if not created or created[0].pk is None:  # a database that does not return the new keys
        keys = [need.key for need in needs]
        by_key = dict(Need.objects.filter(derivation_key__in=keys).values_list("derivation_key", "pk"))
        for row in created:
            row.pk = by_key[row.derivation_key]
    through = Need.languages.through
    links = []
    for row, need, snapshot in zip(created, needs, snapshots, strict=True):
        language_ids = sorted(inputs.language_ids[code] for code in need.languages)
        links.extend(through(need_id=row.pk, language_id=language_id) for language_id in language_ids)
        snapshot["languages"] = language_ids
    through.objects.bulk_create(links, batch_size=5000)
    context = current_change_context()
    user = context.user if getattr(context.user, "is_authenticated", False) else None
    content_type = ContentType.objects.get_for_model(Need)
    ObjectChange.objects.bulk_create([
        ObjectChange(user=user, user_name=user.get_username() if user else "", request_id=context.request_id,
                     source=context.source[:100], action=ChangeAction.CREATE, changed_object_type=content_type,
                     changed_object_id=str(row.pk), object_repr=str(row)[:300], prechange_data=None,
                     postchange_data=snapshot)
        for row, snapshot in zip(created, snapshots, strict=True)], batch_size=2000)


def _update(stored: Need, need: derivation.DerivedNeed, *, response, inputs: DerivationInputs, reopen: bool) -> None:
    for name, value in _derived_fields(need, response=response, inputs=inputs).items():
        setattr(stored, name, value)
    if reopen:
        stored.status = NeedStatus.IDENTIFIED
    stored.full_clean()
    stored.save()
    language_ids = sorted(inputs.language_ids[code] for code in need.languages)
    if sorted(stored.languages.values_list("pk", flat=True)) != language_ids:
        stored.languages.set(language_ids)


@transaction.atomic
def need_save(*, user, need: Need, relations: dict | None = None) -> Need:
    """Save a need a person added or changed. A derived need a person changes is theirs from then on."""
    if need.pk is not None and need.derivation_key:
        need.edited_by_person = True
    if need.pk is None and need.status != NeedStatus.IDENTIFIED:
        raise ApplicationError(_("A new need starts as identified; the focal point validates it."))
    return object_save(user=user, obj=need, relations=relations)


@transaction.atomic
def need_transition(*, user, need: Need, action: str) -> Need:
    """The focal point's (or the secretariat's) action on a need: validate, mark being addressed or met, withdraw.

    An action not allowed from the need's status is refused with a message, and nothing is changed.
    """
    if action not in NEED_TRANSITIONS:
        raise ApplicationError(_("There is no such action on a need."))
    if role_of(user) not in {Role.SECRETARIAT, Role.FOCAL_POINT} or not user_may(user, Action.CHANGE, need):
        raise PermissionDenied(_("Only the State's focal point and the secretariat may do this."))
    sources, target = NEED_TRANSITIONS[action]
    if need.status not in sources:
        raise ApplicationError(_("A need that is “%(status)s” cannot be given the action “%(action)s”.")
                               % {"status": need.get_status_display(), "action": NeedAction(action).label})
    need.status = target
    if action == NeedAction.VALIDATE:
        need.validated_at = timezone.now()
        need.validated_by = user
    if action == NeedAction.WITHDRAW and need.derivation_key:
        # A person withdrew it: deriving again must not bring it back.
        need.edited_by_person = True
    return object_save(user=user, obj=need)
