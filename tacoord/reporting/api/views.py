"""The reporting API: cycles, responses and answers within the one permission check. The secretariat creates, opens,
closes and changes cycles and their States, returns (with comments) and accepts submissions; the focal point submits
and publishes. Every write goes through the services; refusals come back in the one error format."""

from contextlib import contextmanager

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from tacoord.core.api.views import RestrictedReadOnlyViewSet
from tacoord.core.errors import ApplicationError, PermissionDeniedError
from tacoord.core.permissions import Action, user_may
from tacoord.reporting.api.serializers import (
    AnswerSerializer,
    AnswerWriteSerializer,
    PublishSerializer,
    QuestionnaireResponseSerializer,
    ReportingCycleCreateSerializer,
    ReportingCycleSerializer,
    ReportingCycleUpdateSerializer,
    ResponseReturnSerializer,
    ReturnSerializer,
    StatesSerializer,
)
from tacoord.reporting.filtersets import QuestionnaireResponseFilterSet, ReportingCycleFilterSet
from tacoord.reporting.models import Answer, QuestionnaireResponse, ReportingCycle, ResponseReturn
from tacoord.reporting.selectors import parse_as_of, response_answers, response_returns
from tacoord.reporting.services import (
    AnswerConflictError,
    AnswerInput,
    answers_save,
    cycle_add_states,
    cycle_close,
    cycle_create,
    cycle_open,
    cycle_remove_states,
    cycle_update,
    reminders_send,
    response_accept,
    response_publish,
    response_return,
    response_submit,
)
from tacoord.reporting.structure import parse_key


def _refused(error: PermissionDeniedError):
    return exceptions.PermissionDenied(" ".join(error.messages))


@contextmanager
def refusals():
    """A service's PermissionDeniedError answers 403; its other ApplicationErrors answer 400 {"detail", "errors"}
    through the API's exception handler."""
    try:
        yield
    except PermissionDeniedError as error:
        raise _refused(error) from None


class ListFiltersOnly:
    """Filters narrow lists; a record asked for by its id is found among all the user may see."""

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset


ERRORS = {400: OpenApiResponse(description=gettext_lazy('Refused: {"detail", "errors": {field: [messages]}}')),
          403: OpenApiResponse(description=gettext_lazy('Not allowed: {"detail"}')),
          404: OpenApiResponse(description=gettext_lazy('Not found among what you may see: {"detail"}'))}


