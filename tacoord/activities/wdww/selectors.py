"""Reads for "who does what where": aggregated queries over the activities a user may see, after the shared filters.

Every function takes `activities`, a queryset already restricted (`Activity.objects.restrict(user, VIEW)`) and
filtered (`ActivityFilterSet`); the number of queries does not grow with the number of activities.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from tacoord.activities import exchange
from tacoord.activities.choices import ActivityStatus, CoordinationSetting, TransactionType
from tacoord.activities.models import Activity, RecipientCountry, Transaction
from tacoord.activities.split import Share, split_rows
from tacoord.activities.wdww import coordination
from tacoord.activities.wdww.counting import COMMITMENT, SPENDING, Counted, Txn, count_once, totals
from tacoord.core.i18n import localized
from tacoord.core.permissions import Action
from tacoord.duplicates.selectors import confirmed_duplicate_identifiers
from tacoord.needs.choices import NeedStatus
from tacoord.needs.models import Need
from tacoord.organisations.models import Organisation
from tacoord.reference.models import Article, PriorityArea, TechnicalAssistanceType

MONEY_TYPES = [TransactionType.INCOMING_FUNDS, TransactionType.OUTGOING_COMMITMENT, TransactionType.DISBURSEMENT,
               TransactionType.EXPENDITURE, TransactionType.INCOMING_COMMITMENT]
OUTGOING_TYPES = [TransactionType.OUTGOING_COMMITMENT, TransactionType.DISBURSEMENT]
INCOMING_TYPES = [TransactionType.INCOMING_FUNDS, TransactionType.INCOMING_COMMITMENT]
CURRENT_STATUSES = [ActivityStatus.PIPELINE, ActivityStatus.IMPLEMENTATION, ActivityStatus.FINALISATION]
OPEN_NEED_STATUSES = [NeedStatus.VALIDATED, NeedStatus.BEING_ADDRESSED]
_TXN_FIELDS = ("pk", "activity_id", "activity__iati_identifier", "type", "date", "value", "currency",
               "activity__default_currency", "provider_org_ref", "provider_activity_id", "receiver_org_ref",
               "receiver_activity_id", "activity__reporting_organisation_id",
               "activity__reporting_organisation__iati_identifier", "value_date")


# ------------------------------------------------------------------------------------------------ money counted once


@dataclass
class Money:
    """The transactions of the filtered activities (and of their direct funders, to find pairs) counted once."""

    txns: list[Txn]
    counted: Counted
    activity_pk: dict[str, int]  # IATI identifier → pk, for the activities of the data set
    selected: set[str]  # the identifiers of the filtered activities
    provider_of: dict[str, int]  # IATI identifier → reporting organisation pk
    # With a country filter: the share of each activity's money that falls on that country (see `in_country`).
    weights: dict[str, Decimal] | None = None
    # After `in_usd`: {currency: transactions} of the money left in its own currency, for want of a rate.
    not_converted: dict[str, int] | None = None

    def in_usd(self) -> "Money":
        """The same money in US dollars (`exchange`): each transaction, and the part of it counted, at the rate of
        its value date. Converted after the counting, so pairs and pools are matched in the currencies reported;
        money without a rate stays in its currency and is named in `not_converted`."""
        txns, counted, not_converted = [], dict(self.counted.counted), Counter()
        for txn in self.txns:
            rate = exchange.usd_rate(txn.currency, txn.value_date or txn.date)
            if rate is None:
                txns.append(txn)
                if txn.activity in self.selected and _kind(txn.type):
                    not_converted[txn.currency or "?"] += 1
                continue
            txns.append(txn._replace(value=txn.value * rate, currency=exchange.USD))
            if txn.id in counted:
                counted[txn.id] *= rate
        self.txns, self.not_converted = txns, dict(sorted(not_converted.items()))
        self.counted = Counted(counted=counted, flows_to=self.counted.flows_to, mirrors=self.counted.mirrors,
                               duplicates=self.counted.duplicates)
        return self

    def by_activity(self, weighted: bool = True) -> dict[int, dict[tuple[str, str], Decimal]]:
        """pk → {(kind, currency): counted amount} for the filtered activities."""
        result: dict[int, dict[tuple[str, str], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        weights = self.weights if weighted else None
        for txn in self.txns:
            kind = _kind(txn.type)
            if kind and txn.activity in self.selected:
                weight = Decimal(1) if weights is None else weights.get(txn.activity, Decimal(0))
                result[self.activity_pk[txn.activity]][(kind, txn.currency)] += self.counted.counted.get(
                    txn.id, txn.value) * weight
        return result

    def totals(self):
        """TotalKey → (counted, reported, confirmed duplicate)."""
        return totals(self.txns, self.counted, self.provider_of, activities=self.selected, weights=self.weights,
                      duplicates=True)

    def in_country(self, country, activities) -> "Money":
        """Only the share of each activity's money that falls on `country` (by its percentages; equally between its
        countries when it gives none). One query."""
        shares: dict[int, list[Share]] = defaultdict(list)
        for activity, country_id, percentage in RecipientCountry.objects.filter(
                activity__in=activities.values("pk")).values_list(
                "activity_id", "country_id", "percentage"):
            shares[activity].append(Share(country_id, percentage))
        weights = {}
        for identifier in self.selected:
            weights[identifier] = sum((fraction for key, _sector, fraction in split_rows(
                shares.get(self.activity_pk[identifier], []), []) if key == country.pk), Decimal(0))
        self.weights = weights
        return self


def _kind(type_: str) -> str | None:
    return {"2": COMMITMENT, "3": SPENDING, "4": SPENDING}.get(type_)


def _txn(row) -> Txn:
    (pk, _activity_pk, identifier, type_, when, value, currency, default_currency, provider_org_ref,
     provider_activity_id, receiver_org_ref, receiver_activity_id, _org, _org_ref, value_date) = row
    return Txn(id=pk, activity=identifier, type=type_, date=when, value=value,
               currency=(currency or default_currency or "").upper(), provider_org_ref=provider_org_ref,
               provider_activity_id=provider_activity_id, receiver_org_ref=receiver_org_ref,
               receiver_activity_id=receiver_activity_id, value_date=value_date)


def money(*, activities, user) -> Money:
    """Count the money of `activities` once. Their direct funders among the activities `user` may see join the data
    set (for the pairs only, not the totals), so a filter on an implementer does not count its funders' money again.
    The money of the confirmed duplicates (`confirmed_duplicate_identifiers`) is left out. Three queries (five when
    some pairs are confirmed)."""
    selected_pks = activities.values("pk")
    visible = Activity.objects.restrict(user, Action.VIEW)
    rows = list(Transaction.objects.filter(activity__in=selected_pks, type__in=MONEY_TYPES).values_list(*_TXN_FIELDS))
    selected_count = len(rows)
    # Funders: those whose outgoing money names one of the activities, and those the activities name as providers.
    funders_out = Transaction.objects.filter(
        activity__in=visible.values("pk"), type__in=OUTGOING_TYPES).exclude(activity__in=selected_pks)
    rows += list(funders_out.filter(
        Q(receiver_activity_id__in=activities.values("iati_identifier"))
        | Q(activity__iati_identifier__in=Transaction.objects.filter(
            activity__in=selected_pks, type__in=INCOMING_TYPES).exclude(provider_activity_id="")
            .values("provider_activity_id"))).values_list(*_TXN_FIELDS))
    # The data set: the activities with money, and their reporting organisations, from the rows themselves.
    selected_identifiers = {row[2] for row in rows[:selected_count]}
    reporters, activity_pk, provider_of = {}, {}, {}
    for row in rows:
        reporters[row[2]] = row[13] or ""
        activity_pk[row[2]] = row[1]
        provider_of[row[2]] = row[12]
    txns = [_txn(row) for row in rows]
    left_out = confirmed_duplicate_identifiers() & set(reporters)
    return Money(txns=txns, counted=count_once(txns, reporters, left_out), activity_pk=activity_pk,
                 selected=selected_identifiers, provider_of=provider_of)


# ------------------------------------------------------------------------------------------------ summary tables


@dataclass
class SummaryRow:
    key: object
    label: str
    filter_value: str = ""  # the value of the shared filter that selects these activities
    activities: int = 0
    money: dict[tuple[str, str], Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    lines: list[dict] = field(default_factory=list)  # `currencies()`, once the row is complete

    def currencies(self) -> list[dict]:
        """[{currency, commitments, spending}] sorted by currency."""
        codes = sorted({currency for _kind, currency in self.money})
        return [{"currency": code, "commitments": self.money.get((COMMITMENT, code)),
                 "spending": self.money.get((SPENDING, code))} for code in codes]

    def finish(self) -> "SummaryRow":
        cent = Decimal("0.01")
        self.money = {key: value.quantize(cent) for key, value in self.money.items()}
        self.lines = self.currencies()
        return self


@dataclass(frozen=True)
class Dimension:
    name: str
    label: str
    filter_name: str
    title: str
    shared_note: str = ""  # when an activity may count in several rows


def dimensions() -> dict[str, Dimension]:
    several = _("An activity on several of them counts in each: the rows add up to more than the total.")
    return {
        "country": Dimension("country", _("Recipient country"), "country", _("Activities by recipient country"),
                             _("Money is split between an activity's countries by their percentages (equally when "
                               "it gives none).")),
        "provider": Dimension("provider", _("Provider"), "reporting_organisation", _("Activities by provider")),
        "article": Dimension("article", _("Article"), "article", _("Activities by article"), several),
        "priority_area": Dimension("priority_area", _("Priority area"), "priority_area",
                                   _("Activities by priority area"), several),
        "ta_type": Dimension("ta_type", _("Type of assistance"), "ta_type", _("Activities by type of assistance"),
                             several),
        "coordination_setting": Dimension("coordination_setting", _("Coordination setting"), "coordination_setting",
                                          _("Activities by coordination setting")),
    }


def _memberships(dimension: str, activities) -> tuple[list[tuple[int, object, Decimal | None]], dict]:
    """(activity pk, key, percentage) for each activity's keys, and {key: (label, filter value)}."""
    pks = activities.values("pk")
    if dimension == "country":
        rows = list(RecipientCountry.objects.filter(activity__in=pks).values_list(
            "activity_id", "country_id", "percentage"))
        labels = {pk: (name, iso2) for pk, name, iso2 in _countries({key for _a, key, _p in rows})}
        return rows, labels
    if dimension == "coordination_setting":
        rows = [(pk, setting, None) for pk, setting in activities.order_by().values_list("pk", "coordination_setting")
                if setting]
        return rows, {value: (str(label), value) for value, label in CoordinationSetting.choices}
    if dimension == "provider":
        rows = [(pk, org, None) for pk, org in activities.order_by().values_list("pk", "reporting_organisation_id")]
        labels = {pk: (name, str(pk)) for pk, name in Organisation.objects.filter(
            pk__in={key for _a, key, _p in rows}).values_list("pk", "name")}
        return rows, labels
    through, column, model, filter_field = {
        "article": (Activity.articles.through, "article_id", Article, "pk"),
        "priority_area": (Activity.priority_areas.through, "priorityarea_id", PriorityArea, "number"),
        "ta_type": (Activity.ta_types.through, "technicalassistancetype_id", TechnicalAssistanceType, "code"),
    }[dimension]
    rows = [(pk, key, None) for pk, key in through.objects.filter(activity_id__in=pks).values_list(
        "activity_id", column)]
    objects = model.objects.filter(pk__in={key for _a, key, _p in rows})
    if model is Article:
        objects = objects.select_related("instrument")
    labels = {obj.pk: (str(obj), str(getattr(obj, filter_field))) for obj in objects}
    return rows, labels


