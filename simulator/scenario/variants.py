"""Case variants for retries: one file, several patients, chosen by a seed.

A scenario file may declare ``variants:``, a list of axes. Each axis has an ``id``, an optional
``label`` and two or more ``options``; each option has an ``id``, a ``label`` (how the debrief
and the records name it, e.g. "Ruth Alvarez, 63"), an ``overlay`` (a part of the case it
replaces) and ``values`` (words filled into ``{name}`` placeholders in the case's text).

Resolution happens on the raw YAML data, before model validation, so each variant is validated
like a normal file and every error keeps a ``file:line:col`` (in the overlay when the value
came from it):

* a seed (an int) picks one option per axis with ``random.Random(seed)`` (the same choice on
  every machine and run); no seed picks the first option of every axis (the file as written);
* overlays are merged in axis order: maps are merged key by key, anything else (lists, text,
  numbers) is replaced; a key the case does not have (and its model does not allow) is an error
  with the nearest valid key;
* then every ``{name}`` in the case's text is filled from the chosen options' values
  (``{They}`` gives the value with a capital first letter). A placeholder that no option
  fills, and that the engine does not fill at run time, is an error, so the trainee never
  sees a raw ``{name}``.

``validate`` checks every combination (:func:`check_all`), or, when there are more than
:data:`MAX_COMBINATIONS`, every option at least once plus a fixed sample, and says which.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import random
import re
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any

from simulator.errors import Problem, ProblemsError
from simulator.scenario.yamlio import Document, PathKey

MAX_COMBINATIONS = 64
"""``validate`` checks every combination up to this many; beyond it, a covering sample."""

MAX_FILLED_TEXT = 20_000
"""A text with its placeholders filled is at most this many characters (the longest bundled text
has about 700). Checked before filling, so a few bytes of ``{name}`` cannot become megabytes."""

MAX_FILLED_TOTAL = 4_000_000
"""All of one variant's text, filled, is at most this many characters (twice the largest file)."""

SEED_LIMIT = 2**31
"""Seeds are whole numbers from 0 to 2**31 - 1 (small enough for SQLite and JSON)."""

#: Placeholders the engine fills at run time (course narratives, asking back): left alone here.
RUNTIME_PLACEHOLDERS = frozenset(
    {"day", "week", "cows", "mme", "pain", "missed", "use_day", "refill_day", "options"}
)

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SLUG = re.compile(r"^[a-z][a-z0-9_-]*$")
_VALUE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Choice:
    """One axis and the option a seed picked for it."""

    axis: str
    axis_label: str
    option: str
    option_label: str


@dataclass(frozen=True)
class Variant:
    """Which variant a loaded scenario is: its seed, the options picked, and the file's hash."""

    seed: int | None
    choices: tuple[Choice, ...]
    file_hash: str
    model_hash: str = ""
    """Hash of the validated variant as loaded: a copy changed in memory no longer matches it."""

    def describe(self) -> str:
        """The variant in plain words, e.g. "Patient: Ruth Alvarez, 63; Dose: morphine 30 mg a day"."""
        return "; ".join(
            f"{c.axis_label}: {c.option_label}" if c.axis_label else c.option_label for c in self.choices
        )


def variant_json(variant: Variant | None) -> dict[str, Any] | None:
    """A variant as plain JSON (the scenario cache keeps it with the model)."""
    if variant is None:
        return None
    return {
        "seed": variant.seed,
        "choices": [[c.axis, c.axis_label, c.option, c.option_label] for c in variant.choices],
        "file_hash": variant.file_hash,
        "model_hash": variant.model_hash,
    }


def variant_from_json(data: Any) -> Variant | None:
    """The inverse of :func:`variant_json`; None for anything that is not one."""
    try:
        seed = data["seed"]
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            return None
        choices = tuple(Choice(*(str(x) for x in c)) for c in data["choices"] if len(c) == 4)
        return Variant(seed, choices, str(data["file_hash"]), str(data["model_hash"]))
    except (KeyError, TypeError, ValueError):
        return None


