import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from tacoord.assistance.api.serializers import (
    OfferDecisionSerializer,
    OfferSerializer,
    RequestSerializer,
    RequestStepRequestSerializer,
)
from tacoord.assistance.filtersets import OfferFilterSet, RequestFilterSet
from tacoord.assistance.models import Offer, Request
from tacoord.assistance.selectors import public_counts
from tacoord.assistance.services import (
    offer_accept,
    offer_decline,
    offer_restore_version,
    offer_save,
    offer_withdraw,
    request_restore_version,
    request_save,
    request_step,
)
from tacoord.core.api.views import RestrictedModelViewSet


class RequestViewSet(RestrictedModelViewSet):
    """Requests for technical assistance, as far as the caller may see them (a State its own, a provider those
    circulated to it). POST .../step/ takes a step of the lifecycle; GET .../counts/ gives everyone the anonymised
    counts per stage and region. DELETE archives."""

    queryset = Request.objects.select_related("country").prefetch_related("needs", "ta_types", "articles",
                                                                           "languages", "steps")
    serializer_class = RequestSerializer
    filterset_class = RequestFilterSet
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def perform_create(self, serializer):
        serializer.instance = request_save(user=self.request.user, request=serializer.build_instance(),
                                           relations=serializer.relations())

    def perform_update(self, serializer):
        serializer.instance = request_save(user=self.request.user, request=serializer.build_instance(),
                                           relations=serializer.relations())

    def restore_version(self, *, user, obj, change):
        return request_restore_version(user=user, request=obj, change=change)

    @extend_schema(request=RequestStepRequestSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        """Take a step: propose, submit, triage, ask_clarification, answer_clarification, accept, decline, merge,
        circulate (with providers), start_delivery, complete, withdraw, reopen."""
        asked = RequestStepRequestSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        data = asked.validated_data
        obj = request_step(user=request.user, request=self.visible_object(), action=data["action"],
                           note=data["note"], providers=data.get("providers") or (),
                           merge_into=data.get("merge_into"))
        return Response(self.get_serializer(obj).data)

    @extend_schema(request=None, responses=dict)
    @action(detail=False, methods=["get"], permission_classes=[AllowAny])
    def counts(self, request):
        """Anonymised counts of submitted requests per stage and per region, for everyone."""
        data = public_counts()
        return Response({
            "total": data["total"],
            "stages": [{"stage": stage, "label": str(label), "count": count} for stage, label, count in data["stages"]],
            "regions": [{"region": str(region) if region else None, "count": count}
                        for region, count in data["by_region"]],
        })


class OfferViewSet(RestrictedModelViewSet):
    """Offers on circulated requests: a provider sees its own (and joint) offers, a State those on its requests.
    POST .../decide/ accepts, declines (the State's focal point, the secretariat) or withdraws (the provider)."""

    queryset = Offer.objects.select_related("request").prefetch_related("co_providers", "languages", "experts",
                                                                        "partners")
    serializer_class = OfferSerializer
    filterset_class = OfferFilterSet
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]

    def perform_create(self, serializer):
        serializer.instance = offer_save(user=self.request.user, offer=serializer.build_instance(),
                                         relations=serializer.relations())

    def perform_update(self, serializer):
        serializer.instance = offer_save(user=self.request.user, offer=serializer.build_instance(),
                                         relations=serializer.relations())

    def restore_version(self, *, user, obj, change):
        return offer_restore_version(user=user, offer=obj, change=change)

    @extend_schema(request=OfferDecisionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        asked = OfferDecisionSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        data = asked.validated_data
        offer = self.visible_object()
        if data["decision"] == "accept":
            offer = offer_accept(user=request.user, offer=offer, note=data["note"], others_note=data["others_note"])
        elif data["decision"] == "decline":
            offer = offer_decline(user=request.user, offer=offer, note=data["note"])
        else:
            offer = offer_withdraw(user=request.user, offer=offer, note=data["note"])
        return Response(self.get_serializer(offer).data)
