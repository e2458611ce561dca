"""Writes to questionnaire templates: build the self-assessment, import and export XLSForms.

Every template is written by one function, `template_store`, from a `FormSpec`: questions and choices are matched on
their names, a row that already matches is not saved (so building again changes nothing and logs nothing), a changed
row is updated in place (the change log keeps it before and after), and a row the spec no longer has is deleted.
"""

import contextlib

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _

from tacoord.core.context import change_context, current_change_context
from tacoord.core.errors import ApplicationError
from tacoord.core.permissions import Action, user_may
from tacoord.questionnaires.choices import TemplateStatus
from tacoord.questionnaires.models import Choice, Question, QuestionnaireTemplate
from tacoord.questionnaires.self_assessment import self_assessment_spec
from tacoord.questionnaires.spec import FormSpec
from tacoord.questionnaires.xlsform import spec_from_template, workbook_from_spec, xlsform_read

SELF_ASSESSMENT_CODE = "untoc-self-assessment"
QUESTION_FIELDS = ("parent_id", "position", "type", "choice_list", "label", "hint", "required", "relevant",
                   "constraint", "constraint_message", "calculation", "or_other", "other_for_id", "article_id", "part",
                   "is_confidential")


def _require(user, action: str, obj) -> None:
    if not user_may(user, action, obj):
        raise PermissionDenied(_("You may not do this to %(object)s.") % {"object": obj})


def _save_if_changed(obj, values: dict) -> bool:
    if obj.pk is not None and all(getattr(obj, key) == value for key, value in values.items()):
        return False
    for key, value in values.items():
        setattr(obj, key, value)
    obj.full_clean(validate_unique=False, validate_constraints=False)
    obj.save()
    return True


def _store_questions(template: QuestionnaireTemplate, spec: FormSpec) -> None:
    existing = {question.name: question for question in template.questions.all()}
    stored: dict[str, Question] = {}
    for position, (question, parent) in enumerate(spec.walk(), start=1):
        obj = existing.pop(question.name, None) or Question(template=template, name=question.name)
        if parent is not None and obj.parent_id in (None, stored[parent.name].pk):
            obj.parent = stored[parent.name]  # so validating it does not fetch the group again
        _save_if_changed(obj, {
            "parent_id": stored[parent.name].pk if parent else None, "position": position, "type": question.type,
            "choice_list": question.choice_list, "label": question.label, "hint": question.hint,
            "required": question.required, "relevant": question.relevant, "constraint": question.constraint,
            "constraint_message": question.constraint_message, "calculation": question.calculation,
            "or_other": question.or_other,
            "other_for_id": stored[question.other_for].pk if question.other_for else None,
            "article_id": question.article_id,
            "part": question.part, "is_confidential": question.is_confidential,
        })
        stored[question.name] = obj
    # Deepest first, so a group goes after what it held.
    for obj in sorted(existing.values(), key=lambda question: -question.position):
        try:
            obj.delete()
        except ProtectedError as error:
            raise ApplicationError(
                _("Question %(name)s has answers and cannot be removed: make a new version of the questionnaire "
                  "instead.") % {"name": obj.name}) from error


def _store_choices(template: QuestionnaireTemplate, spec: FormSpec) -> None:
    existing = {(choice.list_name, choice.name): choice for choice in template.choices.all()}
    positions: dict[str, int] = {}
    for choice in spec.choices:
        positions[choice.list_name] = positions.get(choice.list_name, 0) + 1
        obj = existing.pop((choice.list_name, choice.name), None) or Choice(
            template=template, list_name=choice.list_name, name=choice.name)
        _save_if_changed(obj, {"label": choice.label, "position": positions[choice.list_name]})
    for obj in existing.values():
        obj.delete()


@transaction.atomic
def template_store(*, user, template: QuestionnaireTemplate, spec: FormSpec) -> QuestionnaireTemplate:
    """Make `template` hold what `spec` says, changing only what differs. The caller has checked the spec."""
    _require(user, Action.ADD if template.pk is None else Action.CHANGE, template)
    _save_if_changed(template, {"title": spec.title, "description": spec.description,
                                "default_language": spec.default_language or "en"})
    _store_questions(template, spec)
    _store_choices(template, spec)
    return template


def _acting(user, source: str):
    """The change context of the request, or one naming `user` when called from a command or a test."""
    if current_change_context().user is not None:
        return contextlib.nullcontext()
    return change_context(user=user, source=source)


def template_build_self_assessment(*, user, code: str = SELF_ASSESSMENT_CODE,
                                   version: int | None = None) -> QuestionnaireTemplate:
    """Build, or bring up to date, the self-assessment from the articles of the Convention and its Protocols.

    `version` None means the latest version of `code` (the first when there is none). Building again updates that
    version in place; questions of articles that are gone are removed unless they have answers.
    """
    spec = self_assessment_spec()
    if not spec.questions:
        raise ApplicationError(_("There are no articles: load the reference data first (tacoord load_reference)."))
    with _acting(user, "build_self_assessment"), transaction.atomic():
        if version is None:
            version = QuestionnaireTemplate.objects.filter(code=code).aggregate(Max("version"))["version__max"] or 1
        template = QuestionnaireTemplate.objects.filter(code=code, version=version).first()
        if template is None:
            template = QuestionnaireTemplate(code=code, version=version, status=TemplateStatus.PUBLISHED,
                                             is_self_assessment=True)
        elif not template.is_self_assessment:
            raise ApplicationError(_("Version %(version)s of %(code)s is an imported questionnaire, not the "
                                     "self-assessment: choose another code or version.")
                                   % {"version": version, "code": code})
        return template_store(user=user, template=template, spec=spec)


def template_import_xlsform(*, user, file, code: str | None = None,
                            version: int | None = None) -> QuestionnaireTemplate:
    """A new template, published, from an XLSForm workbook (bytes or a file). A malformed workbook is refused with
    every problem's sheet, row and reason, and nothing is created.

    `code` and `version` default to the workbook's `form_id` and `version` settings; the version defaults to the
    next one of that code. An existing (code, version) is refused: a questionnaire States may have answered is not
    replaced by an upload.
    """
    if not user_may(user, Action.ADD, QuestionnaireTemplate()):
        raise PermissionDenied(_("Only the secretariat imports questionnaires."))
    spec = xlsform_read(file)
    code = code or spec.code
    if not code:
        raise ApplicationError(_("Give the questionnaire a code, or a form_id in the settings sheet."))
    with _acting(user, "xlsform_import"), transaction.atomic():
        if version is None:
            version = spec.version or (QuestionnaireTemplate.objects.filter(code=code).aggregate(
                Max("version"))["version__max"] or 0) + 1
        if QuestionnaireTemplate.objects.filter(code=code, version=version).exists():
            raise ApplicationError(_("Version %(version)s of questionnaire %(code)s already exists: import it as a "
                                     "new version.") % {"version": version, "code": code})
        template = QuestionnaireTemplate(code=code, version=version, status=TemplateStatus.PUBLISHED,
                                         title=spec.title or {"en": code})
        template.full_clean()
        return template_store(user=user, template=template, spec=spec)


def template_export_xlsform(*, template: QuestionnaireTemplate, for_odk: bool = False) -> bytes:
    """The template as an XLSForm workbook (survey, choices, settings) that this import reads; `for_odk` leaves out
    the translated titles, which ODK and Kobo cannot read."""
    return workbook_from_spec(spec_from_template(template), for_odk=for_odk)
