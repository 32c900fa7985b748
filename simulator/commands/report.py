"""``python -m simulator report``: the PDF report of a played log or of a stored session."""

from __future__ import annotations

import argparse
import sys


def add_report_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write the PDF report of a playthrough or a stored session")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO")
    p.add_argument("--actions", metavar="FILE", help="the played log (YAML/JSON list of actions)")
    p.add_argument("--session", type=int, metavar="ID", help="a session in the store instead")
    p.add_argument("--store", metavar="DB", help="the session store (default: the app's, or $OPIOID_SIM_DB)")
    p.add_argument(
        "--trainee", default="", metavar="NAME", help="the trainee's name on a played log's report"
    )
    p.add_argument("--out", required=True, metavar="REPORT.pdf")


def run_report(args: argparse.Namespace) -> int:
    from simulator.control.controller import SessionController
    from simulator.engine.actions import ActionError
    from simulator.engine.session import Session
    from simulator.records.store import StoreError
    from simulator.scenario.loader import load_scenario
    from simulator.scoring.debrief import build_debrief

    if (args.session is None) == (args.scenario is None):
        print("error: give SCENARIO --actions FILE, or --session ID", file=sys.stderr)
        return 2
    try:
        if args.session is not None:
            from simulator.records.paths import open_cli_store

            with open_cli_store(args.store) as store:
                rec = store.session(args.session)
                scenario = load_scenario(rec.scenario_path, rec.seed)
                session = Session.replay(scenario, store.actions(rec.id))
            trainee, date = args.trainee or rec.trainee, rec.finished_at or rec.started_at
        else:
            if not args.actions:
                print("error: a played log needs --actions FILE", file=sys.stderr)
                return 2
            from simulator.engine.playthrough import playthrough_seed

            scenario = load_scenario(args.scenario, playthrough_seed(args.actions))
            session = SessionController.play_file(scenario, args.scenario, args.actions).session
            trainee, date = args.trainee, ""
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ActionError as exc:
        print(
            f"error: session {args.session} no longer replays on its scenario: {exc.message}", file=sys.stderr
        )
        return 1
    from simulator.control.reports import ReportError, write_report

    try:
        written = write_report(build_debrief(session), args.out, trainee=trainee, date=date)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not session.finished:
        print("note: the session stops before the debrief; the report shows it as it stands", file=sys.stderr)
    print(f"wrote {written.path} ({written.pages} page{'s' if written.pages != 1 else ''})")
    return 0
