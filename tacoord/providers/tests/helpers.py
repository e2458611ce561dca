"""Reference rows and profiles for the providers' tests, made directly (no `load_reference`)."""

from tacoord.core.context import change_context
from tacoord.needs.tests import helpers as needs_helpers
from tacoord.providers.models import ProviderProfile
from tacoord.reference.models import Country, Language, Region


def reference(world) -> dict:
    """Articles, clusters, TA types, languages (en, fr, es) and Africa / Eastern Africa / Americas with Kenya and Peru
    in them."""
    articles = needs_helpers.reference()
    africa = Region.objects.create(m49_code="002", level="region", name_en="Africa")
    east = Region.objects.create(m49_code="014", level="sub_region", name_en="Eastern Africa", parent=africa)
    americas = Region.objects.create(m49_code="019", level="region", name_en="Americas")
    Country.objects.filter(pk=world.state_a.pk).update(region=africa, sub_region=east)
    Country.objects.filter(pk=world.state_b.pk).update(region=americas)
    world.state_a.refresh_from_db()
    world.state_b.refresh_from_db()
    return {**articles, "africa": africa, "east": east, "americas": americas}


def profile(organisation, *, articles=(), languages=(), regions=(), countries=(), **fields) -> ProviderProfile:
    with change_context(user=None, source="test"):
        made = ProviderProfile(organisation=organisation, **fields)
        made.full_clean()
        made.save()
        made.articles.set(articles)
        made.languages.set(Language.objects.filter(code__in=languages))
        made.regions.set(regions)
        made.countries.set(countries)
    return made
