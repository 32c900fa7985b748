"""A small, safe expression language for guards and rubric checks.

Scenario files say things like ``plan.moud == 'buprenorphine' and plan.naloxone`` or
``'opioid.early_refills' in asked``. These are parsed with a lark grammar that only
knows literals, names, comparisons, ``and``/``or``/``not``, ``in``, ``+ - * /`` and a
fixed list of functions. There is no attribute access, indexing, call of arbitrary
names or any route to Python objects, so nothing in a scenario file can run code.

Every expression is checked when the scenario loads: unknown names, unknown
functions, type mismatches and string literals that are not allowed values of the
variable they are compared with are reported with the position in the YAML file.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cache, lru_cache
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

MAX_LENGTH = 2000
MAX_NESTING = 40

_GRAMMAR = r"""
?start: or_expr
?or_expr: and_expr
        | or_expr "or" and_expr             -> or_
?and_expr: not_expr
         | and_expr "and" not_expr          -> and_
?not_expr: "not" not_expr                   -> not_
         | comparison
?comparison: sum
           | sum COMP_OP sum                -> compare
           | sum "in" sum                   -> in_
           | sum "not" "in" sum             -> not_in
?sum: product
    | sum ADD_OP product                    -> arith
?product: unary
        | product MUL_OP unary              -> arith
?unary: "-" unary                           -> neg
      | atom
?atom: NUMBER                               -> number
     | STRING                               -> string
     | "true"                               -> true
     | "false"                              -> false
     | NAME "(" [or_expr ("," or_expr)*] ")" -> call
     | dotted
     | "[" [or_expr ("," or_expr)*] "]"     -> list_
     | "(" or_expr ")"
dotted: NAME ("." NAME)*
COMP_OP: "==" | "!=" | "<=" | ">=" | "<" | ">"
ADD_OP: "+" | "-"
MUL_OP: "*" | "/"
NAME: /[a-z_][a-z0-9_]*/
NUMBER: /\d+(\.\d+)?/
STRING: /'[^'\n]*'/ | /"[^"\n]*"/
%ignore /[ \t\r\n]+/
"""

# The operators and functions are simple and total: nothing can loop or allocate much.
FUNCTIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    # name: (argument kinds, result kind, help)
    "len": (("set",), "number", "number of items in a set"),
    "any_in": (("set", "set"), "bool", "true if the first set shares an item with the second"),
    "all_in": (("set", "set"), "bool", "true if every item of the second set is in the first"),
    "min": (("number", "number"), "number", "the smaller of two numbers"),
    "max": (("number", "number"), "number", "the larger of two numbers"),
}


@dataclass(frozen=True)
class VarType:
    """What a context variable holds: used for load-time checks and debrief wording."""

    kind: str  # "number" | "bool" | "text" | "set"
    label: str
    choices: tuple[str, ...] | None = None
    help: str = ""


class ExpressionError(Exception):
    """A problem in an expression, with a 1-based line and column inside its text."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


@cache
def _parser() -> Lark:
    return Lark(_GRAMMAR, parser="lalr", propagate_positions=True, maybe_placeholders=False)


@dataclass(frozen=True)
class Expression:
    """A parsed, checked expression ready to evaluate against a context mapping."""

    source: str
    tree: Tree

    def names(self) -> tuple[str, ...]:
        """The variable names the expression reads, in order of first use."""
        found = self.__dict__.get("_names")
        if found is None:  # worked out once, kept with the expression (the live score asks often)
            names: list[str] = []
            for sub in self.tree.iter_subtrees_topdown():
                if sub.data == "dotted":
                    name = ".".join(str(t) for t in sub.children)
                    if name not in names:
                        names.append(name)
            found = tuple(names)
            object.__setattr__(self, "_names", found)
        return found

    def literals(self) -> tuple[str, ...]:
        """The quoted words in the expression, in order of first use."""
        found = self.__dict__.get("_literals")
        if found is None:
            words: list[str] = []
            for sub in self.tree.iter_subtrees_topdown():
                if sub.data == "string":
                    value = str(sub.children[0])[1:-1]
                    if value not in words:
                        words.append(value)
            found = tuple(words)
            object.__setattr__(self, "_literals", found)
        return found

    def evaluate(self, context: Mapping[str, Any]) -> Any:
        """Evaluate against ``context``; raises :class:`ExpressionError` on bad data."""
        run = self.__dict__.get("_run")
        try:
            if run is None:
                run = _compile(self.tree)
                object.__setattr__(self, "_run", run)  # built on first use, kept with the expression
            return run(context)
        except (ArithmeticError, RecursionError) as exc:
            raise ExpressionError(f"cannot compute this: {type(exc).__name__}") from None

    def holds(self, context: Mapping[str, Any]) -> bool:
        """Truth of the expression; any evaluation problem counts as false."""
        try:
            return bool(self.evaluate(context))
        except ExpressionError:
            return False