def _countries(pks) -> list[tuple[int, str, str]]:
    from tacoord.reference.models import Country

    return [(country.pk, localized(country, "name"), country.iso2) for country in Country.objects.filter(pk__in=pks)]


def summary(*, dimension: str, activities, money_: Money) -> tuple[list[SummaryRow], SummaryRow]:
    """Rows of `dimension` (number of activities, commitments, disbursements and expenditure counted once, by
    currency) largest first, and the row of the activities that name none ("not specified")."""
    memberships, labels = _memberships(dimension, activities)
    # Filtered on one country, the other dimensions show the money in that country; by country, each one's share.
    per_activity = money_.by_activity(weighted=dimension != "country")
    by_activity: dict[int, list[tuple[object, Decimal | None]]] = defaultdict(list)
    for activity, key, percentage in memberships:
        by_activity[activity].append((key, percentage))
    rows: dict[object, SummaryRow] = {}
    unspecified = SummaryRow(key=None, label=_("Not specified"))
    for activity in activities.order_by().values_list("pk", flat=True):
        keys = by_activity.get(activity)
        amounts = per_activity.get(activity, {})
        if not keys:
            unspecified.activities += 1
            for money_key, value in amounts.items():
                unspecified.money[money_key] += value
            continue
        if dimension == "country":
            shares = [(key, fraction) for key, _none, fraction in split_rows(
                [Share(key, percentage) for key, percentage in keys], [])]
        else:
            shares = [(key, Decimal(1)) for key, _percentage in dict.fromkeys(keys)]
        for key, fraction in shares:
            row = rows.get(key)
            if row is None:
                label, filter_value = labels.get(key, (str(key), ""))
                row = rows[key] = SummaryRow(key=key, label=label, filter_value=filter_value)
            row.activities += 1
            for money_key, value in amounts.items():
                row.money[money_key] += value * fraction if fraction != 1 else value
    ordered = sorted((row.finish() for row in rows.values()), key=lambda row: (-row.activities, row.label))
    return ordered, unspecified.finish()


