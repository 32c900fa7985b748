"""Guards and rubric checks: a tiny language that cannot run code, checked when a scenario loads."""

from __future__ import annotations

import builtins

import pytest

from simulator.scenario.expressions import (
    MAX_LENGTH,
    MAX_NESTING,
    ExpressionError,
    VarType,
    check,
    parse,
)
from simulator.scenario.vocabulary import base_variables

VARIABLES = base_variables()


def checked(source: str):
    expression = parse(source)
    check(expression, VARIABLES)
    return expression


def rejection(source: str) -> ExpressionError:
    """The error raised when ``source`` is parsed and checked against the vocabulary."""
    with pytest.raises(ExpressionError) as info:
        checked(source)
    return info.value


# ----------------------------------------------------------------------------- no code execution

HOSTILE = [
    "__import__('os').system('echo pwned')",
    "__import__('os')",
    "eval('1')",
    "exec('x = 1')",
    "open('/etc/passwd')",
    "getattr(rapport, '__class__')",
    "().__class__.__bases__",
    "rapport.__class__",
    "__builtins__",
    "__class__",
    "rapport.__dict__",
    "os.system('ls')",
    "lambda: 1",
    "(lambda x: x)(1)",
    "[x for x in asked]",
    "asked[0]",
    "'abc'.upper()",
    "rapport if true else 1",
    "rapport ** 1000000",
    "f'{rapport}'",
    "rapport; import os",
    "import os",
    "rapport := 1",
    "`ls`",
    "$(ls)",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_code_is_rejected_at_parse_or_check(source):
    error = rejection(source)
    assert error.message and error.line >= 1 and error.col >= 1


@pytest.mark.parametrize("source", HOSTILE)
def test_rejecting_hostile_text_never_calls_eval_exec_or_compile(source, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("the expression language reached eval/exec/compile")

    for name in ("eval", "exec", "compile"):
        monkeypatch.setattr(builtins, name, forbidden)
    with pytest.raises(ExpressionError):
        checked(source)


def test_evaluating_never_calls_eval_exec_or_compile(monkeypatch):
    expressions = [parse(s) for s in ("rapport >= 60 and 'pain.location' in asked", "len(asked) * 2 + 1 > 0")]

    def forbidden(*args, **kwargs):
        raise AssertionError("the expression language reached eval/exec/compile")

    for name in ("eval", "exec", "compile"):
        monkeypatch.setattr(builtins, name, forbidden)
    for e in expressions:
        assert e.holds({"rapport": 70, "asked": frozenset({"pain.location"})})


def test_dunder_names_are_unknown_names_with_their_position():
    error = rejection("rapport > 1 and __class__")
    assert error.message.startswith("unknown name '__class__'")
    assert (error.line, error.col) == (1, 17)


def test_calling_python_builtins_is_an_unknown_function():
    error = rejection("__import__('os')")
    assert error.message == "unknown function '__import__'; known: all_in, any_in, len, max, min"
    assert (error.line, error.col) == (1, 1)


def test_a_name_in_the_context_is_data_not_a_route_to_python():
    # evaluation looks names up in the mapping it is given; it never reaches attributes
    expression = parse("x.y == 1")
    assert expression.holds({"x.y": 1})
    assert not expression.holds({"x": {"y": 1}})


def test_overlong_and_overnested_expressions_are_refused():
    assert "longer than" in rejection("1" * (MAX_LENGTH + 1)).message
    deep = "(" * (MAX_NESTING + 1) + "true" + ")" * (MAX_NESTING + 1)
    assert "nested" in rejection(deep).message
    assert "nested" in rejection("not " * (MAX_NESTING + 1) + "true").message
    assert rejection("   ").message == "expression is empty"


def test_a_non_text_expression_is_refused():
    with pytest.raises(ExpressionError):
        parse(42)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- load-time checks


def test_an_unknown_name_suggests_the_closest():
    error = rejection("rapor >= 60")
    assert error.message == "unknown name 'rapor'; did you mean 'rapport'?"
    assert (error.line, error.col) == (1, 1)


def test_a_string_that_is_not_a_choice_is_caught_at_its_column():
    error = rejection("plan.moud == 'bupe'")
    assert error.message.startswith("'bupe' is not a possible value of plan.moud; possible values: ")
    assert "'buprenorphine'" in error.message
    assert (error.line, error.col) == (1, 14)


def test_choices_are_checked_in_lists_and_sets_too():
    assert (
        "'naloxone' is not a possible value of plan.nonopioid"
        in rejection("any_in(plan.nonopioid, ['cbt', 'naloxone'])").message
    )
    assert "'grumpy' is not a possible value of dx.criteria" in rejection("'grumpy' in dx.criteria").message
    assert (
        "is not a possible value of plan.setting"
        in rejection("plan.setting in ['outpatient', 'hospital']").message
    )


def test_a_syntax_error_has_the_column_of_the_bad_token():
    error = rejection("dx.diagnosis == == 'oud'")
    assert error.message == "unexpected '=='"
    assert (error.line, error.col) == (1, 17)


def test_an_unfinished_expression_points_at_its_end():
    error = rejection("rapport >=")
    assert error.message == "expression ends too early"
    assert (error.line, error.col) == (1, 11)


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("rapport + 1", "gives a number, but a true/false condition is needed"),
        ("rapport and true", "'and' needs true/false conditions on both sides, not a number"),
        ("rapport == 'high'", "cannot compare a number with a text"),
        ("asked > 3", "needs a number, not a set"),
        ("'pain.location' in rapport", "'in' needs a set or a [list] on its right"),
        ("len(rapport) > 1", "len() needs a set, not a number"),
        ("len(asked, asked) > 1", "len() takes 1 argument(s), got 2"),
        ("not rapport", "'not' needs a true/false condition, not a number"),
        ("[rapport] == [1]", "lists may only hold quoted words"),
        ("-validated_pain", "'-' needs a number, not a bool"),
    ],
)
def test_type_mistakes_are_explained(source, fragment):
    assert fragment in rejection(source).message


