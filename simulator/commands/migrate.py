"""``python -m simulator migrate FILE...``: rewrite scenario files in the current format.

Each file is upgraded step by step (:mod:`simulator.scenario.formats`), keeping its comments, and
checked; it is written back only if the result is a valid case. What changed is printed, or
"already current".
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from simulator.errors import Problem, ProblemsError


def add_migrate_parser(sub: Any) -> None:
    p = sub.add_parser("migrate", help="rewrite scenario files in the current format, keeping comments")
    p.add_argument("files", nargs="+", metavar="FILE")


def run_migrate(files: Sequence[str]) -> int:
    from simulator.scenario.formats import CURRENT_FORMAT, migrate_text
    from simulator.scenario.loader import load_scenario_text
    from simulator.scenario.yamlio import read_yaml_file

    problems: list[Problem] = []
    for name in files:
        try:
            read_yaml_file(name)  # the same safety checks as loading (size, binary, aliases...)
            text = Path(name).read_text(encoding="utf-8")
            new, changes = migrate_text(text, name)
            if not changes:
                print(f"{name}: already current (format {CURRENT_FORMAT})")
                continue
            load_scenario_text(new, name)  # written back only if it is a valid case
        except ProblemsError as exc:
            problems += exc.problems
            continue
        Path(name).write_text(new, encoding="utf-8")
        print(f"{name}: migrated to format {CURRENT_FORMAT}")
        for change in changes:
            print(f"  - {change}")
    if problems:
        raise ProblemsError(problems)
    return 0