# ------------------------------------------------------------------------------------------------ totals by provider


@dataclass
class TotalRow:
    provider: str
    provider_pk: int | None
    year: int
    currency: str
    commitments: Decimal = Decimal(0)
    commitments_reported: Decimal = Decimal(0)
    spending: Decimal = Decimal(0)
    spending_reported: Decimal = Decimal(0)
    confirmed_duplicate: Decimal = Decimal(0)  # reported, left out: counted once under a confirmed duplicate

    @property
    def not_counted(self) -> Decimal:
        """Reported, not counted again by the funder/implementer rule (confirmed duplicates apart)."""
        return ((self.commitments_reported - self.commitments) + (self.spending_reported - self.spending)
                - self.confirmed_duplicate)


def provider_year_totals(*, money_: Money) -> list[TotalRow]:
    sums = money_.totals()
    names = dict(Organisation.objects.filter(pk__in={key.provider for key in sums}).values_list("pk", "name"))
    rows: dict[tuple, TotalRow] = {}
    for key, (counted, reported, duplicate) in sums.items():
        row = rows.setdefault((key.provider, key.year, key.currency), TotalRow(
            provider=names.get(key.provider, ""), provider_pk=key.provider, year=key.year, currency=key.currency))
        row.confirmed_duplicate += duplicate
        if key.kind == COMMITMENT:
            row.commitments += counted
            row.commitments_reported += reported
        else:
            row.spending += counted
            row.spending_reported += reported
    return sorted(rows.values(), key=lambda row: (row.provider.casefold(), row.year, row.currency))


