"""The XLSForm expression evaluator: cases from ODK's semantics, and seeded random properties against Python."""

import datetime
import math
import random

import pytest

from tacoord.questionnaires.expressions import (
    MAX_REGEX_INPUT,
    ExpressionError,
    evaluate,
    evaluation_order,
    is_true,
    referenced_names,
)

ANSWERS = {
    "status": "yes_in_part",
    "ta_needed": "yes",
    "ta_types": ["legal-advice", "legislative-drafting"],
    "odk_multiple": "training equipment",
    "missing": None,
    "age": 42,
    "share": 2.5,
    "text_number": "17",
    "word": "Kenya",
    "start": "2024-03-01",
    "when": datetime.date(2024, 3, 11),
    "empty_list": [],
}


@pytest.mark.parametrize(("expression", "expected"), [
    ("1", 1), ("1.5", 1.5), (".5", 0.5), ("'text'", "text"), ('"double"', "double"), ("''", ""),
    ("${status}", "yes_in_part"), ("${missing}", None), ("${ta_types}", ["legal-advice", "legislative-drafting"]),
    ("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("7 div 2", 3.5), ("8 div 2", 4), ("7 mod 3", 1), ("-7 mod 3", -1),
    ("2 - 3 - 4", -5), ("2 * 3 div 4", 1.5), ("- 4 + 1", -3), ("--4", 4), ("${age} + 1", 43), ("${share} * 2", 5),
    ("${text_number} + 1", 18), ("${word} + 1", math.nan), ("${missing} + 1", math.nan),
    ("1 div 0", math.inf), ("-1 div 0", -math.inf), ("0 div 0", math.nan), ("5 mod 0", math.nan),
    ("1 = 1", True), ("1 != 1", False), ("'a' = 'a'", True), ("'a' = 'b'", False), ("'a' != 'b'", True),
    ("${status} = 'yes_in_part'", True), ("${status} = 'no'", False), ("${status} != 'no'", True),
    ("${missing} = ''", True), ("${missing} != ''", False), ("${missing} = 0", False), ("${missing} = 'x'", False),
    ("${text_number} = 17", True), ("${text_number} = '17'", True), ("${text_number} = '17.0'", False),
    ("${text_number} = 17.0", True), ("${age} > 40", True), ("${age} >= 42", True), ("${age} < 42", False),
    ("${age} <= 42", True), ("${word} < 5", False), ("${word} >= 5", False), ("${missing} < 1", False),
    ("'10' > '9'", True), ("2 > 1 = 1", True),
    ("1 = 1 and 2 = 2", True), ("1 = 1 and 2 = 3", False), ("1 = 2 or 2 = 2", True), ("1 = 2 or 2 = 3", False),
    ("1 = 1 or 1 = 1 and 1 = 2", True), ("(1 = 1 or 1 = 1) and 1 = 2", False),
    ("not(1 = 1)", False), ("not(${missing})", True), ("not(${word})", False), ("not(0)", True), ("not('')", True),
    ("selected(${ta_types}, 'legal-advice')", True), ("selected(${ta_types}, 'training')", False),
    ("selected(${odk_multiple}, 'equipment')", True), ("selected(${missing}, 'x')", False),
    ("selected(${status}, 'yes_in_part')", True), ("selected(${empty_list}, '')", False),
    ("count-selected(${ta_types})", 2), ("count-selected(${odk_multiple})", 2), ("count-selected(${missing})", 0),
    ("count-selected(${empty_list})", 0),
    ("string-length(${word})", 5), ("string-length(${missing})", 0), ("string-length('')", 0),
    ("string(${age})", "42"), ("string(${share})", "2.5"), ("string(4 div 2)", "2"), ("string(1 div 0)", "Infinity"),
    ("string(0 div 0)", "NaN"), ("string(1 = 1)", "true"), ("string(${ta_types})", "legal-advice legislative-drafting"),
    ("string(${missing})", ""), ("string(${when})", "2024-03-11"),
    ("number('3.25')", 3.25), ("number('12')", 12), ("number('abc')", math.nan), ("number('')", math.nan),
    ("number(1 = 1)", 1), ("number('1e3')", math.nan), ("number('nan')", math.nan),
    ("if(${age} > 18, 'adult', 'minor')", "adult"), ("if(${missing}, 'a', 'b')", "b"),
    ("if(1 = 1, 1, ${nonexistent})", 1),
    ("coalesce(${missing}, 'fallback')", "fallback"), ("coalesce(${word}, 'fallback')", "Kenya"),
    ("coalesce('', ${age})", 42),
    ("concat(${word}, '-', ${age})", "Kenya-42"), ("true()", True), ("false()", False),
    ("true() = 'x'", True), ("false() = ''", True),
    ("${when} - ${start}", 10), ("${when} > ${start}", True), ("${when} = '2024-03-11'", True),
    ("${start} < '2024-03-02'", True), ("number(${when})", 19793),
    ("${ta_needed} = 'yes' and (${status} = 'no' or ${status} = 'yes_in_part')", True),
    ("  ${age}   =42  ", True),
])
def test_evaluate(expression, expected):
    result = evaluate(expression, ANSWERS)
    if isinstance(expected, float) and math.isnan(expected):
        assert isinstance(result, float) and math.isnan(result)
    else:
        assert result == expected
        assert type(result) is type(expected)


@pytest.mark.parametrize(("expression", "current", "expected"), [
    (". >= 0 and . <= 100", 50, True), (". >= 0 and . <= 100", 101, False), (". >= 0 and . <= 100", None, False),
    ("string-length(.) <= 10", "short", True), ("string-length(.) <= 3", "longer", False),
    ("string-length() = 4", "four", True), ("number() > 1", "2", True), ("string()", 3, True),
    ("count-selected(.) <= 2", ["a", "b", "c"], False), ("selected(., 'b')", ["a", "b"], True),
    (". > ${age}", 43, True), (". != ''", "", False), (".", "", False), (".", "x", True),
    (". <= today()", datetime.date(2000, 1, 1), True), (". <= today()", "2999-01-01", False),
])
def test_is_true_with_current(expression, current, expected):
    assert is_true(expression, ANSWERS, current) is expected


@pytest.mark.parametrize("expression", ["", "   ", None])
def test_empty_expression_is_true(expression):
    assert is_true(expression, {}) is True
    assert referenced_names(expression) == set()


def test_today_is_today():
    assert evaluate("today()", {}) == datetime.date.today()
    assert evaluate("today() - today()", {}) == 0


@pytest.mark.parametrize(("expression", "fragment"), [
    ("${status} = ", "end of the expression"),
    ("(1 + 2", "Expected ')'"),
    ("1 + 2)", "Unexpected ')'"),
    ("'unclosed", "Unclosed text"),
    ("${unclosed", "Unclosed ${...}"),
    ("${} = 1", "does not name a question"),
    ("${a b} = 1", "does not name a question"),
    ("foo(1)", "Unknown function or name 'foo'"),
    ("status = 'yes'", "Unknown function or name 'status'"),
    ("selected(${ta_types})", "selected() takes 2 argument(s), not 1"),
    ("today(1)", "today() takes 0 argument(s)"),
    ("if(1, 2)", "if() takes 3 argument(s)"),
    ("not", "must be followed by '('"),
    ("1 # 2", "Unexpected character '#'"),
    ("1 == 2", "Unexpected '='"),
    ("__import__('os')", "Unknown function or name '__import__'"),
    ("..", "Unexpected '.'"),
    ("(" * 100 + "1" + ")" * 100, "nests too deeply"),
    ("1" + " + 1" * 1000, "longer than"),
    ("and", "Unexpected 'and'"),
])
def test_bad_syntax_is_refused_with_a_clear_message(expression, fragment):
    with pytest.raises(ExpressionError) as caught:
        evaluate(expression, ANSWERS)
    assert fragment in str(caught.value)
    with pytest.raises(ValueError):
        referenced_names(expression)


def test_unknown_question_is_an_error_but_a_missing_answer_is_not():
    with pytest.raises(ExpressionError, match=r"Unknown question \$\{nope\}"):
        is_true("${nope} = 'yes'", ANSWERS)
    assert is_true("${missing} = ''", ANSWERS)
    # `and` and `if` do not evaluate what they need not, as in XPath.
    assert is_true("1 = 2 and ${nope} = 1", ANSWERS) is False


def test_empty_expression_cannot_be_evaluated():
    with pytest.raises(ExpressionError, match="empty"):
        evaluate("  ", {})


@pytest.mark.parametrize(("expression", "names"), [
    ("${a} = 'yes'", {"a"}),
    ("selected(${b}, 'x') and not(${c} = ${a}) or if(${d}, -${e}, coalesce(${f}, .))", {"a", "b", "c", "d", "e", "f"}),
    ("1 + 2", set()),
    ("${ untoc_a5_ta_needed } = 'yes'", {"untoc_a5_ta_needed"}),
])
def test_referenced_names(expression, names):
    assert referenced_names(expression) == names


# ---------------------------------------------------------------------------------- seeded random properties

def _random_arithmetic(rng: random.Random, depth: int) -> tuple[str, int]:
    """An expression of + - * over integers, written with random spacing and parentheses, and its value."""
    if depth == 0 or rng.random() < 0.3:
        value = rng.randint(0, 50)
        return str(value), value
    left, left_value = _random_arithmetic(rng, depth - 1)
    right, right_value = _random_arithmetic(rng, depth - 1)
    operator = rng.choice(["+", "-", "*"])
    value = {"+": left_value + right_value, "-": left_value - right_value, "*": left_value * right_value}[operator]
    space = rng.choice(["", " ", "  "])
    return f"({left}{space}{operator}{space}{right})", value


def test_property_arithmetic_matches_python():
    rng = random.Random(20240301)
    for _ in range(500):
        expression, value = _random_arithmetic(rng, 4)
        assert evaluate(expression, {}) == value, expression


def test_property_comparisons_match_python_on_numbers_and_their_text():
    rng = random.Random(7)
    operators = {"=": int.__eq__, "!=": int.__ne__, "<": int.__lt__, "<=": int.__le__, ">": int.__gt__,
                 ">=": int.__ge__}
    for _ in range(500):
        a, b = rng.randint(-20, 20), rng.randint(-20, 20)
        operator = rng.choice(list(operators))
        values = {"a": rng.choice([a, str(a), float(a)]), "b": b}
        assert is_true(f"${{a}} {operator} ${{b}}", values) is operators[operator](a, b), (values, operator)


def test_property_boolean_algebra_matches_python():
    rng = random.Random(11)
    for _ in range(300):
        flags = {name: rng.choice(["yes", "no", None]) for name in "pqr"}
        p, q, r = (flags[name] == "yes" for name in "pqr")
        expression = "${p} = 'yes' and not(${q} = 'yes') or ${r} = 'yes'"
        assert is_true(expression, flags) is ((p and not q) or r), flags


def test_property_selected_and_count_agree_with_the_list():
    rng = random.Random(3)
    universe = ["legal-advice", "training", "equipment", "research", "other"]
    for _ in range(300):
        chosen = rng.sample(universe, rng.randint(0, len(universe)))
        probe = rng.choice(universe)
        for shape in (chosen, " ".join(chosen)):
            values = {"m": shape}
            assert is_true(f"selected(${{m}}, '{probe}')", values) is (probe in chosen)
            assert evaluate("count-selected(${m})", values) == len(chosen)


@pytest.mark.parametrize(("expression", "current", "expected"), [
    (r"regex(., '^[A-Z]{2}-\d{3}$')", "KE-123", True),
    (r"regex(., '^[A-Z]{2}-\d{3}$')", "KE-1234", False),
    (r"regex(., '\d')", "case 7", True),  # found anywhere, as in ODK Collect and Enketo
    (r"regex(., '^\d+$')", 42, True),  # a number is matched as its text
    (r"regex(., '^\p{L}+$')", "Côte", True),
    ("regex(., '^$')", None, True),
    ("regex(${word}, concat('^', 'Ken'))", None, True),  # a pattern made by the expression
])
def test_regex(expression, current, expected):
    assert evaluate(expression, ANSWERS, current) is expected


def test_regex_never_backtracks_catastrophically():
    # (a+)+$ takes exponential time with a backtracking engine; RE2 answers at once.
    started = datetime.datetime.now()
    assert evaluate("regex(., '(a+)+$')", {}, "a" * 5000 + "!") is False
    assert evaluate("regex(., '(x+x+)+y')", {}, "x" * 5000) is False
    assert (datetime.datetime.now() - started).total_seconds() < 1


def test_regex_input_is_bounded():
    assert evaluate("regex(., 'a')", {}, "a" * MAX_REGEX_INPUT) is True
    assert evaluate("regex(., 'a')", {}, "a" * (MAX_REGEX_INPUT + 1)) is False


@pytest.mark.parametrize(("expression", "fragment"), [
    (r"regex(., '(a)\1')", "cannot be read (invalid escape sequence"),  # back-references: not in RE2
    ("regex(., '(?=a)')", "cannot be read (invalid perl operator"),
    ("regex(., '[a-')", "the pattern '[a-' cannot be read"),
    ("regex(.)", "regex() takes 2 argument(s), not 1"),
])
def test_unreadable_regex_is_refused_when_read(expression, fragment):
    with pytest.raises(ExpressionError) as caught:
        referenced_names(expression)
    assert fragment in str(caught.value)


def test_a_pattern_made_at_evaluation_that_cannot_be_read_is_an_error():
    with pytest.raises(ExpressionError, match="cannot be read"):
        evaluate("regex(., concat('[', 'a'))", {}, "a")


def test_evaluation_order():
    order = evaluation_order({"total": {"a", "b"}, "share": {"total", "a"}, "a": set(), "b": {"x"}})
    assert order.index("a") < order.index("total") < order.index("share") and order.index("b") < order.index("total")
    with pytest.raises(ExpressionError, match=r"in a circle: \$\{p\} → \$\{q\} → \$\{p\}"):
        evaluation_order({"p": {"q"}, "q": {"p"}})
    with pytest.raises(ExpressionError, match="in a circle"):
        evaluation_order({"self": {"self"}})
