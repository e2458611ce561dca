"""A questionnaire as plain data, between its sources (XLSForm workbook, article taxonomy) and the database.

The XLSForm reader and the self-assessment generator produce a `FormSpec`; one service stores it; the XLSForm writer
turns a stored template back into one. Plain Python, no Django.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class QuestionSpec:
    """A question, note, group or repeat; `children` are what a group or repeat holds."""

    name: str
    type: str
    label: dict[str, str] = field(default_factory=dict)
    hint: dict[str, str] = field(default_factory=dict)
    choice_list: str = ""
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    constraint_message: dict[str, str] = field(default_factory=dict)
    calculation: str = ""
    or_other: bool = False
    # On the text question `select_one list or_other` brings with it: the name of that choice question.
    other_for: str = ""
    article_id: int | None = None
    # The article as XLSForm's `article` column writes it: "UNTOC 5".
    article_ref: str = ""
    part: str = ""
    is_confidential: bool = False
    children: list[QuestionSpec] = field(default_factory=list)
    # Where it came from, for messages: the row of the `survey` sheet.
    row: int | None = None


@dataclass
class ChoiceSpec:
    list_name: str
    name: str
    label: dict[str, str] = field(default_factory=dict)
    row: int | None = None


@dataclass
class FormSpec:
    title: dict[str, str]
    questions: list[QuestionSpec]
    choices: list[ChoiceSpec]
    default_language: str = "en"
    description: dict[str, str] = field(default_factory=dict)
    code: str = ""
    version: int | None = None

    def walk(self) -> Iterator[tuple[QuestionSpec, QuestionSpec | None]]:
        """Every question with its group, in reading order, a group before what it holds."""
        stack = [(question, None) for question in reversed(self.questions)]
        while stack:
            question, parent = stack.pop()
            yield question, parent
            stack.extend((child, question) for child in reversed(question.children))
