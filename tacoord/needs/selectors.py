"""Reads for needs: what derivation works from, the needs analysis (counts by dimension, change between cycles) and
the per-State gap analysis."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tacoord.core.permissions import Action
from tacoord.needs import derivation
from tacoord.needs.choices import NeedPriority, NeedStatus
from tacoord.needs.models import ArticlePriorityArea, DerivationRule, Need
from tacoord.questionnaires.choices import IMPLEMENTATION_STATUS_CHOICES, QuestionType
from tacoord.questionnaires.models import Question
from tacoord.reference.models import (
    Article,
    Cluster,
    Country,
    Language,
    PriorityArea,
    Region,
    TechnicalAssistanceType,
)
from tacoord.reporting.models import Answer, QuestionnaireResponse

# ------------------------------------------------------------------------------------------------ derivation


@dataclass(frozen=True)
class ArticlePlacement:
    article: Article
    cluster_id: int | None
    priority_area_id: int | None


@dataclass
class DerivationInputs:
    """What deriving needs from one template's responses works from; read once for all of them."""

    rules: list[derivation.Rule]
    template_code: str
    # group question id → (group name, article id, names of the group's questions)
    groups: dict[int, tuple[str, int | None, list[str]]]
    ta_types: dict[str, TechnicalAssistanceType]
    language_ids: dict[str, int]
    articles: dict[int, ArticlePlacement] = field(default_factory=dict)
    # id → name of every question in the groups
    questions: dict[int, str] = field(default_factory=dict)


def rules_for(template) -> list[DerivationRule]:
    """The active rules that apply to a template: its own, and (for a self-assessment) those for every one."""
    applies = Q(template=template)
    if template.is_self_assessment:
        applies |= Q(template__isnull=True)
    return list(DerivationRule.objects.filter(applies, is_active=True, archived_at__isnull=True).order_by("pk"))


def derivation_inputs(*, template) -> DerivationInputs:
    """The rules, article groups and reference codes for deriving needs from a template's answers."""
    rules = [derivation.Rule(id=rule.pk, condition=rule.condition, ta_types_question=rule.ta_types_question,
                             priority_question=rule.priority_question, languages_question=rule.languages_question,
                             description_question=rule.description_question, default_priority=rule.default_priority)
             for rule in rules_for(template)]
    groups = {pk: (name, article_id, []) for pk, name, article_id in Question.objects.filter(
        template=template, type=QuestionType.GROUP, article__isnull=False).values_list("pk", "name", "article_id")}
    questions = {}
    for pk, name, parent_id in Question.objects.filter(parent_id__in=groups).values_list("pk", "name", "parent_id"):
        groups[parent_id][2].append(name)
        questions[pk] = name
    return DerivationInputs(
        rules=rules, template_code=template.code, groups=groups,
        ta_types=TechnicalAssistanceType.objects.in_bulk(field_name="code"),
        language_ids=dict(Language.objects.values_list("code", "pk")),
        articles=article_placements({article_id for _name, article_id, _names in groups.values()}),
        questions=questions,
    )


def response_groups(*, responses, inputs: DerivationInputs) -> dict[int, list[derivation.Group]]:
    """Each response's article groups with its current answers, in one query for all the responses."""
    values, answer_ids = defaultdict(dict), defaultdict(dict)
    names = inputs.questions
    # By question id, with the names at hand: no join to the questions for tens of thousands of answers.
    for response_id, question_id, value, pk in Answer.objects.filter(
            response__in=responses, repeat_index=0, question_id__in=list(names)).values_list(
            "response_id", "question_id", "value", "pk"):
        name = names[question_id]
        values[response_id][name], answer_ids[response_id][name] = value, pk
    layout = {name: (article_id, names) for name, article_id, names in inputs.groups.values()}
    return {response.pk: derivation.split_groups(values=values[response.pk], answer_ids=answer_ids[response.pk],
                                                 groups=layout) for response in responses}


def article_placements(article_ids) -> dict[int, ArticlePlacement]:
    """The cluster and priority area a need on each article falls in: the article's cluster, and the priority area
    the secretariat's mapping gives it (none when the article has no current row)."""
    areas = priority_area_mapping()
    return {article.pk: ArticlePlacement(article=article, cluster_id=article.cluster_id,
                                         priority_area_id=areas.get(article.pk))
            for article in Article.objects.filter(pk__in=article_ids).select_related("instrument", "cluster")}


