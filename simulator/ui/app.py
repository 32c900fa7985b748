"""Build the application: Qt setup, theme, the session store, the main window."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths

from simulator.ui.main_window import MainWindow
from simulator.ui.resources import SCENARIOS

if TYPE_CHECKING:
    from simulator.records.store import SessionStore


def default_store_path() -> Path:
    """``$OPIOID_SIM_DB`` or the per-user data folder's ``sessions.sqlite3``."""
    if os.environ.get("OPIOID_SIM_DB"):
        return Path(os.environ["OPIOID_SIM_DB"])
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "sessions.sqlite3"


def open_store(path: Path, ours: bool = False) -> tuple[SessionStore | None, str | None]:
    """The session store, checked writable; a damaged one of ours is recovered, with a notice.

    ``ours``: the file is in the app's own data folder (not named by ``$OPIOID_SIM_DB``).
    """
    from simulator.records.store import SessionStore, StoreError

    try:
        return SessionStore.open_or_recover(path, ours=ours)
    except StoreError as exc:
        return None, f"Sessions cannot be saved this time, so nothing you do will be kept.\n\nDetails: {exc}"


def build_window(argv: Sequence[str], store_path: Path | None = None) -> MainWindow:
    """The main window for ``argv`` (``[SCENARIO]``); needs a QApplication."""
    ours = store_path is None and not os.environ.get("OPIOID_SIM_DB")
    store, notice = open_store(store_path or default_store_path(), ours=ours)
    window = MainWindow(SCENARIOS, store, notice)
    if argv:
        window.open_path(argv[0])
    return window


def main(argv: Sequence[str] | None = None) -> int:
    """The desktop app; see :mod:`simulator.ui.startup` for the order it starts in."""
    from simulator.ui.startup import main as start

    return start(argv)
