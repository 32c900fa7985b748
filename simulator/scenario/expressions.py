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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
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
        found: list[str] = []
        for sub in self.tree.iter_subtrees_topdown():
            if sub.data == "dotted":
                name = ".".join(str(t) for t in sub.children)
                if name not in found:
                    found.append(name)
        return tuple(found)

    def literals(self) -> tuple[str, ...]:
        """The quoted words in the expression, in order of first use."""
        found: list[str] = []
        for sub in self.tree.iter_subtrees_topdown():
            if sub.data == "string":
                value = str(sub.children[0])[1:-1]
                if value not in found:
                    found.append(value)
        return tuple(found)

    def evaluate(self, context: Mapping[str, Any]) -> Any:
        """Evaluate against ``context``; raises :class:`ExpressionError` on bad data."""
        fn = self.__dict__.get("_fn")
        if fn is None:  # built once per expression: the tree turned into nested closures
            try:
                fn = _compile(self.tree)
            except RecursionError:
                fn = lambda ctx: _evaluate(self.tree, ctx)  # noqa: E731 - same error path below
            object.__setattr__(self, "_fn", fn)
        try:
            return fn(context)
        except (ArithmeticError, RecursionError) as exc:
            raise ExpressionError(f"cannot compute this: {type(exc).__name__}") from None

    def holds(self, context: Mapping[str, Any]) -> bool:
        """Truth of the expression; any evaluation problem counts as false."""
        try:
            return bool(self.evaluate(context))
        except ExpressionError:
            return False


def parse(source: str) -> Expression:
    """Parse an expression; raise :class:`ExpressionError` with its position."""
    if not isinstance(source, str):
        raise ExpressionError("an expression must be text")
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


