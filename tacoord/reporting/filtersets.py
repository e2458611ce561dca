"""Filters of the cycle and response lists (pages, exports and API): by questionnaire, status, region, State,
overdue, and submitted between two dates. Filters of cycles by State look only among the responses the user may
see, so they reveal no more than the response list does."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tacoord.core.filtersets import PrimaryFilterSet
from tacoord.core.permissions import Action
from tacoord.questionnaires.models import QuestionnaireTemplate
from tacoord.reference.models import Country, Region
from tacoord.reporting.choices import CycleStatus, ResponseStatus
from tacoord.reporting.models import QuestionnaireResponse, ReportingCycle
from tacoord.reporting.selectors import DONE_STATUSES


def visible_templates(request):
    user = getattr(request, "user", None)
    return QuestionnaireTemplate.objects.restrict(user, Action.VIEW) if user is not None \
        else QuestionnaireTemplate.objects.none()


def overdue_q(prefix: str = "") -> Q:
    """Responses of open cycles whose deadline has passed without a submission."""
    return (Q(**{f"{prefix}cycle__status": CycleStatus.OPEN, f"{prefix}cycle__deadline__lt": timezone.localdate(),
                 f"{prefix}archived_at__isnull": True})
            & ~Q(**{f"{prefix}status__in": DONE_STATUSES}))


class DateRangeWidget(django_filters.widgets.DateRangeWidget):
    """Two date inputs: …_after and …_before, both days included."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"type": "date", **(attrs or {})})


REGIONS = Region.objects.filter(level__in=["region", "sub_region"])


class QuestionnaireResponseFilterSet(PrimaryFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    cycle = django_filters.ModelChoiceFilter(label=_("Cycle"), queryset=lambda request: ReportingCycle.objects.restrict(
        getattr(request, "user", None), Action.VIEW) if request is not None else ReportingCycle.objects.none())
    template = django_filters.ModelChoiceFilter(label=_("Questionnaire"), field_name="cycle__template",
                                                queryset=visible_templates)
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=ResponseStatus.choices,
                                                 widget=forms.CheckboxSelectMultiple)
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=REGIONS, method="filter_region",
                                              field_name="country__region")
    country = django_filters.ModelChoiceFilter(label=_("State"), queryset=Country.objects.all(), field_name="country",
                                               to_field_name="iso2")
    is_ldc = django_filters.BooleanFilter(label=_("Least developed country"), field_name="country__is_ldc")
    is_sids = django_filters.BooleanFilter(label=_("Small island developing State"), field_name="country__is_sids")
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    submitted = django_filters.DateFromToRangeFilter(label=_("Submitted between"), field_name="submitted_at",
                                                     widget=DateRangeWidget)

    class Meta:
        model = QuestionnaireResponse
        fields = ["q", "cycle", "template", "status", "region", "country", "is_ldc", "is_sids", "overdue",
                  "submitted"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(country__name_en__icontains=value) | Q(cycle__name__icontains=value))

    def filter_region(self, queryset, name, value):
        return queryset.filter(Q(country__region=value) | Q(country__sub_region=value))

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())


class ReportingCycleFilterSet(PrimaryFilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    template = django_filters.ModelChoiceFilter(label=_("Questionnaire"), queryset=visible_templates)
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=CycleStatus.choices,
                                                 widget=forms.CheckboxSelectMultiple)
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=REGIONS, method="with_responses",
                                              field_name="responses__country__region",
                                              help_text=_("Cycles that ask a State of this region."))
    country = django_filters.ModelChoiceFilter(label=_("State"), queryset=Country.objects.all(),
                                               to_field_name="iso2", method="with_responses",
                                               field_name="responses__country")
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="with_responses",
                                           help_text=_("Open cycles past their deadline with States yet to submit."))
    submitted = django_filters.DateFromToRangeFilter(label=_("Submitted between"), method="with_responses",
                                                     widget=DateRangeWidget,
                                                     help_text=_("Cycles with a submission between these days."))
    deadline = django_filters.DateFromToRangeFilter(label=_("Deadline between"), widget=DateRangeWidget)

    class Meta:
        model = ReportingCycle
        fields = ["q", "template", "status", "region", "country", "overdue", "submitted", "deadline"]

    def with_responses(self, queryset, name, value):
        responses = QuestionnaireResponse.objects.restrict(getattr(self.request, "user", None), Action.VIEW).filter(
            archived_at__isnull=True)
        if name == "responses__country__region":
            responses = responses.filter(Q(country__region=value) | Q(country__sub_region=value))
        elif name == "responses__country":
            responses = responses.filter(country=value)
        elif name == "overdue":
            if not value:
                return queryset.exclude(pk__in=responses.filter(overdue_q()).values("cycle"))
            responses = responses.filter(overdue_q())
        elif name == "submitted":
            if value.start is not None:
                responses = responses.filter(submitted_at__gte=value.start)
            if value.stop is not None:
                responses = responses.filter(submitted_at__lte=value.stop)
        return queryset.filter(pk__in=responses.values("cycle"))
