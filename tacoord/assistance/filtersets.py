import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tacoord.assistance.choices import OfferStatus, Stage, Urgency
from tacoord.assistance.models import Offer, Request
from tacoord.core.filtersets import PrimaryFilterSet
from tacoord.reference.models import Country, Region


class RequestFilterSet(PrimaryFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    stage = django_filters.MultipleChoiceFilter(label=_("Stage"), choices=Stage.choices,
                                                widget=forms.CheckboxSelectMultiple)
    urgency = django_filters.MultipleChoiceFilter(label=_("Urgency"), choices=Urgency.choices,
                                                  widget=forms.CheckboxSelectMultiple)
    country = django_filters.ModelChoiceFilter(label=_("State"), queryset=Country.objects.all(), field_name="country",
                                               to_field_name="iso2")
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=Region.objects.all(), method="filter_region",
                                              field_name="country__region")

    class Meta:
        model = Request
        fields = ["q", "stage", "urgency", "country", "region"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(context__icontains=value)
                               | Q(beneficiary_institutions__icontains=value))

    def filter_region(self, queryset, name, value):
        return queryset.filter(Q(country__region=value) | Q(country__sub_region=value)
                               | Q(country__intermediate_region=value))


class OfferFilterSet(PrimaryFilterSet):
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=OfferStatus.choices,
                                                 widget=forms.CheckboxSelectMultiple)
    request = django_filters.NumberFilter(label=_("Request"), field_name="request_id")

    class Meta:
        model = Offer
        fields = ["status", "request"]
