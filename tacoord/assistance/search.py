from django.utils.translation import gettext_lazy as _

from tacoord.assistance.models import Request
from tacoord.core.search import register_search

register_search(queryset=Request.objects.select_related("country"),
                fields=("title", "context", "beneficiary_institutions", "country__name_en"),
                label=_("Requests for assistance"))
