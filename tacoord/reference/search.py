from django.utils.translation import gettext_lazy as _

from tacoord.core.i18n import LANGUAGE_SUFFIXES
from tacoord.core.search import register_search
from tacoord.reference.models import Article, Country

_names = tuple(f"name_{suffix}" for suffix in LANGUAGE_SUFFIXES)
register_search(queryset=Country.objects.all(), fields=("iso2", "iso3", *_names), label=_("Countries"))
register_search(queryset=Article.objects.select_related("instrument", "cluster"), fields=_names, label=_("Articles"))