def parse(source: str) -> Expression:
    """Parse an expression; raise :class:`ExpressionError` with its position. A text parsed
    before is not parsed again (an expression is immutable; a case's guards are read on every
    load of the case, and in the app, the workshop and the tests the same case loads often)."""
    if not isinstance(source, str):
        raise ExpressionError("an expression must be text")
    return _parse(source)


@lru_cache(maxsize=8192)
def _parse(source: str) -> Expression:
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"expression is longer than {MAX_LENGTH} characters")
    if not source.strip():
        raise ExpressionError("expression is empty")
    depth = deepest = 0
    for ch in source:
        depth += ch in "(["
        depth -= ch in ")]"
        deepest = max(deepest, depth)
    if deepest > MAX_NESTING or source.count("not ") > MAX_NESTING:
        raise ExpressionError(f"expression is nested more than {MAX_NESTING} levels deep")
    try:
        tree = _parser().parse(source)
    except UnexpectedCharacters as exc:
        raise ExpressionError(
            f"unexpected character {source[exc.pos_in_stream]!r}", exc.line, exc.column
        ) from None
    except UnexpectedEOF:
        raise ExpressionError("expression ends too early", *_end(source)) from None
    except UnexpectedToken as exc:
        if exc.token.type == "$END":
            raise ExpressionError("expression ends too early", *_end(source)) from None
        raise ExpressionError(
            f"unexpected {exc.token.value!r}", exc.line or 1, exc.column or 1
        ) from None
    except UnexpectedInput as exc:  # pragma: no cover - other lark input errors
        raise ExpressionError("cannot read expression", exc.line or 1, exc.column or 1) from None
    except RecursionError:
        raise ExpressionError("expression is nested too deeply") from None
    return Expression(source, tree)


@lru_cache(maxsize=8192)
def compiled(source: str) -> Expression:
    """``source`` parsed once and kept (guards, answer conditions and rubric items are read again
    at every step; the loader has already checked them)."""
    return parse(source)


def _end(source: str) -> tuple[int, int]:
    lines = source.splitlines() or [""]
    return len(lines), len(lines[-1]) + 1


def _pos(node: Tree | Token) -> tuple[int, int]:
    if isinstance(node, Token):
        return node.line or 1, node.column or 1
    meta = node.meta
    return (getattr(meta, "line", 1) or 1), (getattr(meta, "column", 1) or 1)


# --------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class _T:
    kind: str  # number | bool | text | set | list | any
    choices: tuple[str, ...] | None = None
    literal: str | None = None  # for string literals, their value
    var: str | None = None


def check(expr: Expression, variables: Mapping[str, VarType], want: str = "bool") -> None:
    """Check names, functions and types; raise :class:`ExpressionError` on the first problem."""
    result = _type(expr.tree, variables)
    if want == "bool" and result.kind not in ("bool", "any"):
        raise ExpressionError(
            f"this expression gives a {result.kind}, but a true/false condition is needed"
        )


