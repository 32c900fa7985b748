"""The workshop loop (issue 22, item 8): `lint --strict` of one case and `explore --plans`.

Runs each command as an author would (a fresh `python -m simulator` process) on every bundled
case and prints the process's CPU time (user + system, from the operating system) and its wall
time. On the shared 2-core build machine the wall time mostly measures the other sessions' load,
so the CPU time is the figure to compare with the targets: lint within 3 s, explore --plans
within 10 s.

    python bench/workshop.py            # every bundled case
    python bench/workshop.py FILE...    # the given cases

Measured on 2026-12-07 (2 shared cores, load average about 9; CPU seconds, wall in brackets):

    case                   lint --strict    explore --plans
    before (issue 22)      3.6 (s-d)        15.6 (s-d), 18.3 (s-o-o)
    clbp-moderate-oud      2.7  (15)         9.5  (65)
    cold-turkey            2.2  (13)         7.8  (31)
    oih-taper              2.9  (13)         8.6  (34)
    postop-acute           1.7   (7)         6.4  (26)
    severe-oud-overdose    3.0  (12)         9.1  (34)
    stable-dependence      1.9   (6)         6.8  (20)
    trauma-new-pain        2.2   (7)         8.2  (29)

(oih-taper and severe-oud-overdose lint after reading the file once: 2.9 and 3.0 s; a run
before that change measured 3.5 and 3.7.) The two slowest lints sit at the 3 s target, not
clearly under it: most of what is left is replaying each visit path from the start of the case.

What made the difference: lint plays each distinct plan outcome once per case instead of once
per playthrough, and tries only one plan per combination of the plan fields the guards read;
course-model runs are shared between the sessions of one case; the plan sweep builds the
session's variables once and lays each plan's over them, and works the safety findings out once
per plan (not twice); expressions are compiled to closures once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"lint": 3.0, "explore": 10.0}


def timed(args: list[str]) -> tuple[float, float, int]:
    """(CPU seconds of the child, wall seconds, exit code) of ``python -m simulator ARGS``."""
    before = os.times()
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "simulator", *args], cwd=ROOT, capture_output=True,
                            check=False)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return cpu, wall, result.returncode


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted((ROOT / "scenarios").glob("*.yaml"))
    print(f"{'case':28} {'lint cpu':>9} {'wall':>6} {'explore cpu':>12} {'wall':>6}")
    worst = {"lint": 0.0, "explore": 0.0}
    for path in files:
        lint_cpu, lint_wall, _ = timed(["lint", "--strict", str(path)])
        explore_cpu, explore_wall, _ = timed(["explore", "--plans", str(path)])
        worst["lint"] = max(worst["lint"], lint_cpu)
        worst["explore"] = max(worst["explore"], explore_cpu)
        print(f"{path.stem:28} {lint_cpu:9.2f} {lint_wall:6.1f} {explore_cpu:12.2f} {explore_wall:6.1f}")
    for name, target in TARGETS.items():
        verdict = "within" if worst[name] <= target else "OVER"
        print(f"slowest {name}: {worst[name]:.2f} s CPU, {verdict} the {target:g} s target")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
