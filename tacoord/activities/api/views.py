import django_filters

from tacoord.activities.api.serializers import ActivitySerializer
from tacoord.activities.filtersets import ActivityFilterSet
from tacoord.activities.models import Activity
from tacoord.activities.selectors import PART_NAMES
from tacoord.activities.services import activity_restore_version, activity_save
from tacoord.core.api.views import RestrictedModelViewSet


class ActivityViewSet(RestrictedModelViewSet):
    """Activities of technical assistance with their IATI parts nested, filterable like the activity list.

    A part given in a write (e.g. `transactions`) replaces that part; parts left out stay as they are. DELETE
    archives.
    """

    queryset = Activity.objects.select_related("reporting_organisation").prefetch_related(
        "articles", "priority_areas", "ta_types", "delivery_languages", "partners", "needs",
        "recipient_countries__country", "sectors__sector", *[name for name in PART_NAMES
                                                             if name not in {"recipient_countries", "sectors"}])
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def _save(self, serializer):
        # Part errors come back keyed "<part>.<row>.<field>", in the API's one error format.
        serializer.instance = activity_save(user=self.request.user, activity=serializer.build_instance(),
                                            children=serializer.children(), relations=serializer.relations())

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer)

    def restore_version(self, *, user, obj, change):
        return activity_restore_version(user=user, activity=obj, change=change)
