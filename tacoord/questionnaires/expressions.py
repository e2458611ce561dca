"""A safe evaluator for the XLSForm expressions of `relevant`, `constraint` and needs-derivation rules.

Plain Python, no Django: a tokenizer and a recursive-descent parser build a small tree, which is evaluated against
the answers. Nothing is ever passed to Python's `eval`. The subset and its meaning follow ODK (XPath 1.0):

- `${name}` is the answer to question `name`, `.` the answer being checked (in a constraint);
- literals: `'text'`, `"text"`, `12`, `3.5`;
- `=` `!=` `<` `<=` `>` `>=`, `and` `or` `not(...)`, `+ - * div mod`, unary minus, parentheses;
- functions: `selected(a, 'x')`, `count-selected(a)`, `string-length(a)`, `string(a)`, `number(a)`, `today()`,
  `if(c, a, b)`, `coalesce(a, b)`, `concat(...)`, `true()`, `false()`, `regex(a, 'pattern')`.

`regex` is true when the pattern matches anywhere in the text (anchor it with ^ and $ for a whole match), as in
ODK Collect and Enketo. Patterns run on RE2, whose time grows linearly with the text, so no pattern a template may
hold can make an answer take long to check (no catastrophic backtracking); RE2 has no back-references or
look-arounds, and a pattern using them is refused when the expression is read. Texts longer than
MAX_REGEX_INPUT characters never match.

Values: a select_multiple answer is a list of choice names (ODK's space-separated string is accepted too); a
missing answer is None and compares as the empty string, as in ODK; a date is a `datetime.date` or an ISO string
`YYYY-MM-DD`, and counts as days since 1970-01-01 in arithmetic, as in ODK. `values` must name every question of
the questionnaire (None when unanswered): a name it lacks is a mistake in the expression and raises ExpressionError.
"""

from __future__ import annotations

import datetime
import math
import re
from functools import lru_cache

import re2

__all__ = ["ExpressionError", "evaluate", "evaluation_order", "is_true", "referenced_names"]

EPOCH = datetime.date(1970, 1, 1)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_LENGTH = 2000
MAX_DEPTH = 60
MAX_REGEX_INPUT = 20_000


class ExpressionError(ValueError):
    """An expression that cannot be read or evaluated; the message says what and where."""


# ---------------------------------------------------------------------------------------------------- tokens

TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<ref>\$\{(?P<refname>[^}]*)\})
  | (?P<number>\d+(?:\.\d*)?|\.\d+)
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,)
  | (?P<dot>\.)
  | (?P<name>[A-Za-z_][A-Za-z0-9_-]*)
