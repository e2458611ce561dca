"""XLSForm workbooks (the ODK / KoboToolbox convention) to and from a `FormSpec`.

Sheets `survey`, `choices` and `settings`; translated columns named `label::French (fr)`; `select_one list` and
`select_multiple list`, with `or_other` (the choice "other" and a text question `<name>_other` asking which, made on
import and left out on export, as pyxform does); `calculate` with its `calculation`; `begin_group` / `end_group` and
`begin_repeat` / `end_repeat`. The settings `form_title` and `description` are read and written in every language
(`form_title::French (fr)`), `form_title` alone holding the default language's; ODK and Kobo cannot read a translated
form_title (pyxform fails on it), so an export "for ODK" leaves those columns out and the check with pyxform ignores
them. The implementation-status scale
travels as `select_one implementation_status` with its choice list. Two columns of our own, which ODK ignores, keep
what the self-assessment needs: `article` ("UNTOC 5") and `part` ("status").

A workbook is read in two passes: our own checks, which name the sheet, row and reason of every problem, then
pyxform's, so that what we accept ODK and Kobo accept too.
"""

import contextlib
import io
import re
from dataclasses import dataclass

from openpyxl import Workbook, load_workbook
from pyxform.errors import PyXFormError
from pyxform.xls2xform import convert

from tacoord.core.errors import ApplicationError
from tacoord.core.i18n import LANGUAGE_SUFFIXES
from tacoord.questionnaires.choices import (
    CONTAINER_TYPES,
    IMPLEMENTATION_STATUS_LIST,
    OTHER_CHOICE,
    OTHER_LABEL,
    OTHER_SUFFIX,
    SELECT_TYPES,
    QuestionPart,
    QuestionType,
)
from tacoord.questionnaires.expressions import ExpressionError, evaluation_order, referenced_names
from tacoord.questionnaires.spec import ChoiceSpec, FormSpec, QuestionSpec
from tacoord.reference.models import Article

