"""Plain sentences for validation errors: no library wording reaches an instructor.

pydantic reports errors in its own words ("Input should be a valid dictionary or instance of
Taper", "Extra inputs are not permitted", "Field required"). :func:`plain_message` rewrites one
error into a sentence that says what is allowed there and, where a close match exists, suggests
the nearest valid value or field name. Both the scenario loader and the playthrough actions use it.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Sequence
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from rapidfuzz import fuzz, process

# Below this similarity (0-100, edit-distance based) a suggestion would only confuse.
_SUGGEST_SCORE = 55


def nearest(value: object, options: Iterable[str]) -> str | None:
    """The option closest to ``value`` (typo-tolerant), or None if nothing is close."""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    text = str(value).strip().lower()
    choices = [str(o) for o in options]
    if not text or not choices:
        return None
    best = process.extractOne(text, choices, scorer=fuzz.ratio, processor=str.lower)
    if best is not None and best[1] >= _SUGGEST_SCORE:
        return best[0]
    if len(text) >= 3:  # a shortened name: 'physio' for 'physiotherapy'
        starts = [c for c in choices if c.lower().startswith(text)]
        if len(starts) == 1:
            return starts[0]
    return None


def did_you_mean(value: object, options: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the nearest option, or an empty string."""
    close = nearest(value, options)
    return f"; did you mean {close!r}?" if close is not None and close != value else ""


def one_of(options: Sequence[str], limit: int = 30) -> str:
    """``'a', 'b' or 'c'`` (long lists shortened with a count)."""
    shown = [repr(o) for o in options[:limit]]
    if len(options) > limit:
        return ", ".join(shown) + f" (and {len(options) - limit} more)"
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " or " + shown[-1]


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete alternatives of an annotation (Optional/Union/Annotated removed)."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        out: list[Any] = []
        for arg in get_args(annotation):
            if arg is not type(None):
                out += _unwrap(arg)
        return out
    return [annotation]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for alt in _unwrap(annotation):
        if isinstance(alt, type) and issubclass(alt, BaseModel):
            return alt
        for arg in get_args(alt):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def field_names(model: type[BaseModel]) -> list[str]:
    """The names a file may use for ``model``'s fields (aliases where set)."""
    return [info.alias or name for name, info in model.model_fields.items()]


