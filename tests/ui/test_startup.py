"""Start-up order: the window paints before anything it does not need is loaded; the rest follows.

The start is watched the way a user starts the app (a fresh interpreter, offscreen), with its own
database, settings and cache folders, so nothing here touches the user's files; what is decided
before any window (a mistyped command line, --help) is checked in this process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.fixtures.scenario_text import SCENARIO, real_text, replace_line

ROOT = Path(__file__).resolve().parents[2]

# Each of these is either large to import or only needed once the library is filled.
HEAVY = [
    "sqlite3",
    "simulator.records.store",
    "importlib.resources",
    "pydantic",
    "ruamel.yaml",
    "lark",
    "numpy",
    "rapidfuzz",
    "transitions",
    "simulator.scenario.loader",
    "simulator.scenario.models",
    "simulator.patient.understanding",
    "simulator.engine.session",
    "simulator.ui.session_view",
]


def app_env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "OPIOID_SIM_DB": str(home / "sessions.sqlite3"),
        "OPIOID_SIM_TIMINGS": "1",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
    }


def marks(stderr: str) -> dict[str, float]:
    found = {}
    for line in stderr.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "startup:":
            found[parts[1]] = float(parts[2])
    return found


def test_the_first_paint_comes_before_the_loader_the_store_and_the_model_then_the_library_fills(tmp_path):
    # One start of the app (each costs seconds): what is loaded when the window first paints,
    # then the order of what follows. The app quits once the loader is warm (a cold cache
    # validates every case: slow when the machine is busy), or after a minute whatever happened.
    probe = textwrap.dedent(
        f"""
        import json, sys
        from PySide6 import QtCore
        from PySide6.QtCore import QTimer
        from simulator.ui import startup
        seen = {{}}
        original = startup.Startup.after_first_paint
        def spy(self):
            seen["loaded"] = [m for m in {HEAVY!r} if m in sys.modules]
            seen["qt_namespace"] = "Qt" in QtCore.__dict__
            seen["library_rows"] = self.window.library.list.count()
            seen["library_text"] = self.window.library.list.item(0).text()
            seen["start_enabled"] = self.window.library.start_button.isEnabled()
            original(self)
        startup.Startup.after_first_paint = spy
        warm = startup.Startup._loader_warm
        def then_quit(self, result):
            warm(self, result)
            QTimer.singleShot(300, self.app.quit)  # time enough for a stray model warm-up to show
        startup.Startup._loader_warm = then_quit
        code = startup.main(["--quit-after", "60"])
        print(json.dumps(seen)); sys.exit(code)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=app_env(tmp_path),
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["loaded"] == []
    assert seen["qt_namespace"] is False  # PySide builds its Qt enums (~20 ms) only later
    assert seen == {
        **seen,
        "library_rows": 1,
        "library_text": "Loading the scenario library…",
        "start_enabled": False,
    }
    at = marks(result.stderr)
    assert at["shown"] <= at["first-paint"] < at["store-open"] < at["library-filled"] < at["loader-warm"]
    assert "model-warm" not in at  # the intent model waits until a session starts
    cached = list((tmp_path / "cache").rglob("validated-scenarios/*.json"))
    assert len(cached) == len(list((ROOT / "scenarios").glob("*.yaml")))


# `--smoke` as its own process (the bundled case opened, the intent model answering, the library
# filled before the model warms): tests/test_packaging.py runs it through the installed launcher,
# the app's one subprocess smoke test (each start of the app costs seconds).


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bogus"], "unknown option --bogus"),
        (["--quit-after"], "--quit-after needs a number"),
        (["a.yaml", "b.yaml"], "at most one scenario"),
    ],
)
def test_a_mistyped_command_line_gets_a_plain_message(capsys, args, message):
    from simulator.ui.startup import main

    assert main(args) == 2  # before any window: the same in this process as in a fresh one
    err = capsys.readouterr().err
    assert message in err and "usage: python main.py" in err
    assert "Traceback" not in err


def test_help_explains_the_options(capsys):
    from simulator.ui.startup import main

    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "--quit-after SECONDS" in out and "--smoke" in out


@pytest.fixture
def own_library(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(SCENARIO, folder / SCENARIO.name)
    return folder


def test_the_library_frame_shows_at_once_and_fills_when_asked(qtbot, own_library, tmp_path):
    from simulator.scenario.cache import ScenarioCache
    from simulator.ui.library_view import LibraryView

    view = LibraryView(own_library, cache=ScenarioCache(tmp_path / "cache"), load=False)
    qtbot.addWidget(view)
    view.show()
    assert view.list.item(0).text() == "Loading the scenario library…"
    assert not view.start_button.isEnabled()
    with qtbot.waitSignal(view.filled, timeout=20000):
        view.reload()
    assert view.loaded and view.start_button.isEnabled()
    assert view.list.item(0).text().startswith("Chronic low back pain: asking for a higher dose\n")
    from PySide6.QtCore import Qt

    for text in (view.title, view.summary, view.errors):  # the reader can copy them, problems above all
        assert text.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


def test_a_case_broken_after_it_was_listed_shows_its_problems_instead_of_starting(
    qtbot, own_library, tmp_path
):
    """An instructor edits a case while the library is open; Start reads the file as it is now."""
    from simulator.scenario.cache import ScenarioCache
    from simulator.ui.library_view import LibraryView

    view = LibraryView(own_library, cache=ScenarioCache(tmp_path / "cache"), load=False)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.filled, timeout=20000):
        view.reload()
    broken, number = replace_line(real_text(), "minutes: 25", "minutes: about half an hour")
    (own_library / SCENARIO.name).write_text(broken, encoding="utf-8")
    started = []
    view.startRequested.connect(lambda scenario, path: started.append(path))
    view.start_button.click()
    assert started == []
    assert not view.errors.isHidden()
    assert f"{SCENARIO.name}:{number}:10: error: minutes" in view.errors.text()
    assert not view.start_button.isEnabled()


def test_a_library_folder_that_cannot_be_read_says_so_in_plain_words(qtbot, tmp_path):
    from simulator.scenario.cache import ScenarioCache
    from simulator.ui.library_view import LibraryView

    missing = tmp_path / "not-there"
    view = LibraryView(missing, cache=ScenarioCache(tmp_path / "cache"), load=False)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.filled, timeout=20000):
        view.reload()
    assert view.entries == [] and not view.start_button.isEnabled()
    assert view.title.text() == "No scenarios found"
    assert str(missing) in view.summary.text() and "Traceback" not in view.summary.text()
