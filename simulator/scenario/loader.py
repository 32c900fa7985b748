"""Load a scenario file: safe YAML, model validation, then cross-checks, all with positions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from simulator.errors import Problem, ProblemsError
from simulator.scenario.checks import check_scenario
from simulator.scenario.models import Scenario
from simulator.scenario.yamlio import Document, read_yaml_file, read_yaml_text


def load_scenario(path: str | Path, seed: int | None = None) -> Scenario:
    """Read, validate and cross-check a scenario file; raise :class:`ProblemsError`.
    ``seed`` picks the variant of a case with ``variants:`` (None: the first option of each)."""
    with load_failures(str(path)):
        return scenario_from_document(read_yaml_file(path), seed)


def load_scenario_text(text: str, file: str = "<text>", seed: int | None = None) -> Scenario:
    """As :func:`load_scenario`, from text already in memory (used by the editor preview)."""
    with load_failures(file):
        return scenario_from_document(read_yaml_text(text, file), seed)


@contextmanager
def load_failures(file: str) -> Iterator[None]:
    """Every way loading can fail becomes a :class:`ProblemsError` (the one error every opener shows).

    The limits (file size, nodes, depth, filled placeholders) stop hostile files early with a
    positioned problem; this is the last line behind them: a file that still exhausts memory or
    nesting, or cannot be read, is a problem at ``file:1:1``, never a traceback.
    """
    try:
        yield
    except ProblemsError:
        raise
    except MemoryError:
        raise ProblemsError(
            [Problem(file, 1, 1, "the file needs more memory to open than is available")]
        ) from None
    except RecursionError:
        raise ProblemsError([Problem(file, 1, 1, "the file is nested too deeply")]) from None
    except OSError as exc:
        raise ProblemsError(
            [Problem(file, 1, 1, f"the file cannot be read: {exc.strerror or exc}")]
        ) from None
    except (ValueError, TypeError) as exc:  # UnicodeDecodeError and anything a check did not foresee
        raise ProblemsError(
            [Problem(file, 1, 1, f"the file cannot be used ({type(exc).__name__})")]
        ) from None


def scenario_from_document(doc: Document, seed: int | None = None) -> Scenario:
    """Validate a parsed document against the models and the cross-checks."""
    if not isinstance(doc.data, dict):
        raise ProblemsError([doc.problem((), "a scenario file must be a mapping of keys to values")])
    from simulator.scenario.variants import resolve  # variants: overlays and {placeholders}

    doc, variant = resolve(doc, seed)
    scenario = _validated(doc)
    if variant is not None:
        from dataclasses import replace

        from simulator.scenario.fingerprint import model_hash

        scenario._variant = replace(variant, model_hash=model_hash(scenario))
    return scenario


def _validated(doc: Document) -> Scenario:
    from simulator.scenario.formats import upgrade_data

    data = upgrade_data(doc.data, doc.file, doc.where(("format",)))  # older formats keep loading
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ProblemsError(validation_problems(doc, exc)) from None
    problems = check_scenario(scenario, doc)
    if problems:
        raise ProblemsError(problems)
    from simulator.scenario.urgent import add_urgent_visits

    return add_urgent_visits(scenario)  # the urgent visits a dangerous course brings (every case)


def validation_problems(doc: Document, exc: ValidationError, root: Any = None) -> list[Problem]:
    """Turn pydantic errors into positioned problems in plain words, one per distinct location.

    ``root`` is the model validated (default: :class:`Scenario`)."""
    from simulator.scenario.messages import plain_message

    model = Scenario if root is None else root
    seen: set[tuple[Any, ...]] = set()
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        loc = _clean_loc(error["loc"], doc.data)
        kind = error["type"]
        dotted = ".".join(str(p) for p in loc) or "(top level)"
        message = plain_message(error, model, loc)
        if kind == "extra_forbidden":
            problem = doc.problem(loc, f"{dotted}: {message}", key=True)
        elif kind == "missing":
            problem = doc.problem(loc[:-1], f"{dotted}: {message}")
        else:
            problem = doc.problem(loc, f"{dotted}: {message}")
        key = (problem.line, problem.col, problem.message)
        if key not in seen:
            seen.add(key)
            problems.append(problem)
    return problems


def _clean_loc(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """Keep the parts of pydantic's ``loc`` that exist in the data (dropping union-branch
    markers such as ``str`` or ``list[str]``); a missing last key is kept for the message."""
    out: list[Any] = []
    current = data
    for n, part in enumerate(loc):
        if isinstance(current, dict) and part in current:
            current = current[part]
            out.append(part)
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            out.append(part)
        elif n == len(loc) - 1 and isinstance(current, dict) and isinstance(part, str):
            out.append(part)  # a required field that is missing
    return tuple(out)


def check_file(path: str) -> str:
    """Validate every variant of the scenario file at ``path`` (raises :class:`ProblemsError`);
    returns a line saying what was checked ("" for a file without variants)."""
    from simulator.scenario.variants import check_all, has_variants, without_variants

    doc = read_yaml_file(path)
    if not has_variants(doc):
        return ""
    count, every = check_all(doc, lambda d: scenario_from_document(without_variants(d)))
    if every:
        return f"{path}: all {count} variants valid (every combination)"
    return f"{path}: {count} variants valid (every option at least once, and a sample of the rest)"
