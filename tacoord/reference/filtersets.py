import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tacoord.core.i18n import multilingual_name_q
from tacoord.core.permissions import Action
from tacoord.reference.choices import ArticleKind, RegionLevel, UnStatus
from tacoord.reference.models import Article, Cluster, Country, Instrument, Region


def _visible(model, **filters):
    """The choices of a filter, limited like every other list to what the requesting user may see."""
    return lambda request: model.objects.restrict(request.user if request else None, Action.VIEW).filter(**filters)


class CountryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    un_status = django_filters.MultipleChoiceFilter(label=_("UN status"), choices=UnStatus.choices,
                                                   widget=forms.CheckboxSelectMultiple)
    region = django_filters.ModelChoiceFilter(label=_("Region"), field_name="region", to_field_name="m49_code",
                                              queryset=_visible(Region, level=RegionLevel.REGION))
    sub_region = django_filters.ModelChoiceFilter(label=_("Sub-region"), field_name="sub_region",
                                                  to_field_name="m49_code",
                                                  queryset=_visible(Region, level=RegionLevel.SUB_REGION))
    is_ldc = django_filters.BooleanFilter(label=_("Least developed country"))
    is_lldc = django_filters.BooleanFilter(label=_("Landlocked developing country"))
    is_sids = django_filters.BooleanFilter(label=_("Small island developing State"))

    class Meta:
        model = Country
        fields = ["q", "un_status", "region", "sub_region", "is_ldc", "is_lldc", "is_sids"]

    def search(self, queryset, name, value):
        return queryset.filter(multilingual_name_q(value) | Q(iso3__iexact=value) | Q(iso2__iexact=value))


class InstrumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.short_name


class InstrumentFilter(django_filters.ModelChoiceFilter):
    field_class = InstrumentChoiceField


class ArticleFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    instrument = InstrumentFilter(label=_("Instrument"), field_name="instrument", to_field_name="code",
                                  queryset=_visible(Instrument))
    cluster = django_filters.ModelChoiceFilter(label=_("Cluster"), field_name="cluster", to_field_name="code",
                                               queryset=_visible(Cluster))
    kind = django_filters.ChoiceFilter(label=_("Kind of article"), choices=ArticleKind.choices, method="filter_kind")

    class Meta:
        model = Article
        fields = ["q", "instrument", "cluster", "kind"]

    def search(self, queryset, name, value):
        query = multilingual_name_q(value)
        if value.isdigit():
            query |= Q(number=int(value))
        return queryset.filter(query)

    def filter_kind(self, queryset, name, value):
        return queryset.filter(is_final_clause=value == ArticleKind.FINAL)
