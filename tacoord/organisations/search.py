from django.utils.translation import gettext_lazy as _

from tacoord.core.search import register_search
from tacoord.organisations.models import Organisation

register_search(queryset=Organisation.objects.select_related("country"),
                fields=("name", "acronym", "iati_identifier"), label=_("Organisations"))
