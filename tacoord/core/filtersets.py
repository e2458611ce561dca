import django_filters
from django.utils.translation import gettext_lazy as _


class PrimaryFilterSet(django_filters.FilterSet):
    """The filters every list of archivable records has: archived records stay out unless asked for."""

    archived = django_filters.BooleanFilter(label=_("Archived"), method="filter_archived")

    def filter_archived(self, queryset, name, value):
        return queryset.filter(archived_at__isnull=not value)

    @property
    def qs(self):
        queryset = super().qs
        if not (self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("archived") is not None):
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset
