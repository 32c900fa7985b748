"""Where the app keeps its files: the session store and the validated-scenario cache.

Below the windows that use them (startup, the main window's builder, the library), so none of
those import each other for a path.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths

if TYPE_CHECKING:
    from simulator.records.store import SessionStore
    from simulator.scenario.cache import ScenarioCache


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


def scenario_cache() -> ScenarioCache:
    """The validated-scenario cache in the per-user cache folder."""
    from simulator.scenario.cache import ScenarioCache

    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return ScenarioCache(Path(location) / "validated-scenarios" if location else None)


def protect_settings() -> None:
    """The settings file and its folder readable by the user only (0600 / 0700).

    Here rather than with the LRS settings (:mod:`simulator.ui.lrs_sync`, which re-exports it):
    start-up calls it, and the LRS module imports ``urllib``, ``http``, ``email`` and ``ssl``
    (about 5 MB) that an idle library never needs.
    """
    from simulator.records.secrets import private_file, private_folder

    settings = QSettings()
    settings.sync()
    path = Path(settings.fileName())
    if path.is_file():
        private_file(path)
        if path.parent.name == "OpioidCareSim":  # our own folder, not a shared one such as ~/.config
            private_folder(path.parent)
