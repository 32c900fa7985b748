"""Schema versions of the session store and the steps that upgrade an older file.

The version lives in SQLite's ``PRAGMA user_version``. :data:`STEPS` is an ordered list: step
``n`` turns a version ``n - 1`` store into a version ``n`` store. A store is brought up to
:data:`LATEST` when it is opened (:func:`upgrade`, called once from
:class:`simulator.records.store.SessionStore`), each step in its own ``BEGIN IMMEDIATE``
transaction, so a crash half-way leaves the file at the last version that completed, and a
second process opening the same file at the same time waits and then finds nothing to do.

Before the first step runs on a file that already holds sessions, a copy of the file is kept
beside it as ``<name>.before-v<N>`` (SQLite's online backup, so it is consistent even in WAL
mode; written under a temporary name and renamed when complete, so that name only ever holds
a whole copy): a migration that went wrong can always be undone by hand.

Adding a version: write a function that takes the connection, append it to :data:`STEPS`
with one line saying what it adds, and add a test that a store of the previous version opens.
Steps only ever add (tables, columns, indexes, triggers); they never drop what an older
version of the simulator relies on, so a copy of the data stays readable.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Step:
    version: int
    summary: str
    apply: Callable[[sqlite3.Connection], None]


def _v2_records(conn: sqlite3.Connection) -> None:
    """Trainee profiles, the cached result of each finished attempt, and the LRS outbox."""
    conn.execute(
        """CREATE TABLE trainees (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_at TEXT NOT NULL
        )"""
    )
    # Trainee names already used by sessions become profiles, so history keeps its owner.
    conn.execute(
        "INSERT OR IGNORE INTO trainees (name, created_at) "
        "SELECT trainee, MIN(started_at) FROM sessions WHERE trainee != '' GROUP BY trainee"
    )
    conn.execute(
        """CREATE TABLE results (
            session_id  INTEGER PRIMARY KEY REFERENCES sessions(id),
            report      TEXT NOT NULL,
            computed_at TEXT NOT NULL
        )"""
    )
    conn.execute(
        """CREATE TABLE outbox (
            statement_id TEXT PRIMARY KEY,
            session_id   INTEGER REFERENCES sessions(id),
            statement    TEXT NOT NULL,
            queued_at    TEXT NOT NULL,
            tries        INTEGER NOT NULL DEFAULT 0,
            last_error   TEXT NOT NULL DEFAULT '',
            next_try_at  TEXT NOT NULL DEFAULT '',
            sent_at      TEXT
        )"""
    )
    conn.execute("CREATE INDEX outbox_pending ON outbox(sent_at, queued_at)")


def _v3_seeds(conn: sqlite3.Connection) -> None:
    """The seed that picked each session's case variant (NULL: older sessions, the case as written)."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(sessions)")}
    if "seed" not in columns:
        conn.execute("ALTER TABLE sessions ADD COLUMN seed INTEGER")


STEPS: tuple[Step, ...] = (
    # version 1 is the base schema the store itself creates (simulator.records.store._SCHEMA)
    Step(2, "trainee profiles, cached attempt results, LRS outbox", _v2_records),
    Step(3, "the seed of each session's case variant", _v3_seeds),
)

BASE = 1
"""The version the store's own schema script creates; every later version is a step."""

LATEST = STEPS[-1].version if STEPS else BASE


def upgrade(conn: sqlite3.Connection, path: str) -> list[int]:
    """Bring an open store up to :data:`LATEST`; returns the versions applied (maybe none).

    ``conn`` is in autocommit mode (``isolation_level=None``), as the store opens it.
    """
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    pending = [s for s in STEPS if s.version > current]
    if not pending:
        return []
    if path != ":memory:" and _has_sessions(conn):
        _backup(conn, Path(path), pending[-1].version)
    applied: list[int] = []
    for step in pending:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # re-read inside the write lock: another process may have migrated meanwhile
            if conn.execute("PRAGMA user_version").fetchone()[0] == step.version - 1:
                step.apply(conn)
                conn.execute(f"PRAGMA user_version = {int(step.version)}")
                applied.append(step.version)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return applied


def _has_sessions(conn: sqlite3.Connection) -> bool:
    try:
        return conn.execute("SELECT 1 FROM sessions LIMIT 1").fetchone() is not None
    except sqlite3.Error:
        return False


def _copied(status: int, remaining: int, total: int) -> None:
    """Called after each 256 pages of the backup (fault-injection tests stop it here)."""


def _backup(conn: sqlite3.Connection, path: Path, target: int) -> Path:
    """A complete copy under ``<name>.before-v<N>``, or nothing under that name.

    Written as ``<copy>.partial`` and renamed when complete (fsync'd), so a kill or a full disk
    never leaves a partial or empty file under the documented name.
    """
    copy = path.with_name(f"{path.name}.before-v{target}")
    n = 1
    while copy.exists():
        n += 1
        copy = path.with_name(f"{path.name}.before-v{target}-{n}")
    partial = copy.with_name(copy.name + ".partial")
    for leftover in (partial, partial.with_name(partial.name + "-journal")):
        leftover.unlink(missing_ok=True)
    dest = sqlite3.connect(partial)
    try:
        conn.backup(dest, pages=256, progress=_copied)
        dest.execute("PRAGMA journal_mode=DELETE")
    except BaseException:
        dest.close()
        partial.unlink(missing_ok=True)
        raise
    dest.close()
    fd = os.open(partial, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(partial, copy)
    return copy
