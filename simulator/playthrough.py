"""Playthrough files: a scripted list of trainee actions, replayed headlessly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulator.engine.actions import ActionError
from simulator.engine.session import Session
from simulator.errors import Problem, ProblemsError
from simulator.scenario.models import Scenario
from simulator.scenario.yamlio import read_yaml_file


def load_actions(path: str | Path) -> tuple[list[dict[str, Any]], Any]:
    """Read a playthrough file (YAML or JSON): a list of actions, or ``{actions: [...]}``."""
    doc = read_yaml_file(path)
    data, base = doc.data, ()
    if isinstance(data, dict) and "actions" in data:
        data, base = data["actions"], ("actions",)
    if not isinstance(data, list):
        raise ProblemsError([doc.problem((), "a playthrough is a list of actions (or 'actions: [...]')")])
    return data, (doc, base)


def playthrough_seed(path: str | Path) -> int | None:
    """The playthrough's ``seed:`` (which variant of the case it plays), or None if it has none."""
    doc = read_yaml_file(path)
    seed = doc.data.get("seed") if isinstance(doc.data, dict) else None
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise ProblemsError([doc.problem(("seed",), f"seed: a whole number of 0 or more, not {seed!r}")])
    return seed


def play(scenario: Scenario, path: str | Path) -> Session:
    """Replay the playthrough at ``path``; an action that cannot apply is a positioned problem."""
    actions, (doc, base) = load_actions(path)
    try:
        return Session.replay(scenario, actions)
    except ActionError as exc:
        index = exc.index or 0
        line, col = doc.where((*base, index))
        raise ProblemsError([Problem(doc.file, line, col, f"action {index + 1}: {exc.message}")]) from None
