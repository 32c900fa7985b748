"""``python -m simulator export``: results as CSV, JSON or xAPI statements.

``export --format F --out FILE`` writes every finished session in the store;
``export SCENARIO --actions FILE --format F --out FILE`` writes one played log.
"""

from __future__ import annotations

import argparse
import sys


def add_export_parser(sub: argparse._SubParsersAction) -> None:
    from simulator.records.export import FORMATS

    p = sub.add_parser("export", help="export results (CSV, JSON or xAPI) from the store or one played log")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO")
    p.add_argument("--actions", metavar="FILE", help="the played log to export (with SCENARIO)")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--store", metavar="DB", help="the session store (default: the app's, or $OPIOID_SIM_DB)")
    p.add_argument(
        "--trainee", metavar="NAME", help="only this trainee's sessions (or the name on a played log)"
    )
    p.add_argument("--all", action="store_true", help="include sessions that never reached the debrief")


def run_export(args: argparse.Namespace) -> int:
    from simulator.control.results import attempt_record, stored_records
    from simulator.records.export import ResultsError, write
    from simulator.records.store import StoreError

    try:
        if args.scenario is not None:
            from simulator.control.controller import SessionController
            from simulator.engine.playthrough import playthrough_seed
            from simulator.scenario.loader import load_scenario

            if not args.actions:
                print("error: a played log needs --actions FILE", file=sys.stderr)
                return 2
            scenario = load_scenario(args.scenario, playthrough_seed(args.actions))
            session = SessionController.play_file(scenario, args.scenario, args.actions).session
            records = [attempt_record(session, trainee=args.trainee or "")]
        else:
            if args.actions:
                print("error: --actions needs the SCENARIO it was played on", file=sys.stderr)
                return 2
            from simulator.records.paths import open_cli_store

            with open_cli_store(args.store) as store:
                records, skipped = stored_records(store, finished_only=not args.all, trainee=args.trainee)
            for s in skipped:
                print(f"warning: session {s.session_id} left out: {s.reason}", file=sys.stderr)
        write(records, args.format, args.out, _config())
    except (StoreError, ResultsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    noun = "attempt" if len(records) == 1 else "attempts"
    print(f"wrote {len(records)} {noun} to {args.out}")
    return 0


def _config():
    """xAPI identifiers: the defaults, or a programme's own from the environment."""
    import os

    from simulator.records.xapi import XapiConfig

    base = XapiConfig()
    percent = os.environ.get("OPIOID_SIM_PASS_PERCENT", "")
    return XapiConfig(
        base=os.environ.get("OPIOID_SIM_XAPI_BASE", base.base).rstrip("/"),
        home_page=os.environ.get("OPIOID_SIM_XAPI_HOMEPAGE", base.home_page),
        platform=base.platform,
        pass_percent=int(percent) if percent.isdigit() and int(percent) <= 100 else base.pass_percent,
    )
