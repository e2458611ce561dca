import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tacoord.core.i18n import multilingual_name_q
from tacoord.reference.choices import RegionLevel, UnStatus
from tacoord.reference.models import Country, Region


class CountryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    un_status = django_filters.MultipleChoiceFilter(label=_("UN status"), choices=UnStatus.choices)
    region = django_filters.ModelChoiceFilter(label=_("Region"), field_name="region",
                                              queryset=Region.objects.filter(level=RegionLevel.REGION))
    sub_region = django_filters.ModelChoiceFilter(label=_("Sub-region"), field_name="sub_region",
                                                  queryset=Region.objects.filter(level=RegionLevel.SUB_REGION))
    is_ldc = django_filters.BooleanFilter(label=_("Least developed country"))
    is_lldc = django_filters.BooleanFilter(label=_("Landlocked developing country"))
    is_sids = django_filters.BooleanFilter(label=_("Small island developing State"))

    class Meta:
        model = Country
        fields = ["q", "un_status", "region", "sub_region", "is_ldc", "is_lldc", "is_sids"]

    def search(self, queryset, name, value):
        return queryset.filter(multilingual_name_q(value) | Q(iso3__iexact=value) | Q(iso2__iexact=value))
