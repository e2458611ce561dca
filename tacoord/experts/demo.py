"""A synthetic expert roster for the demo: invented people (every entry says so), drawn from a seeded generator so a
seed gives the same roster each time, and an entry for the demo's `expert` account, who edits it when signed in.
Availability periods are placed after the day the demo is built, so "available next month" finds someone."""

import datetime
import random
import unicodedata

from tacoord.core.roles import Role
from tacoord.experts.choices import LEGAL_SYSTEM_FIELDS, LegalSystem
from tacoord.experts.models import Assignment, Availability, Expert
from tacoord.experts.services import assignment_save, availability_save, expert_save
from tacoord.providers.selectors import substantive_clusters
from tacoord.reference.models import Article, Country, Language, PriorityArea, Region

SYNTHETIC = "[Synthetic demo expert]"
ROSTER_SIZE = 30

FIRST_NAMES = ["Amal", "Bruno", "Carmen", "Dmitri", "Efua", "Farid", "Grace", "Hiroshi", "Ines", "Jamal", "Karin",
               "Luis", "Mariam", "Nikolai", "Olga", "Pedro", "Rania", "Samuel", "Tomás", "Ulla", "Vikram", "Wen",
               "Yasmin", "Zainab", "Adebayo", "Beatriz", "Chen", "Daniela", "Elif", "Fatou"]
LAST_NAMES = ["Abdullah", "Bianchi", "Castillo", "Diallo", "Eriksen", "Fernández", "Gupta", "Haddad", "Ivanova",
              "Jansen", "Kowalski", "Li", "Mensah", "Nakamura", "Okafor", "Petrov", "Quintero", "Rahman", "Silva",
              "Tanaka", "Usman", "Vargas", "Wang", "Yilmaz", "Zhou", "Alvarez", "Banda", "Costa", "Duarte", "Ekwueme"]
# Each theme with the articles (instrument code, number) an expert on it knows.
THEMES = {
    "mutual legal assistance": [("UNTOC", 18)],
    "extradition": [("UNTOC", 16), ("UNTOC", 17)],
    "asset recovery": [("UNTOC", 12), ("UNTOC", 13), ("UNTOC", 14)],
    "witness protection": [("UNTOC", 24), ("UNTOC", 26)],
    "special investigative techniques": [("UNTOC", 20)],
    "money-laundering": [("UNTOC", 6), ("UNTOC", 7)],
    "trafficking in persons": [("TIP", 5), ("TIP", 6), ("TIP", 9)],
    "smuggling of migrants": [("SOM", 6), ("SOM", 16)],
    "firearms": [("FIR", 5), ("FIR", 8), ("FIR", 10)],
    "cybercrime": [("UNTOC", 27), ("UNTOC", 29)],
    "corruption in criminal justice": [("UNTOC", 8), ("UNTOC", 9)],
    "victim support": [("UNTOC", 25), ("TIP", 6)],
    "prosecution strategy": [("UNTOC", 11), ("UNTOC", 5)],
    "legislative drafting": [("UNTOC", 5), ("UNTOC", 23)],
    "joint investigation teams": [("UNTOC", 19)],
}
LANGUAGE_CODES = ["en", "fr", "es", "ar", "ru", "zh", "pt", "sw", "vi"]
ASSIGNMENT_COUNTRIES = ["KE", "CO", "VN", "NG", "RS", "PE", "TH", "GH", "MX", "ID", "JO", "KZ"]


def _address(first_name: str, last_name: str) -> str:
    """An e-mail address of the reserved example.org domain, in plain ASCII ("Tomás" → "tomas")."""
    plain = unicodedata.normalize("NFKD", f"{first_name}.{last_name}").encode("ascii", "ignore").decode()
    return f"{plain.lower().replace(' ', '')}@example.org"


