from django.utils.translation import gettext_lazy as _

from tacoord.core.search import register_search
from tacoord.experts.models import Expert

# Names and expertise only: a search must not find an expert by contacts the searcher may not read.
register_search(queryset=Expert.objects.all(), fields=("first_name", "last_name", "title", "expertise"),
                label=_("Experts"))
