"""Scenarios of any size for the benchmarks: the bundled case with its follow-up replaced by a
chain of ``n`` visits (bench/load_scale.py, bench/explore.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = (ROOT / "scenarios" / "clbp-moderate-oud.yaml").read_text(encoding="utf-8")


def visit_chain(n: int, visit: Callable[[int], str], transition: Callable[[int, str], str]) -> str:
    """The bundled case's text with visits ``v0 .. v{n-1}`` after the plan, then the debrief.

    ``visit(i)`` is the flow-style state of visit ``i``; ``transition(i, dest)`` the flow-style
    transition from it to ``dest`` (the next visit, or ``debrief``).
    """
    head = BASE[: BASE.index("flow:\n")]
    rubric = BASE[BASE.index("rubric:\n") : BASE.index("  # course\n")]  # no visit decisions here
    tail = rubric + BASE[BASE.index("debrief:\n  expert_path") :]
    states = [
        "    - {name: chart, phase: chart}",
        "    - {name: interview, phase: interview}",
        "    - {name: assessment, phase: assessment}",
        "    - {name: plan, phase: plan}",
    ]
    transitions = [
        "    - {source: chart, dest: interview}",
        "    - {source: interview, dest: assessment}",
        "    - {source: assessment, dest: plan}",
        "    - {source: plan, dest: v0}",
    ]
    for i in range(n):
        states.append(f"    - {visit(i)}")
        transitions.append(f"    - {transition(i, f'v{i + 1}' if i + 1 < n else 'debrief')}")
    states.append("    - {name: debrief, phase: debrief}")
    flow = "flow:\n  initial: chart\n  states:\n" + "\n".join(states)
    return head + flow + "\n  transitions:\n" + "\n".join(transitions) + "\n" + tail
