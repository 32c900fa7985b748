"""Build the desktop app as one folder with PyInstaller, then smoke-test what was built.

    python tools/build_app.py [--dist DIR] [--no-smoke]

The folder (``dist/OpioidCareSimulator/``) holds the Python runtime, Qt, the intent model,
the portraits and themes, and the bundled scenarios; a clinician starts
``OpioidCareSimulator`` in it and needs no Python. Build on each target system: PyInstaller
does not cross-compile. Needs ``pip install -e '.[app]'`` (PyInstaller).

The smoke test starts the built app offscreen with its own settings, database and cache,
opens the first bundled scenario as a user would, asks the patient one question through the
intent model and checks that it exits 0 (``--smoke``); it also validates the bundled scenarios
inside the folder with the source tree's validator, so a file that did not make it is caught.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from simulator.resources import assets_folder, scenarios_folder

ROOT = Path(__file__).resolve().parents[1]
NAME = "OpioidCareSimulator"

# Qt and stdlib parts the app never uses: leaving them out keeps the folder small.
EXCLUDES = [
    "tkinter",
    "unittest",
    "pydoc",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtOpenGL",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtDBus",
    "PySide6.QtDesigner",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "pytest",
    "pytestqt",
    "_pytest",
    "ruff",
]


def pyinstaller_args(dist: Path, work: Path) -> list[str]:
    args = [
        str(ROOT / "main.py"),
        "--name",
        NAME,
        "--onedir",
        "--windowed",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        "--specpath",
        str(work),
        # The app imports most of its modules when first needed; collect them all.
        "--collect-submodules",
        "simulator",
        # Package data: guidance, question bank, intent model.
        "--collect-data",
        "simulator",
        # The folders pyproject.toml maps into the package (portraits and themes; the bundled
        # scenarios), taken from wherever the installed package finds them.
        "--add-data",
        f"{assets_folder()}{os.pathsep}simulator/_assets",
        "--add-data",
        f"{scenarios_folder()}{os.pathsep}simulator/_scenarios",
    ]
    for name in EXCLUDES:
        args += ["--exclude-module", name]
    return args


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def smoke(app_dir: Path) -> None:
    """Run the built app's --smoke check offscreen, and validate the scenarios it carries."""
    executable = app_dir / NAME
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "OPIOID_SIM_DB": str(Path(home) / "sessions.sqlite3"),
            "XDG_CONFIG_HOME": str(Path(home) / "config"),
            "XDG_CACHE_HOME": str(Path(home) / "cache"),
            "XDG_DATA_HOME": str(Path(home) / "data"),
        }
        env.pop("PYTHONPATH", None)
        started = time.perf_counter()
        result = subprocess.run(
            [str(executable), "--smoke"], env=env, cwd=home, capture_output=True, text=True, timeout=300
        )
        took = time.perf_counter() - started
    print(result.stdout.strip())
    if result.returncode != 0 or "smoke:" not in result.stdout:
        sys.exit(f"smoke test failed (exit {result.returncode}):\n{result.stderr[-3000:]}")
    print(f"smoke test passed in {took:.1f} s (start, list, open a case, one question, quit)")
    bundled = sorted((app_dir / "_internal" / "simulator" / "_scenarios").glob("*.yaml"))
    if not bundled:
        sys.exit("the bundled scenarios are missing from the folder")
    check = subprocess.run(
        [sys.executable, "-m", "simulator", "validate", *map(str, bundled)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if check.returncode != 0:
        sys.exit(f"bundled scenarios in the folder do not validate:\n{check.stderr}")
    print(f"{len(bundled)} bundled scenario(s) in the folder validate")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--dist", type=Path, default=ROOT / "dist", help="where the folder goes (default dist/)"
    )
    parser.add_argument("--no-smoke", action="store_true", help="build only")
    args = parser.parse_args()
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        sys.exit("PyInstaller is not installed: pip install -e '.[app]'")
    dist = args.dist.resolve()
    app_dir = dist / NAME
    with tempfile.TemporaryDirectory() as work:
        started = time.perf_counter()
        pyinstaller.run(pyinstaller_args(dist, Path(work)))
        took = time.perf_counter() - started
    size = folder_size(app_dir)
    print(f"built {app_dir} in {took:.0f} s: {size / 1e6:.0f} MB")
    archive = shutil.make_archive(str(dist / NAME), "gztar", root_dir=dist, base_dir=NAME)
    print(f"archive {archive}: {Path(archive).stat().st_size / 1e6:.0f} MB")
    if not args.no_smoke:
        smoke(app_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
