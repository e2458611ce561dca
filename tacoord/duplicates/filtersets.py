import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tacoord.core.filtersets import PrimaryFilterSet
from tacoord.duplicates.choices import AlertKind, AlertStatus
from tacoord.duplicates.models import DuplicateAlert
from tacoord.organisations.models import Organisation
from tacoord.reference.models import Country


class DuplicateAlertFilterSet(PrimaryFilterSet):
    q = django_filters.CharFilter(label=_("IATI identifier"), method="search")
    kind = django_filters.MultipleChoiceFilter(label=_("Kind"), choices=AlertKind.choices,
                                               widget=forms.CheckboxSelectMultiple)
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=AlertStatus.choices,
                                                 widget=forms.CheckboxSelectMultiple)
    country = django_filters.ModelChoiceFilter(label=_("Recipient country"), queryset=Country.objects.all(),
                                               to_field_name="iso2", method="filter_country",
                                               field_name="activity_a__recipient_countries__country")
    provider = django_filters.ModelChoiceFilter(label=_("Provider"), method="filter_provider",
                                                field_name="activity_a__reporting_organisation",
                                                queryset=Organisation.objects.filter(reported_activities__isnull=False)
                                                .distinct())
    min_score = django_filters.NumberFilter(label=_("Score at least"), field_name="score", lookup_expr="gte")

    class Meta:
        model = DuplicateAlert
        fields = ["q", "kind", "status", "country", "provider", "min_score"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(activity_a__iati_identifier__icontains=value)
                               | Q(activity_b__iati_identifier__icontains=value))

    def filter_country(self, queryset, name, value):
        return queryset.filter(Q(activity_a__recipient_countries__country=value)
                               | Q(activity_b__recipient_countries__country=value)).distinct()

    def filter_provider(self, queryset, name, value):
        return queryset.filter(Q(activity_a__reporting_organisation=value)
                               | Q(activity_b__reporting_organisation=value))
