import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tacoord.core.filtersets import PrimaryFilterSet
from tacoord.questionnaires.choices import TemplateStatus
from tacoord.questionnaires.models import QuestionnaireTemplate
from tacoord.reference.models import Article, Cluster, Instrument


class QuestionnaireTemplateFilterSet(PrimaryFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=TemplateStatus.choices)
    is_self_assessment = django_filters.BooleanFilter(label=_("Self-assessment"))
    code = django_filters.CharFilter(label=_("Code"))

    class Meta:
        model = QuestionnaireTemplate
        fields = ["q", "status", "is_self_assessment", "code"]

    def search(self, queryset, name, value):
        # Titles are kept per language in JSON; a text search over the stored JSON finds any of them.
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value))


class QuestionFilterSet(django_filters.FilterSet):
    """The Omnibus software's filters over a questionnaire: by instrument, cluster and article."""

    instrument = django_filters.ModelChoiceFilter(label=_("Instrument"), queryset=Instrument.objects.all(),
                                                  field_name="article__instrument", to_field_name="code")
    cluster = django_filters.ModelChoiceFilter(label=_("Cluster"), queryset=Cluster.objects.all(),
                                               field_name="article__cluster", to_field_name="code")
    article = django_filters.ModelChoiceFilter(label=_("Article"), field_name="article",
                                               queryset=Article.objects.filter(is_final_clause=False)
                                               .select_related("instrument"))
