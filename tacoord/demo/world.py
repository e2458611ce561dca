"""A small, believable world to show and test the application: States with their focal points and agencies,
UNODC's offices, providers of assistance, and one account per role.

The names are those of real bodies, but who is whose focal point here is invented for the demonstration: nothing
below is an official designation. IATI identifiers are given only where they are the bodies' published ones.

Everything is written through the services, as the demo secretariat officer, so the change log and the permission
checks see the demo world as they would see the same work done by hand.
"""

from dataclasses import dataclass, field

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext as _

from tacoord.core.errors import ApplicationError
from tacoord.core.roles import Role
from tacoord.core.services import object_save
from tacoord.organisations.choices import OrganisationKind as Kind
from tacoord.organisations.models import Organisation
from tacoord.reference.models import Country
from tacoord.users.models import User
from tacoord.users.services import user_save

DEMO_PASSWORD = "demo-password-2026"


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    name: str
    kind: str
    acronym: str = ""
    country: str = ""  # ISO 3166 alpha-2
    parent: str = ""  # key of another spec, listed before this one
    is_focal_point: bool = False
    iati_identifier: str = ""
    website: str = ""


@dataclass(frozen=True)
class PersonSpec:
    username: str
    role: str
    first_name: str
    last_name: str
    organisation: str = ""  # key of an organisation spec
    job_title: str = ""
    language: str = "en"


def _state(iso2: str, focal_point: tuple[str, str], agencies: list[tuple[str, str, str]]) -> list[OrganisationSpec]:
    """A State's national focal point organisation and the government agencies coordinated by it."""
    focal_key = f"{iso2.lower()}-focal-point"
    specs = [OrganisationSpec(key=focal_key, name=focal_point[0], acronym=focal_point[1], kind=Kind.GOVERNMENT,
                              country=iso2, is_focal_point=True)]
    specs += [OrganisationSpec(key=f"{iso2.lower()}-{key}", name=name, acronym=acronym, kind=Kind.GOVERNMENT,
                               country=iso2, parent=focal_key) for key, name, acronym in agencies]
    return specs


ORGANISATIONS: list[OrganisationSpec] = [
    *_state("KE", ("Office of the Attorney-General and Department of Justice", "OAG&DOJ"), [
        ("police", "National Police Service", "NPS"),
        ("prosecution", "Office of the Director of Public Prosecutions", "ODPP"),
        ("dci", "Directorate of Criminal Investigations", "DCI"),
    ]),
    *_state("CO", ("Ministerio de Justicia y del Derecho", "MinJusticia"), [
        ("prosecution", "Fiscalía General de la Nación", "FGN"),
        ("police", "Policía Nacional de Colombia", "PONAL"),
    ]),
    *_state("VN", ("Ministry of Public Security", "MPS"), [
        ("prosecution", "Supreme People's Procuracy", "SPP"),
        ("justice", "Ministry of Justice", "MOJ"),
    ]),
    *_state("NG", ("Federal Ministry of Justice", "FMOJ"), [
        ("police", "Nigeria Police Force", "NPF"),
        ("efcc", "Economic and Financial Crimes Commission", "EFCC"),
        ("naptip", "National Agency for the Prohibition of Trafficking in Persons", "NAPTIP"),
    ]),
    *_state("RS", ("Ministry of Justice", "MoJ"), [
        ("interior", "Ministry of Interior", "MUP"),
        ("prosecution", "Prosecutor's Office for Organized Crime", "TOK"),
    ]),
    OrganisationSpec(key="unodc", name="United Nations Office on Drugs and Crime", acronym="UNODC",
                     kind=Kind.UNODC_HEADQUARTERS, country="AT", iati_identifier="XM-DAC-41128",
                     website="https://www.unodc.org"),
    OrganisationSpec(key="unodc-roea", name="UNODC Regional Office for Eastern Africa", acronym="ROEA",
                     kind=Kind.UNODC_REGIONAL_OFFICE, country="KE", parent="unodc"),
    OrganisationSpec(key="unodc-roseap", name="UNODC Regional Office for Southeast Asia and the Pacific",
                     acronym="ROSEAP", kind=Kind.UNODC_REGIONAL_OFFICE, country="TH", parent="unodc"),
    OrganisationSpec(key="unodc-vn", name="UNODC Country Office Viet Nam", kind=Kind.UNODC_FIELD_OFFICE,
                     country="VN", parent="unodc-roseap"),
    OrganisationSpec(key="unodc-co", name="UNODC Country Office Colombia", kind=Kind.UNODC_FIELD_OFFICE,
                     country="CO", parent="unodc"),
    OrganisationSpec(key="unodc-ng", name="UNODC Country Office Nigeria", kind=Kind.UNODC_FIELD_OFFICE,
                     country="NG", parent="unodc"),
    OrganisationSpec(key="fcdo", name="Foreign, Commonwealth & Development Office", acronym="FCDO",
                     kind=Kind.DONOR_AGENCY, country="GB", iati_identifier="GB-GOV-1",
                     website="https://www.gov.uk/fcdo"),
    OrganisationSpec(key="usaid", name="United States Agency for International Development", acronym="USAID",
                     kind=Kind.DONOR_AGENCY, country="US", iati_identifier="US-GOV-1"),
    OrganisationSpec(key="nl-mfa", name="Ministry of Foreign Affairs of the Netherlands", acronym="MFA-NL",
                     kind=Kind.DONOR_AGENCY, country="NL", iati_identifier="NL-1"),
    OrganisationSpec(key="sida", name="Swedish International Development Cooperation Agency", acronym="Sida",
                     kind=Kind.DONOR_AGENCY, country="SE", iati_identifier="SE-0"),
    OrganisationSpec(key="undp", name="United Nations Development Programme", acronym="UNDP",
                     kind=Kind.UN_ENTITY, iati_identifier="XM-DAC-41114"),
    OrganisationSpec(key="iom", name="International Organization for Migration", acronym="IOM",
                     kind=Kind.UN_ENTITY, iati_identifier="XM-DAC-47066"),
    OrganisationSpec(key="interpol", name="International Criminal Police Organization", acronym="INTERPOL",
                     kind=Kind.INTERGOVERNMENTAL, country="FR"),
    OrganisationSpec(key="auc", name="African Union Commission", acronym="AUC", kind=Kind.REGIONAL, country="ET"),
    OrganisationSpec(key="gi-toc", name="Global Initiative against Transnational Organized Crime",
                     acronym="GI-TOC", kind=Kind.CIVIL_SOCIETY, country="CH"),
    OrganisationSpec(key="basel", name="Basel Institute on Governance", kind=Kind.ACADEMIA, country="CH"),
]

