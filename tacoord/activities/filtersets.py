"""The activity filters every view shares: the list, its exports, the API, and the who-does-what-where pages."""

import django_filters
from django import forms
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from tacoord.activities.choices import ActivityOrigin, ActivityStatus, CoordinationSetting, Modality
from tacoord.activities.models import Activity, Transaction
from tacoord.core.filtersets import PrimaryFilterSet
from tacoord.core.permissions import Action
from tacoord.organisations.models import Organisation
from tacoord.reference.models import Article, Country, Language, PriorityArea, Region, TechnicalAssistanceType


def _user(request):
    return getattr(request, "user", None)


def _organisations(request):
    return Organisation.objects.restrict(_user(request), Action.VIEW)


def _programmes(request):
    return Activity.objects.restrict(_user(request), Action.VIEW).filter(children__isnull=False).distinct()


class ActivityFilterSet(PrimaryFilterSet):
    """The filters of every activity view; the choices offered are what the person may see."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    country = django_filters.ModelChoiceFilter(label=_("Recipient country"), queryset=Country.objects.all(),
                                               field_name="recipient_countries__country", to_field_name="iso2",
                                               distinct=True)
    # field_name only tells the API schema the type of the value; the method does the filtering.
    region = django_filters.ModelChoiceFilter(label=_("Region"), method="filter_region",
                                              field_name="recipient_countries__country__region",
                                              queryset=Region.objects.filter(level__in=["region", "sub_region"]))
    provider = django_filters.ModelChoiceFilter(
        label=_("Provider"), method="filter_provider", queryset=_organisations, field_name="reporting_organisation",
        help_text=_("The reporting organisation, its offices, or a funding or extending participant."))
    reporting_organisation = django_filters.ModelChoiceFilter(label=_("Reporting organisation"),
                                                              queryset=_organisations)
    article = django_filters.ModelChoiceFilter(label=_("Article"), field_name="articles",
                                               queryset=Article.objects.select_related("instrument"), distinct=True)
    priority_area = django_filters.ModelChoiceFilter(label=_("Priority area"), queryset=PriorityArea.objects.all(),
                                                     field_name="priority_areas", to_field_name="number",
                                                     distinct=True)
    ta_type = django_filters.ModelChoiceFilter(label=_("Type of assistance"),
                                               queryset=TechnicalAssistanceType.objects.all(), field_name="ta_types",
                                               to_field_name="code", distinct=True)
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=ActivityStatus.choices,
                                                 widget=forms.CheckboxSelectMultiple)
    year = django_filters.NumberFilter(label=_("Year"), method="filter_year",
                                       help_text=_("Activities under way at some time in that year."))
    sector = django_filters.CharFilter(label=_("Sector code"), method="filter_sector",
                                       help_text=_("A DAC purpose code, e.g. 15130; 3 digits for a whole category."))
    # Not "language": ?language= switches the interface language (core.middleware).
    delivery_language = django_filters.ModelChoiceFilter(
        label=_("Language of delivery"), queryset=Language.objects.all(), field_name="delivery_languages",
        to_field_name="code", distinct=True)
    coordination_setting = django_filters.ChoiceFilter(label=_("Coordination setting"),
                                                       choices=CoordinationSetting.choices)
    modality = django_filters.ChoiceFilter(label=_("Modality"), choices=Modality.choices)
    origin = django_filters.ChoiceFilter(label=_("Origin"), choices=ActivityOrigin.choices)
    programme = django_filters.ModelChoiceFilter(label=_("Programme"), field_name="parent",
                                                 queryset=_programmes)
    is_programme = django_filters.BooleanFilter(label=_("Programmes only"), method="filter_is_programme")
    humanitarian = django_filters.BooleanFilter(
        label=_("Humanitarian"), method="filter_humanitarian",
        help_text=_("The activity, or one of its transactions, is marked humanitarian (IATI)."))

    class Meta:
        model = Activity
        fields = ["q", "country", "region", "provider", "reporting_organisation", "article", "priority_area",
                  "ta_type", "status", "year", "sector", "delivery_language", "coordination_setting", "modality",
                  "origin", "programme", "is_programme", "humanitarian"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(iati_identifier__icontains=value) | Q(search_text__icontains=value)
                               | Q(reporting_organisation__name__icontains=value)
                               | Q(reporting_organisation__acronym__iexact=value)
                               | Q(beneficiary_institutions__icontains=value))

    def filter_humanitarian(self, queryset, name, value):
        marked = Q(humanitarian=True) | Q(pk__in=Transaction.objects.filter(humanitarian=True).values("activity_id"))
        return queryset.filter(marked) if value else queryset.exclude(marked)

    def filter_region(self, queryset, name, value):
        return queryset.filter(Q(recipient_countries__country__region=value)
                               | Q(recipient_countries__country__sub_region=value)).distinct()

    def filter_provider(self, queryset, name, value):
        return queryset.filter(Q(reporting_organisation=value) | Q(reporting_organisation__parent=value)
                               | Q(participating_organisations__organisation=value,
                                   participating_organisations__role__in=["1", "3"])).distinct()

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.annotate(
            _start=Coalesce(F("actual_start"), F("planned_start")), _end=Coalesce(F("actual_end"), F("planned_end")),
        ).filter(Q(_start__year__lte=year) | Q(_start__isnull=True), Q(_end__year__gte=year) | Q(_end__isnull=True)) \
            .exclude(_start__isnull=True, _end__isnull=True)

    def filter_sector(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(sectors__code__startswith=value).distinct()

    def filter_is_programme(self, queryset, name, value):
        return queryset.filter(children__isnull=not value).distinct()
