import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MEMORY = Path("/dev/shm")  # a folder in memory, where the machine has one (Linux)


@pytest.fixture
def tmp_path(tmp_path: Path) -> Iterator[Path]:
    """The test's own folder, in memory where the machine has one: the window's session
    history, its settings and every file a test writes. Each save to disk waits for the disk
    (SQLite's commits, the settings file): 4-5 ms each on this machine, about a thousand of
    them in the UI tests, against 0.04 ms in memory. The same files and the same calls; only
    the wait for the disk goes (pytest's own folder, made first, stays empty)."""
    if not (MEMORY.is_dir() and os.access(MEMORY, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="opioid-sim-ui-", dir=MEMORY))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def no_real_dialogs(monkeypatch):
    """A modal dialog would wait for a click for ever: tests answer through ScriptedDialogs."""
    from simulator.ui.dialogs import QtDialogs

    def refuse(self, title, text, *args, **kwargs):
        raise AssertionError(f"unexpected dialog {title!r}: {text}")

    monkeypatch.setattr(QtDialogs, "ask", refuse)
    monkeypatch.setattr(QtDialogs, "inform", refuse)
    monkeypatch.setattr(QtDialogs, "save_path", refuse)


@pytest.fixture(autouse=True)
def no_system_keyring(monkeypatch):
    """Tests never touch the user's real keyring: the 0600 file (a fake keyring in test_secrets.py)."""
    from simulator.records import secrets

    monkeypatch.setattr(secrets, "system_keyring", lambda: None)


@pytest.fixture
def window(qtbot, tmp_path, qapp):
    """The main window over the bundled scenarios, with its own session database."""
    from PySide6.QtCore import QSettings, QStandardPaths

    from simulator.ui.app import build_window
    from simulator.ui.resources import apply_theme

    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)  # settings go to tmp_path, not the user's
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    apply_theme(qapp)
    from simulator.control.dialogs import ScriptedDialogs
    from simulator.ui.check_settings import set_check_mode

    # Flows that are about something else start at the chart; tests/ui/test_learning_check.py
    # plays the check before the case (offered by default) and after the debrief.
    set_check_mode("off")

    win = build_window([], tmp_path / "sessions.sqlite3")
    win.dialogs = ScriptedDialogs()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.library.loaded, timeout=20000)
    return win


@pytest.fixture(autouse=True)
def _case_as_written(monkeypatch):
    """UI tests play each case as written (its first variant): starting a session draws no seed."""
    from simulator.scenario import variants

    monkeypatch.setattr(variants, "fresh_seed", lambda: None)


@pytest.fixture(autouse=True)
def _widgets_deleted(qapp):
    """After each test, delete the widgets it closed (qtbot asks with deleteLater, which waits
    for an event loop): left alive, every later theme change re-styles them all. Then the light
    theme at 100% text is back for the next test, whatever this one chose: put back here, once
    the test's windows are gone, it re-styles nothing (put back by the test while its windows are
    open, it re-styled every widget of a walked session, a second or two each time)."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    from simulator.ui.resources import apply_theme

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    apply_theme(qapp, "light", 1.0)
