"""Build the application: Qt setup, theme, the session store, the main window."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication

from simulator.records.store import SessionStore, StoreError
from simulator.ui.main_window import MainWindow
from simulator.ui.resources import SCENARIOS, apply_theme


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
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("-h", "--help"):
        print("usage: python main.py [SCENARIO.yaml]\n\nOpens the scenario library, or goes straight "
              "into SCENARIO.\nSessions are saved in the per-user data folder, or in $OPIOID_SIM_DB.")
        return 0
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Opioid Care Simulator")
    app.setOrganizationName("OpioidCareSim")
    app.setDesktopFileName("org.opioidcaresim.Simulator")
    from PySide6.QtGui import QIcon

    from simulator.ui.resources import icon_path

    app.setWindowIcon(QIcon(str(icon_path("app"))))
    apply_theme(app)
    window = build_window(args)
    window.show()
    from simulator.ui.help import first_run_due

    if first_run_due():
        window.show_guide()
    window.show_notice()  # a modal dialog about the session history, if there is anything to say
    return app.exec()
