import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tacoord.core.filtersets import PrimaryFilterSet
from tacoord.core.permissions import Action
from tacoord.organisations.choices import OrganisationKind
from tacoord.organisations.models import Organisation
from tacoord.reference.models import Country


def visible_organisations(request):
    """The organisations a filter may offer: those the user may see, so no choice list reveals others."""
    user = request.user if request is not None else None
    return Organisation.objects.restrict(user, Action.VIEW).active()


class OrganisationFilterSet(PrimaryFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.MultipleChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices,
                                              widget=forms.CheckboxSelectMultiple)
    country = django_filters.ModelChoiceFilter(label=_("Country"), queryset=Country.objects.all(),
                                               field_name="country", to_field_name="iso2")
    is_focal_point = django_filters.BooleanFilter(label=_("National focal point"))
    parent = django_filters.ModelChoiceFilter(label=_("Part of"), queryset=visible_organisations)

    class Meta:
        model = Organisation
        fields = ["q", "kind", "country", "is_focal_point", "parent"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value)
                               | Q(iati_identifier__icontains=value))
