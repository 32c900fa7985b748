"""Playthrough files: a scripted list of trainee actions, replayed headlessly.

The file format (``scenario``, optional ``seed``, ``expect`` and ``actions``) is described in
docs/REFERENCE.md ("Playthrough files"); :mod:`simulator.commands.expect` reads and checks ``expect:``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.engine.actions import ActionError
from simulator.engine.session import Session
from simulator.errors import Problem, ProblemsError
from simulator.scenario.models import Scenario
from simulator.scenario.yamlio import Document, read_yaml_file


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


def replay_actions(
    scenario: Scenario,
    actions: list[dict[str, Any]],
    doc: Document,
    base: tuple[Any, ...] = ("actions",),
) -> Session:
    """Replay ``actions`` read from ``doc`` on ``scenario`` (loaded with the playthrough's seed by
    the caller: the variant lives with the loaded case); an action that cannot apply is a
    positioned problem."""
    try:
        return Session.replay(scenario, actions)
    except ActionError as exc:
        index = exc.index or 0
        line, col = doc.where((*base, index))
        raise ProblemsError([Problem(doc.file, line, col, f"action {index + 1}: {exc.message}")]) from None


def replay_file_actions(scenario: Scenario, pt: Any) -> Session:
    """Replay a loaded :class:`simulator.commands.expect.Playthrough`."""
    base = ("actions",) if isinstance(pt.doc.data, dict) else ()
    return replay_actions(scenario, pt.actions, pt.doc, base)


def play(scenario: Scenario, path: str | Path) -> Session:
    """Replay the playthrough at ``path``; an action that cannot apply is a positioned problem."""
    actions, (doc, base) = load_actions(path)
    return replay_actions(scenario, actions, doc, base)


@dataclass(frozen=True)
class Line:
    """One line of a transcript: a step heading, a visit's narrative, or a turn."""

    kind: str  # "heading" | "narrative" | "trainee" | "patient" | "decision"
    text: str
    step: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "step": self.step, "text": self.text}


def transcript(scenario: Scenario, actions: list[dict[str, Any]]) -> list[Line]:
    """The conversation of a replayed log, in order, with a heading at every step entered and
    each follow-up visit's narrative (what the trainee reads there) and the patient's words."""
    session = Session(scenario)
    lines: list[Line] = []
    seen_turns = 0
    entered = 0

    def new_steps() -> None:
        nonlocal entered
        for name in session.data.visited[entered:]:
            state = scenario.state(name)
            title = session.visits.title(state)
            if state.phase == "visit" and not session.visits.enabled and state.week is not None:
                title = f"Week {state.week} - {title}"  # the week, shown under the title in the app
            lines.append(Line("heading", title, name))
            if state.phase == "visit":
                narrative, says = session.visits.narrative(state, session.context())
                if narrative:
                    lines.append(Line("narrative", narrative, name))
                if says:
                    lines.append(Line("patient", says, name))
        entered = len(session.data.visited)

    new_steps()
    for action in actions:
        state = session.state
        before = session.context()
        session.apply(action)
        if action.get("type") == "decide" and state.decision is not None:
            page = session.visits.page(state, before)
            chosen = next(c for c in page.choices if c.id == action.get("choice"))
            lines.append(Line("decision", f"{state.decision.prompt} {chosen.text}", state.name))
        for entry in session.data.transcript[seen_turns:]:
            if entry.speaker in ("trainee", "patient") and entry.text:
                lines.append(Line(entry.speaker, entry.text, session.state.name))
        seen_turns = len(session.data.transcript)
        new_steps()
    return lines


def transcript_text(lines: list[Line]) -> str:
    """Plain text: headings underlined, then ``Trainee:`` / ``Patient:`` turns."""
    out: list[str] = []
    for line in lines:
        if line.kind == "heading":
            out += ["", line.text, "-" * len(line.text)]
        elif line.kind == "narrative":
            out.append(line.text)
        elif line.kind == "decision":
            out.append(f"Decision: {line.text}")
        else:
            out.append(f"{'Trainee' if line.kind == 'trainee' else 'Patient'}: {line.text}")
    return "\n".join(out).lstrip("\n") + "\n"
