"""Every plan the plan form can produce, followed through every visit of every bundled case (issue 20).

The full sweep of :func:`simulator.scoring.visit_sweep.sweep_visits`: the plan sweep's grid with the
prescriber's doses (:func:`~simulator.scoring.visit_sweep.form_plans`), one plan of each kind the
course and the visits read alike, every choice at every visit (the urgent visits included) to the
end of the course, each visit's words held against that day's course state and the plan. The test
(tests/scoring/test_visit_sweep.py) runs the same sweep on an even sample of the plans; this runs
all of them, prints what it found per case and exits 1 when any visit contradicts its chart.

    python bench/visit_sweep.py [--sample N] [CASE ...]

``--sample N``: N distinct plans of each case, evenly spaced (the long cases take an hour or more
on a shared machine; the sample is what the test plays, larger).

Measured on 2026-12-07 (2 shared cores, other sessions running): see the report of issue 20.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator.engine.playthrough import load_actions  # noqa: E402
from simulator.scenario.loader import load_scenario  # noqa: E402
from simulator.scoring.visit_sweep import VisitSweep, case_sweep  # noqa: E402


def sweep_case(name: str, sample: int | None = None) -> VisitSweep:
    """The visit sweep of one bundled case, from its expert's plan step."""
    scenario = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    actions, _ = load_actions(ROOT / "scenarios" / "playthroughs" / f"{name}.expert.yaml")
    return case_sweep(scenario, actions, sample=sample)


def main(argv: list[str]) -> int:
    cases = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))
    parser = argparse.ArgumentParser(
        prog="bench/visit_sweep.py",
        description="Every plan the plan form can produce, followed through every visit of each "
                    "bundled case; exit 1 when a visit's words contradict its chart.")
    parser.add_argument("--sample", type=int, metavar="N",
                        help="follow only N distinct plans of each case, evenly spaced "
                             "(default: all of them)")
    parser.add_argument("cases", nargs="*", metavar="CASE",
                        help=f"bundled cases (default: all): {', '.join(cases)}")
    args = parser.parse_args(argv)
    unknown = [name for name in args.cases if name not in cases]
    if unknown:
        parser.error(f"no bundled case {', '.join(unknown)} (choose from {', '.join(cases)})")
    sample, names = args.sample, args.cases or cases
    print(f"{'case':26} {'plans':>6} {'distinct':>8} {'paths':>6} {'visits':>7} {'faults':>6} "
          f"{'dropped':>7} {'untold':>6} {'s':>6}")
    faults = 0
    for name in names:
        start = time.perf_counter()
        report = sweep_case(name, sample)
        took = time.perf_counter() - start
        print(f"{name:26} {report.plans:6} {report.distinct:8} {report.paths:6} {report.visits:7} "
              f"{len(report.faults):6} {len(report.dropped):7} {len(report.untold):6} {took:6.1f}",
              flush=True)
        for fault in {(f.state, f.what): f for f in report.faults}.values():
            print(f"    contradiction: {fault}")
        for fault in report.dropped.values():
            print(f"    left out: {fault}")
        for gap in report.untold.values():
            print(f"    default written: {gap.state} ({', '.join(gap.missing)}) on day {gap.day}, "
                  f"COWS {gap.cows}, plan: {gap.plan}")
        for state, why in report.dead_ends.items():
            print(f"    dead end: {state}: {why}")
        faults += len(report.faults)
    return 1 if faults else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
