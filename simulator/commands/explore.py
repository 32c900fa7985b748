"""``python -m simulator explore SCENARIO [--plans] [--json]``: what a scenario allows.

``flow``: the flow as a graph read from the file (guards not evaluated). ``states``: the scenario
played from every playthrough's plan step with every distinct plan outcome and every
visit choice (:mod:`simulator.scoring.flow_explore`, each distinct state played once): states
reached and never reached, dead ends, rubric items never earned, and the lowest and highest
score. ``--plans`` adds the plan space swept in the expert's session
(:mod:`simulator.scoring.plan_sweep`). Exit 1 if a dead end or an unsafe plan at the expert's
score is found.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.errors import Problem, ProblemsError

if TYPE_CHECKING:  # the models (pydantic): not imported for every command's start
    from simulator.scenario.models import Scenario


def add_explore_parser(sub: Any) -> None:
    p = sub.add_parser("explore", help="the flow's states, dead ends and score range; --plans sweeps plans")
    p.add_argument("scenario", metavar="SCENARIO")
    p.add_argument("--plans", action="store_true", help="sweep every plan the plan form can produce")
    p.add_argument(
        "--expert", metavar="FILE", help="expert playthrough (default: playthroughs/<name>.expert.yaml)"
    )
    p.add_argument("--quick", action="store_true", help="with --plans: a quicker sweep of the same grid")
    p.add_argument("--json", action="store_true", help="print the report as JSON")


def flow_report(scenario: Scenario) -> dict[str, Any]:
    """States reachable from the start (guards not evaluated), unreachable ones and dead ends."""
    edges: dict[str, set[str]] = {s.name: set() for s in scenario.flow.states}
    for t in scenario.flow.transitions:
        sources = t.source if isinstance(t.source, list) else [t.source]
        if "*" in sources:
            sources = list(edges)
        for source in sources:
            edges.setdefault(source, set()).add(t.dest)
    seen, queue = {scenario.flow.initial}, deque([scenario.flow.initial])
    while queue:
        for nxt in sorted(edges.get(queue.popleft(), ())):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    order = [s.name for s in scenario.flow.states]
    phase = {s.name: s.phase for s in scenario.flow.states}
    return {
        "states": order,
        "reachable": [n for n in order if n in seen],
        "unreachable": [n for n in order if n not in seen],
        "dead_ends": [n for n in order if n in seen and not edges.get(n) and phase[n] != "debrief"],
        "score": {
            "min": 0,
            "max": scenario.max_score,
            "max_means": "every rubric item's points: the file's maximum, before `applies` is read",
        },
    }


def _playthrough(scenario_path: str, kind: str) -> Path:
    path = Path(scenario_path)
    return path.parent / "playthroughs" / f"{path.stem}.{kind}.yaml"


def _has_plan(actions: list[Any]) -> bool:
    return any(isinstance(a, dict) and a.get("type") == "plan" for a in actions)


def _expert_path(scenario_path: str, given: str | None) -> Path:
    return Path(given) if given else _playthrough(scenario_path, "expert")


def run_explore(args: argparse.Namespace) -> int:
    from simulator.engine.playthrough import load_actions, play
    from simulator.scenario.loader import load_scenario
    from simulator.scoring.flow_explore import explore_flow
    from simulator.scoring.plan_sweep import sweep

    scenario = load_scenario(args.scenario)
    report: dict[str, Any] = {"scenario": scenario.id, "flow": flow_report(scenario)}
    from simulator.commands.expect import playthroughs_of

    files = [_expert_path(args.scenario, args.expert)]
    files += [f for f in playthroughs_of(Path(args.scenario), scenario.id) if f not in files]
    logs = [log for log in (load_actions(f)[0] for f in files if f.is_file()) if _has_plan(log)]
    if logs:
        played = explore_flow(scenario, logs)
        report["states"] = played.to_json([item.id for item in scenario.rubric])
    if args.plans:
        expert_file = _expert_path(args.scenario, args.expert)
        if not expert_file.is_file():
            raise ProblemsError(
                [
                    Problem(
                        str(expert_file), 1, 1, "no expert playthrough to sweep plans in: give --expert FILE"
                    )
                ]
            )
        session = play(scenario, expert_file)
        if session.data.plan is None:
            raise ProblemsError([Problem(str(expert_file), 1, 1, "the expert playthrough records no plan")])
        quick = {"nonopioid_count": 5, "follow_up_days": (7, 90), "cycle_nonopioid": True}
        report["plans"] = sweep(session, **(quick if args.quick else {})).to_json()
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        print()
    else:
        _print_text(report)
    bad = report.get("plans", {})
    stuck = report.get("states", {}).get("dead_ends")
    return 1 if stuck or (bad and (bad["unsafe_at_expert_score"] or bad["plans_above_expert"])) else 0


def _print_text(report: dict[str, Any]) -> None:
    flow = report["flow"]
    print(f"{report['scenario']}: {len(flow['reachable'])} of {len(flow['states'])} states reachable")
    for key in ("unreachable", "dead_ends"):
        if flow[key]:
            print(f"  {key.replace('_', ' ')}: {', '.join(flow[key])}")
    states = report.get("states")
    if states:
        print(
            f"  played {states['paths']} paths through {states['distinct_states']} distinct states: "
            f"{len(states['reachable'])} steps reached, score {states['min_score']}-{states['max_score']}"
        )
        if states.get("truncated"):
            print("  stopped early: too many distinct states; the figures cover only part of the case")
        for key in ("unreachable", "items_never_earned"):
            if states[key]:
                print(f"  {key.replace('_', ' ')}: {', '.join(states[key])}")
        for end in states["dead_ends"]:
            print(f"  dead end at {end['state']}: {end['why']}")
    plans = report.get("plans")
    if plans:
        unsafe_top = len(plans["unsafe_at_expert_score"])
        print(
            f"  plans swept: {plans['plans_evaluated']}; "
            f"expert {plans['expert_score']}/{plans['max_score']}; "
            f"unsafe {plans['unsafe_plans']} (critical {plans['critical_plans']}), "
            f"best unsafe score {plans['best_unsafe_score']}; unsafe at the expert's score: {unsafe_top}"
        )
        for f in plans["findings"]:
            print(f"    {f['plans']:>6} plans: {f['example']['sentence']}")
