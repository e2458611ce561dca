"""Reads of activities."""

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Prefetch, Q
from django.utils.translation import gettext as _

from tacoord.activities import exchange
from tacoord.activities.models import (
    Activity,
    ParticipatingOrganisation,
    RecipientCountry,
    RelatedActivity,
    Transaction,
)
from tacoord.activities.split import Share, sector_vocabulary_to_split, split_rows
from tacoord.core.permissions import Action
from tacoord.core.serialization import serialize_object
from tacoord.reference.models import CodelistItem, Sector

PART_NAMES = (
    "participating_organisations", "recipient_countries", "recipient_regions", "sectors", "budgets", "transactions",
    "related_activities", "results", "document_links", "policy_markers", "tags",
)


def codelists_known() -> dict[str, set[str]]:
    """The codes of every IATI codelist that is loaded."""
    known: dict[str, set[str]] = {}
    for codelist, code in CodelistItem.objects.values_list("codelist", "code"):
        known.setdefault(codelist, set()).add(code)
    return known


def codelist_suggestions() -> dict[str, list[tuple[str, str]]]:
    """(code, name) of the codelists the activity form suggests, and of the DAC purpose codes."""
    suggestions: dict[str, list[tuple[str, str]]] = {"Currency": [], "OrganisationType": [], "SectorVocabulary": []}
    for item in CodelistItem.objects.filter(codelist__in=list(suggestions), is_active=True):
        suggestions[item.codelist].append((item.code, item.name))
    suggestions["Sector"] = [(sector.code, sector.name) for sector in Sector.objects.filter(is_active=True)]
    return suggestions


def sector_ids_by_code() -> dict[str, int]:
    return dict(Sector.objects.values_list("code", "pk"))


def activity_list(*, user, action: str = Action.VIEW):
    """Activities `user` may act on, with what a list shows."""
    return (
        Activity.objects.restrict(user, action)
        .select_related("reporting_organisation", "parent")
        .prefetch_related(Prefetch("recipient_countries", queryset=RecipientCountry.objects.select_related("country")))
    )


def activity_detail_queryset(*, user):
    return Activity.objects.restrict(user, Action.VIEW).select_related("reporting_organisation", "parent") \
        .prefetch_related(
            Prefetch("participating_organisations",
                     queryset=ParticipatingOrganisation.objects.select_related("organisation")),
            Prefetch("recipient_countries", queryset=RecipientCountry.objects.select_related("country")),
            "sectors__sector", "recipient_regions", "budgets", "transactions", "related_activities", "results",
            "document_links", "policy_markers", "tags", "articles", "priority_areas", "ta_types",
            "delivery_languages", "partners", "needs",
        )


def activity_parts_snapshot(activity: Activity) -> dict[str, list[dict]]:
    """The activity's parts as plain JSON data, as the change log keeps them."""
    # Read from the database, not from a prefetch cache that a write may have made stale.
    return {name: [serialize_object(row) for row in getattr(activity, name).model.objects.filter(
        activity_id=activity.pk).order_by("pk")] for name in PART_NAMES}


@dataclass
class SplitRow:
    """One line of the split export: an activity's share on one country and one sector."""

    activity: Activity
    country_code: str
    country_name: str
    country_percentage: Decimal | None
    sector_vocabulary: str
    sector_code: str
    sector_name: str
    sector_percentage: Decimal | None
    share: Decimal
    budget: Decimal | None
    commitments: Decimal | None
    disbursements: Decimal | None
    currency: str
    budget_usd: Decimal | None = None
    commitments_usd: Decimal | None = None
    disbursements_usd: Decimal | None = None


def _money(rows, currency_of) -> tuple[dict[str, Decimal], set[str]]:
    totals: dict[str, Decimal] = {}
    currencies = set()
    for kind, value, currency in rows:
        totals[kind] = totals.get(kind, Decimal(0)) + value
        currencies.add(currency_of(currency))
    return totals, currencies


