from django.urls import reverse
from rest_framework import serializers

from tacoord.questionnaires.models import Choice, Question, QuestionnaireTemplate


class ChoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ["id", "template", "list_name", "name", "label", "position"]


class QuestionSerializer(serializers.ModelSerializer):
    article = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = ["id", "template", "parent", "position", "name", "type", "choice_list", "label", "hint", "required",
                  "relevant", "constraint", "constraint_message", "calculation", "or_other", "other_for", "article",
                  "part", "is_confidential"]

    def get_article(self, question) -> dict | None:
        article = question.article
        if article is None:
            return None
        return {"id": article.pk, "instrument": article.instrument.code, "number": article.number,
                "cluster": article.cluster.code if article.cluster_id else None}


class QuestionTreeSerializer(QuestionSerializer):
    """A question with what it holds, when it is a group or a repeat."""

    children = serializers.SerializerMethodField()

    class Meta(QuestionSerializer.Meta):
        fields = [*QuestionSerializer.Meta.fields, "children"]

    def get_children(self, question) -> list[dict]:
        children = self.context["children"].get(question.pk, [])
        return QuestionTreeSerializer(children, many=True, context=self.context).data


class QuestionnaireTemplateSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="questionnairetemplate-detail")
    xlsform = serializers.SerializerMethodField()

    class Meta:
        model = QuestionnaireTemplate
        fields = ["id", "url", "code", "version", "title", "description", "status", "is_self_assessment",
                  "default_language", "xlsform", "archived_at", "created", "last_updated"]

    def get_xlsform(self, template) -> str:
        request = self.context.get("request")
        path = reverse("questionnaires:questionnairetemplate_xlsform", kwargs={"pk": template.pk})
        return request.build_absolute_uri(path) if request else path


class QuestionnaireTemplateDetailSerializer(QuestionnaireTemplateSerializer):
    """A template with its sections and questions as a tree, and its choice lists."""

    sections = serializers.SerializerMethodField()
    choices = serializers.SerializerMethodField()

    class Meta(QuestionnaireTemplateSerializer.Meta):
        fields = [*QuestionnaireTemplateSerializer.Meta.fields, "sections", "choices"]

    def get_sections(self, template) -> list[dict]:
        children: dict[int | None, list[Question]] = {}
        for question in self.context["questions"]:
            children.setdefault(question.parent_id, []).append(question)
        return QuestionTreeSerializer(children.get(None, []), many=True, context={"children": children}).data

    def get_choices(self, template) -> dict[str, list[dict]]:
        lists: dict[str, list[dict]] = {}
        for choice in self.context["choices"]:
            lists.setdefault(choice.list_name, []).append({"name": choice.name, "label": choice.label})
        return lists