def priority_area_mapping() -> dict[int, int | None]:
    """Article id → priority area id, as the secretariat maps them (archived rows left out)."""
    return dict(ArticlePriorityArea.objects.filter(archived_at__isnull=True).values_list("article_id",
                                                                                          "priority_area_id"))


def existing_derived_needs(*, countries: dict[int, str],
                           inputs: DerivationInputs) -> dict[str, derivation.ExistingNeed]:
    """The needs the rules made before for these States (id → ISO2) from this questionnaire, by derivation key."""
    prefixes = tuple(derivation.key_prefix(rule_id=rule.id, country=iso2, template_code=inputs.template_code)
                     for rule in inputs.rules for iso2 in countries.values())
    rows = [row for row in Need.objects.filter(
        country_id__in=list(countries), derived_by_id__in=[rule.id for rule in inputs.rules]).values(
        "pk", "derivation_key", "status", "edited_by_person", "archived_at", "priority", "description", "article_id",
        "source_answer_id", "source_response_id", "priority_area_id") if row["derivation_key"].startswith(prefixes)]
    languages = defaultdict(list)
    for need_id, code in Need.languages.through.objects.filter(need_id__in=[row["pk"] for row in rows]).values_list(
            "need_id", "language__code"):
        languages[need_id].append(code)
    return {row["derivation_key"]: derivation.ExistingNeed(
        id=row["pk"], key=row["derivation_key"], status=row["status"], edited_by_person=row["edited_by_person"],
        archived=row["archived_at"] is not None, priority=row["priority"],
        languages=tuple(sorted(languages[row["pk"]])),
        description=row["description"], article_id=row["article_id"], answer_id=row["source_answer_id"],
        response_id=row["source_response_id"], priority_area_id=row["priority_area_id"]) for row in rows}


# ------------------------------------------------------------------------------------------------ analysis


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int
    share: float  # of the largest count in the table, for the bar
    key: object = None


@dataclass(frozen=True)
class Dimension:
    name: str
    label: str
    field: str
    model: type | None = None


DIMENSIONS = [
    Dimension("priority_area", gettext_lazy("Priority area"), "priority_area", PriorityArea),
    Dimension("cluster", gettext_lazy("Cluster"), "cluster", Cluster),
    Dimension("article", gettext_lazy("Article"), "article", Article),
    Dimension("ta_type", gettext_lazy("Type of assistance"), "ta_type", TechnicalAssistanceType),
    Dimension("region", gettext_lazy("Region"), "country__region", Region),
    Dimension("ldc_sids", gettext_lazy("LDC and SIDS"), ""),
    Dimension("priority", gettext_lazy("Priority"), "priority"),
]
DIMENSIONS_BY_NAME = {dimension.name: dimension for dimension in DIMENSIONS}


def current_needs(*, user):
    """The needs an analysis counts: those the user may see, neither archived nor withdrawn."""
    return Need.objects.restrict(user, Action.VIEW).filter(archived_at__isnull=True).exclude(
        status=NeedStatus.WITHDRAWN)


def _rows(pairs: list[tuple[str, int, object]]) -> list[CountRow]:
    largest = max((count for _label, count, _key in pairs), default=0) or 1
    return [CountRow(label=label, count=count, share=round(100 * count / largest, 1), key=key)
            for label, count, key in pairs]


LDC_SIDS_FIELDS = ("country__is_ldc", "country__is_sids")


def _labelled(dimension: Dimension, counts: Counter) -> list[CountRow]:
    if dimension.name == "ldc_sids":
        return _rows([(_("Least developed countries"), counts["ldc"], "ldc"),
                      (_("Small island developing States"), counts["sids"], "sids"),
                      (_("Neither"), counts["other"], "other")])
    if dimension.name == "priority":
        return _rows([(str(label), counts.get(value, 0), value) for value, label in NeedPriority.choices])
    manager = dimension.model.objects
    if dimension.name == "article":
        manager = manager.select_related("instrument")
    objects = manager.in_bulk([key for key in counts if key is not None])
    pairs = sorted(((str(objects[key]), count, key) for key, count in counts.items() if key is not None),
                   key=lambda pair: (-pair[1], pair[0]))
    if counts.get(None):
        pairs.append((_("Not given"), counts[None], None))
    return _rows(pairs)