def _field(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info
    return None


def annotation_at(root: type[BaseModel], loc: Sequence[Any]) -> tuple[Any, type[BaseModel] | None]:
    """(annotation of the value at ``loc``, the model that holds it) walking from ``root``.

    Parts of ``loc`` that are list indexes, dict keys or union-branch markers are stepped over.
    """
    annotation: Any = root
    parent: type[BaseModel] | None = None
    for part in loc:
        model = _model_in(annotation)
        if isinstance(part, str) and model is not None and _field(model, part) is not None:
            parent = model
            annotation = _field(model, part).annotation
            continue
        # into a list item or a dict value
        for alt in _unwrap(annotation):
            args = get_args(alt)
            if get_origin(alt) in (list, tuple, set, frozenset) and args:
                annotation = args[0]
                break
            if get_origin(alt) is dict and len(args) == 2:
                annotation = args[1]
                break
    return annotation, parent


def literal_options(annotation: Any) -> list[str]:
    """The allowed values when ``annotation`` is (an optional) Literal, else []."""
    out: list[str] = []
    for alt in _unwrap(annotation):
        if get_origin(alt) is Literal:
            out += [str(a) for a in get_args(alt)]
    return out


_KINDS = {
    "int": "a whole number",
    "float": "a number",
    "str": "text",
    "bool": "true or false",
    "list": "a list",
    "dict": "a mapping of names to values",
}


def _expected(annotation: Any) -> str:
    """What a value of ``annotation`` looks like, in words."""
    words: list[str] = []
    for alt in _unwrap(annotation):
        model = alt if isinstance(alt, type) and issubclass(alt, BaseModel) else None
        origin = get_origin(alt)
        if model is not None:
            words.append("a mapping with the fields " + ", ".join(field_names(model)))
        elif origin is Literal:
            words.append("one of " + one_of([str(a) for a in get_args(alt)]))
        elif origin in (list, tuple, set):
            inner = get_args(alt)
            words.append("a list" + (f" of {_plural(inner[0])}" if inner else ""))
        elif origin is dict:
            words.append("a mapping of names to values")
        elif isinstance(alt, type) and alt.__name__ in _KINDS:
            words.append(_KINDS[alt.__name__])
    return " or ".join(dict.fromkeys(words)) or "a different value"


def _plural(annotation: Any) -> str:
    alts = _unwrap(annotation)
    if len(alts) == 1:
        alt = alts[0]
        if isinstance(alt, type) and issubclass(alt, BaseModel):
            return "mappings (fields " + ", ".join(field_names(alt)) + ")"
        if get_origin(alt) is Literal:
            return "values from " + one_of([str(a) for a in get_args(alt)])
        if isinstance(alt, type) and alt.__name__ in _KINDS:
            return {
                "int": "whole numbers",
                "float": "numbers",
                "str": "texts",
                "bool": "true/false values",
            }.get(alt.__name__, _KINDS[alt.__name__])
    return "values"


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {text!r}"
    return repr(value)


def _unquote(value: Any, kind: str) -> str:
    """A hint for a number or true/false written in quotes (so read as text)."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    if kind.startswith("bool_") and text.lower() in ("true", "false"):
        return f"; write {text.lower()} without quotes"
    try:
        float(text)
    except ValueError:
        return ""
    return f"; write {text} without quotes" if kind.startswith(("int_", "float_")) else ""


def _unknown_field(root: type[BaseModel], loc: list[Any], value: object) -> str:
    """A field the model does not have: a value split by an unquoted comma, or a misspelling."""
    comma = _unquoted_comma(loc[-1], value)
    if comma:
        return comma
    model = _model_in(annotation_at(root, loc[:-1])[0])
    allowed = field_names(model) if model else []
    hint = did_you_mean(loc[-1], allowed)
    listed = f"; allowed here: {', '.join(allowed)}" if allowed else ""
    return f"unknown field {loc[-1]!r}" + (hint or listed)


def _unquoted_comma(key: object, value: object) -> str:
    """`{dose: 1 g, up to three times a day}`: the comma ended the value and the rest was read as a
    field of its own (with no value); the fix is in the value before it, not in this "field"."""
    if value is not None or " " not in str(key).strip():
        return ""
    return (
        f"the words {str(key)!r} were read as a field name because a comma inside {{...}} "
        f"ends a value: put the whole value before them, comma included, in quotes (\"..., {key}\")"
    )


def plain_message(error: dict[str, Any], root: type[BaseModel], loc: Sequence[Any] | None = None) -> str:
    """One pydantic error as a plain sentence (without the field path), with a suggestion.

    ``root`` is the model the location starts from; ``loc`` overrides the error's own location
    (e.g. with a union tag removed).
    """
    loc = list(error["loc"] if loc is None else loc)
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    annotation, _ = annotation_at(root, loc)
    if kind == "extra_forbidden":
        return _unknown_field(root, loc, value)
    if kind == "missing":
        holder = _model_in(annotation_at(root, loc[:-1])[0])
        info = _field(holder, str(loc[-1])) if holder is not None else None
        about = f": {info.description.rstrip('.')}" if info is not None and info.description else ""
        return f"required field {loc[-1]!r} is missing; add it ({_expected(annotation)}{about})"
    if kind.startswith("literal_error") or kind == "enum":
        options = literal_options(annotation) or [
            str(o).strip("'") for o in str(ctx.get("expected", "")).split(",")
        ]
        shown = repr(value) if isinstance(value, str | int | float) else _shown(value)
        return f"{shown} is not allowed here; use {one_of(options)}{did_you_mean(value, options)}"
    if kind in ("model_type", "model_attributes_type", "dict_type", "mapping_type", "dataclass_type"):
        return f"should be {_expected(annotation)}, not {_shown(value)}"
    if kind in ("list_type", "tuple_type", "set_type", "iterable_type"):
        return f"should be {_expected(annotation)}, not {_shown(value)}"
    if kind.startswith(("int_", "float_", "string_type", "bool_", "decimal_")) and kind not in (
        "int_from_float",
    ):
        return f"should be {_expected(annotation)}, not {_shown(value)}{_unquote(value, kind)}"
    if kind == "int_from_float":
        return f"should be a whole number, not {_shown(value)}"
    bounds = {
        "greater_than": "more than {gt}",
        "greater_than_equal": "at least {ge}",
        "less_than": "less than {lt}",
        "less_than_equal": "at most {le}",
    }
    if kind in bounds:
        nums = {k: (f"{v:g}" if isinstance(v, int | float) else v) for k, v in ctx.items()}
        return f"should be {bounds[kind].format(**nums)}, not {_shown(value)}"
    if kind in ("too_short", "string_too_short"):
        least = ctx.get("min_length", 1)
        if kind == "string_too_short":
            return "should not be empty" if least == 1 else f"should be at least {least} characters long"
        return f"should have at least {least} {'entry' if least == 1 else 'entries'}"
    if kind in ("too_long", "string_too_long"):
        most = ctx.get("max_length")
        unit = "characters" if kind == "string_too_long" else "entries"
        return f"is too long: at most {most} {unit}"
    if kind == "string_pattern_mismatch":
        return (
            f"{_shown(value)} is not a valid id: use lower-case letters, digits, '-' and '_', "
            "starting with a letter"
        )
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tags = [t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",") if t.strip()]
        found = ctx.get("tag")
        return f"needs a '{ctx.get('discriminator', 'type').strip(chr(39))}' of {one_of(tags)}" + (
            did_you_mean(found, tags) if found else ""
        )
    message = str(error.get("msg", "is not valid"))
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if message.startswith("Input should be"):
        return f"should be {_expected(annotation)}, not {_shown(value)}"
    return message
