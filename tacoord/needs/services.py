"""Writes to needs and derivation rules: deriving needs from answers, a person's edits, the focal point's actions."""

import json
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tacoord.core.context import current_change_context
from tacoord.core.errors import ApplicationError
from tacoord.core.models import ChangeAction, ObjectChange
from tacoord.core.permissions import Action, user_may
from tacoord.core.roles import Role, role_of
from tacoord.core.services import object_save
from tacoord.needs import defaults, derivation
from tacoord.needs.choices import NEED_TRANSITIONS, NeedAction, NeedPriority, NeedSource, NeedStatus
from tacoord.needs.models import ArticlePriorityArea, DerivationRule, Need
from tacoord.needs.selectors import DerivationInputs, derivation_inputs, existing_derived_needs, response_groups
from tacoord.questionnaires.expressions import ExpressionError, is_true, referenced_names
from tacoord.reference.models import Article, PriorityArea
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
    """The rule of issue 3 for every self-assessment: status no or yes in part and TA needed → one need per TA type;
    and the default priority area of every article not yet mapped (`priority_areas_install_default`).

    Idempotent: a rule of that name is left as the secretariat may have changed it.
    """
    priority_areas_install_default()
    rule = DerivationRule.objects.filter(name=DEFAULT_RULE_NAME).first()
    if rule is not None:
        return rule
    rule = DerivationRule(name=DEFAULT_RULE_NAME, condition=DEFAULT_RULE_CONDITION, ta_types_question="ta_types",
                          priority_question="priority", languages_question="languages",
                          description_question="challenges measures", default_priority=NeedPriority.MEDIUM)
    rule.full_clean()
    rule.save()
    return rule


def priority_areas_install_default() -> int:
    """Give each article without a row in the priority-area mapping the default area (`defaults`); returns how many
    rows it made. Rows that exist, changed or archived by the secretariat, are left as they are."""
    areas = dict(PriorityArea.objects.values_list("number", "pk"))
    made = 0
    for article in Article.objects.filter(priority_area_mapping__isnull=True).select_related("instrument", "cluster"):
        number = defaults.priority_area_number(instrument_code=article.instrument.code, article_number=article.number,
                                               cluster_code=article.cluster.code if article.cluster else None)
        mapping = ArticlePriorityArea(article=article, priority_area_id=areas.get(number))
        mapping.full_clean()
        mapping.save()
        made += 1
    return made


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
def needs_derive_cycle(*, cycle: ReportingCycle, user=None, skip_superseded: bool = False) -> DeriveReport:
    """`needs_derive` for every response of a cycle at once (the secretariat's), reading and writing in bulk.

    `skip_superseded` leaves out the States that have submitted the same questionnaire in a later cycle: deriving an
    earlier cycle again must not take their needs back to what their older answers said.
    """
    if user is not None and role_of(user) != Role.SECRETARIAT:
        raise PermissionDenied(_("Only the secretariat derives the needs of a whole cycle."))
    responses = cycle.responses.filter(archived_at__isnull=True).select_related("country")
    if skip_superseded:
        responses = responses.exclude(country__in=superseded_countries(cycle=cycle))
    return _derive(template=cycle.template, responses=list(responses))


def superseded_countries(*, cycle: ReportingCycle):
    """The States that have submitted this cycle's questionnaire (by code) in a cycle that opened later."""
    return QuestionnaireResponse.objects.filter(
        cycle__template__code=cycle.template.code, cycle__opens_on__gt=cycle.opens_on,
        submitted_at__isnull=False).values("country_id")


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
    holds = _memoized_is_true()
    for response in responses:
        try:
            derived = derivation.derive(rules=inputs.rules, groups=groups[response.pk], country=response.country.iso2,
                                        template_code=inputs.template_code, is_true=holds,
                                        ta_types=set(inputs.ta_types), languages=set(inputs.language_ids),
                                        priority_areas={pk: placement.priority_area_id
                                                        for pk, placement in inputs.articles.items()})
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


