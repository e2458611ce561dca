"""Synthetic technical-assistance activities for the demo: UNODC programmes with country components and bilateral
projects of four donors across the demo States.

Every activity here is invented: its description starts with SYNTHETIC_MARK and its identifier ends in "-DEMO-…".
The same seed gives the same activities. Everything is written through `activity_save`, as the demo secretariat.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from tacoord.activities.choices import ActivityStatus, CoordinationSetting, Modality
from tacoord.activities.models import Activity
from tacoord.activities.services import ActivityReferenceData, activity_save
from tacoord.needs.choices import PUBLISHED_STATUSES
from tacoord.needs.models import Need
from tacoord.reference.models import Article, Language, PriorityArea, TechnicalAssistanceType

SYNTHETIC_MARK = "[Synthetic demo activity]"
DEMO_STATES = ("KE", "CO", "VN", "NG", "RS")
NEIGHBOURS = {"KE": ("TZ", "UG"), "CO": ("EC", "PE"), "VN": ("LA", "KH"), "NG": ("GH", "BJ"), "RS": ("BA", "MK")}
STATE_LANGUAGES = {"KE": ("en", "sw"), "CO": ("es",), "VN": ("vi", "en"), "NG": ("en",), "RS": ("en", "ru")}


@dataclass(frozen=True)
class Theme:
    key: str
    title_en: str
    title_fr: str
    title_es: str
    articles: tuple[tuple[str, int], ...]
    priority_areas: tuple[int, ...]
    ta_types: tuple[str, ...]
    sectors: tuple[str, ...]


THEMES = [
    Theme("mla", "Mutual legal assistance and extradition in practice", "L'entraide judiciaire et l'extradition en "
          "pratique", "Asistencia judicial recíproca y extradición en la práctica", (("UNTOC", 16), ("UNTOC", 18)),
          (3,), ("training", "international-cooperation", "good-practices"), ("15130",)),
    Theme("tip", "Investigating and prosecuting trafficking in persons", "Enquêtes et poursuites en matière de "
          "traite des personnes", "Investigación y enjuiciamiento de la trata de personas", (("TIP", 5), ("TIP", 6)),
          (2,), ("training", "on-site-expert"), ("15180", "15130")),
    Theme("som", "Disrupting migrant smuggling networks", "Démanteler les réseaux de trafic illicite de migrants",
          "Desarticular las redes de tráfico ilícito de migrantes", (("SOM", 6), ("SOM", 11)), (2,),
          ("training", "equipment-logistics"), ("15190", "15210")),
    Theme("fir", "Marking, record-keeping and tracing of firearms", "Marquage, enregistrement et traçage des armes "
          "à feu", "Marcaje, registro y localización de armas de fuego", (("FIR", 7), ("FIR", 8)), (2,),
          ("legislative-drafting", "equipment-logistics"), ("15240", "15210")),
    Theme("aml", "Financial investigations and confiscation of proceeds of crime", "Enquêtes financières et "
          "confiscation du produit du crime", "Investigaciones financieras y decomiso del producto del delito",
          (("UNTOC", 7), ("UNTOC", 12), ("UNTOC", 13)), (4,), ("training", "legal-advice"), ("15113", "15130")),
    Theme("leg", "Legislative assistance for the Convention's criminalization provisions", "Assistance législative "
          "pour les incriminations de la Convention", "Asistencia legislativa para las disposiciones de "
          "penalización de la Convención", (("UNTOC", 5), ("UNTOC", 6), ("UNTOC", 23)), (1,),
          ("legislative-drafting", "model-legislation", "legal-advice"), ("15130",)),
    Theme("wit", "Protection of witnesses and victims", "Protection des témoins et des victimes", "Protección de "
          "testigos y víctimas", (("UNTOC", 24), ("UNTOC", 25)), (3,), ("institution-building", "training"),
          ("15130", "15160")),
    Theme("sit", "Special investigative techniques and joint investigations", "Techniques d'enquête spéciales et "
          "enquêtes conjointes", "Técnicas especiales de investigación e investigaciones conjuntas",
          (("UNTOC", 19), ("UNTOC", 20)), (3,), ("training", "secondments"), ("15210",)),
    Theme("data", "Crime statistics and threat assessment", "Statistiques de la criminalité et évaluation de la "
          "menace", "Estadísticas delictivas y evaluación de amenazas", (("UNTOC", 28),), (5,),
          ("research-data-collection", "policymaking"), ("15130", "16063")),
]

# (organisation key in the demo world, identifier prefix, currency, themes it funds, how many activities)
DONORS = [
    ("fcdo", "GB-GOV-1", "GBP", ("tip", "som", "aml"), 5),
    ("usaid", "US-GOV-1", "USD", ("aml", "fir", "sit", "data"), 5),
    ("nl-mfa", "NL-1", "EUR", ("tip", "wit", "mla"), 4),
    ("sida", "SE-0", "SEK", ("leg", "wit", "data"), 3),
]
UNODC_OFFICES = {"KE": "unodc-roea", "VN": "unodc-vn", "CO": "unodc-co", "NG": "unodc-ng", "RS": "unodc"}
PARTNERS = {"KE": ("auc", "gi-toc"), "NG": ("auc", "gi-toc"), "CO": ("gi-toc", "basel"), "VN": ("interpol",),
            "RS": ("interpol", "basel")}
AGENCY_KEYS = {"KE": "ke-prosecution", "CO": "co-prosecution", "VN": "vn-prosecution", "NG": "ng-naptip",
               "RS": "rs-prosecution"}


class _Catalogue:
    def __init__(self):
        self.articles = {(code, number): pk for pk, code, number in
                         Article.objects.values_list("pk", "instrument__code", "number")}
        self.priority_areas = dict(PriorityArea.objects.values_list("number", "pk"))
        self.ta_types = dict(TechnicalAssistanceType.objects.values_list("code", "pk"))
        self.languages = dict(Language.objects.values_list("code", "pk"))

    def relations(self, theme: Theme, languages) -> dict:
        return {
            "articles": [self.articles[key] for key in theme.articles if key in self.articles],
            "priority_areas": [self.priority_areas[n] for n in theme.priority_areas if n in self.priority_areas],
            "ta_types": [self.ta_types[code] for code in theme.ta_types if code in self.ta_types],
            "delivery_languages": [self.languages[code] for code in languages if code in self.languages],
        }


def _sectors(theme: Theme) -> list[dict]:
    if len(theme.sectors) == 1:
        return [{"code": theme.sectors[0], "percentage": 100}]
    return [{"code": theme.sectors[0], "percentage": 60}, {"code": theme.sectors[1], "percentage": 40}]


def _dates(rng: random.Random) -> tuple[datetime.date, datetime.date, str]:
    start_year = rng.choice([2022, 2023, 2024, 2025, 2026])
    start = datetime.date(start_year, rng.choice([1, 4, 7, 10]), 1)
    end = datetime.date(start_year + rng.choice([1, 2, 3]), start.month, 1) - datetime.timedelta(days=1)
    today = datetime.date(2026, 6, 1)
    status = ActivityStatus.PIPELINE if start > today else (
        ActivityStatus.CLOSED if end < today else ActivityStatus.IMPLEMENTATION)
    return start, end, status


def _money(rng: random.Random, start: datetime.date, end: datetime.date, status: str, funder: str,
           receiver: str) -> dict[str, list[dict]]:
    total = Decimal(rng.randrange(150, 2500) * 1000)
    budgets = [{"type": "1", "status": "2", "period_start": start, "period_end": end, "value": total}]
    transactions = [{"type": "2", "date": start, "value": total, "provider_org_name": funder,
                     "receiver_org_name": receiver}]
    if status != ActivityStatus.PIPELINE:
        paid = (total * Decimal(rng.choice([30, 50, 70, 100])) / 100).quantize(Decimal("1"))
        transactions.append({"type": "3", "date": start + datetime.timedelta(days=90), "value": paid,
                             "provider_org_name": funder, "receiver_org_name": receiver})
    return {"budgets": budgets, "transactions": transactions}


def _needs_for(iso2: str, theme: Theme, catalogue: _Catalogue) -> list[int]:
    article_ids = [catalogue.articles[key] for key in theme.articles if key in catalogue.articles]
    return list(Need.objects.filter(country__iso2=iso2, status__in=PUBLISHED_STATUSES, article_id__in=article_ids)
                .values_list("pk", flat=True)[:3])


def demo_activities_build(*, world, seed: int) -> list[str]:
    """Create the synthetic activities of the demo world; returns summary lines. Needs reference data and the
    demo organisations (and, if built, the demo needs, which activities then address)."""
    rng = random.Random(f"{seed}:activities")
    secretariat = world.people["secretariat"]
    organisations = world.organisations
    catalogue, reference = _Catalogue(), ActivityReferenceData()
    themes = {theme.key: theme for theme in THEMES}
    count = 0

    def save(*, identifier, reporter, theme, iso2_shares, currency, funder, implementer, parent=None,
             setting=CoordinationSetting.BILATERAL, languages=("en",), hierarchy=1, extra_title=""):
        nonlocal count
        start, end, status = _dates(rng)
        if parent is not None:
            start, end, status = max(start, parent.planned_start), min(end, parent.planned_end), parent.status
            if end <= start:
                start, end = parent.planned_start, parent.planned_end
        title = {"en": f"{theme.title_en}{extra_title}"}
        if "fr" in languages or rng.random() < 0.3:
            title["fr"] = theme.title_fr
        if "es" in languages:
            title["es"] = theme.title_es
        countries = ", ".join(iso2 for iso2, _share in iso2_shares)
        activity = Activity(
            iati_identifier=identifier, reporting_organisation=reporter, parent=parent, hierarchy=hierarchy,
            title=title, description={"en": f"{SYNTHETIC_MARK} Invented for the demonstration of tacoord: "
                                            f"{theme.title_en.lower()} in {countries}."},
            status=status, planned_start=start, planned_end=end,
            actual_start=start if status != ActivityStatus.PIPELINE else None,
            actual_end=end if status == ActivityStatus.CLOSED else None, default_currency=currency,
            collaboration_type="1" if setting == CoordinationSetting.BILATERAL else "2", default_flow_type="10",
            default_finance_type="110", default_aid_type="C01", modality=rng.choice(list(Modality.values)),
            coordination_setting=setting, beneficiary_institutions=", ".join(
                str(organisations[AGENCY_KEYS[iso2]]) for iso2, _share in iso2_shares if iso2 in AGENCY_KEYS),
        )
        children = {
            "recipient_countries": [{"country_code": iso2, "percentage": share} for iso2, share in iso2_shares],
            "sectors": _sectors(theme),
            "participating_organisations": [
                {"role": "1", "organisation": funder, "ref": funder.iati_identifier or "",
                 "name": {"en": funder.name}},
                {"role": "4", "organisation": implementer, "ref": implementer.iati_identifier or "",
                 "name": {"en": implementer.name}}],
            **_money(rng, start, end, status, funder.name, implementer.name),
        }
        if parent is not None:
            children["related_activities"] = [{"ref": parent.iati_identifier, "type": "1"}]
        relations = catalogue.relations(theme, languages)
        relations["partners"] = [organisations[key].pk for iso2, _share in iso2_shares
                                 for key in PARTNERS.get(iso2, ()) if key in organisations][:3]
        relations["needs"] = [pk for iso2, _share in iso2_shares for pk in _needs_for(iso2, theme, catalogue)]
        count += 1
        return activity_save(user=secretariat, activity=activity, children=children, relations=relations,
                             reference=reference)

    unodc = organisations["unodc"]
    programmes = []
    for number, key in enumerate(("tip", "aml", "leg"), start=1):
        theme = themes[key]
        states = rng.sample(DEMO_STATES, 3)
        programme = save(identifier=f"XM-DAC-41128-DEMO-GP{number:02d}", reporter=unodc, theme=theme,
                         iso2_shares=[(iso2, Decimal("33.33") if i < 2 else Decimal("33.34"))
                                      for i, iso2 in enumerate(states)],
                         currency="USD", funder=organisations[rng.choice(DONORS)[0]], implementer=unodc,
                         setting=CoordinationSetting.MULTILATERAL, extra_title=" (global programme)")
        programmes.append(programme)
        for iso2 in states:
            save(identifier=f"XM-DAC-41128-DEMO-GP{number:02d}-{iso2}", reporter=organisations[UNODC_OFFICES[iso2]],
                 theme=theme, iso2_shares=[(iso2, None)], currency="USD", funder=organisations[rng.choice(DONORS)[0]],
                 implementer=organisations[UNODC_OFFICES[iso2]], parent=programme, hierarchy=2,
                 languages=STATE_LANGUAGES[iso2], extra_title=f" — {iso2}")
    for org_key, prefix, currency, theme_keys, how_many in DONORS:
        donor = organisations[org_key]
        for index in range(how_many):
            theme = themes[rng.choice(theme_keys)]
            iso2 = rng.choice(DEMO_STATES)
            regional = rng.random() < 0.35
            shares = [(iso2, Decimal(60)), (NEIGHBOURS[iso2][0], Decimal(40))] if regional else [(iso2, None)]
            implementer = organisations[rng.choice([UNODC_OFFICES[iso2], AGENCY_KEYS[iso2]])]
            save(identifier=f"{prefix}-DEMO-{index + 1:03d}", reporter=donor, theme=theme, iso2_shares=shares,
                 currency=currency, funder=donor, implementer=implementer,
                 setting=CoordinationSetting.REGIONAL if regional else rng.choice(
                     [CoordinationSetting.BILATERAL, CoordinationSetting.JOINT]),
                 languages=STATE_LANGUAGES[iso2])
    return [f"Synthetic activities: {count} ({len(programmes)} UNODC global programmes with their country "
            f"components, and projects of {len(DONORS)} donors); every description starts with {SYNTHETIC_MARK}."]
