from django.utils.translation import gettext_lazy as _

from tacoord.core.search import register_search
from tacoord.questionnaires.models import QuestionnaireTemplate

register_search(queryset=QuestionnaireTemplate.objects.all(), fields=("code", "title"),
                label=_("Questionnaires"))