def policy_markers_named(activity: Activity) -> list[tuple]:
    """(marker, its name, its significance's name) for the activity's policy markers, named from IATI's codelists
    (the markers of OECD DAC's vocabulary 1; a reporting organisation's own, vocabulary 99, by their code). One
    query."""
    from tacoord.reference.models import CodelistItem

    markers = list(activity.policy_markers.all())
    if not markers:
        return []
    names = {(item.codelist, item.code): item.name for item in CodelistItem.objects.filter(
        codelist__in=["PolicyMarker", "PolicySignificance"])}
    return [(marker, names.get(("PolicyMarker", marker.code), "") if marker.vocabulary == "1" else "",
             names.get(("PolicySignificance", marker.significance), "")) for marker in markers]


def _money_rows(activity: Activity) -> list[tuple[str, Decimal, str, object]]:
    """(kind, value, currency, value date) of the activity's budgets (revised ones replace the original ones when it
    reports any) and of its commitments, disbursements and expenditure."""
    budgets = list(activity.budgets.all())
    revised = [budget for budget in budgets if budget.type == "2"]
    rows = [("budget", budget.value, budget.currency, budget.value_date or budget.period_start)
            for budget in (revised or budgets)]
    rows += [("commitments" if transaction.type == "2" else "disbursements", transaction.value, transaction.currency,
              transaction.value_date or transaction.date)
             for transaction in activity.transactions.all() if transaction.type in {"2", "3", "4"}]
    return rows


def activity_money_usd(activity: Activity) -> dict[str, Decimal | None]:
    """The same totals as `activity_money`, in US dollars at the ECB rate of each amount's value date (`exchange`),
    whatever the currencies reported; a total is None when any of its amounts has no rate (never a part of it)."""
    totals: dict[str, Decimal | None] = {}
    for kind, value, currency, day in _money_rows(activity):
        converted = exchange.to_usd(value, currency or activity.default_currency, day)
        if kind in totals and totals[kind] is None:
            continue
        totals[kind] = None if converted is None else totals.get(kind, Decimal(0)) + converted
    return {kind: None if total is None else total.quantize(Decimal("0.01")) for kind, total in totals.items()}


def activity_money(activity: Activity) -> tuple[dict[str, Decimal], str]:
    """The activity's budget, commitments and disbursements (with expenditure), and their currency ("" if mixed)."""
    rows = [(kind, value, currency) for kind, value, currency, _day in _money_rows(activity)]
    totals, currencies = _money(rows, lambda code: code or activity.default_currency)
    if len(currencies) > 1:
        return {}, ""
    return totals, next(iter(currencies), activity.default_currency)


def activity_detail_rows(queryset) -> Iterator[Activity]:
    """`queryset` (already restricted and filtered) for the detailed export: every part it names read in a few
    queries a chunk, and each activity's money (`.money`: totals and their currency) worked out once."""
    queryset = queryset.prefetch_related(None).select_related("reporting_organisation", "parent").prefetch_related(
        Prefetch("participating_organisations",
                 queryset=ParticipatingOrganisation.objects.select_related("organisation").order_by("pk")),
        Prefetch("recipient_countries", queryset=RecipientCountry.objects.select_related("country").order_by("pk")),
        "recipient_regions", "sectors__sector", "budgets", "transactions", "articles__instrument", "priority_areas",
        "ta_types", "delivery_languages")
    for activity in queryset.iterator(chunk_size=500):
        activity.money = activity_money(activity)
        activity.money_usd = activity_money_usd(activity)
        yield activity


