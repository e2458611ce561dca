"""A template's life through the services: a draft edited question by question, published (then frozen), retired,
and changed again only as a new version."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tacoord.core.errors import ApplicationError
from tacoord.core.models import ObjectChange
from tacoord.questionnaires.choices import OTHER_LABEL, QuestionType, TemplateStatus
from tacoord.questionnaires.models import Choice, Question, QuestionnaireTemplate
from tacoord.questionnaires.selectors import template_history
from tacoord.questionnaires.services import (
    choice_move,
    choice_remove,
    choice_save,
    question_move,
    question_remove,
    question_save,
    template_build_self_assessment,
    template_create,
    template_new_version,
    template_problems,
    template_publish,
    template_restore_version,
    template_retire,
    template_update,
)
from tacoord.questionnaires.tests.test_services import tree
from tacoord.reference.models import Article
from tacoord.reporting.services import cycle_create

pytestmark = pytest.mark.django_db

OTHERS = ["focal_a", "agency_a", "officer", "expert", "anonymous"]


def names(template) -> list[str]:
    return list(template.questions.order_by("position").values_list("name", flat=True))


def errors_of(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value.message_dict


@pytest.fixture
def draft(world):
    """A draft: a loose question, a group holding a choice question and a follow-up, a repeat, choices."""
    user = world.secretariat
    template = template_create(user=user, code="justice", title={"en": "Justice", "fr": "Justice", "es": " "})
    question_save(user=user, template=template, name="staff", type=QuestionType.INTEGER, label={"en": "Staff"},
                  constraint=". >= 0")
    legal = question_save(user=user, template=template, name="legal", type=QuestionType.GROUP,
                          label={"en": "Legislation"})
    question_save(user=user, template=template, name="has_law", type=QuestionType.SELECT_ONE, parent=legal,
                  choice_list="yes_no", label={"en": "A law?"}, required=True)
    question_save(user=user, template=template, name="law", type=QuestionType.TEXT, parent=legal,
                  label={"en": "Which?"}, relevant="${has_law} = 'yes'")
    cases = question_save(user=user, template=template, name="cases", type=QuestionType.REPEAT,
                          label={"en": "Cases"})
    question_save(user=user, template=template, name="case", type=QuestionType.TEXT, parent=cases,
                  label={"en": "Case"})
    for name, label in (("yes", "Yes"), ("no", "No")):
        choice_save(user=user, template=template, list_name="yes_no", name=name, label={"en": label})
    template.refresh_from_db()
    return template


class TestDraft:
    def test_created_as_the_next_version_in_draft(self, world, draft):
        assert (draft.code, draft.version, draft.status) == ("justice", 1, TemplateStatus.DRAFT)
        assert draft.title == {"en": "Justice", "fr": "Justice"}  # empty texts are dropped
        assert errors_of(template_create, user=world.secretariat, code="justice", title={"en": "Again"}) == {
            "code": ["A draft of justice exists already: change it instead."]}
        assert errors_of(template_create, user=world.secretariat, code="other", title={"en": " "}) == {
            "title": ["Give the questionnaire a title."]}

    def test_questions_in_reading_order(self, draft):
        assert names(draft) == ["staff", "legal", "has_law", "law", "cases", "case"]
        assert list(draft.questions.order_by("position").values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]

    def test_a_question_added_to_a_group_goes_at_its_end(self, world, draft):
        legal = draft.questions.get(name="legal")
        question_save(user=world.secretariat, template=draft, name="since", type=QuestionType.DATE, parent=legal,
                      label={"en": "Since"})
        assert names(draft) == ["staff", "legal", "has_law", "law", "since", "cases", "case"]

    def test_moved_to_another_group(self, world, draft):
        staff = draft.questions.get(name="staff")
        question_save(user=world.secretariat, template=draft, question=staff, name="staff",
                      type=QuestionType.INTEGER, label={"en": "Staff"}, parent=draft.questions.get(name="cases"))
        assert names(draft) == ["legal", "has_law", "law", "cases", "case", "staff"]
        assert draft.questions.get(name="staff").parent.name == "cases"

    def test_update_title(self, world, draft):
        template_update(user=world.secretariat, template=draft, title={"en": "Justice staff"},
                        description={"fr": "Personnel"}, default_language="fr")
        draft.refresh_from_db()
        assert (draft.title, draft.description, draft.default_language) == (
            {"en": "Justice staff"}, {"fr": "Personnel"}, "fr")

    @pytest.mark.parametrize(("fields", "expected"), [
        ({"name": "staff"}, {"name": ["Another question is named staff."]}),
        ({"name": "2fast"}, {"name": ["Use letters, digits and underscores only, starting with a letter."]}),
        ({"relevant": "${nobody} = 1"}, {"relevant": ["${nobody}: no question of this questionnaire has this "
                                                      "name."]}),
        ({"constraint": ". >"}, {"constraint": ["Unexpected the end of the expression at position 4."]}),
        ({"constraint": "regex(., '(?=x)')"}, {"constraint": ["regex() at position 1: the pattern '(?=x)' cannot "
                                                              "be read (invalid perl operator: (?=)."]}),
        ({"type": QuestionType.CALCULATE}, {"calculation": ["A calculated question needs a calculation."]}),
        ({"calculation": "1 + 1"}, {"calculation": ["Only a calculated question has a calculation."]}),
        ({"type": QuestionType.CALCULATE, "calculation": "${new} + 1"},
         {"calculation": ["The calculations depend on each other in a circle: ${new} → ${new}."]}),
        ({"or_other": True}, {"or_other": ["Only a single or multiple choice question can offer “Other”."]}),
        ({"type": QuestionType.SELECT_ONE}, {"choice_list": ["A choice question needs a choice list."]}),
    ])
    def test_refused_with_the_reason_by_field(self, world, draft, fields, expected):
        before = names(draft)
        values = {"name": "new", "type": QuestionType.TEXT, "label": {"en": "New"}, **fields}
        assert errors_of(question_save, user=world.secretariat, template=draft, **values) == expected
        assert names(draft) == before

    def test_calculations_in_a_circle_across_questions(self, world, draft):
        question_save(user=world.secretariat, template=draft, name="a", type=QuestionType.CALCULATE,
                      calculation="${staff} * 2")
        b = question_save(user=world.secretariat, template=draft, name="b", type=QuestionType.CALCULATE,
                          calculation="${a} + 1")
        a = draft.questions.get(name="a")
        assert errors_of(question_save, user=world.secretariat, template=draft, question=a, name="a",
                         type=QuestionType.CALCULATE, calculation="${b} + 1") == {
            "calculation": ["The calculations depend on each other in a circle: ${a} → ${b} → ${a}."]}
        assert b.calculation == "${a} + 1"

    def test_a_group_cannot_go_into_itself(self, world, draft):
        legal = draft.questions.get(name="legal")
        assert errors_of(question_save, user=world.secretariat, template=draft, question=legal, name="legal",
                         type=QuestionType.GROUP, parent=legal) == {
            "parent": ["A group cannot hold itself or a group it holds."]}
        assert errors_of(question_save, user=world.secretariat, template=draft, question=legal, name="legal",
                         type=QuestionType.TEXT, label={"en": "L"}) == {
            "type": ["This group holds questions: move or remove them first."]}

    def test_one_level_of_repeats(self, world, draft):
        user, cases = world.secretariat, draft.questions.get(name="cases")
        message = ["A repeat cannot be inside another repeat: tacoord answers one level of repeats."]
        assert errors_of(question_save, user=user, template=draft, name="hearings", type=QuestionType.REPEAT,
                         parent=cases) == {"type": message}
        details = question_save(user=user, template=draft, name="details", type=QuestionType.GROUP, parent=cases)
        assert errors_of(question_save, user=user, template=draft, question=details, name="details",
                         type=QuestionType.REPEAT, parent=cases) == {"type": message}
        legal = draft.questions.get(name="legal")
        assert errors_of(question_save, user=user, template=draft, question=legal, name="legal",
                         type=QuestionType.REPEAT, parent=cases) == {"type": message}
        group = question_save(user=user, template=draft, name="wrapper", type=QuestionType.GROUP)
        question_save(user=user, template=draft, question=cases, name="cases", type=QuestionType.REPEAT,
                      label={"en": "Cases"}, parent=group)
        hearings = question_save(user=user, template=draft, name="hearings", type=QuestionType.REPEAT)
        assert errors_of(question_save, user=user, template=draft, question=group, name="wrapper",
                         type=QuestionType.GROUP, parent=hearings) == {"parent": message}
        assert errors_of(question_save, user=user, template=draft, question=group, name="wrapper",
                         type=QuestionType.REPEAT) == {"type": message}

    def test_a_question_others_use_keeps_its_name(self, world, draft):
        has_law = draft.questions.get(name="has_law")
        assert errors_of(question_save, user=world.secretariat, template=draft, question=has_law, name="law_exists",
                         type=QuestionType.SELECT_ONE, choice_list="yes_no", label={"en": "A law?"},
                         parent=has_law.parent) == {
            "name": ["law use ${has_law}: change them before renaming it."]}

    def test_or_other_brings_and_takes_its_question(self, world, draft):
        has_law = draft.questions.get(name="has_law")
        values = {"user": world.secretariat, "template": draft, "type": QuestionType.SELECT_ONE,
                  "choice_list": "yes_no", "label": {"en": "A law?"}, "parent": has_law.parent}
        question_save(question=has_law, name="has_law", or_other=True, **values)
        other = draft.questions.get(name="has_law_other")
        assert (other.other_for, other.type, other.label, other.parent) == (
            has_law, QuestionType.TEXT, OTHER_LABEL, has_law.parent)
        assert other.relevant == "selected(${has_law}, 'other')"
        assert names(draft) == ["staff", "legal", "has_law", "has_law_other", "law", "cases", "case"]
        with pytest.raises(ApplicationError, match="This question comes with “Other” on has_law"):
            question_save(user=world.secretariat, template=draft, question=other, name="has_law_other",
                          type=QuestionType.TEXT)
        with pytest.raises(ApplicationError, match="Untick “Other” on has_law to remove this question"):
            question_remove(user=world.secretariat, question=other)
        question_move(user=world.secretariat, question=has_law, step=1)
        assert names(draft) == ["staff", "legal", "law", "has_law", "has_law_other", "cases", "case"]
        question_save(question=has_law, name="has_law", or_other=False, **values)
        assert names(draft) == ["staff", "legal", "law", "has_law", "cases", "case"]

    def test_move_up_and_down_with_what_a_group_holds(self, world, draft):
        cases = draft.questions.get(name="cases")
        question_move(user=world.secretariat, question=cases, step=-1)
        assert names(draft) == ["staff", "cases", "case", "legal", "has_law", "law"]
        question_move(user=world.secretariat, question=cases, step=-1)
        question_move(user=world.secretariat, question=cases, step=-1)  # already first: nothing moves
        assert names(draft) == ["cases", "case", "staff", "legal", "has_law", "law"]
        question_move(user=world.secretariat, question=draft.questions.get(name="law"), step=-1)
        assert names(draft) == ["cases", "case", "staff", "legal", "law", "has_law"]

    def test_remove(self, world, draft):
        with pytest.raises(ApplicationError) as caught:
            question_remove(user=world.secretariat, question=draft.questions.get(name="has_law"))
        assert caught.value.messages == ["law use this question: change them first."]
        question_remove(user=world.secretariat, question=draft.questions.get(name="legal"))
        assert names(draft) == ["staff", "cases", "case"]
        assert list(draft.questions.order_by("position").values_list("position", flat=True)) == [1, 2, 3]

    def test_choices(self, world, draft):
        user = world.secretariat
        maybe = choice_save(user=user, template=draft, list_name="yes_no", name="maybe", label={"en": "Maybe"})
        choice_move(user=user, choice=maybe, step=-1)
        listed = lambda: list(draft.choices.filter(list_name="yes_no").values_list("name", "position"))  # noqa: E731
        assert listed() == [("yes", 1), ("maybe", 2), ("no", 3)]
        assert errors_of(choice_save, user=user, template=draft, list_name="yes_no", name="no",
                         label={"en": "No"}) == {"name": ["The list yes_no has a choice no already."]}
        assert errors_of(choice_save, user=user, template=draft, list_name="yes no", name="a b", label={}) == {
            "list_name": ["Use letters, digits and underscores only, starting with a letter."],
            "name": ["Give the choice a name without spaces."], "label": ["Give the choice a label."]}
        choice_save(user=user, template=draft, choice=maybe, list_name="yes_no", name="perhaps",
                    label={"en": "Perhaps"})
        choice_remove(user=user, choice=draft.choices.get(name="yes"))
        assert listed() == [("perhaps", 1), ("no", 2)]
        has_law = draft.questions.get(name="has_law")
        question_save(user=user, template=draft, question=has_law, name="has_law", type=QuestionType.SELECT_ONE,
                      choice_list="yes_no", label={"en": "A law?"}, parent=has_law.parent, or_other=True)
        assert errors_of(choice_save, user=user, template=draft, list_name="yes_no", name="other",
                         label={"en": "Other"}) == {"name": ["A question using this list offers “Other” already."]}

    def test_every_change_is_in_the_history(self, world, draft):
        question_remove(user=world.secretariat, question=draft.questions.get(name="cases"))
        history = list(template_history(template=draft))
        kinds = {(change.changed_object_type.model, change.action) for change in history}
        assert {("questionnairetemplate", "create"), ("question", "create"), ("question", "delete"),
                ("choice", "create")} <= kinds
        removed = [change.object_repr for change in history if change.action == "delete"]
        assert sorted(removed) == ["Case", "Cases"]
        other = template_create(user=world.secretariat, code="other", title={"en": "Other"})
        assert not any(change.changed_object_id == str(draft.pk) for change in template_history(template=other)
                       if change.changed_object_type.model == "questionnairetemplate")


class TestPublish:
    def test_what_stops_publication(self, world, draft):
        empty = template_create(user=world.secretariat, code="empty", title={"en": "Empty"})
        assert template_problems(template=empty) == ["The questionnaire has no questions."]
        question_save(user=world.secretariat, template=draft, name="kind", type=QuestionType.SELECT_ONE,
                      choice_list="kinds", label={"en": "Kind"})
        assert template_problems(template=draft) == ["choice list 'kinds' is not on the choices sheet."]
        with pytest.raises(ApplicationError) as caught:
            template_publish(user=world.secretariat, template=draft)
        assert caught.value.messages == ["The questionnaire cannot be published yet:",
                                         "choice list 'kinds' is not on the choices sheet."]
        assert QuestionnaireTemplate.objects.get(pk=draft.pk).status == TemplateStatus.DRAFT

    def test_published_is_frozen(self, world, draft):
        user = world.secretariat
        template_publish(user=user, template=draft)
        draft.refresh_from_db()
        assert draft.status == TemplateStatus.PUBLISHED
        frozen = "Version 1 of justice is published, so it can no longer change: make a new version to change it."
        staff, yes = draft.questions.get(name="staff"), draft.choices.get(name="yes")
        for call, kwargs in [
            (template_update, {"template": draft, "title": {"en": "Changed"}}),
            (question_save, {"template": draft, "name": "new", "type": QuestionType.TEXT, "label": {"en": "N"}}),
            (question_save, {"template": draft, "question": staff, "name": "staff", "type": QuestionType.TEXT,
                             "label": {"en": "S"}}),
            (question_move, {"question": staff, "step": 1}),
            (question_remove, {"question": staff}),
            (choice_save, {"template": draft, "list_name": "yes_no", "name": "maybe", "label": {"en": "M"}}),
            (choice_move, {"choice": yes, "step": 1}),
            (choice_remove, {"choice": yes}),
            (template_publish, {"template": draft}),
        ]:
            with pytest.raises(ApplicationError) as caught:
                call(user=user, **kwargs)
            assert caught.value.messages == [frozen], call
        assert names(draft) == ["staff", "legal", "has_law", "law", "cases", "case"]
        assert draft.title == {"en": "Justice", "fr": "Justice"}

    def test_restoring_an_earlier_title_only_while_a_draft(self, world, draft):
        first = ObjectChange.objects.filter(changed_object_id=str(draft.pk), action="create",
                                            changed_object_type__model="questionnairetemplate").get()
        template_update(user=world.secretariat, template=draft, title={"en": "Renamed"})
        template_restore_version(user=world.secretariat, template=draft, change=first)
        draft.refresh_from_db()
        assert draft.title == {"en": "Justice", "fr": "Justice"} and draft.status == TemplateStatus.DRAFT
        template_publish(user=world.secretariat, template=draft)
        with pytest.raises(ApplicationError, match="can no longer change"):
            template_restore_version(user=world.secretariat, template=draft, change=first)

    def test_retire_then_no_new_cycle(self, world, draft):
        with pytest.raises(ApplicationError, match="Only a published questionnaire can be retired"):
            template_retire(user=world.secretariat, template=draft)
        template_publish(user=world.secretariat, template=draft)
        template_retire(user=world.secretariat, template=draft)
        draft.refresh_from_db()
        assert draft.status == TemplateStatus.RETIRED
        with pytest.raises(ApplicationError) as caught:
            cycle_create(user=world.secretariat, name="2028", template=draft, deadline=datetime.date(2028, 1, 1),
                         opens_on=datetime.date(2027, 1, 1), countries=[world.state_a])
        assert caught.value.message_dict == {"template": ["Choose a published questionnaire."]}


class TestNewVersion:
    def test_a_draft_copy_as_the_next_version(self, world, draft):
        has_law = draft.questions.get(name="has_law")
        question_save(user=world.secretariat, template=draft, question=has_law, name="has_law",
                      type=QuestionType.SELECT_ONE, choice_list="yes_no", label={"en": "A law?"},
                      parent=has_law.parent, or_other=True)
        template_publish(user=world.secretariat, template=draft)
        with pytest.raises(ApplicationError, match="This version is a draft"):
            template_new_version(user=world.secretariat, template=template_create(
                user=world.secretariat, code="fresh", title={"en": "Fresh"}))
        copy = template_new_version(user=world.secretariat, template=draft)
        assert (copy.code, copy.version, copy.status, copy.title) == ("justice", 2, TemplateStatus.DRAFT,
                                                                      draft.title)
        assert tree(copy) == tree(draft)
        with pytest.raises(ApplicationError, match="A draft of justice exists already"):
            template_new_version(user=world.secretariat, template=draft)
        # The copy changes; the published version does not.
        question_remove(user=world.secretariat, question=copy.questions.get(name="cases"))
        assert "cases" in names(draft) and "cases" not in names(copy)

    def test_the_self_assessment_is_not_rebuilt_under_a_cycle(self, world, self_assessment):
        cycle_create(user=world.secretariat, name="2027", template=self_assessment,
                     deadline=datetime.date(2027, 6, 1), opens_on=datetime.date(2027, 1, 1),
                     countries=[world.state_a])
        assert template_build_self_assessment(user=world.secretariat) == self_assessment  # nothing changes
        article = Article.objects.get(instrument__code="UNTOC", number=5)
        article.name_en = "Criminalization (renamed)"
        article.save()
        with pytest.raises(ApplicationError) as caught:
            template_build_self_assessment(user=world.secretariat)
        assert caught.value.messages == ["Version 1 of untoc-self-assessment is used by reporting cycles, so its "
                                         "questions cannot change: build version 2 instead."]
        assert "renamed" not in self_assessment.questions.get(name="untoc_a5").label["en"]
        rebuilt = template_build_self_assessment(user=world.secretariat, version=2)
        assert rebuilt.version == 2 and "renamed" in rebuilt.questions.get(name="untoc_a5").label["en"]


@pytest.mark.parametrize("who", OTHERS)
def test_only_the_secretariat(world, draft, who):
    person = world.person(who)
    template_publish(user=world.secretariat, template=template_new_version(
        user=world.secretariat, template=_published(world)))
    staff, yes = draft.questions.get(name="staff"), draft.choices.get(name="yes")
    published = QuestionnaireTemplate.objects.get(code="published", status=TemplateStatus.PUBLISHED, version=2)
    calls = [
        (template_create, {"code": "mine", "title": {"en": "Mine"}}),
        (template_update, {"template": draft, "title": {"en": "Changed"}}),
        (question_save, {"template": draft, "name": "new", "type": QuestionType.TEXT, "label": {"en": "N"}}),
        (question_move, {"question": staff, "step": 1}),
        (question_remove, {"question": staff}),
        (choice_save, {"template": draft, "list_name": "yes_no", "name": "maybe", "label": {"en": "M"}}),
        (choice_move, {"choice": yes, "step": 1}),
        (choice_remove, {"choice": yes}),
        (template_publish, {"template": draft}),
        (template_retire, {"template": published}),
        (template_new_version, {"template": published}),
    ]
    counts = (QuestionnaireTemplate.objects.count(), Question.objects.count(), Choice.objects.count(),
              ObjectChange.objects.count())
    for call, kwargs in calls:
        with pytest.raises(PermissionDenied):
            call(user=person, **kwargs)
    assert (QuestionnaireTemplate.objects.count(), Question.objects.count(), Choice.objects.count(),
            ObjectChange.objects.count()) == counts
    assert QuestionnaireTemplate.objects.get(pk=draft.pk).status == TemplateStatus.DRAFT


def _published(world) -> QuestionnaireTemplate:
    template = template_create(user=world.secretariat, code="published", title={"en": "Published"})
    question_save(user=world.secretariat, template=template, name="q", type=QuestionType.TEXT, label={"en": "Q"})
    return template_publish(user=world.secretariat, template=template)
