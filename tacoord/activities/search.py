from django.utils.translation import gettext_lazy as _

from tacoord.activities.models import Activity
from tacoord.core.search import register_search

register_search(queryset=Activity.objects.select_related("reporting_organisation"),
                fields=("iati_identifier", "search_text", "reporting_organisation__name", "beneficiary_institutions"),
                label=_("Activities"))
