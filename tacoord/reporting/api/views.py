"""The reporting API: cycles, responses and answers within the one permission check; answers are written with the
version the client read, and a save that crosses someone else's answers 409 with both values."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from tacoord.core.api.views import RestrictedReadOnlyViewSet
from tacoord.core.errors import ApplicationError, PermissionDeniedError
from tacoord.core.permissions import Action
from tacoord.reporting.api.serializers import (
    AnswerSerializer,
    AnswerWriteSerializer,
    QuestionnaireResponseSerializer,
    ReportingCycleSerializer,
)
from tacoord.reporting.models import Answer, QuestionnaireResponse, ReportingCycle
from tacoord.reporting.selectors import response_answers
from tacoord.reporting.services import AnswerConflictError, AnswerInput, answers_save, response_submit
from tacoord.reporting.structure import parse_key


def _refused(error: PermissionDeniedError):
    return exceptions.PermissionDenied(" ".join(error.messages))


class ReportingCycleViewSet(RestrictedReadOnlyViewSet):
    """Reporting cycles: a questionnaire sent to a set of States with a deadline."""

    queryset = ReportingCycle.objects.select_related("template")
    serializer_class = ReportingCycleSerializer
    filterset_fields = ["status", "template"]


class QuestionnaireResponseViewSet(RestrictedReadOnlyViewSet):
    """A State's response to a cycle; answers are confidential to the State and the secretariat unless published."""

    queryset = QuestionnaireResponse.objects.select_related("country", "cycle")
    serializer_class = QuestionnaireResponseSerializer
    filterset_fields = ["cycle", "status"]

    @extend_schema(parameters=[OpenApiParameter("as_of", str, description="YYYY-MM-DD: the answers as that day ended")],
                   responses={200: dict})
    @action(detail=True, methods=["get"])
    def answers(self, request, pk=None):
        """{answer key: value} now, or as of a day."""
        as_of = request.query_params.get("as_of")
        try:
            as_of = datetime.date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise exceptions.ValidationError({"as_of": [_("Enter a date as YYYY-MM-DD.")]}) from None
        return Response(response_answers(response=self.get_object(), as_of=as_of))

    @extend_schema(request=None, responses=QuestionnaireResponseSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The focal point submits its State's answers to the secretariat."""
        # Looked up among the responses the user may see; the service says who may submit.
        response = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            response_submit(user=request.user, response=response)
        except PermissionDeniedError as error:
            raise _refused(error) from None
        response.refresh_from_db()
        return Response(self.get_serializer(response).data)


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