@dataclass
class ResolvedDocument(Document):
    """A variant's document: positions inside a text whose placeholders were filled are mapped
    back to the file (``shifts``: per path, (start in the text, start in the file, length in
    the text, length in the file) of each filled placeholder)."""

    shifts: dict[PathKey, list[tuple[int, int, int, int]]] = field(default_factory=dict)

    def position_in_value(self, path: PathKey, offset: int) -> tuple[int, int]:
        moved = offset
        for start, original, new_len, old_len in self.shifts.get(tuple(path), ()):
            if offset >= start + new_len:
                moved += old_len - new_len
            elif offset >= start:
                moved = original + (offset - start if offset - start < old_len else 0)
                break
        return super().position_in_value(path, moved)


def fresh_seed() -> int:
    """A new random seed (from the operating system), for a session that did not ask for one."""
    return random.SystemRandom().randrange(SEED_LIMIT)


def pick(counts: list[int], seed: int | None) -> list[int]:
    """The option index per axis for ``seed`` (``counts`` = options per axis); None = all first."""
    if seed is None:
        return [0] * len(counts)
    rng = random.Random(int(seed))
    return [rng.randrange(n) if n > 0 else 0 for n in counts]


def has_variants(doc: Document) -> bool:
    """True if the document declares a non-empty ``variants:`` list."""
    return isinstance(doc.data, dict) and bool(doc.data.get("variants"))


