import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tacoord.core.filtersets import PrimaryFilterSet
from tacoord.experts.choices import LEGAL_SYSTEM_FIELDS, LegalSystem
from tacoord.experts.models import Assignment, Availability, Expert
from tacoord.experts.selectors import available_between, expert_with_expertise_in_article
from tacoord.providers.selectors import substantive_clusters
from tacoord.reference.models import Article, Country, Language, PriorityArea, Region

DATE = forms.DateInput(attrs={"type": "date"})


class ExpertFilterSet(PrimaryFilterSet):
    """"Available in May, speaks French, civil law, article 5 expertise"."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    available_from = django_filters.DateFilter(label=_("Available from"), method="filter_available", widget=DATE)
    available_until = django_filters.DateFilter(label=_("Available until"), method="filter_available", widget=DATE)
    # Not "language": ?language= switches the interface language (core.middleware).
    speaks = django_filters.ModelChoiceFilter(label=_("Speaks"), queryset=Language.objects.all(),
                                                field_name="languages", to_field_name="code")
    legal_system = django_filters.MultipleChoiceFilter(label=_("Legal system"), choices=LegalSystem.choices,
                                                       method="filter_legal_system",
                                                       widget=forms.CheckboxSelectMultiple)
    article = django_filters.ModelChoiceFilter(label=_("Article"), method="filter_article", field_name="articles",
                                               queryset=Article.objects.select_related("instrument"))
    cluster = django_filters.ModelChoiceFilter(label=_("Cluster"), queryset=substantive_clusters(),
                                               field_name="clusters", to_field_name="code")
    priority_area = django_filters.ModelChoiceFilter(label=_("Priority area"), queryset=PriorityArea.objects.all(),
                                                     field_name="priority_areas", to_field_name="number")
    region = django_filters.ModelChoiceFilter(label=_("Region"), method="filter_region", to_field_name="m49_code",
                                              field_name="regions",
                                              queryset=Region.objects.filter(level__in=["region", "sub_region"]))
    worked_in = django_filters.ModelChoiceFilter(label=_("Has worked in"), queryset=Country.objects.all(),
                                                 method="filter_worked_in", to_field_name="iso2",
                                                 field_name="assignments__country")

    class Meta:
        model = Expert
        fields = ["q", "available_from", "available_until", "speaks", "legal_system", "article", "cluster",
                  "priority_area", "region", "worked_in"]

    @property
    def qs(self):
        # Filters on several relations repeat rows; one row per expert.
        return super().qs.distinct()

    def search(self, queryset, name, value):
        return queryset.filter(Q(first_name__icontains=value) | Q(last_name__icontains=value)
                               | Q(title__icontains=value) | Q(expertise__icontains=value))

    def filter_available(self, queryset, name, value):
        """One period must cover the whole span; with one end given, the expert is available on that day."""
        starts_on = self.form.cleaned_data.get("available_from")
        ends_on = self.form.cleaned_data.get("available_until")
        if name == "available_until" and starts_on:
            return queryset  # applied with available_from
        starts_on, ends_on = starts_on or ends_on, ends_on or starts_on
        if ends_on < starts_on:
            return queryset.none()
        return queryset.filter(available_between(starts_on, ends_on))

    def filter_legal_system(self, queryset, name, value):
        query = Q()
        for system in value:
            query |= Q(**{LEGAL_SYSTEM_FIELDS[system]: True})
        return queryset.filter(query)

    def filter_article(self, queryset, name, value):
        return queryset.filter(expert_with_expertise_in_article(value))

    def filter_region(self, queryset, name, value):
        return queryset.filter(Q(regions=value) | Q(regions__parent=value))

    def filter_worked_in(self, queryset, name, value):
        return queryset.filter(assignments__country=value, assignments__archived_at__isnull=True)


class AvailabilityFilterSet(PrimaryFilterSet):
    on = django_filters.DateFilter(label=_("Available on"), method="filter_on", widget=DATE)

    class Meta:
        model = Availability
        fields = ["on"]

    def filter_on(self, queryset, name, value):
        return queryset.filter(starts_on__lte=value, ends_on__gte=value)


class AssignmentFilterSet(PrimaryFilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")
    country = django_filters.ModelChoiceFilter(label=_("Country"), queryset=Country.objects.all(),
                                               field_name="country", to_field_name="iso2")

    class Meta:
        model = Assignment
        fields = ["q", "country"]
