from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tacoord.reporting.models import Answer, QuestionnaireResponse, ReportingCycle
from tacoord.reporting.structure import answer_key


class ReportingCycleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="reportingcycle-detail")

    class Meta:
        model = ReportingCycle
        fields = ["id", "url", "name", "template", "opens_on", "deadline", "status", "instructions", "previous_cycle",
                  "created", "last_updated"]


class QuestionnaireResponseSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="questionnaireresponse-detail")
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)

    class Meta:
        model = QuestionnaireResponse
        fields = ["id", "url", "cycle", "country", "status", "submitted_at", "return_comment", "is_published",
                  "last_updated"]


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


class SubmitSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True)
