"""Start-up opens a damaged or busy session history on a worker: progress, then the store, or Retry."""

from __future__ import annotations

import json
import sqlite3

from simulator.control.dialogs import ScriptedDialogs
from simulator.records.store import SessionStore
from simulator.ui.main_window import MainWindow
from simulator.ui.resources import SCENARIOS
from simulator.ui.store_open import StoreOpening


def _window(qtbot) -> MainWindow:
    win = MainWindow(SCENARIOS, None, load_library=False)
    win.dialogs = ScriptedDialogs()
    qtbot.addWidget(win)
    return win


def _history(db, sessions: int = 6) -> None:
    with SessionStore(db) as store:
        for _ in range(sessions):
            sid = store.start("clbp-moderate-oud", "case.yaml")
            with store._connection() as conn:
                conn.executemany(
                    "INSERT INTO actions (session_id, seq, action, recorded_at) VALUES (?, ?, ?, 'x')",
                    [
                        (sid, k, json.dumps({"type": "say", "text": f"statement {k} " * 8}))
                        for k in range(1, 31)
                    ],
                )
        store._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")


def test_a_damaged_history_is_recovered_off_the_gui_thread_with_progress(qtbot, tmp_path):
    db = tmp_path / "s.sqlite3"
    _history(db)
    conn = sqlite3.connect(db)
    leaf = conn.execute("SELECT pageno FROM dbstat WHERE name = 'actions' AND pagetype = 'leaf'").fetchall()[
        3
    ][0]
    conn.close()
    data = bytearray(db.read_bytes())
    data[(leaf - 1) * 4096 : leaf * 4096] = bytes(4096)
    db.write_bytes(bytes(data))
    win = _window(qtbot)
    opening = StoreOpening(win, db, ours=False)
    seen: list[str] = []
    opening.progress.connect(seen.append)
    assert opening.start() is False  # the window is not held up: a worker recovers
    assert win.store is None and not win.library.isEnabled()  # no session starts unsaved meanwhile
    with qtbot.waitSignal(opening.ready, timeout=20_000):
        pass
    assert win.store is not None and win.library.isEnabled()
    assert any(text.startswith("Recovering the session history") for text in seen)
    (shown,) = win.dialogs.shown
    assert "6 sessions" in shown.text and "kept as" in shown.text
    assert len(win.store.unfinished()) == 6


def test_a_busy_history_is_waited_for_and_opened_when_it_is_free(qtbot, tmp_path, monkeypatch):
    from simulator.records import store

    db = tmp_path / "s.sqlite3"
    _history(db, 2)
    other = sqlite3.connect(db, isolation_level=None)  # another window, migrating: it holds the write lock
    other.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(store, "BUSY_TIMEOUT_SECONDS", 0.1)  # each try waits less (0.5 s in the app)
    win = _window(qtbot)
    opening = StoreOpening(win, db, ours=False)
    seen: list[str] = []
    opening.progress.connect(seen.append)
    assert opening.start() is False
    qtbot.waitUntil(lambda: any("another window" in t for t in seen), timeout=10_000)
    assert win.store is None and win.dialogs.shown == []
    other.execute("COMMIT")
    other.close()
    qtbot.waitUntil(lambda: win.store is not None, timeout=10_000)
    assert len(win.store.unfinished()) == 2 and win.dialogs.shown == []


def test_a_history_busy_for_too_long_offers_retry(qtbot, tmp_path, monkeypatch):
    from simulator.records import store

    db = tmp_path / "s.sqlite3"
    _history(db, 1)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    win = _window(qtbot)
    win.dialogs.answers = ["retry"]
    # "too long" made short: each try waits SQLite's busy time (0.5 s), the opening 0.6 s in all
    # before it asks (a second and a half of nothing, before)
    monkeypatch.setattr(store, "BUSY_TIMEOUT_SECONDS", 0.1)
    opening = StoreOpening(win, db, ours=False, wait_seconds=0.15)
    opening.start()
    qtbot.waitUntil(lambda: len(win.dialogs.shown) == 1, timeout=10_000)
    assert win.dialogs.shown[0].choices == ("retry", "continue") and "busy" in win.dialogs.shown[0].text
    other.execute("COMMIT")  # the other window finished: the retry opens it
    other.close()
    qtbot.waitUntil(lambda: win.store is not None, timeout=10_000)
    assert len(win.store.unfinished()) == 1
