import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tacoord.core.filtersets import PrimaryFilterSet
from tacoord.core.permissions import Action
from tacoord.needs.choices import NeedPriority, NeedSource, NeedStatus
from tacoord.needs.models import ArticlePriorityArea, DerivationRule, Need
from tacoord.needs.widgets import CompactSelect
from tacoord.reference.models import (
    Article,
    Cluster,
    Country,
    Instrument,
    PriorityArea,
    Region,
    TechnicalAssistanceType,
)
from tacoord.reporting.models import ReportingCycle


def visible_cycles(request):
    return ReportingCycle.objects.restrict(getattr(request, "user", None), Action.VIEW)


class NeedFilterSet(PrimaryFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    country = django_filters.ModelChoiceFilter(label=_("State"), queryset=Country.objects.all(),
                                               field_name="country", to_field_name="iso2", widget=CompactSelect)
    region = django_filters.ModelChoiceFilter(label=_("Region"), field_name="country__region", method="filter_region",
                                              queryset=Region.objects.filter(level__in=["region", "sub_region"]),
                                              widget=CompactSelect)
    instrument = django_filters.ModelChoiceFilter(label=_("Instrument"), queryset=Instrument.objects.all(),
                                                  field_name="article__instrument", to_field_name="code",
                                                  widget=CompactSelect)
    article = django_filters.ModelChoiceFilter(label=_("Article"), field_name="article", widget=CompactSelect,
                                               queryset=Article.objects.select_related("instrument"))
    cluster = django_filters.ModelChoiceFilter(label=_("Cluster"), queryset=Cluster.objects.all(),
                                               field_name="cluster", to_field_name="code", widget=CompactSelect)
    priority_area = django_filters.ModelChoiceFilter(label=_("Priority area"), queryset=PriorityArea.objects.all(),
                                                     field_name="priority_area", to_field_name="number",
                                                     widget=CompactSelect)
    ta_type = django_filters.ModelChoiceFilter(label=_("Type of assistance"),
                                               queryset=TechnicalAssistanceType.objects.all(), field_name="ta_type",
                                               to_field_name="code", widget=CompactSelect)
    priority = django_filters.MultipleChoiceFilter(label=_("Priority"), choices=NeedPriority.choices,
                                                   widget=forms.CheckboxSelectMultiple)
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=NeedStatus.choices,
                                                 widget=forms.CheckboxSelectMultiple)
    source = django_filters.MultipleChoiceFilter(label=_("Source"), choices=NeedSource.choices,
                                                 widget=forms.CheckboxSelectMultiple)
    first_cycle = django_filters.ModelChoiceFilter(label=_("First raised in cycle"), field_name="first_cycle",
                                                   queryset=visible_cycles, widget=CompactSelect)
    is_ldc = django_filters.BooleanFilter(label=_("Least developed country"), field_name="country__is_ldc")
    is_sids = django_filters.BooleanFilter(label=_("Small island developing State"), field_name="country__is_sids")

    class Meta:
        model = Need
        fields = ["q", "country", "region", "instrument", "article", "cluster", "priority_area", "ta_type",
                  "priority", "status", "source", "first_cycle", "is_ldc", "is_sids"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(description__icontains=value) | Q(country__name_en__icontains=value)
                               | Q(article__name_en__icontains=value) | Q(ta_type__name_en__icontains=value)
                               | Q(source_reference__icontains=value))

    def filter_region(self, queryset, name, value):
        return queryset.filter(Q(country__region=value) | Q(country__sub_region=value))


class DerivationRuleFilterSet(PrimaryFilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = DerivationRule
        fields = ["q", "is_active"]


class ArticlePriorityAreaFilterSet(PrimaryFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    instrument = django_filters.ModelChoiceFilter(label=_("Instrument"), queryset=Instrument.objects.all(),
                                                  field_name="article__instrument", to_field_name="code")
    priority_area = django_filters.ModelChoiceFilter(label=_("Priority area"), queryset=PriorityArea.objects.all(),
                                                     field_name="priority_area", to_field_name="number")
    unmapped = django_filters.BooleanFilter(label=_("No priority area"), field_name="priority_area",
                                            lookup_expr="isnull")

    class Meta:
        model = ArticlePriorityArea
        fields = ["q", "instrument", "priority_area", "unmapped"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(article__name_en__icontains=value)
                               | Q(article__instrument__short_name_en__icontains=value))