def file_hash(data: Any) -> str:
    """SHA-256 of a file's data (not its layout or comments), the same for every seed."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(("variants:" + text).encode("utf-8")).hexdigest()


def resolve(doc: Document, seed: int | None = None) -> tuple[Document, Variant | None]:
    """The document of the variant ``seed`` picks, and which variant it is.

    A document without ``variants:`` is returned as it is (and None). Raises
    :class:`ProblemsError` for a malformed variants block, an overlay key the case lacks or a
    placeholder no option fills.
    """
    if not has_variants(doc):
        return doc, None
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < SEED_LIMIT
    ):
        raise ProblemsError(
            [doc.problem(("variants",), f"a seed is a whole number from 0 to {SEED_LIMIT - 1}")]
        )
    axes = _axes(doc)
    indexes = pick([len(options) for _, _, options in axes], seed)
    return _build(doc, axes, indexes, seed)


def combinations(doc: Document) -> tuple[list[list[int]], bool]:
    """The option indexes ``validate`` checks, and whether that is every combination."""
    axes = _axes(doc)
    counts = [len(options) for _, _, options in axes]
    total = 1
    for n in counts:
        total *= n
    if total <= MAX_COMBINATIONS:
        return [list(c) for c in itertools.product(*(range(n) for n in counts))], True
    widest = max(counts)
    chosen = [[k % n for n in counts] for k in range(widest)]  # every option at least once
    for seed in range(MAX_COMBINATIONS - widest):
        combo = pick(counts, seed)
        if combo not in chosen:
            chosen.append(combo)
    return chosen, False


def check_all(doc: Document, validate: Any) -> tuple[int, bool]:
    """Validate every variant of ``doc`` with ``validate(document)`` (which raises
    :class:`ProblemsError`); returns (variants checked, every combination?). A problem found
    only in some variants says which."""
    axes = _axes(doc)
    combos, every = combinations(doc)
    problems: list[Problem] = []
    seen: set[tuple[int, int, str]] = set()
    for combo in combos:
        try:
            variant_doc, variant = _build(doc, axes, combo, None)
            validate(variant_doc)
        except ProblemsError as exc:
            names = ", ".join(
                f"{a}: {options[i][1].get('id', i + 1)}"
                for (a, _, options), i in zip(axes, combo, strict=True)
            )
            for p in exc.problems:
                key = (p.line, p.col, p.message)
                if key in seen:
                    continue
                seen.add(key)
                suffix = "" if not any(combo) else f" (in the variant {names})"
                problems.append(Problem(p.file, p.line, p.col, p.message + suffix, p.severity))
    if problems:
        raise ProblemsError(problems)
    return len(combos), every


def without_variants(doc: Document) -> Document:
    """An already resolved document, loaded as a plain case (its ``variants`` left for the model)."""
    data = {k: v for k, v in doc.data.items() if k != "variants"}
    shifts = doc.shifts if isinstance(doc, ResolvedDocument) else {}
    return ResolvedDocument(
        doc.file, data, doc.positions, doc.key_positions, doc.quoted, doc.spans, doc.lines, shifts
    )


# ---------------------------------------------------------------------- the variants block


def _axes(doc: Document) -> list[tuple[str, str, list[tuple[int, dict[str, Any]]]]]:
    """(axis id, axis label, [(index, option map)]) for each axis; raises on a malformed block."""
    raw = doc.data.get("variants")
    where: PathKey = ("variants",)
    problems: list[Problem] = []
    if not isinstance(raw, list):
        raise ProblemsError([doc.problem(where, "variants: a list of axes, each with an id and options")])
    axes = []
    axis_ids: set[str] = set()
    for i, axis in enumerate(raw):
        path = (*where, i)
        if not isinstance(axis, dict):
            problems.append(doc.problem(path, "each variant axis is a map with an id and options"))
            continue
        axis_id = axis.get("id")
        if not isinstance(axis_id, str) or not _SLUG.match(axis_id):
            problems.append(
                doc.problem((*path, "id"), "a variant axis needs an id in lower case, e.g. 'patient'")
            )
        elif axis_id in axis_ids:
            problems.append(doc.problem((*path, "id"), f"the variant axis id {axis_id!r} is used twice"))
        else:
            axis_ids.add(axis_id)
        options = axis.get("options")
        if not isinstance(options, list) or len(options) < 2:
            problems.append(
                doc.problem((*path, "options"), "a variant axis needs a list of two or more options")
            )
            continue
        option_ids: set[str] = set()
        names: dict[str, int] = {}
        for j, option in enumerate(options):
            opath = (*path, "options", j)
            if not isinstance(option, dict):
                problems.append(
                    doc.problem(opath, "each option is a map with an id, a label, overlay and values")
                )
                continue
            oid = option.get("id")
            if not isinstance(oid, str) or not _SLUG.match(oid):
                problems.append(
                    doc.problem((*opath, "id"), "an option needs an id in lower case, e.g. 'ruth'")
                )
            elif oid in option_ids:
                problems.append(
                    doc.problem((*opath, "id"), f"the option id {oid!r} is used twice in this axis")
                )
            else:
                option_ids.add(oid)
            overlay = option.get("overlay", {})
            if not isinstance(overlay, dict):
                problems.append(
                    doc.problem((*opath, "overlay"), "overlay: a map of the parts of the case to replace")
                )
            elif "variants" in overlay or "id" in overlay or "format" in overlay:
                bad = next(k for k in ("variants", "id", "format") if k in overlay)
                problems.append(
                    doc.problem((*opath, "overlay", bad), f"an overlay cannot change {bad!r}", key=True)
                )
            values = option.get("values", {})
            if not isinstance(values, dict):
                problems.append(
                    doc.problem((*opath, "values"), "values: a map of placeholder names to words")
                )
                continue
            for name, value in values.items():
                if not _VALUE_NAME.match(name):
                    problems.append(
                        doc.problem(
                            (*opath, "values", name),
                            f"a value name is lower case, e.g. 'first_name', not {name!r}",
                            key=True,
                        )
                    )
                elif name in RUNTIME_PLACEHOLDERS:
                    problems.append(
                        doc.problem(
                            (*opath, "values", name),
                            f"{{{name}}} is filled by the simulator; choose another name",
                            key=True,
                        )
                    )
                elif isinstance(value, bool) or not isinstance(value, (str, int, float)):
                    problems.append(
                        doc.problem(
                            (*opath, "values", name), f"the value of {name!r} must be text or a number"
                        )
                    )
                names.setdefault(name, j)
        for j, option in enumerate(options):
            if not isinstance(option, dict) or not isinstance(option.get("values", {}), dict):
                continue
            for name, first in names.items():
                if name not in option.get("values", {}):
                    problems.append(
                        doc.problem(
                            (*path, "options", j, "values") if "values" in option else (*path, "options", j),
                            f"this option does not give the value {name!r} (option "
                            f"{first + 1} of this axis does); every option of an axis gives the same values",
                        )
                    )
        axes.append((str(axis_id), str(axis.get("label", "") or ""), list(enumerate(options))))
    if problems:
        raise ProblemsError(problems)
    return axes


# ---------------------------------------------------------------------- building one variant


def _build(
    doc: Document,
    axes: list[tuple[str, str, list[tuple[int, dict[str, Any]]]]],
    indexes: list[int],
    seed: int | None,
) -> tuple[Document, Variant]:
    out = ResolvedDocument(
        file=doc.file,
        data=copy.deepcopy(doc.data),
        positions=dict(doc.positions),
        key_positions=dict(doc.key_positions),
        quoted=set(doc.quoted),
        spans=dict(doc.spans),
        lines=doc.lines,
    )
    problems: list[Problem] = []
    values: dict[str, str] = {}
    choices = []
    for a, ((axis_id, axis_label, options), index) in enumerate(zip(axes, indexes, strict=True)):
        j, option = options[index]
        source: PathKey = ("variants", a, "options", j, "overlay")
        overlay = option.get("overlay", {}) or {}
        _merge(doc, out, out.data, overlay, (), source, problems)
        for name, value in (option.get("values") or {}).items():
            values[name] = str(value)
        label = str(option.get("label") or option.get("id"))
        if _filled_length(label, values) > MAX_FILLED_TEXT:
            problems.append(
                doc.problem(
                    (*source[:-1], "label"),
                    f"this label is too long once filled (at most {MAX_FILLED_TEXT:,} characters)",
                )
            )
            label = label[:80]
        choices.append(Choice(axis_id, axis_label, str(option.get("id")), _fill(label, values)))
    if problems:
        raise ProblemsError(problems)
    _check_growth(out, values, problems)
    if problems:
        raise ProblemsError(problems)
    for key in list(out.data):
        if key != "variants":
            out.data[key] = _fill_all(out, out.data[key], (key,), values, problems)
    if problems:
        raise ProblemsError(problems)
    variant = Variant(seed, tuple(choices), file_hash(doc.data))
    return out, variant


def _merge(
    src: Document,
    out: Document,
    base: dict[str, Any],
    overlay: dict[str, Any],
    path: PathKey,
    source: PathKey,
    problems: list[Problem],
) -> None:
    """Merge ``overlay`` (at ``source`` in the file) into ``base`` (at ``path``), moving positions."""
    for key, value in overlay.items():
        target, origin = (*path, key), (*source, key)
        if key not in base:
            allowed = _fields_at(target[:-1])
            if allowed is None or key not in allowed:
                known = sorted(set(base) | (allowed or set()))
                close = get_close_matches(key, known, n=1)
                where = ".".join(str(p) for p in target)
                hint = (
                    f"; did you mean {close[0]!r}?"
                    if close
                    else (f"; it has {', '.join(known[:8])}" if known else "")
                )
                problems.append(
                    src.problem(
                        origin, f"the overlay sets {where}, which the case does not have{hint}", key=True
                    )
                )
                continue
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(src, out, base[key], value, target, origin, problems)
            continue
        base[key] = copy.deepcopy(value)
        _move(src, out, origin, target)


def _move(src: Document, out: Document, origin: PathKey, target: PathKey) -> None:
    """Point the positions under ``target`` at the overlay's text under ``origin``."""
    n = len(target)
    for table in (out.positions, out.spans):
        for p in [p for p in table if p[:n] == target]:
            del table[p]
    for p in [p for p in out.key_positions if p[:n] == target and len(p) > n]:
        del out.key_positions[p]
    out.quoted = {p for p in out.quoted if p[:n] != target}
    m = len(origin)
    for p, pos in src.positions.items():
        if p[:m] == origin:
            out.positions[(*target, *p[m:])] = pos
    for p, span in src.spans.items():
        if p[:m] == origin:
            out.spans[(*target, *p[m:])] = span
    for p, pos in src.key_positions.items():
        if p[:m] == origin:
            out.key_positions[(*target, *p[m:])] = pos
    out.quoted |= {(*target, *p[m:]) for p in src.quoted if p[:m] == origin}


