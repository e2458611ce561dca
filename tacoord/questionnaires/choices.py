from django.db import models
from django.utils.translation import gettext_lazy as _


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class QuestionType(models.TextChoices):
    """The XLSForm question types tacoord handles (ODK/Kobo names), plus the implementation-status scale."""

    IMPLEMENTATION_STATUS = "implementation_status", _("Implemented: yes / yes in part / no / not applicable")
    SELECT_ONE = "select_one", _("Single choice")
    SELECT_MULTIPLE = "select_multiple", _("Multiple choice")
    TEXT = "text", _("Text")
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Decimal number")
    DATE = "date", _("Date")
    NOTE = "note", _("Note")
    CALCULATE = "calculate", _("Calculated")
    GROUP = "begin_group", _("Group")
    REPEAT = "begin_repeat", _("Repeat")


CONTAINER_TYPES = {QuestionType.GROUP, QuestionType.REPEAT}
ANSWERLESS_TYPES = {QuestionType.NOTE, *CONTAINER_TYPES}
# Computed from other answers and stored, never typed by a person.
COMPUTED_TYPES = {QuestionType.CALCULATE}
SELECT_TYPES = {QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE}
# The choice `select_one list or_other` adds, and the text question that asks what the other answer is.
OTHER_CHOICE = "other"
OTHER_SUFFIX = "_other"
OTHER_LABEL = {
    "ar": "حدِّد «غير ذلك»",
    "zh": "请具体说明“其他”",
    "en": "Specify other",
    "fr": "Précisez « autre »",
    "ru": "Укажите «другое»",
    "es": "Especifique «otro»",
}

# The choice list every implementation-status question uses (the Review Mechanism's scale).
IMPLEMENTATION_STATUS_LIST = "implementation_status"
IMPLEMENTATION_STATUS_CHOICES = [
    ("yes", _("Yes")),
    ("yes_in_part", _("Yes, in part")),
    ("no", _("No")),
    ("not_applicable", _("Not applicable")),
]

YES_NO_LIST = "yes_no"
YES_NO_CHOICES = [("yes", _("Yes")), ("no", _("No"))]
PRIORITY_LIST = "priority"
PRIORITY_CHOICES = [("high", _("High")), ("medium", _("Medium")), ("low", _("Low"))]
TA_TYPES_LIST = "ta_types"
LANGUAGES_LIST = "languages"


class QuestionPart(models.TextChoices):
    """What a question of the self-assessment asks about its article; its name ends in `_<part>`."""

    STATUS = "status", _("Implementation status")
    MEASURES = "measures", _("Legislation or measures")
    EXAMPLES = "examples", _("Examples of implementation")
    CHALLENGES = "challenges", _("Challenges")
    TA_NEEDED = "ta_needed", _("Technical assistance needed")
    TA_TYPES = "ta_types", _("Types of technical assistance")
    PRIORITY = "priority", _("Priority")
    LANGUAGES = "languages", _("Languages of assistance")
    CONFIDENTIAL = "confidential", _("Confidential")