""", re.VERBOSE)
QUESTION_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
WORD_OPERATORS = {"and", "or", "div", "mod"}


def _tokenize(expression: str) -> list[tuple[str, object, int]]:
    tokens, position = [], 0
    while position < len(expression):
        match = TOKEN.match(expression, position)
        if match is None:
            if expression[position] in "'\"":
                raise ExpressionError(f"Unclosed text starting at position {position + 1}.")
            if expression.startswith("${", position):
                raise ExpressionError(f"Unclosed ${{...}} at position {position + 1}.")
            raise ExpressionError(f"Unexpected character {expression[position]!r} at position {position + 1}.")
        kind = match.lastgroup if match.lastgroup != "refname" else "ref"
        text = match.group()
        if kind == "ref":
            name = match.group("refname").strip()
            if not QUESTION_NAME.match(name):
                raise ExpressionError(f"{text!r} at position {position + 1} does not name a question.")
            tokens.append(("ref", name, position))
        elif kind == "number":
            tokens.append(("number", float(text) if "." in text else int(text), position))
        elif kind == "string":
            tokens.append(("string", text[1:-1], position))
        elif kind == "name" and text in WORD_OPERATORS:
            tokens.append(("op", text, position))
        elif kind != "space":
            tokens.append((kind, text, position))
        position = match.end()
    tokens.append(("end", None, len(expression)))
    return tokens


# ---------------------------------------------------------------------------------------------------- parser

# name: (fewest arguments, most arguments or None for any number)
FUNCTIONS = {
    "selected": (2, 2), "count-selected": (1, 1), "string-length": (0, 1), "string": (0, 1), "number": (0, 1),
    "today": (0, 0), "if": (3, 3), "coalesce": (2, 2), "not": (1, 1), "concat": (1, None), "true": (0, 0),
    "false": (0, 0), "regex": (2, 2),
}
# Binary operators by precedence, loosest first (XPath 1.0).
LEVELS = [{"or"}, {"and"}, {"=", "!="}, {"<", "<=", ">", ">="}, {"+", "-"}, {"*", "div", "mod"}]


class _Parser:
    def __init__(self, expression: str):
        self.expression = expression
        self.tokens = _tokenize(expression)
        self.index = 0
        self.depth = 0

    def peek(self):
        return self.tokens[self.index]

    def take(self):
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, value: str):
        kind, text, position = self.take()
        if kind != "op" or text != value:
            raise ExpressionError(f"Expected {value!r} at position {position + 1}, found {self.describe(kind, text)}.")

    @staticmethod
    def describe(kind, text) -> str:
        return "the end of the expression" if kind == "end" else repr(text)

    def parse(self):
        tree = self.binary(0)
        kind, text, position = self.peek()
        if kind != "end":
            raise ExpressionError(f"Unexpected {text!r} at position {position + 1}.")
        return tree

    def binary(self, level: int):
        if level == len(LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek()[0] == "op" and self.peek()[1] in LEVELS[level]:
            operator = self.take()[1]
            left = ("binary", operator, left, self.binary(level + 1))
        return left

    def unary(self):
        if self.peek()[:2] == ("op", "-"):
            self.take()
            return ("negate", self.unary())
        return self.primary()

    def primary(self):
        kind, text, position = self.take()
        if kind == "number":
            return ("literal", text)
        if kind == "string":
            return ("literal", text)
        if kind == "ref":
            return ("ref", text)
        if kind == "dot":
            return ("current",)
        if kind == "op" and text == "(":
            self.nest(position)
            inner = self.binary(0)
            self.expect(")")
            self.depth -= 1
            return inner
        if kind == "name":
            return self.call(text, position)
        raise ExpressionError(f"Unexpected {self.describe(kind, text)} at position {position + 1}.")

    def call(self, name: str, position: int):
        if name not in FUNCTIONS:
            raise ExpressionError(f"Unknown function or name {name!r} at position {position + 1}.")
        if self.peek()[:2] != ("op", "("):
            raise ExpressionError(f"{name!r} at position {position + 1} must be followed by '('.")
        self.take()
        self.nest(position)
        arguments = []
        if self.peek()[:2] != ("op", ")"):
            arguments.append(self.binary(0))
            while self.peek()[:2] == ("op", ","):
                self.take()
                arguments.append(self.binary(0))
        self.expect(")")
        self.depth -= 1
        fewest, most = FUNCTIONS[name]
        if len(arguments) < fewest or (most is not None and len(arguments) > most):
            wanted = str(fewest) if fewest == most else f"{fewest} or more" if most is None else f"{fewest} to {most}"
            raise ExpressionError(f"{name}() takes {wanted} argument(s), not {len(arguments)} "
                                  f"(position {position + 1}).")
        if name == "regex" and arguments[1][0] == "literal":
            _regex(str(arguments[1][1]), position)
        return ("call", name, tuple(arguments))

    def nest(self, position: int):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"The expression nests too deeply at position {position + 1}.")


@lru_cache(maxsize=512)
def _regex(pattern: str, position: int = 0):
    """The compiled RE2 pattern; ExpressionError if RE2 cannot read it."""
    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error as error:
        reason = error.args[0].decode() if error.args and isinstance(error.args[0], bytes) else str(error)
        raise ExpressionError(f"regex() at position {position + 1}: the pattern {pattern!r} cannot be read "
                              f"({reason}).") from None


@lru_cache(maxsize=4096)
def _parse(expression: str):
    if len(expression) > MAX_LENGTH:
        raise ExpressionError(f"The expression is longer than {MAX_LENGTH} characters.")
    return _Parser(expression).parse()


def _names(tree) -> set[str]:
    if tree[0] == "ref":
        return {tree[1]}
    children = tree[2:] if tree[0] == "binary" else tree[1:2] if tree[0] == "negate" else \
        tree[2] if tree[0] == "call" else ()
    return set().union(*(_names(child) for child in children))


# ---------------------------------------------------------------------------------------------------- values


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and ISO_DATE.match(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _items(value) -> list[str]:
    """The choices of a select answer: a list, or ODK's space-separated string."""
    if value is None:
        return []
    if isinstance(value, list | tuple | set | frozenset):
        return [_to_string(item) for item in value]
    return _to_string(value).split()


