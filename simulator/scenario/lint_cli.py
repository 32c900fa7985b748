"""``python -m simulator lint FILE... [--strict]``: warnings about scenario files (SPEC section 5).

A file with errors reports them as ``validate`` does. Warnings are printed as
``FILE:LINE:COL: warning: message``; ``--strict`` makes them fail the run.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from simulator.errors import ProblemsError
from simulator.scenario.course_checks import lint_warnings


def add_lint_parser(sub) -> None:  # noqa: ANN001 - argparse's private subparsers type
    p = sub.add_parser("lint", help="warn about scenario text that may not be true of the plan")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")


def run_lint(files: Sequence[str], strict: bool) -> int:
    failed = warned = False
    for name in files:
        try:
            warnings = lint_warnings(name)
        except ProblemsError as exc:
            failed = True
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            continue
        except RecursionError:
            failed = True
            print(f"{name}:1:1: error: the file is nested too deeply", file=sys.stderr)
            continue
        for warning in warnings:
            warned = True
            print(warning, file=sys.stderr)
    if not failed and not warned:
        print(f"{len(files)} file(s): no warnings")
    return 1 if failed or (strict and warned) else 0
