from django.utils.translation import gettext_lazy as _

from tacoord.core.search import register_search
from tacoord.users.models import User

register_search(queryset=User.objects.select_related("organisation"),
                fields=("username", "first_name", "last_name", "email"), label=_("People"))