# What each dimension groups by in `_counts`' one query (the LDC/SIDS dimension needs two columns).
_GROUP_COLUMNS = {"ldc_sids": LDC_SIDS_FIELDS}


def _counts(needs, dimensions: list[Dimension]) -> list[Counter]:
    """Count every dimension in one statement: the needs are selected once (a common table expression) and grouped
    once per dimension, the groupings joined by UNION ALL. A few small result sets, whatever the number of needs,
    in one round trip (PostgreSQL and SQLite alike)."""
    columns = list(dict.fromkeys(column for dimension in dimensions
                                 for column in _GROUP_COLUMNS.get(dimension.name, (dimension.field,))))
    selected = needs.order_by().values(*columns)
    counters = [Counter() for _dimension in dimensions]
    try:
        inner, params = selected.query.sql_with_params()
    except EmptyResultSet:  # e.g. the public, who may see no need
        return counters
    quote = connection.ops.quote_name
    aliases = {column: f"c{index}" for index, column in enumerate(columns)}
    inner_aliases = ", ".join(quote(aliases[column]) for column in columns)
    # Each column keeps its type in every branch of the union (ids, text, booleans): a first branch that selects no
    # row gives every column its type, and each grouping names the columns it groups by and NULL for the others.
    parts = [f"SELECT -1, {inner_aliases}, 0 FROM needs WHERE 1 = 0"]
    for index, dimension in enumerate(dimensions):
        grouped = _GROUP_COLUMNS.get(dimension.name, (dimension.field,))
        keys = ", ".join(quote(aliases[column]) if column in grouped else "NULL" for column in columns)
        by = ", ".join(quote(aliases[column]) for column in grouped)
        parts.append(f"SELECT {index}, {keys}, COUNT(*) FROM needs GROUP BY {by}")
    sql = f"WITH needs ({inner_aliases}) AS ({inner}) " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    position = {column: index + 1 for index, column in enumerate(columns)}
    for row in rows:
        index, count = row[0], row[-1]
        if dimensions[index].name == "ldc_sids":
            is_ldc, is_sids = (row[position[column]] for column in LDC_SIDS_FIELDS)
            for key, holds in (("ldc", is_ldc), ("sids", is_sids), ("other", not (is_ldc or is_sids))):
                if holds:
                    counters[index][key] += count
        else:
            counters[index][row[position[dimensions[index].field]]] += count
    return counters


def needs_count_by(*, needs, dimension: Dimension) -> list[CountRow]:
    """How many of `needs` fall in each value of the dimension, largest first; 'not given' last."""
    return _labelled(dimension, _counts(needs, [dimension])[0])


def needs_analysis(*, needs) -> list[tuple[Dimension, list[CountRow]]]:
    return [(dimension, _labelled(dimension, counts))
            for dimension, counts in zip(DIMENSIONS, _counts(needs, DIMENSIONS), strict=True)]


def needs_count_by_country(*, needs) -> list[CountRow]:
    """How many of `needs` each State has (States with none left out), largest first; `key` is the ISO2 code."""
    grouped = needs.order_by().values("country").annotate(n=Count("pk")).values_list("country", "n")
    counts = dict(grouped)
    countries = Country.objects.in_bulk(list(counts))
    return _rows(sorted(((str(countries[pk]), count, countries[pk].iso2) for pk, count in counts.items()),
                        key=lambda pair: (-pair[1], pair[0])))


@dataclass(frozen=True)
class ChangeRow:
    label: str
    earlier: int
    later: int

    @property
    def change(self) -> int:
        return self.later - self.earlier


def needs_change_between_cycles(*, needs, earlier, later, dimension: Dimension) -> list[ChangeRow]:
    """Needs by the cycle whose answers last gave rise to them.

    A need found again in a later cycle is carried into it (its derivation key leaves the cycle out), so `earlier`
    counts the needs that cycle's answers stated and the later one's no longer confirmed, `later` the needs the later
    answers state; needs entered by hand have no cycle and are not counted.
    """
    a = {row.key: row for row in needs_count_by(needs=needs.filter(source_response__cycle=earlier),
                                                 dimension=dimension)}
    b = {row.key: row for row in needs_count_by(needs=needs.filter(source_response__cycle=later),
                                                 dimension=dimension)}
    keys = list(dict.fromkeys([*b, *a]))
    return [ChangeRow(label=(b.get(key) or a.get(key)).label, earlier=a[key].count if key in a else 0,
                      later=b[key].count if key in b else 0) for key in keys]


