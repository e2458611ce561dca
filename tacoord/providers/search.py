from django.utils.translation import gettext_lazy as _

from tacoord.core.search import register_search
from tacoord.providers.models import ProviderProfile

register_search(queryset=ProviderProfile.objects.select_related("organisation"),
                fields=("organisation__name", "organisation__acronym", "summary"), label=_("Provider profiles"))