def _type(node: Tree | Token, variables: Mapping[str, VarType]) -> _T:
    if isinstance(node, Token):  # pragma: no cover - grammar always wraps tokens
        return _T("any")
    kind = node.data
    if kind == "number":
        return _T("number")
    if kind == "string":
        return _T("text", literal=str(node.children[0])[1:-1])
    if kind in ("true", "false"):
        return _T("bool")
    if kind == "dotted":
        name = ".".join(str(t) for t in node.children)
        if name not in variables:
            raise ExpressionError(_unknown_name(name, variables), *_pos(node))
        vt = variables[name]
        return _T(vt.kind, vt.choices, var=name)
    if kind == "list_":
        items = [_type(c, variables) for c in node.children]
        for item in items:
            if item.kind != "text" or item.literal is None:
                raise ExpressionError("lists may only hold quoted words", *_pos(node))
        return _T("list", tuple(i.literal or "" for i in items))
    if kind in ("or_", "and_"):
        for child in node.children:
            t = _type(child, variables)
            if t.kind not in ("bool", "any"):
                word = "or" if kind == "or_" else "and"
                raise ExpressionError(
                    f"'{word}' needs true/false conditions on both sides, not a {t.kind}",
                    *_pos(child),
                )
        return _T("bool")
    if kind == "not_":
        t = _type(node.children[0], variables)
        if t.kind not in ("bool", "any"):
            raise ExpressionError(f"'not' needs a true/false condition, not a {t.kind}", *_pos(node))
        return _T("bool")
    if kind == "neg":
        t = _type(node.children[0], variables)
        _need(t, "number", node, "'-'")
        return _T("number")
    if kind == "arith":
        children = node.children
        for i, child in enumerate(children):
            if isinstance(child, Token):
                continue
            _need(_type(child, variables), "number", child, "arithmetic")
            if i and str(children[i - 1]) == "/":
                _check_divisor(child)
        return _T("number")
    if kind == "compare":
        left, op, right = node.children
        lt, rt = _type(left, variables), _type(right, variables)
        if op in ("<", ">", "<=", ">="):
            _need(lt, "number", left, f"'{op}'")
            _need(rt, "number", right, f"'{op}'")
        else:
            if {lt.kind, rt.kind} - {"any"} and lt.kind != rt.kind:
                raise ExpressionError(
                    f"cannot compare a {lt.kind} with a {rt.kind} using '{op}'", *_pos(node)
                )
            _check_choice(lt, rt, right)
            _check_choice(rt, lt, left)
        return _T("bool")
    if kind in ("in_", "not_in"):
        left, right = node.children
        lt, rt = _type(left, variables), _type(right, variables)
        if rt.kind == "set":
            _need(lt, "text", left, "'in'")
            _check_choice(rt, lt, left)
        elif rt.kind == "list":
            _need(lt, "text", left, "'in'")
            for value in rt.choices or ():
                _check_choice(lt, _T("text", literal=value), right)
        else:
            raise ExpressionError("'in' needs a set or a [list] on its right", *_pos(right))
        return _T("bool")
    if kind == "call":
        fname = str(node.children[0])
        args = node.children[1:]
        if fname not in FUNCTIONS:
            known = ", ".join(sorted(FUNCTIONS))
            raise ExpressionError(f"unknown function {fname!r}; known: {known}", *_pos(node))
        kinds, result, _ = FUNCTIONS[fname]
        if len(args) != len(kinds):
            raise ExpressionError(
                f"{fname}() takes {len(kinds)} argument(s), got {len(args)}", *_pos(node)
            )
        types = [_type(a, variables) for a in args]
        for arg, t, need in zip(args, types, kinds, strict=True):
            if need == "set" and t.kind == "list":
                continue
            _need(t, need, arg, f"{fname}()")
        if fname in ("any_in", "all_in") and types[1].kind == "list":
            for value in types[1].choices or ():
                _check_choice(types[0], _T("text", literal=value), args[1])
        return _T(result)
    raise ExpressionError(f"unsupported expression part {kind!r}", *_pos(node))  # pragma: no cover


def _check_divisor(node: Tree | Token) -> None:
    """Only a written-out, non-zero number may divide: then no guard can fail while a case runs.

    (A guard that failed at run time would count as false and could trap the trainee.)
    """
    inner = node.children[0] if isinstance(node, Tree) and node.data == "neg" else node
    if not (isinstance(inner, Tree) and inner.data == "number"):
        raise ExpressionError(
            "divide only by a number written out (such as '/ 7'): a divisor that is worked out "
            "could be zero while the case runs",
            *_pos(node),
        )
    if float(str(inner.children[0])) == 0:
        raise ExpressionError("division by zero", *_pos(node))


def _need(t: _T, kind: str, node: Tree | Token, what: str) -> None:
    if t.kind not in (kind, "any"):
        raise ExpressionError(f"{what} needs a {kind}, not a {t.kind}", *_pos(node))


def _check_choice(var: _T, lit: _T, where: Tree | Token) -> None:
    if var.choices is None or var.var is None or lit.literal is None:
        return
    if lit.literal not in var.choices:
        options = ", ".join(repr(c) for c in var.choices)
        raise ExpressionError(
            f"{lit.literal!r} is not a possible value of {var.var}; possible values: {options}",
            *_pos(where),
        )