def _type(node: Tree | Token, variables: Mapping[str, VarType]) -> _T:  # noqa: C901
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
    from difflib import get_close_matches

    close = get_close_matches(name, list(variables), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown name {name!r}{hint}"


# --------------------------------------------------------------------------- evaluation


def _evaluate(node: Tree, ctx: Mapping[str, Any]) -> Any:  # noqa: C901
    kind = node.data
    if kind == "number":
        text = str(node.children[0])
        return float(text) if "." in text else int(text)
    if kind == "string":
        return str(node.children[0])[1:-1]
    if kind == "true":
        return True
    if kind == "false":
        return False
    if kind == "dotted":
        name = ".".join(str(t) for t in node.children)
        if name not in ctx:
            raise ExpressionError(f"no value for {name!r}", *_pos(node))
        return ctx[name]
    if kind == "list_":
        return frozenset(_evaluate(c, ctx) for c in node.children)
    if kind == "or_":
        return any(bool(_evaluate(c, ctx)) for c in node.children)
    if kind == "and_":
        return all(bool(_evaluate(c, ctx)) for c in node.children)
    if kind == "not_":
        return not _evaluate(node.children[0], ctx)
    if kind == "neg":
        return -_number(_evaluate(node.children[0], ctx), node)
    if kind == "arith":
        children = node.children
        value = _number(_evaluate(children[0], ctx), node)
        for i in range(1, len(children), 2):
            op = str(children[i])
            rhs = _number(_evaluate(children[i + 1], ctx), node)
            if op == "+":
                value += rhs
            elif op == "-":
                value -= rhs
            elif op == "*":
                value *= rhs
            else:
                if rhs == 0:
                    raise ExpressionError("division by zero", *_pos(node))
                value /= rhs
        return value
    if kind == "compare":
        left, op, right = node.children
        a, b = _evaluate(left, ctx), _evaluate(right, ctx)
        if op == "==":
            return a == b
        if op == "!=":
            return a != b
        a, b = _number(a, node), _number(b, node)
        return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[str(op)]
    if kind in ("in_", "not_in"):
        item, container = _evaluate(node.children[0], ctx), _evaluate(node.children[1], ctx)
        found = item in _collection(container, node)
        return found if kind == "in_" else not found
    if kind == "call":
        fname = str(node.children[0])
        args = [_evaluate(a, ctx) for a in node.children[1:]]
        if fname == "len":
            return len(_collection(args[0], node))
        if fname == "any_in":
            return bool(_collection(args[0], node) & _collection(args[1], node))
        if fname == "all_in":
            return _collection(args[1], node) <= _collection(args[0], node)
        if fname == "min":
            return min(_number(args[0], node), _number(args[1], node))
        if fname == "max":
            return max(_number(args[0], node), _number(args[1], node))
    raise ExpressionError(f"cannot evaluate {kind!r}", *_pos(node))  # pragma: no cover


Fn = Callable[[Mapping[str, Any]], Any]


def _compile(node: Tree) -> Fn:  # noqa: C901 - one branch per node kind, as _evaluate
    """``node`` as a function of the context, with the meaning and errors of :func:`_evaluate`
    (which stays the reference); tokens are read once here, not at every evaluation."""
    kind = str(node.data)
    if kind in ("number", "string", "true", "false"):
        value = _evaluate(node, {})
        return lambda ctx: value
    if kind == "dotted":
        name = ".".join(str(t) for t in node.children)
        where = _pos(node)

        def read(ctx: Mapping[str, Any]) -> Any:
            try:
                return ctx[name]
            except KeyError:
                raise ExpressionError(f"no value for {name!r}", *where) from None

        return read
    parts = [_compile(c) for c in node.children if isinstance(c, Tree)]
    if kind == "list_":
        return lambda ctx: frozenset(f(ctx) for f in parts)
    if kind == "or_":
        return lambda ctx: any(bool(f(ctx)) for f in parts)
    if kind == "and_":
        return lambda ctx: all(bool(f(ctx)) for f in parts)
    if kind == "not_":
        inner = parts[0]
        return lambda ctx: not inner(ctx)
    if kind == "neg":
        inner = parts[0]
        return lambda ctx: -_number(inner(ctx), node)
    if kind == "arith":
        ops = [str(c) for c in node.children[1::2]]
        first, rest = parts[0], list(zip(ops, parts[1:], strict=True))

        def arith(ctx: Mapping[str, Any]) -> Any:
            value = _number(first(ctx), node)
            for op, f in rest:
                rhs = _number(f(ctx), node)
                if op == "+":
                    value += rhs
                elif op == "-":
                    value -= rhs
                elif op == "*":
                    value *= rhs
                else:
                    if rhs == 0:
                        raise ExpressionError("division by zero", *_pos(node))
                    value /= rhs
            return value

        return arith
    if kind == "compare":
        op = str(node.children[1])
        left, right = parts
        if op == "==":
            return lambda ctx: left(ctx) == right(ctx)
        if op == "!=":
            return lambda ctx: left(ctx) != right(ctx)
        test = {"<": float.__lt__, ">": float.__gt__, "<=": float.__le__, ">=": float.__ge__}[op]

        def compare(ctx: Mapping[str, Any]) -> bool:
            a, b = _number(left(ctx), node), _number(right(ctx), node)
            return test(float(a), float(b))

        return compare
    if kind in ("in_", "not_in"):
        item, container = parts
        negate = kind == "not_in"
        return lambda ctx: (item(ctx) in _collection(container(ctx), node)) != negate
    if kind == "call":
        fname = str(node.children[0])
        args = parts

        def call(ctx: Mapping[str, Any]) -> Any:
            values = [f(ctx) for f in args]
            if fname == "len":
                return len(_collection(values[0], node))
            if fname == "any_in":
                return bool(_collection(values[0], node) & _collection(values[1], node))
            if fname == "all_in":
                return _collection(values[1], node) <= _collection(values[0], node)
            if fname == "min":
                return min(_number(values[0], node), _number(values[1], node))
            if fname == "max":
                return max(_number(values[0], node), _number(values[1], node))
            raise ExpressionError(f"cannot evaluate {kind!r}", *_pos(node))  # pragma: no cover

        return call
    return lambda ctx: _evaluate(node, ctx)  # pragma: no cover - every kind is handled above


def _number(value: Any, node: Tree) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ExpressionError(f"expected a number, got {value!r}", *_pos(node))
    return value


def _collection(value: Any, node: Tree) -> frozenset:
    if isinstance(value, set | frozenset | list | tuple):
        return frozenset(value)
    raise ExpressionError(f"expected a set, got {value!r}", *_pos(node))
