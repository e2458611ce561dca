import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tacoord.core.filtersets import PrimaryFilterSet
from tacoord.core.permissions import Action
from tacoord.meetings.choices import FollowUpStatus, MeetingKind
from tacoord.meetings.models import FollowUpAction, Meeting
from tacoord.meetings.permissions import own_organisations
from tacoord.organisations.models import Organisation
from tacoord.reference.models import Country, Region

DATE_RANGE = django_filters.widgets.DateRangeWidget(attrs={"type": "date"})


def visible_organisations(request):
    return Organisation.objects.restrict(getattr(request, "user", None), Action.VIEW)


class MeetingFilterSet(PrimaryFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.MultipleChoiceFilter(label=_("Kind"), choices=MeetingKind.choices,
                                               widget=forms.CheckboxSelectMultiple)
    country = django_filters.ModelChoiceFilter(label=_("State"), queryset=Country.objects.all(), field_name="country",
                                               to_field_name="iso2")
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=Region.objects.all(), method="filter_region")
    date = django_filters.DateFromToRangeFilter(label=_("Date"), field_name="date", widget=DATE_RANGE)
    participant = django_filters.ModelChoiceFilter(label=_("Participant"), queryset=visible_organisations,
                                                   field_name="participants", distinct=True)
    open_follow_ups = django_filters.BooleanFilter(label=_("With open follow-up actions"),
                                                   method="filter_open_follow_ups")

    class Meta:
        model = Meeting
        fields = ["q", "kind", "country", "region", "date", "participant", "open_follow_ups"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(place__icontains=value) | Q(summary__icontains=value)
                               | Q(decisions__icontains=value))

    def filter_region(self, queryset, name, value):
        # A regional meeting names the region; an in-country one is in the region of its State.
        return queryset.filter(Q(region=value) | Q(country__region=value) | Q(country__region__parent=value)
                               | Q(country__region__parent__parent=value))

    def filter_open_follow_ups(self, queryset, name, value):
        has_open = Q(pk__in=FollowUpAction.objects.filter(status=FollowUpStatus.OPEN, archived_at__isnull=True)
                     .values("meeting_id"))
        return queryset.filter(has_open) if value else queryset.exclude(has_open)


class FollowUpActionFilterSet(PrimaryFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=FollowUpStatus.choices,
                                                 widget=forms.CheckboxSelectMultiple)
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    mine = django_filters.BooleanFilter(label=_("Mine or my organisation's"), method="filter_mine")
    country = django_filters.ModelChoiceFilter(label=_("State"), queryset=Country.objects.all(),
                                               field_name="meeting__country", to_field_name="iso2")
    owner_organisation = django_filters.ModelChoiceFilter(label=_("Owner (organisation)"),
                                                          queryset=visible_organisations)
    meeting = django_filters.NumberFilter(label=_("Meeting"), field_name="meeting_id")
    due_date = django_filters.DateFromToRangeFilter(label=_("Due date"), field_name="due_date",
                                                    widget=DATE_RANGE)

    class Meta:
        model = FollowUpAction
        fields = ["q", "status", "overdue", "mine", "country", "owner_organisation", "meeting", "due_date"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(description__icontains=value) | Q(note__icontains=value))

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status=FollowUpStatus.OPEN, due_date__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if not value or user is None or not user.is_authenticated:
            return queryset
        return queryset.filter(Q(owner_person=user) | Q(owner_organisation_id__in=own_organisations(user)))
