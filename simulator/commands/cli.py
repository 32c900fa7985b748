"""The headless command line: ``python -m simulator COMMAND ...`` (SPEC section 5)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from simulator.errors import ProblemsError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m simulator",
        description="Chronic pain and opioid care simulator: headless tools.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check scenario files; FILE:LINE:COL errors on stderr")
    p.add_argument("files", nargs="+", metavar="FILE")

    from simulator.commands.lint import add_lint_parser

    add_lint_parser(sub)

    p = sub.add_parser("play", help="replay a playthrough headlessly and report the score")
    p.add_argument("scenario", metavar="SCENARIO")
    p.add_argument("--actions", required=True, metavar="FILE", help="YAML/JSON list of actions")
    p.add_argument("--json", action="store_true", help="print the full report as JSON")
    p.add_argument("--seed", type=_seed, metavar="N", help="the case variant (default: the file's seed:)")
    p.add_argument("--transcript", action="store_true",
                   help="print the conversation (with --json: add a 'transcript' list)")

    p = sub.add_parser("test", help="run playthroughs against their expect: blocks; exit 1 on a mismatch")
    p.add_argument("paths", nargs="+", metavar="PATH", help="scenario files, playthrough files or folders")

    p = sub.add_parser("intents", help="match questions on stdin to interview intents (JSON lines)")
    p.add_argument("scenario", metavar="SCENARIO")
    p.add_argument("--replies", action="store_true", help="add the patient's reply")
    p.add_argument(
        "--conversation", action="store_true",
        help="the lines are one interview, read as the interview screen reads them",
    )
    p.add_argument("--visit", metavar="STEP",
                   help="with --conversation and --actions: the lines are questions at this follow-up "
                        "visit, asked as the visit screen asks them, once the log reaches it")
    p.add_argument("--actions", metavar="FILE", help="with --visit: the playthrough that reaches the visit")

    p = sub.add_parser("reference", help="print the scenario field reference (Markdown)")

    p = sub.add_parser("schema", help="write the scenario JSON Schema")
    p.add_argument("--output", "-o", metavar="FILE", help="default: print to stdout")

    from simulator.commands.export import add_export_parser
    from simulator.commands.report import add_report_parser

    add_report_parser(sub)
    add_export_parser(sub)
    from simulator.commands.explore import add_explore_parser

    add_explore_parser(sub)
    from simulator.commands.graph import add_graph_parser
    from simulator.commands.migrate import add_migrate_parser
    from simulator.commands.new import add_new_parser

    add_graph_parser(sub)
    add_new_parser(sub)
    add_migrate_parser(sub)
    try:
        from simulator.commands.calc import add_calc_parser
    except ImportError:  # pragma: no cover - the calculators ship with the package
        pass
    else:
        add_calc_parser(sub)
    return parser


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value < 2**31:
        raise argparse.ArgumentTypeError(f"a seed is a whole number from 0 to {2**31 - 1}, not {text!r}")
    return value


def _run_lint(args: argparse.Namespace) -> int:
    from simulator.commands.lint import run_lint

    return run_lint(args.files, args.strict)


def _run_test(args: argparse.Namespace) -> int:
    from simulator.commands.expect import run_tests

    return run_tests(args.paths, sys.stdout, sys.stderr)


def _run_reference(_args: argparse.Namespace) -> int:
    from simulator.commands.playthrough_reference import playthrough_reference
    from simulator.scenario.reference import reference_markdown

    sys.stdout.write(reference_markdown() + playthrough_reference())
    return 0


def _run_report(args: argparse.Namespace) -> int:
    from simulator.commands.report import run_report

    return run_report(args)


def _run_export(args: argparse.Namespace) -> int:
    from simulator.commands.export import run_export

    return run_export(args)


def _run_explore(args: argparse.Namespace) -> int:
    from simulator.commands.explore import run_explore

    return run_explore(args)


def _run_graph(args: argparse.Namespace) -> int:
    from simulator.commands.graph import run_graph

    return run_graph(args)


def _run_new(args: argparse.Namespace) -> int:
    from simulator.commands.new import run_new

    return run_new(args.file, args.id)


def _run_migrate(args: argparse.Namespace) -> int:
    from simulator.commands.migrate import run_migrate

    return run_migrate(args.files)


def _run_calc(args: argparse.Namespace) -> int:
    from simulator.commands.calc import run_calc

    return run_calc(args)


#: What each command runs (modules are imported on use, so `validate` never loads the others).
_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": lambda args: _validate(args.files),
    "lint": _run_lint,
    "play": lambda args: _play(args.scenario, args.actions, args.json, args.transcript, args.seed),
    "test": _run_test,
    "intents": lambda args: _intents(args.scenario, args.replies, args.conversation, args.visit,
                                     args.actions),
    "reference": _run_reference,
    "schema": lambda args: _schema(args.output),
    "report": _run_report,
    "export": _run_export,
    "explore": _run_explore,
    "graph": _run_graph,
    "new": _run_new,
    "migrate": _run_migrate,
    "calc": _run_calc,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        run = _COMMANDS.get(args.command)
        if run is not None:
            return run(args)
    except ProblemsError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `... | head`: the reader left; stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return 2


def _validate(files: list[str]) -> int:
    from simulator.control.lint import lint_warnings

    failed = False
    notes: list[str] = []
    for name in files:
        try:
            for warning in lint_warnings(name):  # the file loads; say what may be untrue in it
                print(warning, file=sys.stderr)
            from simulator.scenario.loader import check_file

            if note := check_file(name):  # every variant (seed) of a case with variants
                notes.append(note)
        except ProblemsError as exc:
            failed = True
            for problem in exc.problems:
                print(problem, file=sys.stderr)
        except RecursionError:
            failed = True
            print(f"{name}:1:1: error: the file is nested too deeply", file=sys.stderr)
    if not failed:
        for note in notes:
            print(note)
        print(f"{len(files)} file(s) valid")
    return 1 if failed else 0


def _play(
    scenario_path: str,
    actions_path: str,
    as_json: bool,
    with_transcript: bool = False,
    seed: int | None = None,
) -> int:
    from simulator.control.controller import SessionController
    from simulator.engine.playthrough import playthrough_seed, transcript, transcript_text
    from simulator.scenario.loader import load_scenario
    from simulator.scoring.debrief import build_debrief

    scenario = load_scenario(scenario_path, seed if seed is not None else playthrough_seed(actions_path))
    session = SessionController.play_file(scenario, scenario_path, actions_path).session
    report = build_debrief(session)
    code = 0 if report.finished else 3  # 3: the log stops before the debrief
    lines = transcript(scenario, list(session.actions)) if with_transcript else []
    if as_json:
        data = report.to_json()
        if with_transcript:
            data["transcript"] = [line.to_json() for line in lines]
        json.dump(data, sys.stdout, indent=2)
        print()
        return code
    if with_transcript:
        sys.stdout.write(transcript_text(lines) + "\n")
    if not report.finished:
        print(
            f"NOT FINISHED: this log stops at the step \"{session.visits.title(session.state)}\" and never "
            "reaches the debrief. The score below is only the score so far."
        )
    if session.variant:
        print(f"Variant: {session.variant}")
    print(f"{report.title}: {report.score}/{report.max_score} ({report.percent}%)")
    if report.critical:
        print("Critical errors: " + "; ".join(report.critical_messages()))
    for item in report.items:
        mark = (
            "CRITICAL"
            if item.critical_failed
            else "n/a"
            if not item.applicable
            else "safety"
            if item.kind == "safety"
            else "ok"
            if item.passed
            else "partial"
            if item.partial
            else "missed"
        )
        print(f"  [{mark:>8}] {item.earned:>3}/{item.points:<3} {item.title} ({item.guidance})")
    return code


def _intents(
    scenario_path: str, replies: bool = False, conversation: bool = False,
    visit: str | None = None, actions: str | None = None,
) -> int:
    from simulator.commands.intents import run, run_at_visit
    from simulator.engine.playthrough import playthrough_seed
    from simulator.scenario.loader import load_scenario

    if visit is None and actions is None:
        return run(load_scenario(scenario_path), sys.stdin, sys.stdout, replies, conversation)
    if not (visit and actions and conversation):
        print("error: intents: --visit and --actions go together, with --conversation", file=sys.stderr)
        return 2
    scenario = load_scenario(scenario_path, playthrough_seed(actions))
    return run_at_visit(scenario, scenario_path, actions, visit, sys.stdin, sys.stdout, replies)


def _schema(output: str | None) -> int:
    from simulator.scenario.schema import schema_text

    text = schema_text()
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
