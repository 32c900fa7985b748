"""`explore` grows with the number of distinct states, not with the number of paths (issue 13).

Generates the bundled case with its follow-up replaced by a chain of ``n`` visits, each with a
decision of three choices that all lead on to the next visit: 3**n paths through n*3 states.
Times the walk over visit choices of :mod:`simulator.scoring.flow_explore` (one play per distinct
state signature) against a naive walk that replays every path from the plan step, and prints both,
the path and state counts, and the ratio. The naive walk is run only while it stays short (a few
hundred paths); the plan sweep that `explore` runs first is the same for both and left out.

    python bench/explore.py

Measured on 2026-12-01 (2 shared cores, other sessions running):

    visits    paths  states  explore s   naive s  naive/explore
         2        9       6       0.65      0.78            1.2
         4       81      10       0.88      7.46            8.5
         5      243      12       0.84     18.63           22.2
        12   531441      26       2.59
        24 282429536481   50       7.12

The naive walk's time grows with the paths (x3 per visit); explore's with the states, times the
replay of each from the start (states x depth: doubling the visits from 12 to 24 took 2.7x).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generated import visit_chain  # noqa: E402  (bench/, the script's own folder)

from simulator.engine.playthrough import load_actions  # noqa: E402
from simulator.engine.session import Session  # noqa: E402
from simulator.scenario.loader import load_scenario_text  # noqa: E402
from simulator.scoring.flow_explore import FlowReport, StateWalker  # noqa: E402

EXPERT = ROOT / "scenarios" / "playthroughs" / "clbp-moderate-oud.expert.yaml"
CHOICES = 3


def generated(n: int) -> str:
    """The bundled scenario with its follow-up replaced by ``n`` visits of three choices each."""
    choices = ", ".join(f"{{id: c{j}, text: Choice {j}}}" for j in range(CHOICES))
    return visit_chain(
        n,
        lambda i: f"{{name: v{i}, phase: visit, week: {i + 1}, narrative: 'Visit {i}.', "
        f"decision: {{prompt: 'What now?', choices: [{choices}]}}}}",
        lambda i, dest: f"{{source: v{i}, dest: {dest}}}",
    )


def naive_paths(scenario, actions: list[dict]) -> int:
    """Replay every path to the end (what explore did before states were deduplicated)."""
    session = Session.replay(scenario, actions)
    while not session.finished:
        state = session.state
        if state.decision and state.name not in session.data.decisions:
            return sum(
                naive_paths(scenario, [*actions, {"type": "decide", "choice": c.id}])
                for c in state.decision.choices
            )
        session.apply({"type": "advance"})
        actions = [*actions, {"type": "advance"}]
    session.context()
    return 1


def main() -> None:
    log = load_actions(EXPERT)[0]
    prefix = log[: next(i for i, a in enumerate(log) if a.get("type") == "plan") + 1]
    print(
        f"{'visits':>6} {'paths':>8} {'states':>7} {'explore s':>10} {'naive s':>9} {'naive/explore':>14}"
    )
    for n in (2, 4, 5, 12, 24):
        scenario = load_scenario_text(generated(n), f"gen-{n}.yaml")
        report = FlowReport(scenario.id, [s.name for s in scenario.flow.states])
        t0 = time.perf_counter()
        walker = StateWalker(scenario, report)
        report.paths = walker.paths_from([dict(a) for a in prefix])
        fast = time.perf_counter() - t0
        report.signatures = len(walker.seen)
        naive = ""
        ratio = ""
        if CHOICES**n <= 300:
            t0 = time.perf_counter()
            paths = naive_paths(scenario, [dict(a) for a in prefix])
            slow = time.perf_counter() - t0
            assert paths == report.paths
            naive, ratio = f"{slow:>9.2f}", f"{slow / fast:>14.1f}"
        print(f"{n:>6} {report.paths:>8} {report.signatures:>7} {fast:>10.2f} {naive:>9} {ratio:>14}")


if __name__ == "__main__":
    main()