def _unknown_name(name: str, variables: Mapping[str, VarType]) -> str:
    close = get_close_matches(name, list(variables), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown name {name!r}{hint}"


# --------------------------------------------------------------------------- evaluation


Run = Callable[[Mapping[str, Any]], Any]


def _compile(node: Tree) -> Run:
    """``node`` as a Python function of the context, built once: an expression is read again at
    every step (guards, answer conditions, rubric items) and swept over thousands of plans, so
    the tree is walked here, not at each evaluation."""
    build = _BUILD.get(str(node.data))
    if build is None:  # pragma: no cover - the grammar makes only the kinds below

        def unknown(_ctx: Mapping[str, Any]) -> Any:
            raise ExpressionError(f"cannot evaluate {node.data!r}", *_pos(node))

        return unknown
    return build(node)


def _constant(value: Any) -> Run:
    return lambda _ctx: value


def _number_literal(node: Tree) -> Run:
    text = str(node.children[0])
    return _constant(float(text) if "." in text else int(text))


def _name(node: Tree) -> Run:
    name = ".".join(str(t) for t in node.children)

    def run(ctx: Mapping[str, Any]) -> Any:
        if name not in ctx:
            raise ExpressionError(f"no value for {name!r}", *_pos(node))
        return ctx[name]

    return run


def _list(node: Tree) -> Run:
    parts = [_compile(c) for c in node.children]
    return lambda ctx: frozenset(part(ctx) for part in parts)


def _or(node: Tree) -> Run:
    parts = [_compile(c) for c in node.children]
    return lambda ctx: any(bool(part(ctx)) for part in parts)


def _and(node: Tree) -> Run:
    parts = [_compile(c) for c in node.children]
    return lambda ctx: all(bool(part(ctx)) for part in parts)


def _not(node: Tree) -> Run:
    inner = _compile(node.children[0])
    return lambda ctx: not inner(ctx)


def _neg(node: Tree) -> Run:
    inner = _compile(node.children[0])
    return lambda ctx: -_number(inner(ctx), node)


def _divide(value: float, rhs: float, node: Tree) -> float:
    if rhs == 0:
        raise ExpressionError("division by zero", *_pos(node))
    return value / rhs


_ARITH: dict[str, Callable[[float, float, Tree], float]] = {
    "+": lambda a, b, _node: a + b,
    "-": lambda a, b, _node: a - b,
    "*": lambda a, b, _node: a * b,
    "/": _divide,
}


def _arith(node: Tree) -> Run:
    children = node.children
    first = _compile(children[0])
    steps = [(_ARITH[str(children[i])], _compile(children[i + 1])) for i in range(1, len(children), 2)]

    def run(ctx: Mapping[str, Any]) -> Any:
        value = _number(first(ctx), node)
        for apply, part in steps:
            value = apply(value, _number(part(ctx), node), node)
        return value

    return run


_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}


def _compare(node: Tree) -> Run:
    left, op, right = node.children
    a_of, b_of, op = _compile(left), _compile(right), str(op)
    if op == "==":
        return lambda ctx: a_of(ctx) == b_of(ctx)
    if op == "!=":
        return lambda ctx: a_of(ctx) != b_of(ctx)
    order = _ORDER[op]

    def run(ctx: Mapping[str, Any]) -> bool:
        a, b = a_of(ctx), b_of(ctx)
        return order(_number(a, node), _number(b, node))

    return run


def _membership(node: Tree) -> Run:
    item_of, container_of = _compile(node.children[0]), _compile(node.children[1])
    inside = node.data == "in_"

    def run(ctx: Mapping[str, Any]) -> bool:
        item, container = item_of(ctx), container_of(ctx)
        return (item in _collection(container, node)) is inside

    return run


_CALLS: dict[str, Callable[[list[Any], Tree], Any]] = {
    "len": lambda args, node: len(_collection(args[0], node)),
    "any_in": lambda args, node: bool(_collection(args[0], node) & _collection(args[1], node)),
    "all_in": lambda args, node: _collection(args[1], node) <= _collection(args[0], node),
    "min": lambda args, node: min(_number(args[0], node), _number(args[1], node)),
    "max": lambda args, node: max(_number(args[0], node), _number(args[1], node)),
}


def _call(node: Tree) -> Run:
    fname = str(node.children[0])
    parts = [_compile(a) for a in node.children[1:]]
    function = _CALLS.get(fname)

    def run(ctx: Mapping[str, Any]) -> Any:
        args = [part(ctx) for part in parts]
        if function is None:  # pragma: no cover - the checker refuses unknown functions
            raise ExpressionError("cannot evaluate 'call'", *_pos(node))
        return function(args, node)

    return run


_BUILD: dict[str, Callable[[Tree], Run]] = {
    "number": _number_literal,
    "string": lambda node: _constant(str(node.children[0])[1:-1]),
    "true": lambda _node: _constant(True),
    "false": lambda _node: _constant(False),
    "dotted": _name,
    "list_": _list,
    "or_": _or,
    "and_": _and,
    "not_": _not,
    "neg": _neg,
    "arith": _arith,
    "compare": _compare,
    "in_": _membership,
    "not_in": _membership,
    "call": _call,
}


def _number(value: Any, node: Tree) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ExpressionError(f"expected a number, got {value!r}", *_pos(node))
    return value


def _collection(value: Any, node: Tree) -> frozenset:
    if isinstance(value, set | frozenset | list | tuple):
        return frozenset(value)
    raise ExpressionError(f"expected a set, got {value!r}", *_pos(node))
