"""Messages kept to be read later in the reader's language: what an import says about a file or an activity.

Imports run as a command or a background task, and keep their report in English; the report is read later by people
working in any of the six languages. So a refusal, rejection or warning is made as a `Note`: its text in the active
language (it *is* that string, which the command-line report and the tests read), plus the template it was made from
(an English message marked with `gettext_noop`, so that it is in the translation catalogues) and the values put into
it. A value may itself be a note, or a list of notes (the reasons a row is left out): they are kept as templates and
values too. `translated` words the whole again in the active language when the report is shown.

No database here: the reader runs in other processes, and a `Note` travels between them (pickled, with its parts).
"""

from __future__ import annotations

from django.utils.translation import gettext


class Note(str):
    """A message for a person: its text, its template and values (as `stored`), and the line it is about."""

    template: str
    params: dict
    line: int | None

    def __new__(cls, template: str, line: int | None = None, **params) -> Note:
        stored = {name: _stored(value) for name, value in params.items()}
        return _made(_render(template, stored, gettext), template, stored, line)

    def __reduce__(self):
        return _made, (str(self), self.template, self.params, self.line)


def _made(text: str, template: str, params: dict, line: int | None) -> Note:
    note = str.__new__(Note, text)
    note.template, note.params, note.line = template, params, line
    return note


def _stored(value):
    """A value as JSON keeps it: a note as its template and values, a list item by item, anything else as text."""
    if isinstance(value, Note):
        return {"template": value.template, "params": value.params}
    if isinstance(value, list | tuple):
        return [_stored(item) for item in value]
    return str(value)


def _text(value, translate) -> str:
    if isinstance(value, dict):
        return _render(value["template"], value.get("params") or {}, translate)
    if isinstance(value, list):
        return " ".join(_text(item, translate) for item in value)
    return value


def _render(template: str, params: dict, translate) -> str:
    text = translate(template)
    return text % {name: _text(value, translate) for name, value in params.items()} if params else text


def translated(template: str, params: dict | None, text: str) -> str:
    """The message in the active language; `text` as kept when there is no template (messages kept before notes
    were) or a translation does not take the values given."""
    if not template:
        return text
    try:
        return _render(template, params or {}, gettext)
    except (KeyError, TypeError, ValueError):
        return text
