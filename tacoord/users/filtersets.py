import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tacoord.core.filtersets import PrimaryFilterSet
from tacoord.organisations.filtersets import visible_organisations
from tacoord.users.models import ACCOUNT_ROLES, User


class UserFilterSet(PrimaryFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    role = django_filters.MultipleChoiceFilter(label=_("Role"), choices=ACCOUNT_ROLES,
                                              widget=forms.CheckboxSelectMultiple)
    organisation = django_filters.ModelChoiceFilter(label=_("Organisation"), queryset=visible_organisations)

    class Meta:
        model = User
        fields = ["q", "role", "organisation"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(first_name__icontains=value)
                               | Q(last_name__icontains=value) | Q(email__icontains=value))
