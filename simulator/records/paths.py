"""Where the app keeps its session store, worked out without Qt (for the command line).

The desktop app asks Qt (``QStandardPaths.AppDataLocation`` for organisation ``OpioidCareSim``,
application ``Opioid Care Simulator``); this gives the same folder on Linux, macOS and Windows
so ``python -m simulator export`` finds the sessions the app saved. ``$OPIOID_SIM_DB`` wins
over both. A test checks the two agree on the machine it runs on.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from simulator.records.store import SessionStore, StoreError

ORGANISATION = "OpioidCareSim"
APPLICATION = "Opioid Care Simulator"
STORE_NAME = "sessions.sqlite3"


def app_data_folder() -> Path:
    if sys.platform == "win32":
        root = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        root = Path.home() / "Library" / "Application Support"
    else:
        root = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return root / ORGANISATION / APPLICATION


def default_store_path() -> Path:
    """``$OPIOID_SIM_DB``, or the store in the app's per-user data folder."""
    if os.environ.get("OPIOID_SIM_DB"):
        return Path(os.environ["OPIOID_SIM_DB"])
    return app_data_folder() / STORE_NAME


def open_cli_store(path: str | None) -> SessionStore:
    """The store named on the command line (or the default); it must already exist."""
    target = Path(path) if path else default_store_path()
    if not target.is_file():
        raise StoreError(f"there is no session store at {target} (name one with --store DB)")
    return SessionStore(target)
