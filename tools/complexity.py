"""The complexity gate: no function over the limit (ruff's C901, `max-complexity` in
pyproject.toml) unless it is in tools/complexity_allowlist.txt, and that list only shrinks.

    python tools/complexity.py            # check (exit 1 with what to do)
    python tools/complexity.py --update   # rewrite the list from the code as it is now

The check fails when a function not on the list is over the limit, when a listed function got
more complex, and when a listed function is back under the limit or gone (take it off the list:
that is how the list shrinks). tests/test_complexity.py runs the check with the suite.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLOWLIST = ROOT / "tools" / "complexity_allowlist.txt"
PATHS = ("simulator", "bench", "tools", "main.py")
_MESSAGE = re.compile(r"^`(?P<name>[^`]+)` is too complex \((?P<n>\d+) > \d+\)$")


def measure() -> dict[str, int]:
    """``path::function`` -> complexity, for every function over the limit (noqa ignored)."""
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "C901", "--ignore-noqa", "--exit-zero",
         "--output-format", "json", *PATHS],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    found: dict[str, int] = {}
    for item in json.loads(done.stdout):
        match = _MESSAGE.match(item["message"])
        if match is None:  # pragma: no cover - ruff changed its wording
            raise SystemExit(f"cannot read ruff's message: {item['message']!r}")
        path = Path(item["filename"]).resolve().relative_to(ROOT).as_posix()
        key = f"{path}::{match['name']}"
        found[key] = max(found.get(key, 0), int(match["n"]))
    return found


def read_allowlist(path: Path = ALLOWLIST) -> dict[str, int]:
    listed: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, n = line.rsplit(None, 1)
            listed[key] = int(n)
    return listed


def problems(found: dict[str, int], listed: dict[str, int]) -> list[str]:
    """What is wrong, one sentence each (empty when the gate passes)."""
    out = []
    for key, n in sorted(found.items()):
        if key not in listed:
            out.append(f"{key} has complexity {n}: split it (the limit is in pyproject.toml)")
        elif n > listed[key]:
            out.append(f"{key} grew from {listed[key]} to {n}: listed functions may only get simpler")
    for key, n in sorted(listed.items()):
        if key not in found:
            out.append(f"{key} is no longer over the limit (was {n}): take it off {ALLOWLIST.name}")
        elif found[key] < n:
            out.append(f"{key} went from {n} to {found[key]}: lower its number in {ALLOWLIST.name}")
    return out


def write_allowlist(found: dict[str, int], path: Path = ALLOWLIST) -> None:
    lines = [
        "# Functions over ruff's C901 limit (pyproject.toml), as `path::function complexity`.",
        "# The list only shrinks: tools/complexity.py fails when one is added or grows. Regenerate",
        "# with `python tools/complexity.py --update` only after merging others' work.",
        *(f"{key} {n}" for key, n in sorted(found.items())),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="rewrite the allowlist from the code")
    args = parser.parse_args(argv)
    found = measure()
    if args.update:
        write_allowlist(found)
        print(f"{ALLOWLIST.relative_to(ROOT)}: {len(found)} function(s) over the limit")
        return 0
    wrong = problems(found, read_allowlist())
    for line in wrong:
        print(line, file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
