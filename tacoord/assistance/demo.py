"""Synthetic requests for assistance for the demo: requests in every stage across the demo States, with offers
(one of them joint), and one delivery completed with its milestones.

Every request here is invented: its context starts with SYNTHETIC_MARK and `synthetic` is set. The same seed gives
the same requests. Steps are taken through the services by the demo people who take them (the focal points of
Kenya and Colombia, the secretariat, the FCDO officer); for a State without a demo focal point the State's own
steps are recorded as taken by the system, still through the state machine. Afterwards the steps are spread over
the past months, so the pipeline's medians mean something.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tacoord.assistance import lifecycle as lc
from tacoord.assistance.models import Offer, Request, RequestStep
from tacoord.assistance.services import (
    _lock,
    _move,
    milestone_record,
    offer_accept,
    offer_save,
    request_save,
    request_step,
)
from tacoord.needs.models import Need
from tacoord.notifications.services import emails_suppressed
from tacoord.reference.models import Language, TechnicalAssistanceType

SYNTHETIC_MARK = "[Synthetic demo request]"
STATES = ("KE", "CO", "VN", "NG", "RS")
TOPICS = [
    ("Mentoring of prosecutors on mutual legal assistance requests", ("legal-advice", "training")),
    ("Training of investigators on trafficking in persons cases", ("training",)),
    ("Drafting a firearms marking and record-keeping regulation", ("legislative-drafting",)),
    ("Setting up a witness protection unit", ("institution-building",)),
    ("Financial investigation and asset recovery workshop", ("training",)),
    ("Joint investigation teams with neighbouring States", ("international-cooperation", "training")),
    ("Equipment for the forensic laboratory", ("equipment-logistics",)),
]
# The stage each request is left in: every stage, some twice; the last one is delivered completely.
TARGETS = [lc.DRAFT, lc.AWAITING_APPROVAL, lc.SUBMITTED, lc.UNDER_TRIAGE, lc.CLARIFICATION_ASKED, lc.ACCEPTED,
           lc.CIRCULATED, lc.OFFERS_RECEIVED, lc.AGREED, lc.IN_DELIVERY, lc.DECLINED, lc.MERGED, lc.WITHDRAWN,
           lc.CIRCULATED, lc.OFFERS_RECEIVED, lc.SUBMITTED, lc.COMPLETED]
PATH = ["propose", "submit", "triage", "accept", "circulate", "offer", "agree", "start_delivery", "complete"]
STOP_AFTER = {lc.DRAFT: 0, lc.AWAITING_APPROVAL: 1, lc.SUBMITTED: 2, lc.UNDER_TRIAGE: 3, lc.ACCEPTED: 4,
              lc.CIRCULATED: 5, lc.OFFERS_RECEIVED: 6, lc.AGREED: 7, lc.IN_DELIVERY: 8, lc.COMPLETED: 9}


def _state_step(request, action, person, note=""):
    if person is not None:
        return request_step(user=person, request=request, action=action, note=note)
    with transaction.atomic():
        return _move(user=None, request=_lock(request), action=action, note=note)


def _spread_in_time(request: Request, rng: random.Random, now) -> None:
    steps = list(RequestStep.objects.filter(request=request).order_by("pk"))
    moment = now - datetime.timedelta(days=rng.randint(60, 240))
    previous_stage_entry = moment
    for step in steps:
        moment += datetime.timedelta(days=rng.randint(2, 25), hours=rng.randint(0, 20))
        moment = min(moment, now)
        step.at = moment
        if step.days_in_stage is not None:
            step.days_in_stage = (moment - previous_stage_entry).total_seconds() / 86400
        if step.to_stage != step.from_stage:
            previous_stage_entry = moment
    RequestStep.objects.bulk_update(steps, ["at", "days_in_stage"])
    Request.objects.filter(pk=request.pk).update(stage_since=previous_stage_entry)


def demo_requests_build(*, world, seed: int) -> list[str]:
    """Create the synthetic requests of the demo world; returns summary lines. Needs the demo organisations and
    people (and, if built, the demo needs, which the requests then concern)."""
    rng = random.Random(f"{seed}:requests")
    secretariat = world.people["secretariat"]
    organisations = world.organisations
    focal_points = {person.organisation.country.iso2: person for person in world.people.values()
                    if person.role == "focal_point" and person.organisation_id}
    agency_users = {person.organisation.country.iso2: person for person in world.people.values()
                    if person.role == "agency_user" and person.organisation_id}
    officer = world.people.get("provider-fcdo")
    providers = [organisations[key] for key in ("fcdo", "unodc", "usaid", "undp", "nl-mfa") if key in organisations]
    partners = [organisations[key] for key in ("gi-toc", "auc") if key in organisations]
    ta_types = {t.code: t for t in TechnicalAssistanceType.objects.all()}
    languages = {language.code: language for language in Language.objects.filter(code__in=["en", "es", "fr", "ru"])}
    now = timezone.now()
    made, offers_made, merged_target = [], 0, {}
    with emails_suppressed():
        for number, target in enumerate(TARGETS):
            iso2 = STATES[number % len(STATES)] if target != lc.COMPLETED else "KE"
            country = next((o.country for o in organisations.values() if o.country and o.country.iso2 == iso2), None)
            if country is None:
                continue
            title, codes = TOPICS[number % len(TOPICS)]
            focal = focal_points.get(iso2)
            drafter = agency_users.get(iso2) or focal or secretariat
            needs = list(Need.objects.filter(country=country, archived_at__isnull=True).order_by("pk")[:2])
            request = Request(country=country, title=title, urgency=rng.choice(["low", "medium", "high", "critical"]),
                              context=f"{SYNTHETIC_MARK} The {title.lower()} would close a gap found in the "
                                      f"self-assessment.", beneficiary_institutions="Prosecution service; police",
                              desired_start=(now + datetime.timedelta(days=rng.randint(60, 200))).date())
            request.desired_end = request.desired_start + datetime.timedelta(days=rng.randint(90, 360))
            request.synthetic = True
            language = languages.get("es" if iso2 == "CO" else "ru" if iso2 == "RS" else "en")
            request = request_save(user=drafter, request=request, relations={
                "needs": needs, "ta_types": [ta_types[c] for c in codes if c in ta_types],
                "languages": [language] if language else []})
            steps = STOP_AFTER.get(target, 3 if target in {lc.CLARIFICATION_ASKED, lc.DECLINED, lc.MERGED} else 2)
            if target == lc.WITHDRAWN:
                steps = 5
            for action in PATH[:steps]:
                if action == "propose":
                    request = _state_step(request, "propose", drafter if drafter != secretariat else None)
                elif action == "submit":
                    request = _state_step(request, "submit", focal)
                elif action == "circulate":
                    chosen = rng.sample(providers, k=min(3, len(providers)))
                    if officer and officer.organisation not in chosen:
                        chosen[0] = officer.organisation
                    request = request_step(user=secretariat, request=request, action="circulate", providers=chosen)
                elif action == "offer":
                    for index, provider in enumerate(request.circulated_to.all()[:2]):
                        by = officer if officer and provider == officer.organisation else secretariat
                        joint = [organisations["undp"]] if index == 1 and "undp" in organisations \
                            and provider != organisations["undp"] and offers_made % 3 == 1 else []
                        start = request.desired_start + datetime.timedelta(days=rng.randint(0, 30))
                        offer = Offer(request=request, provider=provider, modality=rng.choice(
                            ["on_site", "remote", "regional_workshop", "mixed"]),
                            scope=f"{SYNTHETIC_MARK} Workshops, mentoring and a final review for {country.name_en}.",
                            start=start, end=start + datetime.timedelta(days=rng.randint(60, 300)),
                            budget=Decimal(rng.randrange(20000, 400000, 5000)), currency=rng.choice(["USD", "EUR"]),
                            funding_source="Synthetic demo budget line")
                        offer_save(user=by, offer=offer, relations={
                            "co_providers": joint, "partners": partners[:1] if joint else [],
                            "languages": [language] if language else []})
                        offers_made += 1
                    request.refresh_from_db()
                elif action == "agree":
                    offer = request.offers.order_by("-pk").first()
                    offer_accept(user=focal or secretariat, offer=offer, note="Best fit for the timeframe",
                                 others_note="The State chose another offer that fits its timeframe.")
                    request.refresh_from_db()
                elif action in {"start_delivery", "complete"}:
                    if action == "complete":
                        milestone_record(user=secretariat, request=request, description="Inception workshop held",
                                         reached_on=(now - datetime.timedelta(days=30)).date())
                    request = request_step(user=secretariat, request=request, action=action)
                else:
                    request = request_step(user=secretariat, request=request, action=action)
            if target == lc.CLARIFICATION_ASKED:
                request = request_step(user=secretariat, request=request, action="ask_clarification",
                                       note="Which institutions would take part, and how many people?")
            elif target == lc.DECLINED:
                request = request_step(user=secretariat, request=request, action="decline",
                                       note="Already covered by an activity under way in the State.")
            elif target == lc.MERGED:
                other = merged_target.get(iso2)
                if other is not None:
                    request = request_step(user=secretariat, request=request, action="merge", merge_into=other)
            elif target == lc.WITHDRAWN:
                request = _state_step(request, "withdraw", focal, note="Funded from the national budget instead.")
            if request.stage not in lc.CLOSED | lc.STATE_ONLY:
                merged_target.setdefault(iso2, request)
            _spread_in_time(request, rng, now)
            made.append(request)
    stages = sorted({request.stage for request in Request.objects.filter(pk__in=[r.pk for r in made])})
    return [f"{len(made)} synthetic requests for assistance in {len(stages)} stages, {offers_made} offers "
            f"(joint: {Offer.objects.filter(request__in=made, co_providers__isnull=False).distinct().count()}), "
            f"{Request.objects.filter(pk__in=[r.pk for r in made], stage=lc.COMPLETED).count()} delivery completed"]