def _memoized_is_true():
    """`is_true` remembering its answers for one derivation: a condition reads only the questions it names
    (`${status}`, `${ta_needed}`), whose few combinations of answers recur across thousands of article groups."""
    names, known = {}, {}

    def holds(condition: str, values) -> bool:
        if condition not in names:
            names[condition] = tuple(sorted(referenced_names(condition)))
        try:
            key = (condition, tuple(_hashable(values.get(name)) for name in names[condition]))
            hash(key)
        except TypeError:
            return is_true(condition, values)
        if key not in known:
            known[key] = is_true(condition, values)
        return known[key]

    return holds


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def _derived_fields(need: derivation.DerivedNeed, *, response, inputs: DerivationInputs) -> dict:
    placement = inputs.articles.get(need.article_id)
    return {
        "article_id": need.article_id,
        "cluster_id": placement.cluster_id if placement else None,
        "priority_area_id": need.priority_area_id,
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
                 derived_by_id=need.rule_id, derivation_key=need.key, first_cycle_id=response.cycle_id,
                 **_derived_fields(need, response=response, inputs=inputs)) for response, need in creations]
    needs = [need for _response, need in creations]
    for row, (response, need) in zip(rows, creations, strict=True):
        # The related records are at hand: naming each need in the change log then costs no query.
        row.country, row.ta_type = response.country, inputs.ta_types[need.ta_type]
        row.article = inputs.articles[need.article_id].article if need.article_id else None
    snapshots = _snapshots(rows)
    created = _bulk_insert(Need, rows, with_keys=True)
    if not created or created[0].pk is None:  # a database that does not return the new keys
        keys = [need.key for need in needs]
        by_key = dict(Need.objects.filter(derivation_key__in=keys).values_list("derivation_key", "pk"))
        for row in created:
            row.pk = by_key[row.derivation_key]
    through = Need.languages.through
    links = []
    for row, need, snapshot in zip(created, needs, snapshots, strict=True):
        language_ids = sorted(inputs.language_ids[code] for code in need.languages)
        links.extend((row.pk, language_id) for language_id in language_ids)
        snapshot["languages"] = language_ids
    _insert_rows(through, ["need_id", "language_id"], links)
    context = current_change_context()
    user = context.user if getattr(context.user, "is_authenticated", False) else None
    content_type = ContentType.objects.get_for_model(Need)
    # Need.__str__ for each need, from names worked out once per State, TA type and article.
    names = defaultdict(dict)
    for row in created:
        for name, related in (("country", row.country), ("ta_type", row.ta_type), ("article", row.article)):
            if related is not None and related.pk not in names[name]:
                names[name][related.pk] = str(related)
    now = timezone.now()
    _insert_rows(ObjectChange, [
        "time", "user_id", "user_name", "request_id", "source", "action", "changed_object_type_id",
        "changed_object_id", "object_repr", "prechange_data", "postchange_data",
    ], [(now, user.pk if user else None, user.get_username() if user else "", context.request_id,
         context.source[:100], ChangeAction.CREATE, content_type.pk, str(row.pk),
         _need_name(names, row)[:300], None, snapshot) for row, snapshot in zip(created, snapshots, strict=True)])
    if connection.vendor == "postgresql" and len(created) >= ANALYZE_AFTER:
        # The planner's statistics of a table that just grew by thousands of rows are stale until autovacuum comes
        # round; the needs analysis right after a cycle's derivation would be planned for an almost empty table.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Need._meta.db_table}, {through._meta.db_table}")


def _snapshots(rows: list[Need]) -> list[dict]:
    """What `serialize_object` gives for each new need (its fields as JSON data; languages added after), in one
    JSON round trip for all of them instead of one each."""
    fields = [field for field in Need._meta.concrete_fields
              if not field.primary_key and field.name not in set(getattr(Need, "changelog_exclude", ()))]
    return json.loads(json.dumps([{field.attname: field.value_from_object(row) for field in fields} for row in rows],
                                 cls=DjangoJSONEncoder))


def _need_name(names: dict, need: Need) -> str:
    """What `str(need)` gives (the change log names the object so), from names worked out once each."""
    country, ta_type = names["country"][need.country_id], names["ta_type"][need.ta_type_id]
    if need.article_id:
        return f"{country}: {ta_type} — {names['article'][need.article_id]}"
    return str(need)


def _insert_rows(model, names: list[str], rows: list[tuple]) -> None:
    """Insert plain rows (values of the fields `names`, by attribute name) without making model instances on
    PostgreSQL, where they are COPYed; elsewhere through `bulk_create`."""
    if not _copies():
        model.objects.bulk_create([model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=2000)
        return
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    fields = [by_attname[name] for name in names]
    json_positions = [index for index, field in enumerate(fields) if isinstance(field, models.JSONField)]
    if json_positions:
        rows = [tuple(fields[index].get_db_prep_save(value, connection) if index in json_positions else value
                      for index, value in enumerate(row)) for row in rows]
    _copy(model._meta.db_table, [field.column for field in fields], rows)


# The benchmark turns COPY off to measure `bulk_create` beside it.
USE_COPY = True


def _copies() -> bool:
    return USE_COPY and connection.vendor == "postgresql"


def _copy(table: str, columns: list[str], rows) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {quote(table)} ({', '.join(quote(column) for column in columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


# A derivation that makes at least this many needs refreshes the planner's statistics of the needs tables.
ANALYZE_AFTER = 1000


def _bulk_insert(model, objs: list, *, with_keys: bool = False) -> list:
    """Insert unsaved `objs` at once, as `bulk_create` would (no signals, `auto_now` fields set).

    On PostgreSQL through COPY, several times faster than `bulk_create`'s INSERT for thousands of rows; the new
    primary keys (`with_keys`) are taken from the table's sequence first. Elsewhere `bulk_create`.
    """
    if not _copies() or not objs:
        return model.objects.bulk_create(objs, batch_size=2000)
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    if with_keys:
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [meta.db_table, meta.pk.column, len(objs)])
            for obj, (key,) in zip(objs, cursor.fetchall(), strict=True):
                obj.pk = key
            fields = [meta.pk, *fields]
    prepared = {field for field in fields if isinstance(field, models.JSONField)}
    _copy(meta.db_table, [field.column for field in fields],
          ([field.get_db_prep_save(field.pre_save(obj, True), connection) if field in prepared
            else field.pre_save(obj, True) for field in fields] for obj in objs))
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
    return objs


def _update(stored: Need, need: derivation.DerivedNeed, *, response, inputs: DerivationInputs, reopen: bool) -> None:
    for name, value in _derived_fields(need, response=response, inputs=inputs).items():
        setattr(stored, name, value)
    if reopen:
        stored.status = NeedStatus.IDENTIFIED
    if stored.first_cycle_id is None:
        stored.first_cycle_id = response.cycle_id
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
