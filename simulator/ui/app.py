"""Build the application: Qt setup, theme, the session store, the main window."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from simulator.ui.locations import default_store_path, open_store
from simulator.ui.main_window import MainWindow
from simulator.ui.resources import SCENARIOS


def build_window(argv: Sequence[str], store_path: Path | None = None) -> MainWindow:
    """The main window for ``argv`` (``[SCENARIO]``); needs a QApplication."""
    ours = store_path is None and not os.environ.get("OPIOID_SIM_DB")
    store, notice = open_store(store_path or default_store_path(), ours=ours)
    window = MainWindow(SCENARIOS, store, notice)
    if argv:
        window.open_path(argv[0])
    return window
