"""The core (everything under simulator/ except simulator/ui) never imports Qt.

The command line, the tests and any future web or batch front end rely on this: a module
that pulls in PySide6 by accident would make `python -m simulator validate` need a display
stack. One fresh interpreter imports every core module and then looks at sys.modules.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import simulator

PACKAGE = Path(simulator.__file__).resolve().parent
ROOT = PACKAGE.parent
SKIP: set[str] = set()  # __main__ loads the UI's PDF writer only when a report is written


def core_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        parts = list(relative.parts)
        if parts[:2] == ["simulator", "ui"]:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(parts)
        if name not in SKIP:
            names.append(name)
    return names


def test_the_module_list_covers_the_core():
    modules = core_modules()
    for expected in (
        "simulator.commands.cli",
        "simulator.engine.session",
        "simulator.scenario.loader",
        "simulator.scoring.debrief",
        "simulator.records.store",
        "simulator.clinical.catalogue",
    ):
        assert expected in modules
    assert not [m for m in modules if m.startswith("simulator.ui")]


def test_importing_every_core_module_does_not_import_qt():
    code = (
        "import importlib, json, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "qt_roots = ('PySide6', 'PyQt5', 'PyQt6', 'shiboken6')\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in qt_roots)\n"
        "print(json.dumps(qt))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
