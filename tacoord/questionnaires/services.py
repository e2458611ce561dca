"""Writes to questionnaire templates: build the self-assessment, import and export XLSForms.

Every template is written by one function, `template_store`, from a `FormSpec`: questions and choices are matched on
their names, a row that already matches is not saved (so building again changes nothing and logs nothing), a changed
row is updated in place (the change log keeps it before and after), and a row the spec no longer has is deleted.
"""

import contextlib
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _

from tacoord.core.context import change_context, current_change_context
from tacoord.core.errors import ApplicationError
from tacoord.core.models import ChangeAction
from tacoord.core.permissions import Action, user_may
from tacoord.questionnaires.choices import (
    CONTAINER_TYPES,
    OTHER_CHOICE,
    OTHER_SUFFIX,
    QuestionType,
    TemplateStatus,
)
from tacoord.questionnaires.expressions import ExpressionError, evaluation_order, referenced_names
from tacoord.questionnaires.models import Choice, Question, QuestionnaireTemplate
from tacoord.questionnaires.self_assessment import self_assessment_spec
from tacoord.questionnaires.spec import FormSpec, QuestionSpec
from tacoord.questionnaires.xlsform import (
    other_question,
    pyxform_problems,
    spec_from_template,
    spec_problems,
    workbook_from_spec,
    xlsform_read,
)

SELF_ASSESSMENT_CODE = "untoc-self-assessment"


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


