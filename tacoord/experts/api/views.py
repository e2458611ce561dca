import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from tacoord.core.api.serializers import ObjectChangeSerializer
from tacoord.core.api.views import RestrictedModelViewSet
from tacoord.core.permissions import Action, user_may
from tacoord.experts.api.serializers import AssignmentSerializer, AvailabilitySerializer, ExpertSerializer
from tacoord.experts.filtersets import AssignmentFilterSet, AvailabilityFilterSet, ExpertFilterSet
from tacoord.experts.models import Assignment, Availability
from tacoord.experts.selectors import experts_with_relations
from tacoord.experts.services import assignment_save, availability_save, expert_save

FILTERS = [django_filters.rest_framework.DjangoFilterBackend]


class ExpertViewSet(RestrictedModelViewSet):
    """The expert roster, within permissions: contacts only for the secretariat and the expert. DELETE archives."""

    queryset = experts_with_relations()
    serializer_class = ExpertSerializer
    filterset_class = ExpertFilterSet
    filter_backends = FILTERS

    def perform_create(self, serializer):
        serializer.instance = expert_save(user=self.request.user, expert=serializer.build_instance(),
                                          relations=serializer.relations())

    def perform_update(self, serializer):
        serializer.instance = expert_save(user=self.request.user, expert=serializer.build_instance(),
                                          relations=serializer.relations())

    @extend_schema(responses=ObjectChangeSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """Every change to the entry, for the secretariat and the expert."""
        # Earlier versions hold the contacts: the history is for those who may change the entry.
        if not user_may(request.user, Action.CHANGE, self.visible_object()):
            raise PermissionDenied(_("The history of a roster entry is for the secretariat and the expert."))
        return super().history(request, pk=pk)


class AvailabilityViewSet(RestrictedModelViewSet):
    """Periods in which experts can take an assignment."""

    queryset = Availability.objects.select_related("expert")
    serializer_class = AvailabilitySerializer
    filterset_class = AvailabilityFilterSet
    filter_backends = FILTERS

    def perform_create(self, serializer):
        serializer.instance = availability_save(user=self.request.user, availability=serializer.build_instance())

    def perform_update(self, serializer):
        serializer.instance = availability_save(user=self.request.user, availability=serializer.build_instance())


class AssignmentViewSet(RestrictedModelViewSet):
    """Experts' past assignments."""

    queryset = Assignment.objects.select_related("expert", "country")
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilterSet
    filter_backends = FILTERS

    def perform_create(self, serializer):
        serializer.instance = assignment_save(user=self.request.user, assignment=serializer.build_instance())

    def perform_update(self, serializer):
        serializer.instance = assignment_save(user=self.request.user, assignment=serializer.build_instance())
