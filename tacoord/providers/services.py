"""Writes to provider profiles."""

from django.db import transaction

from tacoord.core.services import object_save
from tacoord.providers.models import ProviderProfile


@transaction.atomic
def provider_profile_save(*, user, profile: ProviderProfile, relations: dict | None = None) -> ProviderProfile:
    """Validate and save a profile the user may add or change, with its articles, languages, places..."""
    return object_save(user=user, obj=profile, relations=relations)
