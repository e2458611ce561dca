"""Synthetic provider profiles for the demo world: what UNODC, the donors and the other providers of
`tacoord.demo.world` offer. The organisations are real bodies; their offers here are invented for the demonstration
(every summary says so), drawn from a seeded generator so a seed gives the same profiles each time."""

import random
from dataclasses import dataclass

from tacoord.providers.choices import MODALITY_FIELDS, Modality, UnodcPartnership
from tacoord.providers.models import ProviderProfile
from tacoord.providers.services import provider_profile_save
from tacoord.reference.models import (
    Article,
    Cluster,
    Country,
    Language,
    PriorityArea,
    Region,
    TechnicalAssistanceType,
)

SYNTHETIC = "[Synthetic demo profile]"


@dataclass(frozen=True)
class ProfileSpec:
    organisation: str  # key in DemoWorld.organisations
    focus: str
    clusters: tuple[str, ...]
    languages: tuple[str, ...]
    regions: tuple[str, ...] = ()  # M49 codes
    countries: tuple[str, ...] = ()  # ISO alpha-2
    partnership: str = UnodcPartnership.NONE
    partner_since: int | None = None


PROFILES = [
    ProfileSpec("unodc", "Legislative assistance, training and mentoring on the Convention and its Protocols",
                ("CRIM", "PTA", "LEJ", "IC", "GEN"), ("ar", "zh", "en", "fr", "ru", "es"),
                regions=("002", "019", "142", "150", "009")),
    ProfileSpec("unodc-roea", "Regional programme for Eastern Africa", ("LEJ", "IC"), ("en", "fr", "sw"),
                regions=("014",), countries=("KE",)),
    ProfileSpec("fcdo", "Serious and organised crime: investigations, prosecutions, illicit finance",
                ("LEJ", "IC"), ("en", "fr"), regions=("002",), countries=("KE", "NG", "CO"),
                partnership=UnodcPartnership.DONOR, partner_since=2004),
    ProfileSpec("usaid", "Rule of law and counter-trafficking programmes", ("PTA", "LEJ"), ("en", "es", "fr"),
                countries=("CO", "VN", "NG"), partnership=UnodcPartnership.DONOR, partner_since=2001),
    ProfileSpec("nl-mfa", "Security and rule of law: mutual legal assistance and witness protection", ("IC", "PTA"),
                ("en", "fr"), regions=("002", "150"), partnership=UnodcPartnership.DONOR, partner_since=2008),
    ProfileSpec("sida", "Justice sector reform and anti-corruption", ("GEN", "LEJ"), ("en", "es"),
                regions=("002", "019"), partnership=UnodcPartnership.JOINT_PROGRAMME, partner_since=2012),
    ProfileSpec("undp", "Governance, justice and security", ("GEN", "PTA"), ("en", "fr", "es", "ar"),
                regions=("002", "142", "019"), partnership=UnodcPartnership.AGREEMENT, partner_since=2010),
    ProfileSpec("iom", "Protection of victims of trafficking and smuggled migrants", ("PTA",),
                ("en", "fr", "es", "ar"), regions=("002", "142", "019"),
                partnership=UnodcPartnership.IMPLEMENTING_PARTNER, partner_since=2009),
    ProfileSpec("interpol", "Police cooperation, databases and joint operations", ("LEJ", "IC"),
                ("en", "fr", "es", "ar"), regions=("002", "019", "142", "150"),
                partnership=UnodcPartnership.AGREEMENT, partner_since=2006),
    ProfileSpec("auc", "Regional cooperation frameworks in Africa", ("IC", "GEN"), ("en", "fr", "ar", "pt"),
                regions=("002",), partnership=UnodcPartnership.INFORMAL),
    ProfileSpec("gi-toc", "Research and civil society resilience against organized crime", ("GEN",),
                ("en", "fr", "es"), regions=("002", "019", "150"), partnership=UnodcPartnership.INFORMAL),
    ProfileSpec("basel", "Asset recovery and financial investigations", ("IC",), ("en", "fr", "es"),
                regions=("002", "019", "142"), partnership=UnodcPartnership.IMPLEMENTING_PARTNER,
                partner_since=2014),
]


def demo_providers_build(*, world, seed: int) -> list[str]:
    """Write one synthetic profile for each provider of the demo world, as the demo secretariat officer. Returns
    summary lines for the demo command to print."""
    rng = random.Random(seed)
    secretariat = world.people["secretariat"]
    ta_types = list(TechnicalAssistanceType.objects.order_by("position"))
    priority_areas = list(PriorityArea.objects.all())
    made = 0
    for spec in PROFILES:
        organisation = world.organisations.get(spec.organisation)
        if organisation is None or ProviderProfile.objects.filter(organisation=organisation).exists():
            continue
        articles = list(Article.objects.filter(cluster__code__in=spec.clusters, is_final_clause=False)
                        .order_by("pk"))
        modalities = rng.sample(Modality.values, rng.randint(1, 3))
        profile = ProviderProfile(
            organisation=organisation, summary=f"{SYNTHETIC} {spec.focus}.",
            contact_name=f"{organisation.acronym or organisation.name} programme desk",
            contact_email=f"ta-{spec.organisation}@example.org", unodc_partnership=spec.partnership,
            unodc_partner_since=spec.partner_since,
            **{MODALITY_FIELDS[modality]: True for modality in modalities},
        )
        relations = {
            "clusters": list(Cluster.objects.filter(code__in=spec.clusters)),
            "articles": rng.sample(articles, min(len(articles), rng.randint(2, 6))),
            "priority_areas": rng.sample(priority_areas, min(len(priority_areas), rng.randint(1, 3))),
            "ta_types": rng.sample(ta_types, min(len(ta_types), rng.randint(2, 5))),
            "languages": list(Language.objects.filter(code__in=spec.languages)),
            "regions": list(Region.objects.filter(m49_code__in=spec.regions)),
            "countries": list(Country.objects.filter(iso2__in=spec.countries)),
        }
        provider_profile_save(user=secretariat, profile=profile, relations=relations)
        made += 1
    return [f"Provider profiles: {made} (synthetic offers of real organisations)."]
