"""The session store: every trainee action is on disk before the app moves on.

A SQLite database (standard-library :mod:`sqlite3`, no Qt) with two tables:

* ``sessions``: one row per run of a scenario (who, which file, when, the final score);
* ``actions``: the append-only list of trainee actions of each session, as JSON.

A session is exactly its list of actions (see :class:`simulator.engine.session.Session`),
so resuming after a crash is "read the actions back and replay them". :meth:`SessionStore.append`
commits in write-ahead-log mode with ``synchronous=FULL`` before it returns, so an action the
app has acknowledged survives the process being killed or the machine losing power.

Triggers in the database itself keep the log append-only: actions can be neither changed nor
deleted, and a finished session cannot be changed.

A file that is not a session store (corrupt, truncated, some other file) never crashes the
app and is never deleted: opening it raises :class:`StoreError`, and
:meth:`SessionStore.open_or_recover` moves it aside to ``<name>.corrupt-<timestamp>`` and starts
a new store, returning a notice to show the user.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from simulator.records.migrations import BASE as _BASE_VERSION
from simulator.records.migrations import LATEST as SCHEMA_VERSION
from simulator.records.migrations import upgrade as _upgrade

# SCHEMA_VERSION is stored in ``PRAGMA user_version``; to change the tables add a step to
# simulator/records/migrations.py (the store creates version _BASE_VERSION, then upgrades).

BUSY_TIMEOUT_SECONDS = 5.0

_HEADER = b"SQLite format 3\x00"

_SCHEMA = """
CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    scenario_id   TEXT NOT NULL,
    scenario_path TEXT NOT NULL,
    trainee       TEXT NOT NULL DEFAULT '',
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    score         INTEGER,
    max_score     INTEGER
);
CREATE TABLE actions (
    session_id  INTEGER NOT NULL REFERENCES sessions(id),
    seq         INTEGER NOT NULL,
    action      TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE INDEX sessions_unfinished ON sessions(finished_at, id);
CREATE TRIGGER actions_no_update BEFORE UPDATE ON actions
BEGIN SELECT RAISE(ABORT, 'recorded actions cannot be changed'); END;
CREATE TRIGGER actions_no_delete BEFORE DELETE ON actions
BEGIN SELECT RAISE(ABORT, 'recorded actions cannot be deleted'); END;
CREATE TRIGGER sessions_no_delete BEFORE DELETE ON sessions
BEGIN SELECT RAISE(ABORT, 'sessions cannot be deleted'); END;
CREATE TRIGGER sessions_finished_final BEFORE UPDATE ON sessions WHEN OLD.finished_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a finished session cannot be changed'); END;
"""

_COLUMNS = {
    "sessions": {
        "id",
        "scenario_id",
        "scenario_path",
        "trainee",
        "started_at",
        "finished_at",
        "score",
        "max_score",
    },
    "actions": {"session_id", "seq", "action", "recorded_at"},
}


class StoreError(Exception):
    """The store cannot be used or an operation on it failed; ``str()`` is for the user.

    ``corrupt`` is true when the file is damaged or is not a session store at all: then
    :meth:`SessionStore.open_or_recover` can move it aside and start afresh.
    """

    def __init__(self, message: str, *, corrupt: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.corrupt = corrupt


@dataclass(frozen=True)
class SessionRecord:
    """One stored session, as the library's history and resume lists show it."""

    id: int
    scenario_id: str
    scenario_path: str
    trainee: str
    started_at: str
    finished_at: str | None
    score: int | None
    max_score: int | None
    action_count: int

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class SessionStore:
    """A session database at ``path`` (created if missing; ``":memory:"`` for tests).

    Raises :class:`StoreError` if the file cannot be opened or is not a session store.
    One instance per thread; several instances (or processes) may share a file.
    """

    def __init__(self, path: str | os.PathLike[str], *, clock: Callable[[], str] = _now) -> None:
        self.path = str(path)
        self._clock = clock
        self._conn: sqlite3.Connection | None = None
        memory = self.path == ":memory:"
        if not memory:
            _check_header(Path(self.path))
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for {self.path}: {exc.strerror}") from None
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the session store {self.path}: {exc}") from None
        try:
            self._prepare(conn, memory)
        except StoreError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _translate(exc, self.path) from None
        self._conn = conn

    # ------------------------------------------------------------------ opening

    @classmethod
    def open_or_recover(
        cls, path: str | os.PathLike[str], *, clock: Callable[[], str] = _now
    ) -> tuple[SessionStore, str | None]:
        """Open the store; if the file is damaged, move it aside and start a new one.

        Returns the store and ``None``, or the store and a notice for the user naming where
        the damaged file was moved. Errors that moving the file cannot fix (a locked database,
        a folder without permission, a store from a newer version) are raised as
        :class:`StoreError`.
        """
        try:
            return cls(path, clock=clock), None
        except StoreError as exc:
            if not exc.corrupt:
                raise
            reason = exc.message
        original = Path(path)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = original.with_name(f"{original.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = original.with_name(f"{original.name}.corrupt-{stamp}-{n}")
        try:
            os.replace(original, aside)
            for suffix in ("-wal", "-shm", "-journal"):
                side = original.with_name(original.name + suffix)
                if side.exists():
                    os.replace(side, aside.with_name(aside.name + suffix))
        except OSError as exc:
            raise StoreError(
                f"{reason}; it could not be moved aside ({exc.strerror}), so no new store was started"
            ) from None
        store = cls(path, clock=clock)
        notice = (
            f"The session history could not be read ({reason}). It was kept as {aside} "
            "and a new, empty history was started."
        )
        return store, notice

    def _prepare(self, conn: sqlite3.Connection, memory: bool) -> None:
        # Reading the schema version reads the header: "file is not a database" shows up here.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer version of the simulator "
                f"(store version {version}; this version reads {SCHEMA_VERSION}). "
                "Update the simulator to open it."
            )
        check = [str(r[0]) for r in conn.execute("PRAGMA quick_check(5)")]
        if check != ["ok"]:
            lines = [ln for ln in "\n".join(check).splitlines() if ln.strip() and "***" not in ln]
            detail = (lines[0] if lines else "integrity check failed")[:120]
            raise StoreError(f"{self.path} is damaged ({detail})", corrupt=True)
        if not memory:
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        tables = {
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith("sqlite_")
        }
        if version == 0:
            if tables:
                raise StoreError(
                    f"{self.path} is an SQLite database but not a session store "
                    f"(it has tables {', '.join(sorted(tables))})",
                    corrupt=True,
                )
            conn.execute("BEGIN IMMEDIATE")
            try:
                # re-check inside the write lock: another instance may have just created it
                if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
                    for statement in _statements(_SCHEMA):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {_BASE_VERSION}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            _upgrade(conn, self.path)
            return
        for table, columns in _COLUMNS.items():
            found = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            if not columns <= found:
                raise StoreError(
                    f"{self.path} is not a session store this version understands "
                    f"(table {table!r} is missing or incomplete)",
                    corrupt=True,
                )
        _upgrade(conn, self.path)

    # ------------------------------------------------------------------ writing

    def start(self, scenario_id: str, scenario_path: str, trainee: str = "") -> int:
        """Record the start of a session; returns its id."""
        with self._write() as conn:
            cur = conn.execute(
                "INSERT INTO sessions (scenario_id, scenario_path, trainee, started_at) VALUES (?, ?, ?, ?)",
                (str(scenario_id), str(scenario_path), str(trainee), self._clock()),
            )
            return int(cur.lastrowid or 0)

    def append(self, session_id: int, action: Mapping[str, Any]) -> None:
        """Store the next action of a session; it is on disk when this returns."""
        try:
            text = json.dumps(dict(action), sort_keys=True, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise StoreError(f"this action cannot be stored as JSON: {exc}") from None
        with self._write() as conn:
            row = self._session_row(conn, session_id)
            if row[0] is not None:
                raise StoreError(f"session {session_id} is finished; no more actions can be recorded")
            seq = conn.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM actions WHERE session_id = ?", (session_id,)
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO actions (session_id, seq, action, recorded_at) VALUES (?, ?, ?, ?)",
                (session_id, seq, text, self._clock()),
            )

    def finish(self, session_id: int, score: int, max_score: int) -> None:
        """Record that a session reached its debrief, with its score."""
        for value in (score, max_score):
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise StoreError(f"a score must be a number, not {value!r}")
        with self._write() as conn:
            row = self._session_row(conn, session_id)
            if row[0] is not None:
                raise StoreError(f"session {session_id} is already finished")
            conn.execute(
                "UPDATE sessions SET finished_at = ?, score = ?, max_score = ? WHERE id = ?",
                (self._clock(), int(score), int(max_score), session_id),
            )

    # ------------------------------------------------------------------ reading

    def actions(self, session_id: int) -> list[dict[str, Any]]:
        """The session's actions in the order they were recorded."""
        with self._read() as conn:
            self._session_row(conn, session_id)
            rows = conn.execute(
                "SELECT seq, action FROM actions WHERE session_id = ? ORDER BY seq", (session_id,)
            ).fetchall()
        out: list[dict[str, Any]] = []
        for seq, text in rows:
            try:
                value = json.loads(text)
            except ValueError:
                value = None
            if not isinstance(value, dict):
                raise StoreError(f"action {seq} of session {session_id} is damaged", corrupt=True)
            out.append(value)
        return out

    def session(self, session_id: int) -> SessionRecord:
        """One session by id."""
        with self._read() as conn:
            rows = conn.execute(_SELECT + " WHERE s.id = ?", (session_id,)).fetchall()
        if not rows:
            raise StoreError(f"there is no session {session_id}")
        return SessionRecord(*rows[0])

    def unfinished(self) -> list[SessionRecord]:
        """Sessions that never reached their debrief, newest first (to offer resuming)."""
        with self._read() as conn:
            rows = conn.execute(_SELECT + " WHERE s.finished_at IS NULL ORDER BY s.id DESC").fetchall()
        return [SessionRecord(*r) for r in rows]

    def history(self, limit: int = 50) -> list[SessionRecord]:
        """The most recent sessions, finished or not, newest first."""
        limit = max(0, int(limit))
        with self._read() as conn:
            rows = conn.execute(_SELECT + " ORDER BY s.id DESC LIMIT ?", (limit,)).fetchall()
        return [SessionRecord(*r) for r in rows]

    # ------------------------------------------------------------------ closing

    def close(self) -> None:
        """Close the database (safe to call twice)."""
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ helpers

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("the session store is closed")
        return self._conn

    def transaction(self, *, write: bool = False) -> _Transaction:
        """``with store.transaction(write=True) as conn:`` for the records modules' own tables."""
        return _Transaction(self._connection(), self.path, write=write)

    def _write(self) -> _Transaction:
        return _Transaction(self._connection(), self.path, write=True)

    def _read(self) -> _Transaction:
        return _Transaction(self._connection(), self.path, write=False)

    @staticmethod
    def _session_row(conn: sqlite3.Connection, session_id: int) -> tuple[Any, ...]:
        if isinstance(session_id, bool) or not isinstance(session_id, int):
            raise StoreError(f"a session id is a whole number, not {session_id!r}")
        row = conn.execute("SELECT finished_at FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise StoreError(f"there is no session {session_id}")
        return tuple(row)


_SELECT = (
    "SELECT s.id, s.scenario_id, s.scenario_path, s.trainee, s.started_at, s.finished_at, "
    "s.score, s.max_score, (SELECT COUNT(*) FROM actions a WHERE a.session_id = s.id) FROM sessions s"
)


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` for writes (plain reads otherwise); sqlite errors become
    :class:`StoreError`."""

    def __init__(self, conn: sqlite3.Connection, path: str, *, write: bool) -> None:
        self.conn = conn
        self.path = path
        self.write = write

    def __enter__(self) -> sqlite3.Connection:
        if self.write:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise _translate(exc, self.path) from None
        return self.conn

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> bool:
        if self.write:
            try:
                if kind is None:
                    self.conn.execute("COMMIT")
                elif self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
            except sqlite3.Error as error:
                if self.conn.in_transaction:
                    try:
                        self.conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                raise _translate(error, self.path) from None
        if isinstance(exc, sqlite3.Error):
            raise _translate(exc, self.path) from None
        return False


def _translate(exc: sqlite3.Error, path: str) -> StoreError:
    text = str(exc)
    lowered = text.lower()
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return StoreError(f"{path} is not a readable session store ({text})", corrupt=True)
    if "locked" in lowered or "busy" in lowered:
        return StoreError(f"{path} is in use by another program and stayed locked ({text})")
    if "readonly" in lowered or "read-only" in lowered:
        return StoreError(f"{path} cannot be written ({text})")
    return StoreError(f"session store {path}: {text}")


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as f:
            head = f.read(len(_HEADER))
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise StoreError(f"{path} is a folder, not a session store") from None
    except OSError as exc:
        raise StoreError(f"cannot read the session store {path}: {exc.strerror}") from None
    if head and head != _HEADER:
        raise StoreError(f"{path} is not an SQLite database", corrupt=True)


def _statements(script: str) -> list[str]:
    """Split the schema script into statements (triggers contain ';' inside BEGIN ... END)."""
    out: list[str] = []
    current = ""
    for line in script.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    return out
