"""Packaging: the installed package carries its assets and scenarios, and a built wheel runs.

The wheel test builds the wheel through the build backend pyproject.toml names (its PEP 517
``build_wheel`` hook in a fresh interpreter, as ``pip wheel --no-deps --no-build-isolation`` calls
it: this environment's setuptools, nothing downloaded, the same wheel, without pip's own start,
about a second of CPU), installs it with pip into a fresh virtual environment with this
environment's third-party packages made visible (not the project itself, so nothing can come
from the source tree), then validates the bundled scenarios from
the installed package and runs the app offscreen through its installed launcher.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from simulator.resources import assets_folder, bundled_scenarios, scenarios_folder

ROOT = Path(__file__).resolve().parents[1]
SKIP = {"__pycache__"}


def listed_packages() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["setuptools"]["packages"])


def shipped_folders() -> set[str]:
    """Every folder that holds files to ship, as the package name it installs under."""
    found = set()
    for top, name in (
        (ROOT / "simulator", "simulator"),
        (ROOT / "assets", "simulator._assets"),
        (ROOT / "scenarios", "simulator._scenarios"),
    ):
        for folder in [top, *top.rglob("*")]:
            if (
                folder.is_dir()
                and not SKIP & set(folder.relative_to(top).parts)
                and any(p.is_file() for p in folder.iterdir())
            ):
                rel = folder.relative_to(top).parts
                found.add(".".join((name, *rel)))
    return found


def test_every_folder_that_ships_is_listed_for_setuptools():
    missing = shipped_folders() - listed_packages()
    assert not missing, f"add these to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"


def test_assets_and_scenarios_are_read_from_the_installed_package():
    assert assets_folder() == Path(str(resources.files("simulator._assets")))
    assert scenarios_folder() == Path(str(resources.files("simulator._scenarios")))
    assert (assets_folder() / "themes" / "light.qss").is_file()
    assert {p.name for p in bundled_scenarios()} == {p.name for p in (ROOT / "scenarios").glob("*.yaml")}


@pytest.mark.packaging
def test_a_built_wheel_installs_and_runs_the_bundled_cases(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    backend = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    build = f"import sys, {backend['build-backend']} as backend; backend.build_wheel(sys.argv[1])"
    subprocess.run(
        [sys.executable, "-c", build, str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    (wheel,) = dist.glob("opioid_care_simulator-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    target_site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # This environment's dependencies (PySide6, pydantic, ...) without its editable project.
    (target_site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )

    home = tmp_path / "home"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "OPIOID_SIM_DB": str(home / "s.sqlite3"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
        "PYTHONPATH": "",
        "OPIOID_SIM_TIMINGS": "1",  # the start-up steps on stderr (the order checked below)
    }

    def run(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
        return subprocess.run(
            list(args), capture_output=True, text=True, env=env, cwd=tmp_path, timeout=timeout
        )

    where = run(
        str(python),
        "-c",
        "import simulator, simulator.resources as r; print(simulator.__file__); "
        "print(*r.bundled_scenarios(), sep='\\n')",
    )
    assert where.returncode == 0, where.stderr
    package_file, *scenarios = where.stdout.split("\n")[:-1]
    assert Path(package_file).is_relative_to(target_site)  # the wheel's copy, not the source tree
    assert sorted(Path(s).name for s in scenarios) == sorted(
        p.name for p in (ROOT / "scenarios").glob("*.yaml")
    )
    assert all(Path(s).is_relative_to(target_site / "simulator" / "_scenarios") for s in scenarios)

    validate = run(str(python), "-m", "simulator", "validate", *scenarios)
    assert validate.returncode == 0, validate.stderr
    assert f"{len(scenarios)} file(s) valid" in validate.stdout

    app = run(str(venv / "bin" / "opioid-care-simulator"), "--smoke")
    assert app.returncode == 0, app.stderr
    # the app's one subprocess smoke test (tests/ui/test_startup.py: the rest of its start in-process)
    assert "opened 'Chronic low back pain: asking for a higher dose'" in app.stdout
    assert "the intent model understood a question (pain.location)" in app.stdout
    assert "Traceback" not in app.stderr
    at = {}
    for line in app.stderr.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "startup:":
            at[parts[1]] = float(parts[2])
    assert at["library-filled"] < at["model-warm"]  # the library is not kept waiting for the model
