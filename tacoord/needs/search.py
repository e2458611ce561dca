from django.utils.translation import gettext_lazy as _

from tacoord.core.search import register_search
from tacoord.needs.models import Need

register_search(queryset=Need.objects.select_related("country", "article__instrument", "ta_type"),
                fields=("description", "country__name_en", "article__name_en", "ta_type__name_en"), label=_("Needs"))