class ReportingCycleViewSet(ListFiltersOnly, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                            RestrictedReadOnlyViewSet):
    """Reporting cycles: a questionnaire sent to a set of States with a deadline. The secretariat creates them
    (prepared, not yet open), opens and closes them, changes their name, dates and instructions (PATCH) and their
    States; others read the cycles that are open or closed."""

    queryset = ReportingCycle.objects.select_related("template")
    serializer_class = ReportingCycleSerializer
    filterset_class = ReportingCycleFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        if self.action == "create":
            return ReportingCycleCreateSerializer
        if self.action == "partial_update":
            return ReportingCycleUpdateSerializer
        return ReportingCycleSerializer

    def visible_cycle(self) -> ReportingCycle:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def answer(self, cycle, code=status.HTTP_200_OK) -> Response:
        cycle = self.get_queryset().get(pk=cycle.pk)
        return Response(ReportingCycleSerializer(cycle, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=ReportingCycleCreateSerializer, responses={201: ReportingCycleSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        if not user_may(request.user, Action.ADD, ReportingCycle()):
            raise exceptions.PermissionDenied(_("Only the secretariat opens reporting cycles."))
        asked = ReportingCycleCreateSerializer(data=request.data, context=self.get_serializer_context())
        asked.is_valid(raise_exception=True)
        with refusals():
            cycle = cycle_create(user=request.user, **asked.validated_data)
        return self.answer(cycle, status.HTTP_201_CREATED)

    @extend_schema(request=ReportingCycleUpdateSerializer, responses={200: ReportingCycleSerializer, **ERRORS})
    def partial_update(self, request, *args, **kwargs):
        cycle = self.get_object()  # 403 unless the user may change it
        asked = ReportingCycleUpdateSerializer(data=request.data, partial=True, context=self.get_serializer_context())
        asked.is_valid(raise_exception=True)
        with refusals():
            cycle = cycle_update(user=request.user, cycle=cycle, **asked.validated_data)
        return self.answer(cycle)

    @extend_schema(request=None, responses={200: ReportingCycleSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="open")
    def open_cycle(self, request, pk=None):
        """Open a prepared cycle: its States see it and may answer."""
        with refusals():
            return self.answer(cycle_open(user=request.user, cycle=self.visible_cycle()))

    @extend_schema(request=None, responses={200: ReportingCycleSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="close")
    def close_cycle(self, request, pk=None):
        """Close an open cycle: no more answers; what was submitted stays."""
        with refusals():
            return self.answer(cycle_close(user=request.user, cycle=self.visible_cycle()))

    @extend_schema(request=StatesSerializer, responses={201: QuestionnaireResponseSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["post"], url_path="add-states")
    def add_states(self, request, pk=None):
        """Ask more States to answer a prepared or open cycle; the focal points of States added to an open cycle are
        told by e-mail. The new responses."""
        cycle = self.visible_cycle()
        if not user_may(request.user, Action.CHANGE, cycle):
            raise exceptions.PermissionDenied(_("Only the secretariat changes the States of a reporting cycle."))
        asked = StatesSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        with refusals():
            added = cycle_add_states(user=request.user, cycle=cycle, countries=asked.validated_data["countries"])
        data = QuestionnaireResponseSerializer(added, many=True, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StatesSerializer, responses={200: ReportingCycleSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="remove-states")
    def remove_states(self, request, pk=None):
        """Take States out of a cycle that is not closed, only while nobody of theirs has answered; all or none."""
        cycle = self.visible_cycle()
        if not user_may(request.user, Action.CHANGE, cycle):
            raise exceptions.PermissionDenied(_("Only the secretariat changes the States of a reporting cycle."))
        asked = StatesSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        with refusals():
            cycle_remove_states(user=request.user, cycle=cycle, countries=asked.validated_data["countries"])
        return self.answer(cycle)

    @extend_schema(request=None, responses={200: dict, **ERRORS})
    @action(detail=True, methods=["post"])
    def remind(self, request, pk=None):
        """E-mail the focal points of the States that have not submitted: {"sent": number of e-mails}."""
        with refusals():
            sent = reminders_send(cycle=self.visible_cycle(), user=request.user)
        return Response({"sent": sent})


class QuestionnaireResponseViewSet(ListFiltersOnly, RestrictedReadOnlyViewSet):
    """A State's response to a cycle; answers are confidential to the State and the secretariat unless published.
    The focal point submits and publishes; the secretariat returns (with a comment) and accepts."""

    queryset = QuestionnaireResponse.objects.select_related("country", "cycle")
    serializer_class = QuestionnaireResponseSerializer
    filterset_class = QuestionnaireResponseFilterSet

    def refine_queryset(self, queryset):
        returns = ResponseReturn.objects.restrict(self.request.user, Action.VIEW).select_related(
            "returned_by", "submission").order_by("returned_at", "pk")
        return queryset.prefetch_related(Prefetch("returns", queryset=returns,
                                                                to_attr="visible_returns"))

    def visible_response(self) -> QuestionnaireResponse:
        # Looked up among the responses the user may see; the service says who may act on it.
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def answer(self, response) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=response.pk)).data)

    @extend_schema(parameters=[OpenApiParameter(
        "as_of", str, description="YYYY-MM-DD (the answers as that day ended) or YYYY-MM-DDTHH:MM[:SS] (as they were "
                                  "at that moment, in the server's time zone unless an offset is given)")],
        responses={200: dict, **ERRORS})
    @action(detail=True, methods=["get"])
    def answers(self, request, pk=None):
        """{answer key: value} now, or as of a day or a moment."""
        try:
            as_of = parse_as_of(request.query_params.get("as_of"))
        except ValueError:
            raise exceptions.ValidationError({"as_of": [_("Enter a day as YYYY-MM-DD, or a day and time as "
                                                          "YYYY-MM-DDTHH:MM.")]}) from None
        return Response(response_answers(response=self.visible_response(), as_of=as_of))

    @extend_schema(responses={200: ResponseReturnSerializer(many=True), **ERRORS})
    @action(detail=True, methods=["get"])
    def returns(self, request, pk=None):
        """Every return by the secretariat with its comment, who and when, oldest first (the secretariat and the
        State's users only; an empty list for anyone else)."""
        entries = response_returns(user=request.user, response=self.visible_response())
        return Response(ResponseReturnSerializer(entries, many=True).data)

    @extend_schema(request=None, responses={200: QuestionnaireResponseSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The focal point submits its State's answers to the secretariat."""
        with refusals():
            submission = response_submit(user=request.user, response=self.visible_response())
        return self.answer(submission.response)

    @extend_schema(request=ReturnSerializer, responses={200: QuestionnaireResponseSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="return")
    def return_submission(self, request, pk=None):
        """The secretariat returns a submission to the State with a comment; the State may change and resubmit."""
        response = self.visible_response()
        asked = ReturnSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        with refusals():
            response = response_return(user=request.user, response=response, comment=asked.validated_data["comment"])
        return self.answer(response)

    @extend_schema(request=None, responses={200: QuestionnaireResponseSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The secretariat accepts a submission."""
        with refusals():
            response = response_accept(user=request.user, response=self.visible_response())
        return self.answer(response)

    @extend_schema(request=PublishSerializer, responses={200: QuestionnaireResponseSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """The State's focal point publishes its answers (anyone may then read them) or makes them confidential
        again."""
        response = self.visible_response()
        asked = PublishSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        with refusals():
            response = response_publish(user=request.user, response=response,
                                        published=asked.validated_data["published"])
        return self.answer(response)


class AnswerViewSet(mixins.CreateModelMixin, RestrictedReadOnlyViewSet):
    """Current answers. POST saves one: {response, key, value, version}; 409 if someone saved it since."""

    queryset = Answer.objects.select_related("question").order_by("response", "question__position", "repeat_index")
    serializer_class = AnswerSerializer
    filterset_fields = ["response"]

    def get_serializer_class(self):
        return AnswerWriteSerializer if self.action == "create" else AnswerSerializer

    @extend_schema(request=AnswerWriteSerializer, responses={201: AnswerSerializer, 409: dict})
    def create(self, request, *args, **kwargs):
        asked = AnswerWriteSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        data = asked.validated_data
        response = QuestionnaireResponse.objects.restrict(request.user, Action.VIEW).filter(
            pk=data["response"]).first()
        if response is None:
            raise exceptions.ValidationError({"response": [_("There is no such response among those you may see.")]})
        parsed = parse_key(data["key"])
        if parsed is None or not response.cycle.template.questions.filter(name=parsed[0]).exists():
            raise exceptions.ValidationError({"key": [_("There is no question “%(key)s” in this questionnaire.")
                                                      % {"key": data["key"]}]})
        try:
            answers = answers_save(user=request.user, response=response,
                                   inputs=[AnswerInput(key=data["key"], value=data["value"], version=data["version"])],
                                   source="api")
        except PermissionDeniedError as error:
            raise _refused(error) from None
        except AnswerConflictError as error:
            return Response({"detail": error.messages[0], "conflicts": [
                {"key": c.key, "yours": c.yours, "theirs": c.theirs, "version": c.version,
                 "saved_at": c.saved_at} for c in error.conflicts]}, status=status.HTTP_409_CONFLICT)
        except ApplicationError as error:
            if not hasattr(error, "error_dict"):
                raise
            raise exceptions.ValidationError({"value": error.messages}) from None
        answer = next(iter(answers), None)
        if answer is None:  # an empty first answer stores nothing
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(AnswerSerializer(answer).data, status=status.HTTP_201_CREATED)