# ------------------------------------------------------------------------------------------------ map


def country_values(*, activities, measure: str, currency: str,
                   money_: Money | None) -> dict[str, tuple[str, int | Decimal]]:
    """ISO2 → (name, value): the number of activities, or the money (counted once, split by percentages) in
    `currency`."""
    rows, _unspecified = summary(dimension="country", activities=activities, money_=money_) if money_ else \
        (_count_by_country(activities), None)
    values = {}
    for row in rows:
        if measure == "activities":
            value = row.activities
        else:
            value = row.money.get((COMMITMENT if measure == "commitments" else SPENDING, currency))
            if not value:
                continue
        values[row.filter_value] = (row.label, value)
    return values


def _count_by_country(activities) -> list[SummaryRow]:
    counts = Counter(dict(RecipientCountry.objects.filter(activity__in=activities.values("pk"))
                          .values_list("country_id").annotate(n=_count()).values_list("country_id", "n")))
    return [SummaryRow(key=pk, label=name, filter_value=iso2, activities=counts[pk])
            for pk, name, iso2 in _countries(counts)]


def _count():
    from django.db.models import Count

    return Count("activity_id", distinct=True)


def currencies_used(money_: Money) -> list[str]:
    counts = Counter(txn.currency for txn in money_.txns if txn.activity in money_.selected and _kind(txn.type))
    return [code for code, _n in counts.most_common()]


# ------------------------------------------------------------------------------------------------ one country


@dataclass
class TimelineRow:
    activity: Activity
    start: date | None
    end: date | None
    offset: float  # percentages of the timeline's width
    width: float
    open_start: bool
    open_end: bool


@dataclass
class Timeline:
    rows: list[TimelineRow]
    years: list[tuple[int, float]]  # (year, offset %) of each year's first day
    today: float | None
    more: int


