"""The providers section of the country page: who offers assistance in this State."""

from tacoord.core.panels import register_panel
from tacoord.core.permissions import Action
from tacoord.providers.models import ProviderProfile
from tacoord.providers.selectors import provider_profiles_in_country


def country_providers(request, country):
    visible = ProviderProfile.objects.restrict(request.user, Action.VIEW).active()
    found = provider_profiles_in_country(queryset=visible, country=country).select_related("organisation")
    return {"country": country, "profiles": found[:20], "more": found.count() > 20}


register_panel("country", template_name="providers/country_panel.html", context=country_providers, position=40)