def _value_for(name: str, values: dict[str, str]) -> str | None:
    if name in values:
        return values[name]
    lower = name[:1].lower() + name[1:]
    return values.get(lower) if name[:1].isupper() else None


def _filled_length(text: str, values: dict[str, str]) -> int:
    """How long ``text`` will be once its placeholders are filled (without filling it)."""
    if "{" not in text:
        return len(text)
    n = len(text)
    for m in _PLACEHOLDER.finditer(text):
        value = _value_for(m.group(1), values)
        if value is not None:
            n += len(value) - len(m.group(0))
    return n


def _check_growth(doc: Document, values: dict[str, str], problems: list[Problem]) -> None:
    """Refuse (with the text's file:line:col) a variant whose filled text would be too large."""
    total = 0
    stack: list[tuple[Any, PathKey]] = [(v, (k,)) for k, v in doc.data.items() if k != "variants"]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            stack.extend((v, (*path, k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(value))
        elif isinstance(value, str):
            n = _filled_length(value, values)
            total += n
            if n > MAX_FILLED_TEXT and n > len(value) or total > MAX_FILLED_TOTAL:
                first = _PLACEHOLDER.search(value)
                line, col = doc.position_in_value(path, first.start() if first else 0)
                what = (
                    f"this text would be {n:,} characters long once its placeholders are filled "
                    f"(at most {MAX_FILLED_TEXT:,})"
                    if n > MAX_FILLED_TEXT
                    else f"the case's text would grow past {MAX_FILLED_TOTAL:,} characters once its "
                    "placeholders are filled"
                )
                problems.append(
                    Problem(doc.file, line, col, f"{what}: use shorter values or fewer placeholders")
                )
                return


def _fill_all(
    doc: Document, value: Any, path: PathKey, values: dict[str, str], problems: list[Problem]
) -> Any:
    if isinstance(value, str):
        filled = _fill(value, values, doc, path, problems)
        if filled != value and isinstance(doc, ResolvedDocument):
            doc.shifts[path] = _shifts(value, values)
        return filled
    if isinstance(value, list):
        return [_fill_all(doc, v, (*path, i), values, problems) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: _fill_all(doc, v, (*path, k), values, problems) for k, v in value.items()}
    return value


def _shifts(text: str, values: dict[str, str]) -> list[tuple[int, int, int, int]]:
    out = []
    moved = 0
    for m in _PLACEHOLDER.finditer(text):
        new = _fill(m.group(0), values)
        if new != m.group(0):
            out.append((m.start() + moved, m.start(), len(new), len(m.group(0))))
            moved += len(new) - len(m.group(0))
    return out


def _fill(
    text: str,
    values: dict[str, str],
    doc: Document | None = None,
    path: PathKey = (),
    problems: list[Problem] | None = None,
) -> str:
    if "{" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in values:
            return values[name]
        lower = name[:1].lower() + name[1:]
        if name[:1].isupper() and lower in values:
            word = values[lower]
            return word[:1].upper() + word[1:]
        if name in RUNTIME_PLACEHOLDERS:
            return m.group(0)
        if doc is not None and problems is not None:
            line, col = doc.position_in_value(path, m.start())
            names = sorted(values) + sorted(RUNTIME_PLACEHOLDERS)
            close = get_close_matches(lower, names, n=1)
            hint = f"; did you mean {{{close[0]}}}?" if close else ""
            problems.append(
                Problem(
                    doc.file,
                    line,
                    col,
                    f"unknown placeholder {{{name}}}: no variant gives a value called {lower!r}{hint} "
                    f"(the variants give {', '.join('{' + v + '}' for v in sorted(values)) or 'no values'})",
                )
            )
        return m.group(0)

    return _PLACEHOLDER.sub(one, text)


def _fields_at(path: PathKey) -> set[str] | None:
    """Field names the models allow in the map at ``path`` (None if it is not a model's map)."""
    from typing import get_args, get_origin

    from simulator.scenario.models import Scenario

    model: Any = Scenario
    for part in path:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", None)
        if fields is None:
            annotation = model
            if get_origin(annotation) is dict:
                model = get_args(annotation)[1]
                model = _unwrap(model)
                continue
            return None
        field = fields.get(part)
        if field is None:
            return None
        model = _unwrap(field.annotation)
    if hasattr(model, "model_fields"):
        return set(model.model_fields) | {f.alias for f in model.model_fields.values() if f.alias}
    return None


def _unwrap(annotation: Any) -> Any:
    """The model (or dict type) inside ``X | None`` or ``list[X]``."""
    from typing import get_args, get_origin

    if hasattr(annotation, "model_fields") or get_origin(annotation) is dict:
        return annotation
    for arg in get_args(annotation):
        found = _unwrap(arg)
        if found is not None and (hasattr(found, "model_fields") or get_origin(found) is dict):
            return found
    return annotation