def test_every_vocabulary_variable_is_known_to_the_checker():
    for name, vt in VARIABLES.items():
        assert isinstance(vt, VarType)
        check(parse(f"{name} == {name}"), VARIABLES)


# ----------------------------------------------------------------------------- evaluation

CONTEXT = {
    "rapport": 65,
    "asked": frozenset({"opioid.as_prescribed", "opioid.early_refills"}),
    "plan.moud": "buprenorphine",
    "plan.nonopioid": frozenset({"physiotherapy", "cbt"}),
    "plan.taper_weekly_percent": 12.5,
    "validated_pain": True,
    "stigma_count": 0,
}


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("7 / 2", 3.5),
        ("10 - 2 - 3", 5),
        ("-rapport + 100", 35),
        ("rapport >= 60 and validated_pain", True),
        ("rapport >= 70 or stigma_count == 0", True),
        ("not validated_pain", False),
        ("'opioid.early_refills' in asked", True),
        ("'opioid.craving' not in asked", True),
        ("plan.moud in ['buprenorphine', 'methadone']", True),
        ("len(plan.nonopioid)", 2),
        ("any_in(plan.nonopioid, ['cbt', 'act'])", True),
        ("all_in(plan.nonopioid, ['cbt', 'act'])", False),
        ("all_in(plan.nonopioid, ['cbt'])", True),
        ("min(rapport, 50)", 50),
        ("max(rapport, 50)", 65),
        ("plan.taper_weekly_percent <= 25", True),
        ("plan.moud != 'none'", True),
        ('"buprenorphine" == plan.moud', True),
        ("1.5 * 2 == 3", True),
    ],
)
def test_evaluation_results(source, value):
    assert parse(source).evaluate(CONTEXT) == value


def test_division_by_zero_does_not_hold_and_does_not_crash():
    expression = parse("rapport / stigma_count > 1")
    with pytest.raises(ExpressionError, match="division by zero"):
        expression.evaluate(CONTEXT)
    assert expression.holds(CONTEXT) is False
    assert parse("1 / 0.0 < 1").holds({}) is False


def test_missing_or_mistyped_data_does_not_hold():
    assert parse("rapport > 1").holds({}) is False
    assert parse("rapport > 1").holds({"rapport": "high"}) is False
    assert parse("'x' in asked").holds({"asked": 3}) is False
    assert parse("rapport > 1").holds({"rapport": True}) is False


@pytest.mark.parametrize(
    "source",
    ["1" + "0" * 400 + " / 3 > rapport", "1" + "0" * 400 + " * 1.5 > rapport"],
    ids=["int-division", "int-times-float"],
)
def test_huge_numbers_do_not_hold_rather_than_crash(source):
    expression = checked(source)
    assert expression.holds({"rapport": 50}) is False


def test_names_and_literals_are_listed_for_the_debrief():
    expression = parse(
        "plan.moud == 'buprenorphine' and 'pain_course' in plan.counselling and plan.moud != 'none'"
    )
    assert expression.names() == ("plan.moud", "plan.counselling")
    assert expression.literals() == ("buprenorphine", "pain_course", "none")
