from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tacoord.core.permissions import Action
from tacoord.questionnaires.choices import TemplateStatus
from tacoord.questionnaires.models import QuestionnaireTemplate
from tacoord.reference.models import Country
from tacoord.reporting.forms import states_to_ask
from tacoord.reporting.models import Answer, QuestionnaireResponse, ReportingCycle, ResponseReturn
from tacoord.reporting.structure import answer_key


class ReportingCycleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="reportingcycle-detail")

    class Meta:
        model = ReportingCycle
        fields = ["id", "url", "name", "template", "opens_on", "deadline", "status", "instructions", "previous_cycle",
                  "created", "last_updated"]


def _visible(queryset, serializer):
    request = serializer.context.get("request")
    return queryset.restrict(getattr(request, "user", None), Action.VIEW)


@extend_schema_field(OpenApiTypes.INT)
class VisibleCycleField(serializers.PrimaryKeyRelatedField):
    """A cycle the caller may see: any other id is refused as if it did not exist."""

    def get_queryset(self):
        return _visible(ReportingCycle.objects.all(), self.root)


@extend_schema_field(OpenApiTypes.INT)
class PublishedTemplateField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return _visible(QuestionnaireTemplate.objects.filter(status=TemplateStatus.PUBLISHED,
                                                             archived_at__isnull=True), self.root)


class StatesField(serializers.ListField):
    """States by ISO 3166 alpha-2 code (KE, PE); a code that names no State is refused with the code."""

    child = serializers.SlugRelatedField(slug_field="iso2", queryset=Country.objects.all())

    def __init__(self, **kwargs):
        super().__init__(allow_empty=False, **kwargs)

    def to_internal_value(self, data):
        self.child.queryset = states_to_ask()
        return super().to_internal_value(data)


class ReportingCycleCreateSerializer(serializers.Serializer):
    """A new cycle, prepared (not yet open) with one response for each State concerned."""

    name = serializers.CharField(max_length=200)
    template = PublishedTemplateField(help_text=_("The id of a published questionnaire."))
    opens_on = serializers.DateField(required=False, help_text=_("Today when left out."))
    deadline = serializers.DateField()
    countries = StatesField(help_text=_("The States concerned, by ISO 3166 alpha-2 code."))
    instructions = serializers.CharField(required=False, allow_blank=True, default="")
    previous_cycle = VisibleCycleField(required=False, allow_null=True, default=None)


class ReportingCycleUpdateSerializer(serializers.Serializer):
    """What changes on a cycle once made; the States change through add-states and remove-states."""

    name = serializers.CharField(max_length=200, required=False)
    opens_on = serializers.DateField(required=False)
    deadline = serializers.DateField(required=False)
    instructions = serializers.CharField(required=False, allow_blank=True)
    previous_cycle = VisibleCycleField(required=False, allow_null=True)


class StatesSerializer(serializers.Serializer):
    countries = StatesField(help_text=_("States by ISO 3166 alpha-2 code."))


class ResponseReturnSerializer(serializers.ModelSerializer):
    returned_by = serializers.SerializerMethodField()
    submission = serializers.SlugRelatedField(slug_field="number", read_only=True)

    class Meta:
        model = ResponseReturn
        fields = ["id", "returned_at", "returned_by", "submission", "comment"]

    def get_returned_by(self, entry) -> str | None:
        person = entry.returned_by
        return (person.get_full_name() or person.username) if person else None


class QuestionnaireResponseSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="questionnaireresponse-detail")
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    returns = serializers.SerializerMethodField(
        help_text=_("Every return by the secretariat with its comment, oldest first; only for the secretariat and "
                    "the State's users."))

    class Meta:
        model = QuestionnaireResponse
        fields = ["id", "url", "cycle", "country", "status", "submitted_at", "is_published", "returns",
                  "last_updated"]

    def get_returns(self, response) -> list[dict]:
        # The viewset prefetches `visible_returns` through the permission check; a lone object reads them here.
        entries = getattr(response, "visible_returns", None)
        if entries is None:
            entries = _visible(ResponseReturn.objects.filter(response=response).select_related(
                "returned_by", "submission"), self)
        return ResponseReturnSerializer(entries, many=True).data


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True, help_text=_("What the State should change."))


class PublishSerializer(serializers.Serializer):
    published = serializers.BooleanField(help_text=_("True to publish the answers, false to make them confidential "
                                                     "again."))


class AnswerSerializer(serializers.ModelSerializer):
    key = serializers.SerializerMethodField()
    question = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = Answer
        fields = ["id", "response", "key", "question", "repeat_index", "value", "version", "updated_at"]

    def get_key(self, answer) -> str:
        return answer_key(answer.question.name, answer.repeat_index)


class AnswerWriteSerializer(serializers.Serializer):
    """One answer to save: the version is the one the client last read (0 for a first answer)."""

    response = serializers.IntegerField(help_text=_("The id of the State's questionnaire response."))
    key = serializers.CharField(max_length=120, help_text=_("The question's name, with [i] for a repeat's i-th entry."))
    value = serializers.JSONField(allow_null=True)
    version = serializers.IntegerField(min_value=0)