def timeline(*, activities, today: date, limit: int = 300) -> Timeline:
    """Bars from each activity's start to its end (actual dates, else planned), sorted by provider then start."""
    queryset = activities.select_related("reporting_organisation").order_by(
        "reporting_organisation__name", "planned_start", "iati_identifier").only(
        "pk", "iati_identifier", "title", "default_language", "status", "planned_start", "actual_start",
        "planned_end", "actual_end", "reporting_organisation__name", "reporting_organisation__acronym")
    activities_ = list(queryset[:limit + 1])
    more = 0
    if len(activities_) > limit:
        more = activities.count() - limit
        activities_ = activities_[:limit]
    dated = [d for activity in activities_ for d in (activity.start, activity.end) if d]
    if not dated:
        return Timeline(rows=[TimelineRow(a, None, None, 0, 0, True, True) for a in activities_], years=[],
                        today=None, more=more)
    low = date(min(dated).year, 1, 1)
    high = date(max(max(dated), today).year + 1, 1, 1)
    span = (high - low).days

    def position(day: date) -> float:
        return round(100 * (day - low).days / span, 2)

    rows = []
    for activity in activities_:
        start, end = activity.start, activity.end
        left = position(start) if start else 0.0
        right = position(end) if end else 100.0
        rows.append(TimelineRow(activity=activity, start=start, end=end, offset=left, width=max(right - left, 0.5),
                                open_start=start is None, open_end=end is None))
    years = [(year, position(date(year, 1, 1))) for year in range(low.year, high.year)]
    return Timeline(rows=rows, years=years, today=position(today) if low <= today < high else None, more=more)


@dataclass
class CountryCoordination:
    needs_visible: bool
    needs: list[tuple[Need, list[Activity], list[Activity]]]  # need, linked, may address
    gaps: list[Need]
    overlaps: list[tuple[Activity, Activity, list[Article], date, date | None]]
    more_overlaps: bool


def country_coordination(*, user, country, activities, today: date) -> CountryCoordination:
    """For `country`: its open validated needs the user may see, the activities addressing each, the gaps, and
    possible duplication. `activities`: those the user may see (filtered or not) in the country. Eight queries."""
    activities = activities.exclude(status=ActivityStatus.CANCELLED).filter(archived_at__isnull=True)
    pks = activities.values("pk")
    articles, areas, need_links = defaultdict(set), defaultdict(set), defaultdict(set)
    for activity, article in Activity.articles.through.objects.filter(activity_id__in=pks).values_list(
            "activity_id", "article_id"):
        articles[activity].add(article)
    for activity, area in Activity.priority_areas.through.objects.filter(activity_id__in=pks).values_list(
            "activity_id", "priorityarea_id"):
        areas[activity].add(area)
    for activity, need in Activity.needs.through.objects.filter(activity_id__in=pks).values_list(
            "activity_id", "need_id"):
        need_links[activity].add(need)
    cluster_of = dict(Article.objects.filter(pk__in={a for values in articles.values() for a in values})
                      .values_list("pk", "cluster_id"))
    spans = [coordination.Span(id=pk, provider=org, start=actual_start or planned_start, end=actual_end or planned_end,
                               articles=frozenset(articles[pk]), priority_areas=frozenset(areas[pk]),
                               needs=frozenset(need_links[pk]),
                               clusters=frozenset(cluster_of[a] for a in articles[pk] if cluster_of.get(a)))
             for pk, org, planned_start, actual_start, planned_end, actual_end in activities.order_by().values_list(
                 "pk", "reporting_organisation_id", "planned_start", "actual_start", "planned_end", "actual_end")]
    needs_visible = user.is_authenticated
    needs = list(Need.objects.restrict(user, Action.VIEW).filter(
        country=country, status__in=OPEN_NEED_STATUSES, archived_at__isnull=True)
        .select_related("country", "article__instrument", "cluster", "priority_area", "ta_type")
        .order_by("article__number", "pk"))
    covered = coordination.coverage(
        [coordination.NeedRef(need.pk, need.article_id, need.priority_area_id, need.cluster_id) for need in needs],
        spans, today)
    found, more = coordination.overlaps(spans, limit=100)
    wanted = {pk for cover in covered for pk in cover.linked + cover.matching} | {
        pk for overlap in found for pk in (overlap.first, overlap.second)}
    by_pk = {activity.pk: activity for activity in Activity.objects.filter(pk__in=wanted).select_related(
        "reporting_organisation")}
    article_by_pk = {article.pk: article for article in Article.objects.filter(
        pk__in={a for overlap in found for a in overlap.articles}).select_related("instrument")}
    return CountryCoordination(
        needs_visible=needs_visible,
        needs=[(need, [by_pk[pk] for pk in cover.linked], [by_pk[pk] for pk in cover.matching])
               for need, cover in zip(needs, covered, strict=True)],
        gaps=[need for need, cover in zip(needs, covered, strict=True) if cover.gap],
        overlaps=[(by_pk[o.first], by_pk[o.second], [article_by_pk[a] for a in sorted(o.articles)],
                   o.start if o.start != date.min else None, o.end) for o in found],
        more_overlaps=more,
    )