def _periods(rng: random.Random, today: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    periods, start = [], today + datetime.timedelta(days=rng.randint(0, 60))
    for _ in range(rng.randint(1, 3)):
        end = start + datetime.timedelta(days=rng.randint(14, 90))
        periods.append((start, end))
        start = end + datetime.timedelta(days=rng.randint(20, 120))
    return periods


def _entry(*, secretariat, expert: Expert, relations: dict, periods, assignments) -> Expert:
    expert = expert_save(user=secretariat, expert=expert, relations=relations)
    for starts_on, ends_on in periods:
        availability_save(user=secretariat, availability=Availability(expert=expert, starts_on=starts_on,
                                                                      ends_on=ends_on))
    for assignment in assignments:
        assignment.expert = expert
        assignment_save(user=secretariat, assignment=assignment)
    return expert


def demo_experts_build(*, world, seed: int, today: datetime.date | None = None) -> list[str]:
    """Write the synthetic roster as the demo secretariat officer. Returns summary lines for the demo command."""
    rng = random.Random(seed)
    today = today or datetime.date.today()
    secretariat = world.people["secretariat"]
    articles = {(article.instrument.code, article.number): article
                for article in Article.objects.filter(is_final_clause=False).select_related("instrument")}
    clusters = list(substantive_clusters())
    priority_areas = list(PriorityArea.objects.all())
    languages = {language.code: language for language in Language.objects.filter(code__in=LANGUAGE_CODES)}
    regions = list(Region.objects.filter(level="region"))
    countries = {country.iso2: country for country in Country.objects.filter(iso2__in=ASSIGNMENT_COUNTRIES)}
    organisations = list(world.organisations.values())

    def past_assignments(count: int) -> list[Assignment]:
        made = []
        for _ in range(count):
            start = today - datetime.timedelta(days=rng.randint(120, 3000))
            theme = rng.choice(list(THEMES))
            made.append(Assignment(title=f"{SYNTHETIC} {theme.capitalize()} mission", starts_on=start,
                                   ends_on=start + datetime.timedelta(days=rng.randint(5, 60)),
                                   country=countries.get(rng.choice(ASSIGNMENT_COUNTRIES)),
                                   organisation=rng.choice(organisations)))
        return made

    own = world.people.get("expert")
    if own is not None and own.role == Role.EXPERT and not Expert.objects.filter(user=own).exists():
        mla = [articles[key] for key in (("UNTOC", 16), ("UNTOC", 18)) if key in articles]
        _entry(secretariat=secretariat,
               expert=Expert(user=own, first_name=own.first_name, last_name=own.last_name, title=own.job_title,
                             nationality=Country.objects.filter(iso2="VN").first(), email=own.email,
                             expertise=f"{SYNTHETIC} Mutual legal assistance and extradition; central authorities.",
                             knows_civil_law=True, knows_mixed=True),
               relations={"articles": mla, "clusters": [c for c in clusters if c.code == "IC"],
                          "languages": [languages[code] for code in ("vi", "en", "fr") if code in languages],
                          "regions": [r for r in regions if r.m49_code == "142"], "priority_areas": []},
               periods=[(today + datetime.timedelta(days=30), today + datetime.timedelta(days=75))],
               assignments=past_assignments(2))

    first_names, last_names = rng.sample(FIRST_NAMES, ROSTER_SIZE), rng.sample(LAST_NAMES, ROSTER_SIZE)
    for first_name, last_name in zip(first_names, last_names, strict=True):
        themes = rng.sample(list(THEMES), rng.randint(1, 3))
        known = [articles[key] for theme in themes for key in THEMES[theme] if key in articles]
        systems = rng.sample(LegalSystem.values, rng.choice([1, 1, 2]))
        expert = Expert(first_name=first_name, last_name=last_name,
                        title=f"Expert on {themes[0]}",
                        nationality=countries.get(rng.choice(ASSIGNMENT_COUNTRIES)),
                        email=_address(first_name, last_name),
                        phone=f"+1 555 01{rng.randint(0, 99):02d}",
                        expertise=f"{SYNTHETIC} " + "; ".join(theme.capitalize() for theme in themes) + ".",
                        **{LEGAL_SYSTEM_FIELDS[system]: True for system in systems})
        spoken = ["en", *rng.sample([c for c in LANGUAGE_CODES if c != "en"], rng.randint(0, 2))]
        _entry(secretariat=secretariat, expert=expert,
               relations={"articles": list(dict.fromkeys(known)),
                          "clusters": rng.sample(clusters, min(len(clusters), rng.randint(0, 2))),
                          "priority_areas": rng.sample(priority_areas, min(len(priority_areas), rng.randint(0, 2))),
                          "languages": [languages[code] for code in spoken if code in languages],
                          "regions": rng.sample(regions, min(len(regions), rng.randint(1, 2)))},
               periods=_periods(rng, today), assignments=past_assignments(rng.randint(0, 3)))
    total = Expert.objects.count()
    return [f"Expert roster: {total} entries (synthetic people), the demo expert's own among them."]
