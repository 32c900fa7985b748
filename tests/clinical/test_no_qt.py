"""simulator.clinical is pure Python: importing any of its modules must not load Qt."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import simulator
import simulator.clinical

MODULES = sorted(
    f"simulator.clinical.{info.name}" for info in pkgutil.iter_modules(simulator.clinical.__path__)
)


def test_clinical_modules_import_without_qt():
    code = (
        "import importlib, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'PyQt5', 'PyQt6'})\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(simulator.__file__).resolve().parent.parent,
    )
    assert result.returncode == 0, result.stderr
    assert "simulator.clinical.catalogue" in MODULES