def _store_questions(template: QuestionnaireTemplate, spec: FormSpec) -> bool:
    existing = {question.name: question for question in template.questions.all()}
    changed = False
    stored: dict[str, Question] = {}
    for position, (question, parent) in enumerate(spec.walk(), start=1):
        obj = existing.pop(question.name, None) or Question(template=template, name=question.name)
        if parent is not None and obj.parent_id in (None, stored[parent.name].pk):
            obj.parent = stored[parent.name]  # so validating it does not fetch the group again
        changed |= _save_if_changed(obj, {
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
    return changed or bool(existing)


def _store_choices(template: QuestionnaireTemplate, spec: FormSpec) -> bool:
    changed = False
    existing = {(choice.list_name, choice.name): choice for choice in template.choices.all()}
    positions: dict[str, int] = {}
    for choice in spec.choices:
        positions[choice.list_name] = positions.get(choice.list_name, 0) + 1
        obj = existing.pop((choice.list_name, choice.name), None) or Choice(
            template=template, list_name=choice.list_name, name=choice.name)
        changed |= _save_if_changed(obj, {"label": choice.label, "position": positions[choice.list_name]})
    for obj in existing.values():
        obj.delete()
    return changed or bool(existing)


def _store(*, user, template: QuestionnaireTemplate, spec: FormSpec) -> bool:
    """Make `template` hold what `spec` says, changing only what differs; whether anything changed."""
    _require(user, Action.ADD if template.pk is None else Action.CHANGE, template)
    changed = _save_if_changed(template, {"title": spec.title, "description": spec.description,
                                          "default_language": spec.default_language or "en"})
    changed |= _store_questions(template, spec)
    return _store_choices(template, spec) or changed


@transaction.atomic
def template_store(*, user, template: QuestionnaireTemplate, spec: FormSpec) -> QuestionnaireTemplate:
    """Make `template` hold what `spec` says, changing only what differs. The caller has checked the spec."""
    _store(user=user, template=template, spec=spec)
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
    version in place, unless a reporting cycle uses it: States answer the questions a cycle was opened with, so a
    change then needs a new version.
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
        in_use = template.pk is not None and template.cycles.exists()
        if _store(user=user, template=template, spec=spec) and in_use:
            raise ApplicationError(_("Version %(version)s of %(code)s is used by reporting cycles, so its questions "
                                     "cannot change: build version %(next)s instead.")
                                   % {"version": version, "code": code, "next": _next_version(code)})
        return template


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


# The lifecycle: a draft is edited, published (then frozen: States answer exactly what a cycle was opened with),
# retired (no new cycle uses it), and changed again only as a new version, a draft copy of it.


def _next_version(code: str) -> int:
    return (QuestionnaireTemplate.objects.filter(code=code).aggregate(Max("version"))["version__max"] or 0) + 1


def _require_draft(template: QuestionnaireTemplate) -> None:
    if template.status != TemplateStatus.DRAFT:
        raise ApplicationError(_("Version %(version)s of %(code)s is %(status)s, so it can no longer change: make a "
                                 "new version to change it.") % {"version": template.version, "code": template.code,
                                                                  "status": template.get_status_display().lower()})


def _require_editable(user, template: QuestionnaireTemplate) -> QuestionnaireTemplate:
    """The template, locked for the change, if the user may change it and it is a draft."""
    _require(user, Action.CHANGE, template)
    template = QuestionnaireTemplate.objects.select_for_update().get(pk=template.pk)
    _require_draft(template)
    return template


def _texts(texts: dict | None) -> dict[str, str]:
    """A {language: text} dict without its empty texts."""
    return {code: text.strip() for code, text in (texts or {}).items() if text and text.strip()}


@transaction.atomic
def template_create(*, user, code: str, title: dict, description: dict | None = None,
                    default_language: str = "en") -> QuestionnaireTemplate:
    """A new draft: version 1 of a new code, or the next version of an existing one (empty, to be filled in)."""
    template = QuestionnaireTemplate(code=code, status=TemplateStatus.DRAFT, title=_texts(title),
                                     description=_texts(description), default_language=default_language)
    _require(user, Action.ADD, template)
    if not template.title:
        raise ApplicationError({"title": [_("Give the questionnaire a title.")]})
    with _acting(user, "web"):
        if QuestionnaireTemplate.objects.filter(code=code, status=TemplateStatus.DRAFT).exists():
            raise ApplicationError({"code": [_("A draft of %(code)s exists already: change it instead.")
                                             % {"code": code}]})
        template.version = _next_version(code)
        template.full_clean()
        template.save()
    return template


@transaction.atomic
def template_update(*, user, template: QuestionnaireTemplate, title: dict, description: dict | None = None,
                    default_language: str = "en") -> QuestionnaireTemplate:
    """Change a draft's title, description and default language."""
    template = _require_editable(user, template)
    if not _texts(title):
        raise ApplicationError({"title": [_("Give the questionnaire a title.")]})
    _save_if_changed(template, {"title": _texts(title), "description": _texts(description),
                                "default_language": default_language})
    return template


def template_problems(*, template: QuestionnaireTemplate, with_pyxform: bool = True) -> list[str]:
    """What stops a template from being published: the checks an XLSForm import makes, ours and (unless left out,
    as it takes a while on a long questionnaire) pyxform's."""
    spec = spec_from_template(template)
    if not spec.questions:
        return [_("The questionnaire has no questions.")]
    problems = spec_problems(spec)
    if not problems and with_pyxform:
        problems = pyxform_problems(workbook_from_spec(spec, for_odk=True))
    return [problem.reason for problem in problems]


@transaction.atomic
def template_publish(*, user, template: QuestionnaireTemplate) -> QuestionnaireTemplate:
    """States may now be asked to answer it; it never changes again."""
    template = _require_editable(user, template)
    problems = template_problems(template=template)
    if problems:
        raise ApplicationError([_("The questionnaire cannot be published yet:"), *problems])
    _save_if_changed(template, {"status": TemplateStatus.PUBLISHED})
    return template


@transaction.atomic
def template_retire(*, user, template: QuestionnaireTemplate) -> QuestionnaireTemplate:
    """No new reporting cycle may use it; cycles already using it go on."""
    _require(user, Action.CHANGE, template)
    template = QuestionnaireTemplate.objects.select_for_update().get(pk=template.pk)
    if template.status != TemplateStatus.PUBLISHED:
        raise ApplicationError(_("Only a published questionnaire can be retired; this one is %(status)s.")
                               % {"status": template.get_status_display().lower()})
    _save_if_changed(template, {"status": TemplateStatus.RETIRED})
    return template


@transaction.atomic
def template_new_version(*, user, template: QuestionnaireTemplate) -> QuestionnaireTemplate:
    """A draft copy of a published or retired template, as the next version of its code, to be changed."""
    _require(user, Action.ADD, template)
    template = QuestionnaireTemplate.objects.get(pk=template.pk)
    if template.status == TemplateStatus.DRAFT:
        raise ApplicationError(_("This version is a draft: change it rather than copying it."))
    if QuestionnaireTemplate.objects.filter(code=template.code, status=TemplateStatus.DRAFT).exists():
        raise ApplicationError(_("A draft of %(code)s exists already: change it instead.") % {"code": template.code})
    copy = QuestionnaireTemplate(code=template.code, version=_next_version(template.code),
                                 status=TemplateStatus.DRAFT, is_self_assessment=template.is_self_assessment)
    copy.full_clean(exclude=["title"])
    return template_store(user=user, template=copy, spec=spec_from_template(template))


@transaction.atomic
def template_restore_version(*, user, template: QuestionnaireTemplate, change) -> QuestionnaireTemplate:
    """Bring a draft's title, description and default language back to what they were after `change`; its status,
    code and version are never restored (a published template does not become a draft again)."""
    template = _require_editable(user, template)
    if change.changed_object_id != str(template.pk) or not change.postchange_data:
        raise ApplicationError(_("This version cannot be restored."))
    data = change.postchange_data
    template._change_action = ChangeAction.RESTORE
    _save_if_changed(template, {field: data.get(field, getattr(template, field))
                                for field in ("title", "description", "default_language")})
    return template


# Editing a draft's questions and choices. Positions run through the template in reading order; a question's own
# change is logged, the others' renumbering is not (it follows from that change).

EXPRESSION_FIELDS = ("relevant", "constraint", "calculation")


def _reading_order(questions: list[Question], *, last: Question | None = None,
                   swap: tuple[Question, int] | None = None) -> list[Question]:
    """The questions in reading order: each group followed by what it holds, each choice question by the question
    asking which "other" answer it was given. `last` goes after its siblings; `swap` moves one among them."""
    companions = {question.other_for_id: question for question in questions if question.other_for_id}
    children: dict[int | None, list[Question]] = {}
    for question in sorted(questions, key=lambda q: (q is last, q.position, q.pk or 0)):
        if not question.other_for_id:
            children.setdefault(question.parent_id, []).append(question)
    if swap is not None:
        moved, step = swap
        siblings = children[moved.parent_id]
        index = siblings.index(moved)
        if 0 <= index + step < len(siblings):
            siblings[index], siblings[index + step] = siblings[index + step], siblings[index]
    order: list[Question] = []

    def visit(parent_id):
        for question in children.get(parent_id, []):
            order.append(question)
            if question.pk in companions:
                order.append(companions[question.pk])
            if question.pk is not None:
                visit(question.pk)

    visit(None)
    return order


def _renumber(template: QuestionnaireTemplate, *, own: Question | None = None, last: bool = False,
              swap: int = 0) -> None:
    """Give every question its reading-order position. `own` (maybe unsaved, maybe moved to another group) gets
    its position set for its caller to save and log; the others are renumbered in one silent update."""
    questions = [question for question in template.questions.all() if own is None or question.pk != own.pk]
    if own is not None:
        questions.append(own)
    order = _reading_order(questions, last=own if last else None, swap=(own, swap) if swap else None)
    shifted = []
    for position, question in enumerate(order, start=1):
        if question.position != position:
            question.position = position
            if question is not own:
                shifted.append(question)
    Question.objects.bulk_update(shifted, ["position"])


def _subtree(template: QuestionnaireTemplate, question: Question) -> set[int]:
    """The pks of a question, what it holds (at any depth) and the questions asking for their "other" answers."""
    questions = list(template.questions.all())
    inside = {question.pk}
    for other in sorted(questions, key=lambda q: q.position):
        if other.parent_id in inside:
            inside.add(other.pk)
    inside |= {other.pk for other in questions if other.other_for_id in inside}
    return inside


def _referrers(template: QuestionnaireTemplate, name: str, *, outside: set[int]) -> list[Question]:
    """The questions (but those in `outside`) whose skip logic, constraint or calculation uses `name`."""
    found = []
    for question in template.questions.exclude(pk__in=outside).order_by("position"):
        for field in EXPRESSION_FIELDS:
            with contextlib.suppress(ExpressionError):
                if name in referenced_names(getattr(question, field)):
                    found.append(question)
                    break
    return found


def _names_list(questions: list[Question]) -> str:
    return ", ".join(question.name for question in questions)


def _check_question(*, template: QuestionnaireTemplate, question: Question | None, values: dict) -> dict:
    """Field errors of a question's new values against the rest of the template."""
    errors: dict[str, list[str]] = {}
    others = [q for q in template.questions.all() if question is None or q.pk != question.pk]
    own = _subtree(template, question) if question is not None else set()
    by_name = {q.name: q for q in others}
    name, parent = values["name"], values["parent"]
    if parent is not None and (parent.template_id != template.pk or not parent.is_container):
        errors["parent"] = [_("Choose a group or a repeat of this questionnaire.")]
    elif parent is not None and parent.pk in own:
        errors["parent"] = [_("A group cannot hold itself or a group it holds.")]
    if name in by_name:
        errors["name"] = [_("Another question is named %(name)s.") % {"name": name}]
    elif question is not None and name != question.name:
        users = _referrers(template, question.name, outside={question.pk, *(q.pk for q in others
                                                                              if q.other_for_id == question.pk)})
        if users:
            errors["name"] = [_("%(questions)s use ${%(name)s}: change them before renaming it.")
                              % {"questions": _names_list(users), "name": question.name}]
    companion = name + OTHER_SUFFIX
    if values["or_other"] and companion in by_name and by_name[companion].other_for_id != getattr(question, "pk", -1):
        errors["or_other"] = [_("Another question is named %(name)s, the name of the question asking which "
                                "“other” answer was given.") % {"name": companion}]
    # One level of repeats: no repeat inside another, however it would get there.
    inside_repeat, node = False, parent
    while node is not None and not inside_repeat:
        inside_repeat, node = node.type == QuestionType.REPEAT, node.parent
    holds_repeat = any(q.type == QuestionType.REPEAT for q in others if q.pk in own)
    is_repeat = values["type"] == QuestionType.REPEAT
    if (is_repeat and (inside_repeat or holds_repeat)) or (inside_repeat and holds_repeat):
        errors["type" if is_repeat else "parent"] = [_("A repeat cannot be inside another repeat: tacoord answers "
                                                       "one level of repeats.")]
    if (question is not None and question.is_container and values["type"] not in CONTAINER_TYPES
            and question.children.exists()):
        errors["type"] = [_("This group holds questions: move or remove them first.")]
    known = {q.name for q in others} | {name} | ({companion} if values["or_other"] else set())
    dependencies = {}
    for field in EXPRESSION_FIELDS:
        try:
            used = referenced_names(values[field])
        except ExpressionError as error:
            errors[field] = [str(error)]
            continue
        if used - known:
            errors[field] = [_("%(names)s: no question of this questionnaire has this name.")
                             % {"names": ", ".join(f"${{{unknown}}}" for unknown in sorted(used - known))}]
        if field == "calculation" and values["type"] == QuestionType.CALCULATE:
            dependencies[name] = used
    if dependencies and "calculation" not in errors:
        for other in others:
            if other.type == QuestionType.CALCULATE:
                with contextlib.suppress(ExpressionError):
                    dependencies[other.name] = referenced_names(other.calculation)
        try:
            evaluation_order(dependencies)
        except ExpressionError as error:
            errors["calculation"] = [str(error)]
    return errors


def _sync_other(question: Question) -> None:
    """Make, keep up to date or remove the question asking which "other" answer `question` was given."""
    companion = Question.objects.filter(other_for=question).first()
    if not question.or_other:
        if companion is not None:
            companion.delete()
        return
    spec = other_question(QuestionSpec(name=question.name, type=question.type))
    companion = companion or Question(template=question.template, other_for=question, position=question.position)
    companion.parent = question.parent
    _save_if_changed(companion, {"name": spec.name, "type": spec.type, "label": spec.label,
                                 "relevant": spec.relevant, "parent_id": question.parent_id})


@transaction.atomic
def question_save(*, user, template: QuestionnaireTemplate, question: Question | None = None, name: str,
                  type: str, parent: Question | None = None, choice_list: str = "", label: dict | None = None,
                  hint: dict | None = None, required: bool = False, relevant: str = "", constraint: str = "",
                  constraint_message: dict | None = None, calculation: str = "", or_other: bool = False,
                  is_confidential: bool = False) -> Question:
    """Add a question to a draft (at the end of its group) or change one. Refused, with the reason by field, when
    it would break the questionnaire: a name used twice, an expression naming no question or that cannot be read,
    calculations in a circle, a renamed question others still use."""
    template = _require_editable(user, template)
    if question is not None:
        question = template.questions.select_for_update().get(pk=question.pk)
        if question.other_for_id:
            raise ApplicationError(_("This question comes with “Other” on %(name)s: change that question instead.")
                                   % {"name": question.other_for.name})
    values = {"name": (name or "").strip(), "type": type, "parent": parent, "choice_list": (choice_list or "").strip(),
              "label": _texts(label), "hint": _texts(hint), "required": required, "relevant": (relevant or "").strip(),
              "constraint": (constraint or "").strip(), "constraint_message": _texts(constraint_message),
              "calculation": (calculation or "").strip(), "or_other": or_other, "is_confidential": is_confidential}
    errors = _check_question(template=template, question=question, values=values)
    if errors:
        raise ApplicationError(errors)
    obj = question or Question(template=template, position=0)
    moved = question is None or question.parent_id != getattr(parent, "pk", None)
    for key, value in values.items():
        setattr(obj, key, value)
    _renumber(template, own=obj, last=moved)
    obj.full_clean(validate_unique=False, validate_constraints=False)
    obj.save()  # the change log records it only if something changed
    _sync_other(obj)
    _renumber(template)
    return obj


@transaction.atomic
def question_move(*, user, question: Question, step: int) -> Question:
    """Move a question (with what it holds) one place up (step -1) or down (+1) among those of its group."""
    template = _require_editable(user, question.template)
    question = template.questions.get(pk=question.pk)
    if question.other_for_id:
        raise ApplicationError(_("This question always follows %(name)s.") % {"name": question.other_for.name})
    before = question.position
    _renumber(template, own=question, swap=step)
    if question.position != before:
        question.full_clean()
        question.save()
    return question


@transaction.atomic
def question_remove(*, user, question: Question) -> None:
    """Remove a question of a draft, with what it holds, unless other questions still use it."""
    template = _require_editable(user, question.template)
    question = template.questions.get(pk=question.pk)
    if question.other_for_id:
        raise ApplicationError(_("Untick “Other” on %(name)s to remove this question.")
                               % {"name": question.other_for.name})
    inside = _subtree(template, question)
    names = list(template.questions.filter(pk__in=inside).values_list("name", flat=True))
    users = {user_question.pk: user_question for name in names
             for user_question in _referrers(template, name, outside=inside)}
    if users:
        raise ApplicationError(_("%(questions)s use this question: change them first.")
                               % {"questions": _names_list(list(users.values()))})
    # What it holds goes first, deepest first, so each removal is logged on its own.
    for obj in template.questions.filter(pk__in=inside).order_by("-position"):
        obj.delete()
    _renumber(template)


def _choices_in_order(template: QuestionnaireTemplate, list_name: str) -> list[Choice]:
    return list(template.choices.filter(list_name=list_name).order_by("position", "pk"))


def _renumber_choices(choices: list[Choice], own: Choice | None = None) -> None:
    shifted = []
    for position, choice in enumerate(choices, start=1):
        if choice.position != position:
            choice.position = position
            if choice is not own:
                shifted.append(choice)
    Choice.objects.bulk_update(shifted, ["position"])


@transaction.atomic
def choice_save(*, user, template: QuestionnaireTemplate, choice: Choice | None = None, list_name: str, name: str,
                label: dict | None = None) -> Choice:
    """Add a choice to a list of a draft (at its end) or change one."""
    template = _require_editable(user, template)
    if choice is not None:
        choice = template.choices.select_for_update().get(pk=choice.pk)
    list_name, name = (list_name or "").strip(), (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", list_name):
        errors["list_name"] = [_("Use letters, digits and underscores only, starting with a letter.")]
    if not name or re.search(r"\s", name):
        errors["name"] = [_("Give the choice a name without spaces.")]
    elif template.choices.filter(list_name=list_name, name=name).exclude(pk=getattr(choice, "pk", None)).exists():
        errors["name"] = [_("The list %(list)s has a choice %(name)s already.") % {"list": list_name, "name": name}]
    elif name == OTHER_CHOICE and template.questions.filter(choice_list=list_name, or_other=True).exists():
        errors["name"] = [_("A question using this list offers “Other” already.")]
    if not _texts(label):
        errors["label"] = [_("Give the choice a label.")]
    if errors:
        raise ApplicationError(errors)
    previous_list = choice.list_name if choice is not None else None
    obj = choice or Choice(template=template)
    if previous_list != list_name:
        obj.position = len(_choices_in_order(template, list_name)) + 1
    _save_if_changed(obj, {"list_name": list_name, "name": name, "label": _texts(label), "position": obj.position})
    if previous_list and previous_list != list_name:
        _renumber_choices(_choices_in_order(template, previous_list))
    return obj


@transaction.atomic
def choice_move(*, user, choice: Choice, step: int) -> Choice:
    """Move a choice one place up (-1) or down (+1) in its list."""
    template = _require_editable(user, choice.template)
    choices = _choices_in_order(template, choice.list_name)
    index = next(i for i, other in enumerate(choices) if other.pk == choice.pk)
    if 0 <= index + step < len(choices):
        choices[index], choices[index + step] = choices[index + step], choices[index]
        own = choices[index + step]
        _renumber_choices(choices, own=own)
        own.full_clean()
        own.save()
        return own
    return choices[index]


@transaction.atomic
def choice_remove(*, user, choice: Choice) -> None:
    template = _require_editable(user, choice.template)
    choice = template.choices.get(pk=choice.pk)
    list_name = choice.list_name
    choice.delete()
    _renumber_choices(_choices_in_order(template, list_name))