# XLSForm names its languages in English, with the code in brackets.
LANGUAGE_NAMES = {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian", "es": "Spanish"}
LANGUAGE_CODES = {name.lower(): code for code, name in LANGUAGE_NAMES.items()}
SIMPLE_TYPES = {"text": QuestionType.TEXT, "integer": QuestionType.INTEGER, "int": QuestionType.INTEGER,
                "decimal": QuestionType.DECIMAL, "date": QuestionType.DATE, "note": QuestionType.NOTE,
                "calculate": QuestionType.CALCULATE}
# Metadata ODK records by itself; they are not questions, so they are passed over.
METADATA_TYPES = {"start", "end", "today", "deviceid", "username", "phonenumber", "subscriberid", "simserial",
                  "audit", "email"}
TRANSLATED = ("label", "hint", "constraint_message")
TRANSLATED_SETTINGS = ("form_title", "description")
EXPRESSION_COLUMNS = ("relevant", "constraint", "calculation")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
CHOICE_NAME = re.compile(r"^[^\s]+$")
TRUE_WORDS, FALSE_WORDS = {"yes", "true", "1", "true()"}, {"", "no", "false", "0", "false()"}


@dataclass(frozen=True)
class Problem:
    sheet: str | None
    row: int | None
    reason: str

    def __str__(self) -> str:
        if self.sheet and self.row:
            return f"Sheet {self.sheet}, row {self.row}: {self.reason}"
        if self.sheet:
            return f"Sheet {self.sheet}: {self.reason}"
        return self.reason


class XLSFormError(ApplicationError):
    """A workbook that is not a valid XLSForm; `problems` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__([str(problem) for problem in problems])


# ------------------------------------------------------------------------------------------------------ reading


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _language(suffix: str, default_language: str) -> str | None:
    """'French (fr)' → 'fr', 'French' → 'fr', 'fr' → 'fr', '' → the default language; None if unreadable."""
    suffix = suffix.strip()
    if not suffix:
        return default_language
    bracketed = re.search(r"\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)\)\s*$", suffix)
    if bracketed:
        return bracketed.group(1).lower()
    if suffix.lower() in LANGUAGE_CODES:
        return LANGUAGE_CODES[suffix.lower()]
    if re.fullmatch(r"[a-z]{2,3}", suffix):
        return suffix
    return None


class _Sheet:
    """One sheet as a list of (row number, {column: value}), its columns normalised."""

    def __init__(self, title: str, worksheet, default_language: str, problems: list[Problem]):
        self.title = title
        rows = list(worksheet.iter_rows(values_only=True))
        header = [_text(cell) for cell in rows[0]] if rows else []
        self.columns: list[tuple[str, str | None]] = []
        for column in header:
            base, _separator, suffix = column.partition("::")
            base = base.strip().lower().replace(" ", "_")
            language = None
            if base in TRANSLATED:
                language = _language(suffix, default_language)
                if language is None:
                    problems.append(Problem(title, 1, f"column '{column}' does not say its language; write it as "
                                                      f"{base}::French (fr)."))
            self.columns.append((base, language))
        self.rows = []
        for number, cells in enumerate(rows[1:], start=2):
            if all(_text(cell) == "" for cell in cells):
                continue
            row: dict = {}
            for (base, language), cell in zip(self.columns, cells, strict=False):
                if not base:
                    continue
                if base in TRANSLATED:
                    if language and _text(cell):
                        row.setdefault(base, {})[language] = _text(cell)
                else:
                    row[base] = _text(cell)
            self.rows.append((number, row))

    def has(self, column: str) -> bool:
        return any(base == column for base, _language in self.columns)


def _sheets(workbook) -> dict:
    return {name.strip().lower(): workbook[name] for name in workbook.sheetnames}


def _settings(sheets: dict) -> dict:
    """{column: value} of the settings sheet's first row; a translated column keeps its `::Language (xx)`."""
    if "settings" not in sheets:
        return {}
    rows = list(sheets["settings"].iter_rows(values_only=True, max_row=2))
    if len(rows) < 2:
        return {}
    settings = {}
    for key, value in zip(rows[0], rows[1], strict=False):
        base, separator, suffix = _text(key).partition("::")
        if base:
            settings[base.strip().lower() + separator + suffix.strip()] = _text(value)
    return settings


def _translated_setting(settings: dict, name: str, default_language: str, problems: list[Problem]) -> dict:
    """{language: text} of a setting that carries text: `form_title` and `form_title::French (fr)` and so on."""
    texts = {default_language: settings[name]} if settings.get(name) else {}
    for key, value in settings.items():
        base, separator, suffix = key.partition("::")
        if base != name or not separator or not value:
            continue
        language = _language(suffix, default_language)
        if language is None:
            problems.append(Problem("settings", 1, f"column '{key}' does not say its language; write it as "
                                                   f"{name}::French (fr)."))
        else:
            texts[language] = value
    return texts


def _flag(value: str, sheet: str, row: int, column: str, problems: list[Problem]) -> bool:
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() not in FALSE_WORDS:
        problems.append(Problem(sheet, row, f"'{column}' must be yes or no, not '{value}'."))
    return False


def _article(value: str, row: int, problems: list[Problem]) -> int | None:
    if not value:
        return None
    match = re.fullmatch(r"([A-Za-z]+)\s+(\d+)", value)
    article = Article.objects.filter(instrument__code__iexact=match.group(1), number=int(match.group(2))).first() \
        if match else None
    if article is None:
        problems.append(Problem("survey", row, f"article '{value}' is not an article of the Convention or its "
                                               "Protocols; write it as UNTOC 5 or TIP 6."))
        return None
    return article.pk


def _question_type(raw: str, row: int, problems: list[Problem]) -> tuple[str | None, str, bool]:
    """(type, choice list, or_other) of a `type` cell."""
    words = raw.replace("select one ", "select_one ").replace("select multiple ", "select_multiple ").split()
    kind = words[0].lower() if words else ""
    if kind in {"select_one", "select_multiple"}:
        or_other = len(words) == 3 and words[2].lower() == "or_other"
        if len(words) != 2 and not or_other:
            problems.append(Problem("survey", row, f"'{raw}' must name one choice list, as in select_one yes_no "
                                                   "(or select_one yes_no or_other)."))
            return None, "", False
        if kind == "select_one" and words[1] == IMPLEMENTATION_STATUS_LIST:
            if or_other:
                problems.append(Problem("survey", row, "the implementation-status scale takes no or_other."))
            return QuestionType.IMPLEMENTATION_STATUS, IMPLEMENTATION_STATUS_LIST, False
        return QuestionType(kind), words[1], or_other
    if len(words) == 1 and kind in SIMPLE_TYPES:
        return SIMPLE_TYPES[kind], "", False
    problems.append(Problem("survey", row, f"question type '{raw}' is not one tacoord handles (text, integer, "
                                           "decimal, date, note, calculate, select_one, select_multiple, with "
                                           "or_other, groups, repeats)."))
    return None, "", False


def other_question(question: QuestionSpec) -> QuestionSpec:
    """The text question asking which "other" answer a `select_one list or_other` question was given."""
    return QuestionSpec(name=question.name + OTHER_SUFFIX, type=QuestionType.TEXT, label=dict(OTHER_LABEL),
                        relevant=f"selected(${{{question.name}}}, '{OTHER_CHOICE}')", other_for=question.name,
                        row=question.row)


def _survey(sheet: _Sheet, problems: list[Problem]) -> list[QuestionSpec]:
    for column in ("type", "name"):
        if not sheet.has(column):
            problems.append(Problem("survey", 1, f"the sheet has no '{column}' column."))
    if problems:
        return []
    top: list[QuestionSpec] = []
    stack: list[tuple[QuestionSpec, str]] = []
    for number, row in sheet.rows:
        raw = " ".join(row.get("type", "").split())
        keyword = raw.lower().replace(" ", "_")
        if keyword in {"end_group", "end_repeat"}:
            wanted = "begin_" + keyword[4:]
            if not stack or stack[-1][1] != wanted:
                problems.append(Problem("survey", number, f"'{raw}' has no matching {wanted}."))
            else:
                stack.pop()
            continue
        if keyword in METADATA_TYPES:
            continue
        if not raw:
            problems.append(Problem("survey", number, "the row has no type."))
            continue
        or_other = False
        if keyword in {"begin_group", "begin_repeat"}:
            question_type, choice_list = QuestionType(keyword), ""
        else:
            question_type, choice_list, or_other = _question_type(raw, number, problems)
        name = row.get("name", "")
        if not NAME.match(name):
            problems.append(Problem("survey", number, f"name '{name}' must be letters, digits and underscores, "
                                                      "starting with a letter." if name else "the row has no name."))
        part = row.get("part", "")
        if part and part not in QuestionPart.values:
            problems.append(Problem("survey", number, f"part '{part}' is not one of {', '.join(QuestionPart.values)}."))
        question = QuestionSpec(
            name=name, type=question_type or QuestionType.TEXT, choice_list=choice_list, label=row.get("label", {}),
            hint=row.get("hint", {}), required=_flag(row.get("required", ""), "survey", number, "required", problems),
            relevant=row.get("relevant", ""), constraint=row.get("constraint", ""),
            constraint_message=row.get("constraint_message", {}), calculation=row.get("calculation", ""),
            or_other=or_other, article_ref=row.get("article", ""),
            article_id=_article(row.get("article", ""), number, problems), part=part, row=number,
        )
        if question_type not in {*CONTAINER_TYPES, QuestionType.CALCULATE, None} and not question.label:
            problems.append(Problem("survey", number, f"question '{name}' has no label."))
        if question_type == QuestionType.CALCULATE and not question.calculation:
            problems.append(Problem("survey", number, f"calculate '{name}' has no calculation."))
        if question_type not in {QuestionType.CALCULATE, None} and question.calculation:
            problems.append(Problem("survey", number, f"'{name}' has a calculation, but only a calculate row "
                                                      "takes one."))
        if question_type == QuestionType.REPEAT and any(kind == "begin_repeat" for _open, kind in stack):
            problems.append(Problem("survey", number, f"repeat '{name}' is inside another repeat; tacoord answers "
                                                      "one level of repeats."))
        (stack[-1][0].children if stack else top).append(question)
        if or_other:
            (stack[-1][0].children if stack else top).append(other_question(question))
        if question_type in CONTAINER_TYPES:
            stack.append((question, keyword))
    for question, keyword in stack:
        problems.append(Problem("survey", question.row, f"{keyword} '{question.name}' has no matching "
                                                        f"end_{keyword[6:]}."))
    return top


def _choices(sheet: _Sheet | None, problems: list[Problem]) -> list[ChoiceSpec]:
    if sheet is None:
        return []
    for column in ("list_name", "name"):
        if not sheet.has(column):
            problems.append(Problem("choices", 1, f"the sheet has no '{column}' column."))
    if problems:
        return []
    choices, seen = [], set()
    for number, row in sheet.rows:
        list_name, name = row.get("list_name", ""), row.get("name", "")
        if not list_name or not name:
            problems.append(Problem("choices", number, "a choice needs a list_name and a name."))
            continue
        if not CHOICE_NAME.match(name):
            problems.append(Problem("choices", number, f"choice name '{name}' must not contain spaces."))
        if (list_name, name) in seen:
            problems.append(Problem("choices", number, f"choice '{name}' appears twice in list '{list_name}'."))
        seen.add((list_name, name))
        choices.append(ChoiceSpec(list_name=list_name, name=name, label=row.get("label", {}), row=number))
    return choices


def _check_references(spec: FormSpec, problems: list[Problem]) -> None:
    names: dict[str, int | None] = {}
    for question, _parent in spec.walk():
        if question.name in names:
            problems.append(Problem("survey", question.row, f"name '{question.name}' is used twice (first in row "
                                                            f"{names[question.name]})."))
        names.setdefault(question.name, question.row)
    lists = {choice.list_name for choice in spec.choices}
    listed_other = {choice.list_name for choice in spec.choices if choice.name == OTHER_CHOICE}
    dependencies: dict[str, set[str]] = {}
    for question, _parent in spec.walk():
        if question.choice_list and question.choice_list not in lists:
            problems.append(Problem("survey", question.row, f"choice list '{question.choice_list}' is not on the "
                                                            "choices sheet."))
        if question.or_other and question.choice_list in listed_other:
            problems.append(Problem("survey", question.row, f"choice list '{question.choice_list}' already has a "
                                                            f"choice '{OTHER_CHOICE}', which or_other adds."))
        if question.type == QuestionType.CALCULATE:
            with contextlib.suppress(ExpressionError):  # reported below with the other expressions
                dependencies[question.name] = referenced_names(question.calculation)
        for column in EXPRESSION_COLUMNS:
            try:
                unknown = referenced_names(getattr(question, column)) - names.keys()
            except ExpressionError as error:
                problems.append(Problem("survey", question.row, f"{column}: {error}"))
                continue
            if unknown:
                problems.append(Problem("survey", question.row, f"{column} refers to "
                                                                f"{', '.join(sorted(unknown))}, not on the survey."))
    try:
        evaluation_order(dependencies)
    except ExpressionError as error:
        rows = {question.name: question.row for question, _parent in spec.walk()}
        looping = [name for name in dependencies if f"${{{name}}}" in str(error)]
        problems.append(Problem("survey", min((rows[name] or 0) for name in looping) or None, f"calculation: {error}"))


def spec_problems(spec: FormSpec) -> list[Problem]:
    """What is wrong across the questions of a questionnaire: names used twice, unknown choice lists, expressions
    that cannot be read or name no question, calculations in a circle."""
    problems: list[Problem] = []
    _check_references(spec, problems)
    return problems


def _without_translated_titles(content: bytes) -> bytes:
    """The workbook without its `form_title::Language (xx)` columns, which pyxform cannot read."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = next((workbook[name] for name in workbook.sheetnames if name.strip().lower() == "settings"), None)
    if sheet is None:
        return content
    doomed = [cell.column for cell in sheet[1] if _text(cell.value).lower().startswith("form_title::")]
    if not doomed:
        return content
    for column in reversed(doomed):
        sheet.delete_cols(column)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pyxform_problems(content: bytes) -> list[Problem]:
    """What pyxform (and so ODK and Kobo) refuses in a workbook."""
    try:
        convert(_without_translated_titles(content), warnings=[], file_type=".xlsx")
    except PyXFormError as error:
        message = str(error)
        row = re.search(r"\[row : (\d+)\]", message)
        sheet = re.search(r"On the '(\w+)' sheet", message)
        reason = re.sub(r"^\[row : \d+\]\s*", "", message)
        return [Problem(sheet.group(1) if sheet else None, int(row.group(1)) if row else None, reason)]
    return []


def xlsform_read(file) -> FormSpec:
    """The questionnaire in an XLSForm workbook (bytes or a file). Raises XLSFormError listing every problem."""
    content = file if isinstance(file, bytes) else file.read()
    try:
        workbook = load_workbook(io.BytesIO(content), data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise XLSFormError([Problem(None, None, f"The file is not an Excel workbook (.xlsx): {error}")]) from error
    sheets = _sheets(workbook)
    if "survey" not in sheets:
        raise XLSFormError([Problem(None, None, "The workbook has no 'survey' sheet.")])
    settings = _settings(sheets)
    default_language = _language(settings.get("default_language", ""), "en") or "en"
    problems: list[Problem] = []
    survey = _Sheet("survey", sheets["survey"], default_language, problems)
    choices_sheet = _Sheet("choices", sheets["choices"], default_language, problems) if "choices" in sheets else None
    version = settings.get("version", "")
    spec = FormSpec(
        title=_translated_setting(settings, "form_title", default_language, problems),
        description=_translated_setting(settings, "description", default_language, problems),
        questions=_survey(survey, problems), choices=_choices(choices_sheet, problems),
        default_language=default_language, code=settings.get("form_id", ""),
        version=int(version) if version.isdecimal() and 0 < int(version) < 2**31 else None,
    )
    if not spec.questions and not problems:
        problems.append(Problem("survey", None, "the sheet holds no questions."))
    _check_references(spec, problems)
    if problems:
        raise XLSFormError(problems)
    problems = pyxform_problems(content)
    if problems:
        raise XLSFormError(problems)
    return spec


# ------------------------------------------------------------------------------------------------------ writing


def spec_from_template(template) -> FormSpec:
    """A stored template as a FormSpec, questions nested under their groups."""
    questions = list(template.questions.select_related("article__instrument").order_by("position"))
    names = {question.pk: question.name for question in questions}
    specs = {}
    top = []
    for question in questions:
        spec = QuestionSpec(
            name=question.name, type=question.type, label=question.label, hint=question.hint,
            choice_list=question.choice_list, required=question.required, relevant=question.relevant,
            constraint=question.constraint, constraint_message=question.constraint_message,
            calculation=question.calculation, or_other=question.or_other,
            other_for=names.get(question.other_for_id, ""),
            article_id=question.article_id, part=question.part, is_confidential=question.is_confidential,
            article_ref=f"{question.article.instrument.code} {question.article.number}" if question.article else "",
        )
        specs[question.pk] = spec
        (specs[question.parent_id].children if question.parent_id else top).append(spec)
    choices = [ChoiceSpec(list_name=choice.list_name, name=choice.name, label=choice.label)
               for choice in template.choices.order_by("list_name", "position")]
    return FormSpec(title=template.title, description=template.description, questions=top, choices=choices,
                    default_language=template.default_language, code=template.code, version=template.version)


def _language_heading(code: str) -> str:
    return f"{LANGUAGE_NAMES[code]} ({code})" if code in LANGUAGE_NAMES else code


def _languages(spec: FormSpec) -> list[str]:
    used = {code for question, _parent in spec.walk() if not question.other_for
            for texts in (question.label, question.hint, question.constraint_message) for code in texts}
    used |= {code for choice in spec.choices for code in choice.label}
    return [code for code in LANGUAGE_SUFFIXES if code in used] + sorted(used - set(LANGUAGE_SUFFIXES))


def _survey_rows(questions: list[QuestionSpec], languages: list[str]):
    for question in questions:
        if question.other_for:
            continue  # `or_other` on its choice question brings it back
        if question.type == QuestionType.IMPLEMENTATION_STATUS:
            type_cell = f"select_one {IMPLEMENTATION_STATUS_LIST}"
        elif question.type in SELECT_TYPES:
            type_cell = f"{question.type} {question.choice_list}" + (" or_other" if question.or_other else "")
        else:
            type_cell = str(question.type)
        yield [type_cell, question.name,
               *[question.label.get(code, "") for code in languages],
               *[question.hint.get(code, "") for code in languages],
               "yes" if question.required else "", question.relevant, question.constraint,
               *[question.constraint_message.get(code, "") for code in languages],
               question.calculation, question.article_ref, question.part]
        if question.type in CONTAINER_TYPES:
            yield from _survey_rows(question.children, languages)
            yield ["end_" + str(question.type)[6:], question.name]


def _translated_settings(name: str, texts: dict[str, str], default_language: str, fallback: str,
                         translated: bool) -> list[tuple[str, str]]:
    """(column, value) of a setting that carries text: the default language's under `name`, the others under
    `name::Language (xx)` when `translated`."""
    columns = [(name, texts.get(default_language) or next(iter(texts.values()), fallback))]
    if translated:
        others = [code for code in LANGUAGE_SUFFIXES if code in texts] + sorted(texts.keys() - set(LANGUAGE_SUFFIXES))
        columns += [(f"{name}::{_language_heading(code)}", texts[code]) for code in others
                    if code != default_language and texts[code]]
    return columns


def workbook_from_spec(spec: FormSpec, *, for_odk: bool = False) -> bytes:
    """The workbook of a questionnaire. `for_odk` leaves out what ODK and Kobo cannot read: translated titles."""
    languages = _languages(spec)
    headings = [_language_heading(code) for code in languages]
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(["type", "name", *[f"label::{h}" for h in headings], *[f"hint::{h}" for h in headings],
                   "required", "relevant", "constraint", *[f"constraint_message::{h}" for h in headings],
                   "calculation", "article", "part"])
    for row in _survey_rows(spec.questions, languages):
        survey.append(row)
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", *[f"label::{h}" for h in headings]])
    for choice in spec.choices:
        choices.append([choice.list_name, choice.name, *[choice.label.get(code, "") for code in languages]])
    settings = workbook.create_sheet("settings")
    texts = _translated_settings("form_title", spec.title, spec.default_language, spec.code, not for_odk)
    if spec.description:
        texts += _translated_settings("description", spec.description, spec.default_language, "", True)
    settings.append([column for column, _value in texts] + ["form_id", "version", "default_language"])
    settings.append([value for _column, value in texts]
                    + [spec.code, str(spec.version or ""), _language_heading(spec.default_language)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