def _to_string(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return " ".join(_to_string(item) for item in value)
    return str(value)


def _to_number(value) -> float | int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    date = _as_date(value)
    if date is not None:
        return (date - EPOCH).days
    text = _to_string(value).strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return math.nan
    # Python accepts "nan", "inf" and "1e3"; XPath does not.
    return number if re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", text) else math.nan


def _to_boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0 and not math.isnan(value)
    if isinstance(value, list | tuple | set | frozenset):
        return len(value) > 0
    if isinstance(value, datetime.date):
        return True
    return _to_string(value) != ""


def _tidy(number):
    """An integral float back to int, so `4 div 2` is 2 and reads as '2'."""
    if isinstance(number, float) and number.is_integer():
        return int(number)
    return number


def _compare(operator: str, left, right) -> bool:
    if operator in {"=", "!="}:
        if isinstance(left, bool) or isinstance(right, bool):
            equal = _to_boolean(left) == _to_boolean(right)
        elif isinstance(left, datetime.date) or isinstance(right, datetime.date):
            equal = _as_date(left) is not None and _as_date(left) == _as_date(right)
        elif isinstance(left, int | float) or isinstance(right, int | float):
            equal = _to_number(left) == _to_number(right)
        else:
            equal = _to_string(left) == _to_string(right)
        return equal if operator == "=" else not equal
    a, b = _to_number(left), _to_number(right)
    if math.isnan(a) or math.isnan(b):
        return False
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[operator]


def _arithmetic(operator: str, left, right):
    a, b = _to_number(left), _to_number(right)
    if operator == "+":
        return _tidy(a + b)
    if operator == "-":
        return _tidy(a - b)
    if operator == "*":
        return _tidy(a * b)
    if math.isnan(a) or math.isnan(b):
        return math.nan
    if operator == "div":
        if b == 0:
            return math.nan if a == 0 else math.copysign(math.inf, a) * math.copysign(1, b)
        return _tidy(a / b)
    if b == 0 or math.isinf(a):
        return math.nan
    return _tidy(math.fmod(a, b))  # XPath's mod keeps the sign of the dividend, like fmod


class _Evaluator:
    def __init__(self, values: dict, current):
        self.values = values
        self.current = current

    def run(self, tree):
        kind = tree[0]
        if kind == "literal":
            return tree[1]
        if kind == "ref":
            if tree[1] not in self.values:
                raise ExpressionError(f"Unknown question ${{{tree[1]}}}.")
            return self.values[tree[1]]
        if kind == "current":
            return self.current
        if kind == "negate":
            return _tidy(-_to_number(self.run(tree[1])))
        if kind == "binary":
            return self.binary(*tree[1:])
        return self.call(tree[1], tree[2])

    def binary(self, operator, left, right):
        if operator == "and":
            return _to_boolean(self.run(left)) and _to_boolean(self.run(right))
        if operator == "or":
            return _to_boolean(self.run(left)) or _to_boolean(self.run(right))
        if operator in {"=", "!=", "<", "<=", ">", ">="}:
            return _compare(operator, self.run(left), self.run(right))
        return _arithmetic(operator, self.run(left), self.run(right))

    def call(self, name, arguments):
        if name == "if":
            return self.run(arguments[1] if _to_boolean(self.run(arguments[0])) else arguments[2])
        if name == "coalesce":
            first = self.run(arguments[0])
            return first if _to_string(first) != "" else self.run(arguments[1])
        values = [self.run(argument) for argument in arguments]
        if name in {"string-length", "string", "number"} and not values:
            values = [self.current]
        match name:
            case "selected":
                return _to_string(values[1]) in _items(values[0])
            case "count-selected":
                return len(_items(values[0]))
            case "string-length":
                return len(_to_string(values[0]))
            case "string":
                return _to_string(values[0])
            case "number":
                return _tidy(_to_number(values[0]))
            case "today":
                return datetime.date.today()
            case "not":
                return not _to_boolean(values[0])
            case "concat":
                return "".join(_to_string(value) for value in values)
            case "true":
                return True
            case "false":
                return False
            case "regex":
                text = _to_string(values[0])
                return len(text) <= MAX_REGEX_INPUT and _regex(_to_string(values[1])).search(text) is not None
        raise ExpressionError(f"Unknown function {name!r}.")  # pragma: no cover  (the parser refuses it first)


# ---------------------------------------------------------------------------------------------------- public


def evaluate(expression: str, values: dict[str, object], current: object = None) -> object:
    """The value of `expression` with `values` as the answers (by question name) and `current` as `.`."""
    if not isinstance(expression, str) or not expression.strip():
        raise ExpressionError("The expression is empty.")
    return _Evaluator(values, current).run(_parse(expression.strip()))


def is_true(expression: str, values: dict[str, object], current: object = None) -> bool:
    """Whether `expression` holds; an empty expression always does (no skip logic, no constraint)."""
    if expression is None or not expression.strip():
        return True
    return _to_boolean(evaluate(expression, values, current))


def referenced_names(expression: str) -> set[str]:
    """The question names `${...}` an expression refers to; raises ExpressionError if it cannot be read."""
    if expression is None or not expression.strip():
        return set()
    return _names(_parse(expression.strip()))


def evaluation_order(dependencies: dict[str, set[str]]) -> list[str]:
    """The names of `dependencies` ({name: names its expression refers to}) ordered so each comes after those of
    them it depends on; ExpressionError naming the loop when they depend on each other in a circle."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1 while being visited, 2 when placed

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            loop = path[path.index(name):] + [name]
            raise ExpressionError("The calculations depend on each other in a circle: "
                                  + " → ".join(f"${{{step}}}" for step in loop) + ".")
        state[name] = 1
        for other in sorted(dependencies[name] & dependencies.keys()):
            visit(other, [*path, name])
        state[name] = 2
        order.append(name)

    for name in dependencies:
        visit(name, [])
    return order