# ------------------------------------------------------------------------------------------------ gap analysis

STATUS_LABELS = dict(IMPLEMENTATION_STATUS_CHOICES)


@dataclass
class GapRow:
    article: Article
    status: str | None
    status_label: str
    ta_needed: str | None
    needs: list = field(default_factory=list)


def latest_response(*, user, country: Country) -> QuestionnaireResponse | None:
    """The State's latest self-assessment response the user may read (answers are confidential to the State)."""
    return (QuestionnaireResponse.objects.restrict(user, Action.VIEW)
            .filter(country=country, cycle__template__is_self_assessment=True, archived_at__isnull=True)
            .select_related("cycle__template").order_by("-cycle__opens_on", "-pk").first())


def gap_analysis(*, user, country: Country) -> tuple[QuestionnaireResponse | None, list[GapRow]]:
    """Article by article: the implementation status the State last reported (if the user may read its answers)
    and its needs the user may see. Articles with neither are left out."""
    response = latest_response(user=user, country=country)
    statuses: dict[int, dict[str, object]] = defaultdict(dict)
    if response is not None:
        groups = dict(Question.objects.filter(template_id=response.cycle.template_id, type=QuestionType.GROUP,
                                              article__isnull=False).values_list("name", "article_id"))
        wanted = {f"{name}_{short}": (article_id, short) for name, article_id in groups.items()
                  for short in ("status", "ta_needed")}
        for name, value in Answer.objects.filter(response=response, repeat_index=0,
                                                 question__name__in=list(wanted)).values_list(
                "question__name", "value"):
            article_id, short = wanted[name]
            statuses[article_id][short] = value
    needs = defaultdict(list)
    for need in (current_needs(user=user).filter(country=country, article__isnull=False)
                 .select_related("ta_type").order_by("article_id", "ta_type__position")):
        needs[need.article_id].append(need)
    articles = Article.objects.filter(pk__in=set(statuses) | set(needs)).select_related("instrument", "cluster")
    rows = []
    for article in articles:
        answered = statuses.get(article.pk, {})
        status = answered.get("status")
        rows.append(GapRow(article=article, status=status, status_label=str(STATUS_LABELS.get(status, "—")),
                           ta_needed=answered.get("ta_needed"), needs=needs.get(article.pk, [])))
    return response, rows


# ------------------------------------------------------------------------------------------------ analytical report


@dataclass
class AnalyticalReport:
    """What the analytical report for the Working Group says, whatever its form (page, PDF, DOCX)."""

    later: object  # the cycle reported on, or None for all cycles
    earlier: object  # the cycle compared with, or None
    total: int
    states: int
    responses: int | None
    tables: list[tuple[Dimension, list[CountRow]]]
    change: list[ChangeRow]
    change_dimension: Dimension


def analytical_report(*, user, earlier=None, later=None) -> AnalyticalReport:
    """The report on the needs `user` may see: of the needs `later`'s answers gave rise to (all, without it), by
    each dimension, with the change since `earlier` by priority area."""
    queryset = current_needs(user=user)
    if later:
        queryset = queryset.filter(source_response__cycle=later)
    tables = needs_analysis(needs=queryset)
    change_dimension = DIMENSIONS_BY_NAME["priority_area"]
    return AnalyticalReport(
        later=later, earlier=earlier,
        total=sum(row.count for dimension, rows in tables if dimension.name == "priority" for row in rows),
        states=queryset.order_by().values("country").distinct().count(),
        responses=QuestionnaireResponse.objects.restrict(user, Action.VIEW).filter(
            cycle=later, submitted_at__isnull=False).count() if later else None,
        tables=tables,
        change=needs_change_between_cycles(needs=current_needs(user=user), earlier=earlier, later=later,
                                           dimension=change_dimension) if earlier and later else [],
        change_dimension=change_dimension,
    )
