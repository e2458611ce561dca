import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tacoord.core.filtersets import PrimaryFilterSet
from tacoord.organisations.choices import OrganisationKind
from tacoord.providers.choices import MODALITY_FIELDS, Modality, UnodcPartnership
from tacoord.providers.models import ProviderProfile
from tacoord.providers.selectors import offers_article, substantive_clusters, works_in_country, works_in_region
from tacoord.reference.models import (
    Article,
    Country,
    Language,
    PriorityArea,
    Region,
    TechnicalAssistanceType,
)


class ProviderProfileFilterSet(PrimaryFilterSet):
    """Who offers what where: "assistance on article X, in region Y, in language Z"."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    article = django_filters.ModelChoiceFilter(label=_("Article"), method="filter_article", field_name="articles",
                                               queryset=Article.objects.select_related("instrument"))
    cluster = django_filters.ModelChoiceFilter(label=_("Cluster"), queryset=substantive_clusters(),
                                               field_name="clusters", to_field_name="code")
    priority_area = django_filters.ModelChoiceFilter(label=_("Priority area"), queryset=PriorityArea.objects.all(),
                                                     field_name="priority_areas", to_field_name="number")
    ta_type = django_filters.ModelChoiceFilter(label=_("Type of assistance"),
                                               queryset=TechnicalAssistanceType.objects.all(), field_name="ta_types",
                                               to_field_name="code")
    # Not "language": ?language= switches the interface language (core.middleware).
    delivery_language = django_filters.ModelChoiceFilter(label=_("Language of delivery"),
                                                         queryset=Language.objects.all(), field_name="languages",
                                                         to_field_name="code")
    region = django_filters.ModelChoiceFilter(label=_("Region"), method="filter_region", to_field_name="m49_code",
                                              field_name="regions",
                                              queryset=Region.objects.filter(level__in=["region", "sub_region"]))
    country = django_filters.ModelChoiceFilter(label=_("Country"), method="filter_country", to_field_name="iso2",
                                               field_name="countries",
                                               queryset=Country.objects.all())
    modality = django_filters.MultipleChoiceFilter(label=_("Modality"), choices=Modality.choices,
                                                   method="filter_modality", widget=forms.CheckboxSelectMultiple)
    kind = django_filters.MultipleChoiceFilter(label=_("Kind of organisation"), choices=OrganisationKind.choices,
                                              field_name="organisation__kind", widget=forms.CheckboxSelectMultiple)
    unodc_partnership = django_filters.MultipleChoiceFilter(label=_("Partnership with UNODC"),
                                                           choices=UnodcPartnership.choices,
                                                           widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ProviderProfile
        fields = ["q", "article", "cluster", "priority_area", "ta_type", "delivery_language", "region", "country",
                  "modality", "kind", "unodc_partnership"]

    @property
    def qs(self):
        # Filters on several relations repeat rows; one row per profile.
        return super().qs.distinct()

    def search(self, queryset, name, value):
        return queryset.filter(Q(organisation__name__icontains=value) | Q(organisation__acronym__icontains=value)
                               | Q(summary__icontains=value))

    def filter_article(self, queryset, name, value):
        return queryset.filter(offers_article(value))

    def filter_region(self, queryset, name, value):
        return queryset.filter(works_in_region(value))

    def filter_country(self, queryset, name, value):
        return queryset.filter(works_in_country(value))

    def filter_modality(self, queryset, name, value):
        for modality in value:
            queryset = queryset.filter(**{MODALITY_FIELDS[modality]: True})
        return queryset
