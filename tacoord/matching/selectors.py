"""Reads of the matching app: a need's candidates with the explanation of each score, the needs a provider could
address, and coverage (which needs nobody addresses, which have several providers on them). Every read is limited to
what the user may see."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tacoord.activities.models import Activity, RecipientCountry
from tacoord.core.permissions import Action
from tacoord.core.roles import Role, role_of
from tacoord.experts.models import Expert
from tacoord.matching import features
from tacoord.matching.choices import CandidateKind, Part
from tacoord.matching.models import Match
from tacoord.matching.scoring import KINDS, Matcher, Scored
from tacoord.matching.services import current_weights
from tacoord.needs.choices import PUBLISHED_STATUSES, NeedStatus
from tacoord.needs.models import Need
from tacoord.organisations.models import Organisation
from tacoord.providers.models import ProviderProfile
from tacoord.reference.models import Country


@dataclass(frozen=True)
class Explained:
    """A part of a score as shown: what it means, its points, and its weight (the most it could give)."""

    part: str
    label: str
    points: float
    weight: float


@dataclass
class Candidate:
    """One ranked candidate: a ProviderProfile, an Activity or an Expert (or, for a provider, a Need), its score and
    the parts that make it up."""

    kind: str
    obj: object
    score: float
    rank: int
    parts: list[Explained] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(CandidateKind(self.kind).label)


def explain(parts: dict, weights: dict[str, float]) -> list[Explained]:
    """The parts of a score in the order of Part, those that gave points."""
    return [Explained(part=part, label=str(label), points=float(parts[part]), weight=weights.get(part, 0.0))
            for part, label in Part.choices if parts.get(part)]


def _visible_candidates(user, kind: str) -> QuerySet:
    if kind == CandidateKind.PROVIDER:
        return ProviderProfile.objects.restrict(user, Action.VIEW).select_related("organisation")
    if kind == CandidateKind.ACTIVITY:
        return Activity.objects.restrict(user, Action.VIEW).select_related("reporting_organisation")
    return Expert.objects.restrict(user, Action.VIEW)


def _objects(user, scored: list[Scored]) -> dict[tuple[str, int], object]:
    wanted = defaultdict(set)
    for s in scored:
        wanted[s.kind].add(s.candidate)
    return {(kind, obj.pk): obj for kind, pks in wanted.items()
            for obj in _visible_candidates(user, kind).filter(pk__in=pks)}


def _may_see(user, country_id: int, published: bool):
    """Which candidates `user` may see ranked for a need of `country_id` (the rule of MatchPolicy, for matches
    scored on the spot): all for the secretariat and the State's own people; else only themselves, once the State
    has validated the need."""
    role = role_of(user)
    if role == Role.SECRETARIAT or (role in {Role.FOCAL_POINT, Role.AGENCY_USER} and user.state_id == country_id):
        return lambda kind, obj: True
    if not published:
        return lambda kind, obj: False
    if role == Role.PROVIDER_OFFICER and user.organisation_id:
        own = set(Organisation.objects.filter(Q(pk=user.organisation_id) | Q(parent=user.organisation_id))
                  .values_list("pk", flat=True))
        return lambda kind, obj: (kind == CandidateKind.PROVIDER and obj.organisation_id in own) or (
            kind == CandidateKind.ACTIVITY and obj.reporting_organisation_id in own)
    if role == Role.EXPERT:
        return lambda kind, obj: kind == CandidateKind.EXPERT and obj.user_id == user.pk
    return lambda kind, obj: False


def _candidates(user, scored: list[Scored], limit: int, may_see) -> list[Candidate]:
    weights = current_weights().as_dict()
    found = _objects(user, scored)
    made, per_kind = [], Counter()
    for s in scored:
        obj = found.get((s.kind, s.candidate))
        if obj is None or per_kind[s.kind] >= limit or not may_see(s.kind, obj):
            continue
        per_kind[s.kind] += 1
        made.append(Candidate(kind=s.kind, obj=obj, score=s.score, rank=per_kind[s.kind],
                              parts=explain(s.parts, weights)))
    return made


def _live(user, need_rows, limit: int) -> list[Scored]:
    today = timezone.localdate()
    candidates = features.all_candidates(today)
    found: dict[tuple[str, int], Scored] = {}
    for scored_need in Matcher(candidates, current_weights().as_dict(),
                               needs_corpus=[n.text for n in need_rows]).rank(need_rows, limit * 3):
        for s in scored_need:
            key = (s.kind, s.candidate)
            if key not in found or found[key].score < s.score:
                found[key] = s
    return sorted(found.values(), key=lambda s: (KINDS.index(s.kind), -s.score, s.candidate))


def candidates_for_need(*, need: Need, user, limit: int = 10) -> list[Candidate]:
    """The ranked candidates of each kind (provider, activity, expert) for `need`, best first, each with the parts
    of its score; [] when the user may not see the need. Read from the stored matches; a need matching has not
    reached yet is scored on the spot."""
    if not Need.objects.restrict(user, Action.VIEW).filter(pk=need.pk).exists():
        return []
    may_see = _may_see(user, need.country_id, need.status in PUBLISHED_STATUSES and need.archived_at is None)
    if Match.objects.filter(need=need).exists():
        stored = Match.objects.restrict(user, Action.VIEW).filter(need=need)
        scored = [Scored(need=need.pk, kind=m.kind, candidate=m.candidate_id, score=m.score, parts=m.parts,
                         rank=m.rank) for m in stored]
        scored.sort(key=lambda s: (KINDS.index(s.kind), s.rank))
    else:
        scored = _live(user, features.need_features(Need.objects.filter(pk=need.pk)), limit)
    return _candidates(user, scored, limit, may_see)


def candidates_for_criteria(*, user, country: Country, articles=(), ta_types=(), languages=(), priority_area=None,
                            text: str = "", limit: int = 10) -> list[Candidate]:
    """Ranked candidates for a request's criteria (articles, types of assistance, languages, State, priority area,
    a description), scored on the spot; a candidate fitting several article × type pairs counts its best."""
    need_rows = features.criteria_features(country=country, articles=articles, ta_types=ta_types,
                                           languages=languages, priority_area=priority_area, text=text)
    return _candidates(user, _live(user, need_rows, limit), limit, _may_see(user, country.pk, published=True))


def needs_for_provider(*, profile: ProviderProfile, user, limit: int = 50) -> list[Candidate]:
    """The open needs the user may see that `profile` could address, best first (scored on the spot)."""
    visible = features.open_needs(Need.objects.restrict(user, Action.VIEW))
    need_rows = features.need_features(visible)
    offer = features.provider_features(ProviderProfile.objects.filter(pk=profile.pk))
    if not need_rows or not offer:
        return []
    weights = current_weights().as_dict()
    scored = Matcher(offer, weights, needs_corpus=[n.text for n in need_rows]).rank_needs(need_rows, limit)
    by_pk = Need.objects.select_related("country", "article__instrument", "ta_type").in_bulk([s.need for s in scored])
    return [Candidate(kind="need", obj=by_pk[s.need], score=s.score, rank=s.rank, parts=explain(s.parts, weights))
            for s in scored]


def matches_visible(user) -> QuerySet:
    return Match.objects.restrict(user, Action.VIEW).select_related(
        "need__country", "need__article__instrument", "need__ta_type", "provider__organisation",
        "activity__reporting_organisation", "expert")


# ------------------------------------------------------------------------------------------------ coverage

@dataclass
class NeedCoverage:
    need: Need
    activities: int  # current activities addressing it (linked, or in the State on its article)
    providers: int  # distinct organisations behind them
    offers: int  # providers whose offer covers its subject and who work in the State or its region

    @property
    def status(self) -> str:
        if self.providers >= 2:
            return "several"
        if self.activities:
            return "addressed"
        return "offered" if self.offers else "unmet"


COVERAGE_LABELS = {"unmet": _("Unmet: no activity, no offer"), "offered": _("Offered, no activity yet"),
                   "addressed": _("Addressed"), "several": _("Several providers on it")}


def _is_offer(parts: dict) -> bool:
    # An offer answers a need when the provider offers its article (or the article's cluster) and its type of
    # assistance, where the State is (the country or its region). A shared priority area alone is too broad: five
    # areas cover every article, so nearly every need would count as offered.
    return bool(parts.get("article") or parts.get("cluster")) and bool(parts.get("ta_type")) and bool(
        parts.get("country") or parts.get("region"))


def coverage(*, user, country: Country | None = None, today: date | None = None) -> list[NeedCoverage]:
    """For the open validated needs the user may see (of one State, or all): who addresses them. Five queries."""
    today = today or timezone.localdate()
    needs = Need.objects.restrict(user, Action.VIEW).filter(
        status__in=(NeedStatus.VALIDATED, NeedStatus.BEING_ADDRESSED), archived_at__isnull=True)
    if country is not None:
        needs = needs.filter(country=country)
    needs = list(needs.select_related("country", "article__instrument", "priority_area", "ta_type")
                 .order_by("country__name_en", "pk"))
    pks = [need.pk for need in needs]
    activities = features.current_activities().exclude(Q(actual_end__lt=today) | Q(
        actual_end__isnull=True, planned_end__lt=today))
    linked = defaultdict(set)
    for need, activity, organisation in Activity.needs.through.objects.filter(
            need_id__in=pks, activity__in=activities).values_list(
            "need_id", "activity_id", "activity__reporting_organisation_id"):
        linked[need].add((activity, organisation))
    by_place = defaultdict(set)  # (country, article) → {(activity, organisation)}
    countries = {need.country_id for need in needs}
    for activity, organisation, where in RecipientCountry.objects.filter(
            country_id__in=countries, activity__in=activities).values_list(
            "activity_id", "activity__reporting_organisation_id", "country_id"):
        by_place[where].add((activity, organisation))
    articles = defaultdict(set)
    for activity, article in Activity.articles.through.objects.filter(
            activity__in=activities, activity__recipient_countries__country_id__in=countries).values_list(
            "activity_id", "article_id"):
        articles[activity].add(article)
    offers = Counter()
    for need, parts in Match.objects.filter(need_id__in=pks, kind=CandidateKind.PROVIDER).values_list(
            "need_id", "parts"):
        if _is_offer(parts):
            offers[need] += 1
    made = []
    for need in needs:
        found = set(linked.get(need.pk, ()))
        if need.article_id:
            found |= {(a, o) for a, o in by_place.get(need.country_id, ()) if need.article_id in articles.get(a, ())}
        made.append(NeedCoverage(need=need, activities=len({a for a, _o in found}),
                                 providers=len({o for _a, o in found}), offers=offers.get(need.pk, 0)))
    return made


def coverage_by(rows: list[NeedCoverage], key) -> list[tuple[object, Counter]]:
    """Coverage counted by `key(need)` (a priority area, a State), in the order first met."""
    grouped: dict[object, Counter] = {}
    for row in rows:
        grouped.setdefault(key(row.need), Counter())[row.status] += 1
    return list(grouped.items())


def coverage_table(rows: list[NeedCoverage], key) -> list[tuple[object, list[int]]]:
    """`coverage_by` as table rows: each key with its counts in the order of COVERAGE_LABELS."""
    return [(group, [counts[status] for status in COVERAGE_LABELS]) for group, counts in coverage_by(rows, key)]
