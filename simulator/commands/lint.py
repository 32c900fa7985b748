"""``python -m simulator lint FILE... [--strict]``: warnings about scenario files (SPEC section 5).

A file with errors reports them as ``validate`` does. Warnings are printed as
``FILE:LINE:COL: warning: message``; ``--strict`` makes them fail the run (exit 1).

The warnings read from the file alone come from the scenario layer
(:func:`simulator.control.lint.lint_warnings`). This module adds the ones that need the
case played, which the scenario layer cannot do (it sits below the engine and the scoring):

* states no playthrough visits (the playthroughs are ``playthroughs/<file name>.*.yaml`` beside
  the scenario; a file with none is said to be unchecked on stdout, not warned about);
* rubric items no path can earn, found by playing every distinct plan outcome and visit choice
  from the playthroughs' plan step (:mod:`simulator.scoring.flow_explore`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from simulator.errors import Problem, ProblemsError


def add_lint_parser(sub: Any) -> None:
    p = sub.add_parser("lint", help="warn about what may be wrong in a scenario; --strict fails on warnings")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")


def playthrough_files(scenario_path: str | Path) -> list[Path]:
    """The playthroughs of a scenario file: ``playthroughs/<stem>.*.yaml`` beside it."""
    path = Path(scenario_path)
    folder = path.parent / "playthroughs"
    return sorted(folder.glob(f"{path.stem}.*.yaml")) if folder.is_dir() else []


def _warn(doc: Any, path: tuple[Any, ...], message: str) -> Problem:
    p = doc.problem(path, message)
    return Problem(p.file, p.line, p.col, p.message, "warning")


def played_warnings(scenario_path: str) -> list[Problem]:
    """Warnings that need the scenario played (see the module docstring)."""
    from simulator.control.lint import load_for_lint
    from simulator.engine.actions import ActionError
    from simulator.engine.playthrough import load_actions, play
    from simulator.scenario.urgent import urgent_state  # the models: not for every command's start

    doc, scenario = load_for_lint(scenario_path)
    files = playthrough_files(scenario_path)
    stem = Path(scenario_path).stem
    if not files:
        return []  # run_lint says so; a new case has none yet
    visited: set[str] = set()
    untold: list[tuple[str, Any, int, Any]] = []  # visits whose text the engine had to write or drop
    logs: list[list[dict[str, Any]]] = []
    for file in files:
        try:
            session = play(scenario, file)
            actions, _ = load_actions(file)
        except (ProblemsError, ActionError):
            continue  # `test` and `play` report a broken playthrough; lint only reads the others
        visited.update(session.data.visited)
        untold.extend((file.name, state, day, shown) for state, day, _, shown in session.visits.pages()
                      if not urgent_state(state.name) and (shown.defaults or shown.dropped))
        plan_at = next(
            (n for n, a in enumerate(actions) if isinstance(a, dict) and a.get("type") == "plan"), None
        )
        # Exploring starts at the plan step: one log per distinct interview and assessment is enough.
        if plan_at is not None and all(log[:plan_at] != actions[:plan_at] for log in logs):
            logs.append(actions)
    reached: set[str] | None = None
    never_earned: list[str] = []
    walked: dict[Any, tuple[int, int]] = {}
    if logs:
        from simulator.scoring.flow_explore import explore_flow

        report = explore_flow(scenario, logs)
        reached, walked = report.reached, report.untold
        never_earned = [item.id for item in scenario.rubric if item.id not in report.earned]
    warnings: list[Problem] = []
    names = ", ".join(f.name for f in files)
    for i, state in enumerate(scenario.flow.states):
        if state.name in visited or urgent_state(state.name):  # the engine's own, tested by its sweep
            continue
        if reached is not None and state.name not in reached:
            message = (
                f"state {state.name!r} is visited by no playthrough ({names}), and none of the plans "
                "and visit choices lint tried from the playthroughs' plan step leads here; check the "
                f"guards of the transitions into it, or add playthroughs/{stem}.<name>.yaml that reaches it"
            )
        else:
            message = (
                f"state {state.name!r} is visited by no playthrough ({names}); add a playthrough "
                f"playthroughs/{stem}.<name>.yaml whose plan or choices lead here"
            )
        warnings.append(_warn(doc, ("flow", "states", i, "name"), message))
    warnings += _untold_warnings(doc, scenario, untold, logs, walked)
    for i, item in enumerate(scenario.rubric):
        if item.id in never_earned and not urgent_state(item.id):
            warnings.append(
                _warn(
                    doc,
                    ("rubric", i, "id"),
                    f"rubric item {item.id!r} ({item.points} points) is earned on no path (every "
                    "distinct plan outcome and visit choice was played): its 'expect' can never "
                    "hold; check the names and values it tests",
                )
            )
    return warnings


def _untold_warnings(
    doc: Any, scenario: Any, untold: list[Any], logs: list[list[dict[str, Any]]], walked: dict[Any, Any]
) -> list[Problem]:
    """Visits whose text the engine had to write or drop: on a playthrough's path, on any plan outcome
    and visit choice lint played from there (``walked``), and at the first visit after the plan
    under any plan of the plan sweep."""
    index = {s.name: i for i, s in enumerate(scenario.flow.states)}
    warnings: list[Problem] = []
    for name, state, day, shown in untold:
        what = []
        if shown.defaults:
            what.append(f"has no narrative for {', '.join(shown.defaults)} (the engine wrote its default)")
        if shown.dropped:
            what.append(f"says what the course contradicts ({'; '.join(shown.dropped)}), so it was left out")
        warnings.append(_warn(doc, ("flow", "states", index[state.name], "name"),
                              f"visit {state.name!r} on day {day} in {name} " + " and ".join(what)))
    told = {(state.name, shown.defaults) for _, state, _, shown in untold}
    for (name, missing), (day, cows) in walked.items():
        if (name, missing) not in told:
            told.add((name, missing))
            warnings.append(_warn(doc, ("flow", "states", index[name], "name"), (
                f"visit {name!r} has no narrative for {_states(missing)}, which the course reaches on a "
                f"path of plan outcomes and visit choices lint played (e.g. day {day}, COWS {cows}); the "
                "engine writes its default there: add a part for that state with a course.* condition"
            )))
    for gap in _swept_untold(scenario, logs):
        if (gap.state, gap.missing) in told:
            continue  # already named on a playthrough's path
        warnings.append(_warn(doc, ("flow", "states", index[gap.state], "name"), (
            f"visit {gap.state!r} has no narrative for {_states(gap.missing)}, which the course reaches "
            f"under some plans the plan form allows (e.g. day {gap.day}, COWS {gap.cows}, with the plan: "
            f"{gap.plan}); the engine writes its default there: add a part for that state with a "
            "course.* condition"
        )))
    return warnings


def _states(missing: Sequence[str]) -> str:
    """The course states the engine wrote its default for, in plain words."""
    if len(missing) > 3:
        return "any course state it reaches there (no part of its text applies)"
    words = {"withdrawal": "withdrawal at COWS 13 or more", "overdose": "an overdose",
             "use": "a return to use"}
    return " and ".join(words.get(m, m) for m in missing)


def _swept_untold(scenario: Any, logs: list[list[dict[str, Any]]]) -> list[Any]:
    """The first visits the plan sweep's plans bring to a course state with no narrative, from the
    plan step of the first playthrough (scoring.visit_sweep)."""
    from simulator.engine.session import Session
    from simulator.scoring.plan_sweep import plan_space
    from simulator.scoring.visit_sweep import untold_states

    found: dict[Any, Any] = {}
    for actions in logs[:1]:  # the first playthrough's session (the expert's, by name): the course
        # reads only the plan, and one sweep per case keeps lint quick
        cut = next(n for n, a in enumerate(actions) if a.get("type") == "plan")
        at_plan = Session.replay(scenario, actions[: cut + 1])
        own = actions[cut]
        plans = plan_space(own, nonopioid_count=1, follow_up_days=(own.get("followup_days", 28),),
                           cycle_nonopioid=True)
        for gap in untold_states(at_plan, plans):
            found.setdefault((gap.state, gap.missing), gap)
    return list(found.values())


def run_lint(files: Sequence[str], strict: bool) -> int:
    """Print errors and warnings for ``files``; 1 on an error (or a warning with ``strict``)."""
    from simulator.control.lint import lint_warnings

    failed = warned = False
    for name in files:
        try:
            warnings = lint_warnings(name) + played_warnings(name)
        except ProblemsError as exc:
            failed = True
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            continue
        except RecursionError:
            failed = True
            print(f"{name}:1:1: error: the file is nested too deeply", file=sys.stderr)
            continue
        if not playthrough_files(name):
            stem = Path(name).stem
            print(
                f"{name}: no playthroughs (playthroughs/{stem}.*.yaml); the steps they visit and the "
                "rubric items a path can earn were not checked"
            )
        for warning in sorted(set(warnings)):
            warned = True
            print(warning, file=sys.stderr)
    if not failed and not warned:
        print(f"{len(files)} file(s): no warnings")
    elif warned and not failed and strict:
        print("warnings are errors with --strict", file=sys.stderr)
    return 1 if failed or (strict and warned) else 0