def activity_split_rows(queryset) -> Iterator[SplitRow]:
    """The split export of `queryset` (already restricted and filtered)."""
    queryset = queryset.prefetch_related(None).prefetch_related(
        Prefetch("recipient_countries", queryset=RecipientCountry.objects.select_related("country")),
        "sectors__sector", "budgets", "transactions").select_related("reporting_organisation")
    for activity in queryset.iterator(chunk_size=500):
        countries = list(activity.recipient_countries.all())
        sectors = list(activity.sectors.all())
        vocabulary = sector_vocabulary_to_split(list(dict.fromkeys(sector.vocabulary for sector in sectors)))
        sectors = [sector for sector in sectors if sector.vocabulary == vocabulary]
        totals, currency = activity_money(activity)
        in_usd = activity_money_usd(activity)
        for country, sector, share in split_rows([Share(row, row.percentage) for row in countries],
                                                 [Share(row, row.percentage) for row in sectors]):
            amounts = {kind: (total * share).quantize(Decimal("0.01")) for kind, total in totals.items()}
            amounts_usd = {kind: None if total is None else (total * share).quantize(Decimal("0.01"))
                           for kind, total in in_usd.items()}
            yield SplitRow(
                activity=activity,
                country_code=country.country.iso2 if country else "",
                country_name=country.country.name if country else "",
                country_percentage=country.percentage if country else None,
                sector_vocabulary=sector.vocabulary if sector else "",
                sector_code=sector.code if sector else "",
                sector_name=sector.sector.name if sector and sector.sector_id else "",
                sector_percentage=sector.percentage if sector else None,
                share=share.quantize(Decimal("0.0001")),
                budget=amounts.get("budget"), commitments=amounts.get("commitments"),
                disbursements=amounts.get("disbursements"),
                currency=currency,
                budget_usd=amounts_usd.get("budget"), commitments_usd=amounts_usd.get("commitments"),
                disbursements_usd=amounts_usd.get("disbursements"),
            )


def iati_freshness(activities) -> dict:
    """How fresh the IATI data among `activities` is (what IATI.cloud's users ask for): how many came from IATI
    files, when the last import that added or changed any of them finished, and the newest update their publishers
    declare."""
    imported = Q(iati_import__isnull=False)
    return activities.order_by().aggregate(
        imported=Count("pk", filter=imported), total=Count("pk"),
        last_import=Max("iati_import__last_run__finished_at"), last_run_id=Max("iati_import__last_run_id"),
        publisher_update=Max("last_updated_datetime", filter=imported))


@dataclass
class ActivityLink:
    """Another activity linked to this one: how, and the activity when the viewer may see it (else its identifier)."""

    how: str
    identifier: str
    activity: Activity | None


def activity_links(activity: Activity, *, user) -> list[ActivityLink]:
    """The activities linked to this one, both ways, by related-activity references and by the activity identifiers
    of transactions (who funds it, whom it funds): the chains of funders and implementers that coordination needs
    and IATI portals show as bare identifiers. What this activity's own data names is listed (linked when the viewer
    may see it); what other activities say of it only when the viewer may see them."""
    incoming, outgoing = {"1", "11", "13"}, {"2", "3", "12"}
    own: list[tuple[str, str]] = [(str(row.get_type_label()), row.ref) for row in activity.related_activities.all()]
    for row in activity.transactions.all():
        if row.type in incoming and row.provider_activity_id:
            own.append((_("funds this one"), row.provider_activity_id))
        if row.type in outgoing and row.receiver_activity_id:
            own.append((_("funded by this one"), row.receiver_activity_id))
    others: list[tuple[str, str]] = [
        (_("names this one as related (%(type)s)") % {"type": row.get_type_label()}, row.activity.iati_identifier)
        for row in RelatedActivity.objects.filter(ref=activity.iati_identifier).exclude(activity=activity)
        .select_related("activity")]
    others += [(_("funds this one"), row.activity.iati_identifier) for row in Transaction.objects.filter(
        receiver_activity_id=activity.iati_identifier, type__in=outgoing).exclude(activity=activity)
        .select_related("activity")]
    others += [(_("funded by this one"), row.activity.iati_identifier) for row in Transaction.objects.filter(
        provider_activity_id=activity.iati_identifier, type__in=incoming).exclude(activity=activity)
        .select_related("activity")]
    identifiers = {identifier for _how, identifier in own + others}
    visible = {found.iati_identifier: found for found in Activity.objects.restrict(user, Action.VIEW).filter(
        iati_identifier__in=identifiers, archived_at__isnull=True)}
    links = [(how, identifier) for how, identifier in own if identifier != activity.iati_identifier]
    # What another activity says of this one is shown only when this one's own data does not name it already.
    named = {identifier for _how, identifier in links}
    links += [(how, identifier) for how, identifier in others if identifier in visible and identifier not in named]
    return [ActivityLink(how, identifier, visible.get(identifier)) for how, identifier in dict.fromkeys(links)]
