"""Synthetic coordination meetings for the demo: an in-country meeting in each demo State, donor round tables, a
regional meeting for Eastern Africa, with decisions and follow-up actions (some done, some open, some overdue).

Every meeting here is invented: its summary starts with SYNTHETIC_MARK. The same seed gives the same meetings.
Everything is written through the services, as the demo secretariat; follow-up owners are notified in the
application (no e-mail is sent for demo data).
"""

import datetime
import random
from dataclasses import dataclass

from tacoord.activities.models import Activity
from tacoord.assistance.choices import Stage
from tacoord.assistance.models import Request
from tacoord.meetings.choices import FollowUpStatus, MeetingKind
from tacoord.meetings.models import FollowUpAction, Meeting
from tacoord.meetings.services import follow_up_save, follow_up_set_status, meeting_save
from tacoord.notifications.services import emails_suppressed
from tacoord.reference.models import Region

SYNTHETIC_MARK = "[Synthetic demo meeting]"
# Requests a State brings to its partners: submitted and beyond, not yet settled.
DISCUSSED_STAGES = [Stage.SUBMITTED, Stage.ACCEPTED, Stage.CIRCULATED, Stage.OFFERS_RECEIVED, Stage.AGREED,
                    Stage.IN_DELIVERY]


@dataclass(frozen=True)
class MeetingSpec:
    kind: str
    title: str
    place: str
    country: str  # ISO 3166 alpha-2, "" for none
    convened_by: str  # organisation key of the demo world
    participants: tuple[str, ...]
    decisions: str
    region_m49: str = ""


SPECS = [
    MeetingSpec(MeetingKind.IN_COUNTRY, "Kenya: coordination of support to the criminal justice chain", "Nairobi",
                "KE", "ke-focal-point", ("ke-police", "ke-prosecution", "ke-dci", "fcdo", "unodc-roea", "undp"),
                "Partners share their work plans each quarter through the focal point. FCDO and UNODC align their "
                "training of prosecutors on mutual legal assistance."),
    MeetingSpec(MeetingKind.DONOR_ROUND_TABLE, "Colombia: donor round table on organized crime and money laundering",
                "Bogotá", "CO", "unodc-co", ("co-focal-point", "co-prosecution", "usaid", "nl-mfa", "gi-toc"),
                "Donors fund the Fiscalía's asset recovery unit jointly rather than in parallel projects."),
    MeetingSpec(MeetingKind.IN_COUNTRY, "Viet Nam: coordination on trafficking in persons and smuggling of migrants",
                "Hanoi", "VN", "unodc-vn", ("vn-focal-point", "vn-prosecution", "iom", "sida"),
                "One joint curriculum on victim identification; IOM leads the shelters component."),
    MeetingSpec(MeetingKind.IN_COUNTRY, "Nigeria: coordination on trafficking in persons", "Abuja", "NG", "unodc-ng",
                ("ng-focal-point", "ng-naptip", "ng-police", "fcdo", "iom"),
                "NAPTIP's needs assessment is the common basis; overlapping trainings in Lagos are merged."),
    MeetingSpec(MeetingKind.REGIONAL, "Eastern Africa: regional coordination on firearms", "Nairobi", "", "unodc-roea",
                ("ke-focal-point", "auc", "interpol", "usaid", "fcdo"),
                "A regional marking and record-keeping workshop replaces three national ones.", region_m49="014"),
    MeetingSpec(MeetingKind.DONOR_ROUND_TABLE, "Serbia: donor round table on firearms trafficking", "Belgrade", "RS",
                "unodc", ("rs-focal-point", "rs-interior", "sida", "nl-mfa", "undp"),
                "Donors map their support against the Ministry of Interior's firearms roadmap."),
]

ACTIONS = [
    "Circulate the updated matrix of who does what to all participants",
    "Share the draft training curriculum for comments",
    "Propose dates for a joint needs assessment mission",
    "Report on the procurement of forensic equipment",
    "Prepare terms of reference for a shared expert on mutual legal assistance",
    "Send the list of beneficiary institutions and focal persons",
]


def _activities(iso2: str, rng: random.Random) -> list[Activity]:
    candidates = list(Activity.objects.filter(recipient_countries__country__iso2=iso2, archived_at__isnull=True)
                      .order_by("iati_identifier").distinct()[:20]) if iso2 else []
    return rng.sample(candidates, min(len(candidates), rng.randint(1, 3))) if candidates else []


def demo_meetings_build(*, world, seed: int) -> list[str]:
    """Create the synthetic meetings of the demo world and their follow-up actions; returns summary lines. Needs the
    demo organisations and people (and, if built, the demo activities and requests, which the meetings then
    discuss)."""
    rng = random.Random(f"{seed}:meetings")
    secretariat = world.people["secretariat"]
    organisations = world.organisations
    people_by_organisation = {person.organisation_id: person for person in world.people.values()
                              if person.organisation_id and person.role != "secretariat"}
    base = datetime.date(2026, 1, 20)
    meetings, actions = 0, {FollowUpStatus.OPEN: 0, FollowUpStatus.DONE: 0}
    with emails_suppressed():
        for number, spec in enumerate(SPECS):
            date = base + datetime.timedelta(days=number * 45 + rng.randint(0, 20))
            country = organisations[f"{spec.country.lower()}-focal-point"].country if spec.country else None
            meeting = Meeting(
                kind=spec.kind, title=spec.title, date=date, place=spec.place, country=country,
                region=Region.objects.filter(m49_code=spec.region_m49).first() if spec.region_m49 else None,
                convened_by=organisations[spec.convened_by],
                summary=f"{SYNTHETIC_MARK} Invented for the demonstration of tacoord. Participants presented their "
                        f"current and planned assistance and the gaps the State reported.",
                decisions=spec.decisions)
            meeting = meeting_save(user=secretariat, meeting=meeting, relations={
                "participants": [organisations[key] for key in spec.participants],
                "activities": _activities(spec.country, rng),
                "requests": list(Request.objects.filter(country__iso2=spec.country, stage__in=DISCUSSED_STAGES)
                                 .order_by("pk")[:2]) if spec.country else []})
            meetings += 1
            for index, text in enumerate(rng.sample(ACTIONS, 3)):
                owner = organisations[rng.choice(spec.participants)]
                due = date + datetime.timedelta(days=rng.choice([30, 60, 90, 400]))
                action = follow_up_save(user=secretariat, follow_up=FollowUpAction(
                    meeting=meeting, description=text, owner_organisation=owner,
                    owner_person=people_by_organisation.get(owner.pk), due_date=due))
                if index == 0 and due < datetime.date(2026, 11, 1):
                    action = follow_up_set_status(user=secretariat, follow_up=action, status=FollowUpStatus.DONE,
                                                  note="Done as agreed.")
                actions[action.status] += 1
    return [f"Synthetic coordination meetings: {meetings}, follow-up actions: {actions[FollowUpStatus.OPEN]} open, "
            f"{actions[FollowUpStatus.DONE]} done"]
