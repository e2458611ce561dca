import django_filters
from django.utils.translation import gettext_lazy as _

from tacoord.core.filtersets import PrimaryFilterSet
from tacoord.matching.choices import CandidateKind
from tacoord.matching.models import Match, MatchSubscription
from tacoord.needs.choices import NeedStatus
from tacoord.reference.models import Article, Country, PriorityArea, TechnicalAssistanceType


class MatchFilterSet(django_filters.FilterSet):
    """Matches by State, subject, kind of candidate and score."""

    country = django_filters.ModelChoiceFilter(label=_("State"), field_name="need__country", to_field_name="iso2",
                                               queryset=Country.objects.all())
    article = django_filters.ModelChoiceFilter(label=_("Article"), field_name="need__article",
                                               queryset=Article.objects.select_related("instrument"))
    priority_area = django_filters.ModelChoiceFilter(label=_("Priority area"), field_name="need__priority_area",
                                                     to_field_name="number", queryset=PriorityArea.objects.all())
    ta_type = django_filters.ModelChoiceFilter(label=_("Type of assistance"), field_name="need__ta_type",
                                               to_field_name="code", queryset=TechnicalAssistanceType.objects.all())
    need_status = django_filters.ChoiceFilter(label=_("Status of the need"), field_name="need__status",
                                              choices=NeedStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind of candidate"), choices=CandidateKind.choices)
    min_score = django_filters.NumberFilter(label=_("Lowest score"), field_name="score", lookup_expr="gte")
    best = django_filters.BooleanFilter(label=_("Best candidate only"), method="filter_best")
    need = django_filters.NumberFilter(label=_("Need (number)"), field_name="need_id")

    class Meta:
        model = Match
        fields = []

    def filter_best(self, queryset, name, value):
        return queryset.filter(rank=1) if value else queryset


class MatchSubscriptionFilterSet(PrimaryFilterSet):
    class Meta:
        model = MatchSubscription
        fields = ["is_active"]