# The secretariat officer comes first: every other record is written as this person.
PEOPLE: list[PersonSpec] = [
    PersonSpec(username="secretariat", role=Role.SECRETARIAT, first_name="Amina", last_name="Haddad",
               organisation="unodc", job_title="Crime Prevention and Criminal Justice Officer"),
    PersonSpec(username="focalpoint-ke", role=Role.FOCAL_POINT, first_name="Wanjiru", last_name="Kamau",
               organisation="ke-focal-point", job_title="Senior State Counsel"),
    PersonSpec(username="agency-ke", role=Role.AGENCY_USER, first_name="Otieno", last_name="Odhiambo",
               organisation="ke-police", job_title="Superintendent"),
    PersonSpec(username="provider-fcdo", role=Role.PROVIDER_OFFICER, first_name="Eleanor", last_name="Whitfield",
               organisation="fcdo", job_title="Programme Manager, Serious and Organised Crime"),
    PersonSpec(username="expert", role=Role.EXPERT, first_name="Nguyen", last_name="Thi Lan",
               job_title="Expert on mutual legal assistance"),
    PersonSpec(username="focalpoint-co", role=Role.FOCAL_POINT, first_name="Camila", last_name="Restrepo",
               organisation="co-focal-point", job_title="Asesora de cooperación internacional", language="es"),
]


@dataclass
class DemoWorld:
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, User] = field(default_factory=dict)
    password: str = DEMO_PASSWORD

    def credentials(self) -> list[tuple[str, str, str, str]]:
        """(role, user name, password, scope) for each demo account."""
        rows = []
        for person in self.people.values():
            organisation = person.organisation
            if person.role == Role.EXPERT:
                scope = _("own expert profile")
            elif person.role in {Role.FOCAL_POINT, Role.AGENCY_USER}:
                scope = f"{organisation.country.name_en}: {organisation}"
            else:
                scope = str(organisation)
            rows.append((str(person.get_role_display()), person.username, self.password, scope))
        return rows


def _countries(codes: set[str]) -> dict[str, Country]:
    countries = {country.iso2: country for country in Country.objects.filter(iso2__in=codes)}
    missing = sorted(codes - countries.keys())
    if missing:
        raise ApplicationError(_("Countries %(codes)s are missing: load the reference data first "
                                 "(tacoord load_reference).") % {"codes": ", ".join(missing)})
    return countries


def _person(spec: PersonSpec, organisations: dict[str, Organisation]) -> User:
    return User(username=spec.username, role=spec.role, first_name=spec.first_name, last_name=spec.last_name,
                email=f"{spec.username}@example.org", job_title=spec.job_title, language=spec.language,
                organisation=organisations.get(spec.organisation))


def _secretariat_bootstrap(spec: PersonSpec, password: str) -> User:
    """The first account, made as `createsuperuser` makes one: no one exists yet who may add people."""
    person = _person(spec, {})
    validate_password(password, user=person)
    person.set_password(password)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def demo_world_build(*, password: str = DEMO_PASSWORD) -> DemoWorld:
    """Create the demo organisations and accounts in a database that has reference data and no demo world yet."""
    usernames = [spec.username for spec in PEOPLE]
    if User.objects.filter(username__in=usernames).exists():
        raise ApplicationError(_("The demo world already exists in this database."))
    countries = _countries({spec.country for spec in ORGANISATIONS if spec.country})
    world = DemoWorld(password=password)
    secretariat_spec, *others = PEOPLE
    secretariat = _secretariat_bootstrap(secretariat_spec, password)

    for spec in ORGANISATIONS:
        organisation = Organisation(
            name=spec.name, acronym=spec.acronym, kind=spec.kind, country=countries.get(spec.country),
            parent=world.organisations.get(spec.parent), is_focal_point=spec.is_focal_point,
            iati_identifier=spec.iati_identifier or None, website=spec.website,
        )
        world.organisations[spec.key] = object_save(user=secretariat, obj=organisation)

    secretariat.organisation = world.organisations[secretariat_spec.organisation]
    world.people[secretariat.username] = user_save(user=secretariat, person=secretariat)
    for spec in others:
        person = _person(spec, world.organisations)
        validate_password(password, user=person)
        world.people[spec.username] = user_save(user=secretariat, person=person, password=password)
    return world
