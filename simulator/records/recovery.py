"""Recovering a damaged session store: tell whether a file is ours, copy out what can be read.

Used by :meth:`simulator.records.store.SessionStore.open_or_recover` after the damaged file has
been moved aside. Reading goes row by row through primary keys, so one damaged page costs the
rows on it, not the whole history; a session keeps its actions up to the last good one.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

APPLICATION_ID = 0x4F435331  # "OCS1" in the SQLite header: how we know a file is our store


class RecoveryTarget(Protocol):
    """Where recovered sessions go (a :class:`simulator.records.store.SessionStore`)."""

    def restore(self, row: tuple[Any, ...], actions: list[tuple[str, str]]) -> None: ...


_HEADER = b"SQLite format 3\x00"
_PROBE_LIMIT = 100_000  # highest session id probed when the table cannot be scanned
_MISSES_BEFORE_STOP = 200


@dataclass(frozen=True)
class RecoverySummary:
    sessions: int = 0
    actions: int = 0
    shortened: int = 0  # sessions that lost actions after a damaged one
    unreadable: bool = False  # nothing at all could be read

    def describe(self) -> str:
        if self.unreadable or self.sessions == 0:
            return "No earlier session could be read from it; a new, empty history was started."
        text = (
            f"{self.sessions} session{'s' if self.sessions != 1 else ''} "
            f"({self.actions} action{'s' if self.actions != 1 else ''}) were recovered into a new history."
        )
        if self.shortened:
            text += (
                f" {self.shortened} of them lost the actions after a damaged one and will resume from "
                "their last good action."
            )
        return text


def is_our_store(path: Path) -> bool:
    """True when ``path`` is an SQLite file with our application id, or one with our tables."""
    try:
        with path.open("rb") as f:
            head = f.read(100)
    except OSError:
        return False
    if len(head) < 72 or not head.startswith(_HEADER):
        return False
    if int.from_bytes(head[68:72], "big") == APPLICATION_ID:
        return True
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
    return {"sessions", "actions"} <= names


def recover_sessions(source: Path, target: RecoveryTarget) -> RecoverySummary:
    """Copy every readable session of the damaged store at ``source`` into ``target``."""
    try:
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return RecoverySummary(unreadable=True)
    try:
        return _copy(conn, target)
    finally:
        conn.close()


_COLUMNS = "id, scenario_id, scenario_path, trainee, started_at, finished_at, score, max_score"


def _copy(conn: sqlite3.Connection, target: RecoveryTarget) -> RecoverySummary:
    try:
        has_hash = "scenario_hash" in {r[1] for r in conn.execute("PRAGMA table_info(sessions)")}
    except sqlite3.DatabaseError:
        has_hash = False
    try:
        has_seed = "seed" in {r[1] for r in conn.execute("PRAGMA table_info(sessions)")}
    except sqlite3.DatabaseError:
        has_seed = False
    columns = _COLUMNS + (", scenario_hash" if has_hash else "") + (", seed" if has_seed else "")
    rows = []
    for sid in _session_ids(conn):
        try:
            row = conn.execute(f"SELECT {columns} FROM sessions WHERE id = ?", (sid,)).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row is not None:
            row = tuple(row)
            if not has_hash:
                row = row[:8] + ("",) + row[8:]
            rows.append(row + ((None,) if not has_seed else ()))
    sessions = actions = shortened = 0
    for row in rows:
        good, lost = _actions(conn, row[0])
        target.restore(row, good)
        sessions += 1
        actions += len(good)
        shortened += lost
    return RecoverySummary(sessions, actions, shortened)


def _session_ids(conn: sqlite3.Connection) -> list[int]:
    try:
        return [int(r[0]) for r in conn.execute("SELECT id FROM sessions ORDER BY id")]
    except sqlite3.DatabaseError:
        pass
    # the table cannot be scanned: look each id up through the primary key instead
    found: list[int] = []
    misses = 0
    for sid in range(1, _PROBE_LIMIT):
        try:
            hit = conn.execute("SELECT 1 FROM sessions WHERE id = ?", (sid,)).fetchone()
        except sqlite3.DatabaseError:
            hit = None
        if hit:
            found.append(sid)
            misses = 0
        else:
            misses += 1
            if misses > _MISSES_BEFORE_STOP:
                break
    return found


def _actions(conn: sqlite3.Connection, sid: int) -> tuple[list[tuple[str, str]], bool]:
    """(action JSON, recorded_at) up to the last good one; True if any after it were lost."""
    good: list[tuple[str, str]] = []
    seq = 0
    while True:
        seq += 1
        try:
            row = conn.execute(
                "SELECT action, recorded_at FROM actions WHERE session_id = ? AND seq = ?", (sid, seq)
            ).fetchone()
        except sqlite3.DatabaseError:
            return good, True
        if row is None:
            try:
                later = conn.execute(
                    "SELECT 1 FROM actions WHERE session_id = ? AND seq > ? LIMIT 1", (sid, seq)
                ).fetchone()
            except sqlite3.DatabaseError:
                later = True
            return good, bool(later)
        try:
            value = json.loads(row[0])
        except (TypeError, ValueError):
            value = None
        if not isinstance(value, dict):
            return good, True
        good.append((row[0], str(row[1])))
