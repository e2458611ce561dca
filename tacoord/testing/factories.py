"""Factories for the records every test needs.

They validate (`full_clean`) and save through the ORM, so records are as the application would make them and the
change log sees them as made by `system`.
"""

import factory
from django.utils import timezone

from tacoord.core.roles import Role
from tacoord.organisations.choices import OrganisationKind
from tacoord.organisations.models import Organisation
from tacoord.reference.models import Country
from tacoord.users.models import User

PASSWORD = "correct-horse-battery-staple"


class CountryFactory(factory.django.DjangoModelFactory):
    """A State, made directly: tests never depend on `load_reference`."""

    class Meta:
        model = Country
        django_get_or_create = ("iso2",)

    iso2 = factory.Sequence(lambda n: f"{chr(ord('A') + n // 26 % 26)}{chr(ord('A') + n % 26)}")
    iso3 = factory.LazyAttribute(lambda country: f"{country.iso2}X")
    name_en = factory.LazyAttribute(lambda country: f"State {country.iso2}")
    un_status = "member"


class CleanModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = model_class(*args, **kwargs)
        obj.full_clean()
        obj.save()
        return obj


class OrganisationFactory(CleanModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.CIVIL_SOCIETY

    class Params:
        archived = factory.Trait(archived_at=factory.LazyFunction(timezone.now))


class GovernmentAgencyFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Ministry {n}")
    kind = OrganisationKind.GOVERNMENT
    country = factory.SubFactory(CountryFactory)


class FocalPointOrganisationFactory(GovernmentAgencyFactory):
    name = factory.LazyAttribute(lambda org: f"National focal point of {org.country.name_en}")
    is_focal_point = True


class UserFactory(CleanModelFactory):
    """An account; the role and organisation must agree (a focal point needs a focal-point organisation, ...)."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    role = Role.EXPERT
    password = factory.django.Password(PASSWORD)
