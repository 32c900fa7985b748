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

One writer per session (docs/decisions/004-one-writer-per-session.md): :meth:`SessionStore.acquire`
takes a lease row naming the process (pid, host, heartbeat); :meth:`SessionStore.append` takes the
sequence number the action should get and refuses a mismatch or a session another process holds.
The last action and the finish are written in one transaction (``append(..., finish=...)``).

A file that is not a session store never crashes the app and is never deleted: opening it raises
:class:`StoreError`. :meth:`SessionStore.open_or_recover` recovers a damaged store of ours: a
complete copy of everything readable is built beside it and swapped in, and the damaged file is
kept as ``<name>.corrupt-<timestamp>`` (:mod:`simulator.records.recovery`); a file it cannot tell
is ours (another program's database) is left exactly where it is.
"""

from __future__ import annotations

import json
import math
import os
import socket
import sqlite3
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from simulator.records import recovery
from simulator.records.failures import StoreError
from simulator.records.failures import pid_alive as _pid_alive
from simulator.records.migrations import BASE as _BASE_VERSION
from simulator.records.migrations import LATEST as SCHEMA_VERSION
from simulator.records.migrations import upgrade as _upgrade
from simulator.records.recovery import APPLICATION_ID

# SCHEMA_VERSION is stored in ``PRAGMA user_version``; to change the tables add a step to
# simulator/records/migrations.py (the store creates version _BASE_VERSION, then upgrades).

BUSY_TIMEOUT_SECONDS = 0.5
"""How long a write waits for another process's transaction; short, so the window never freezes."""

LEASE_STALE_SECONDS = 120.0
"""A lease whose holder has not written or sent a heartbeat for this long can be taken over."""

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


class SequenceError(StoreError):
    """The action's sequence number is not the next one: another writer got there first."""


@dataclass(frozen=True)
class LeaseHolder:
    """Who holds a session open for writing."""

    owner: str
    pid: int
    host: str
    since: str
    beat: float  # time.time() of the last write or heartbeat

    def describe(self) -> str:
        return f"process {self.pid} on {self.host} (opened {self.since[:16].replace('T', ' ')} UTC)"


class SessionLockedError(StoreError):
    """Another process holds the session open for writing; ``holder`` says which."""

    def __init__(self, message: str, holder: LeaseHolder | None) -> None:
        super().__init__(message)
        self.holder = holder


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
    scenario_hash: str = ""
    seed: int | None = None
    """The seed that picked the case's variant (None: the case as written)."""

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
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
        """This instance's name in lease rows (one writer per session)."""
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
        cls,
        path: str | os.PathLike[str],
        *,
        clock: Callable[[], str] = _now,
        ours: bool = False,
        progress: Callable[[float, str], None] | None = None,
        step: Callable[[str], None] | None = None,
        recover: bool = True,
    ) -> tuple[SessionStore, str | None]:
        """Open the store; if it is a damaged store of ours, recover everything that can be read.

        The recovered store is built beside the damaged one and put in its place only when it is
        complete; the damaged file is kept as ``<name>.corrupt-<time>`` (see
        :mod:`simulator.records.recovery`). Returns the store and ``None``, or the store and a
        notice for the user saying what was kept, what was not, and where the old file is.
        ``progress(fraction, what)`` is called while recovering (it can take seconds);
        ``recover=False`` raises the damage instead (the app then recovers on a worker thread).

        A file is treated as ours when its SQLite header carries our application id, or it has
        our tables; ``ours=True`` (the app's own data folder) also covers a file too damaged to
        tell. Anything else (another program's database, a file named by mistake) is never moved:
        :class:`StoreError` says so. Errors that recovering cannot fix (a locked database, a folder
        without permission, a store from a newer version, a disk too full to recover into) are
        raised as :class:`StoreError` too, with the damaged file left where it was.
        """
        original = Path(path)
        try:
            finished = recovery.finish_swap(original, step) if str(path) != ":memory:" else None
        except OSError as exc:
            raise StoreError(f"{original}: a recovered history could not be put in place ({exc})") from None
        try:
            store = cls(path, clock=clock)
        except StoreError as exc:
            if not exc.corrupt:
                raise
            reason = exc.message
        else:
            if str(path) != ":memory:":
                recovery.discard_partial(original)  # a build a recovery never finished: the store reads now
            return store, (_recovery_notice(finished) if finished else None)
        if not recover:
            raise StoreError(reason, corrupt=True)
        if not (recovery.is_our_store(original) or ours):
            raise StoreError(
                f"{original} is not a session store of this simulator ({reason}), so it was left "
                "untouched. Choose another file for the session history."
            )
        try:
            summary = recovery.recover(
                original, reason, open_store=lambda p: cls(p, clock=clock), progress=progress, step=step
            )
        except OSError as exc:
            raise StoreError(
                f"{reason}; the history could not be recovered ({exc}). The damaged file was left as it was."
            ) from None
        return cls(path, clock=clock), (_recovery_notice(summary) if summary else None)

    def _prepare(self, conn: sqlite3.Connection, memory: bool) -> None:
        # Identify the file before changing anything in it: another program's database is
        # refused untouched (not even switched to WAL). Reading the header is also where
        # "file is not a database" shows up.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith("sqlite_")
        }
        if app_id not in (0, APPLICATION_ID):
            raise StoreError(f"{self.path} is another program's database, not a session store")
        if app_id == 0 and tables and not {"sessions", "actions"} <= tables:
            raise StoreError(
                f"{self.path} is an SQLite database but not a session store "
                f"(it has tables {', '.join(sorted(tables))})"
            )
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
        if version == 0:
            if tables:
                raise StoreError(f"{self.path} is a damaged session store (no schema version)", corrupt=True)
            conn.execute("BEGIN IMMEDIATE")
            try:
                # re-check inside the write lock: another instance may have just created it
                if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
                    for statement in _statements(_SCHEMA):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {_BASE_VERSION}")
                    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        for table, columns in _COLUMNS.items():
            found = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            if not columns <= found:
                raise StoreError(
                    f"{self.path} is not a session store this version understands "
                    f"(table {table!r} is missing or incomplete)",
                    corrupt=app_id == APPLICATION_ID,
                )
        _upgrade(conn, self.path)  # the records' schema versions (simulator/records/migrations.py)
        _lifecycle_schema(conn, memory)

    # ------------------------------------------------------------------ writing

    def start(
        self,
        scenario_id: str,
        scenario_path: str,
        trainee: str = "",
        *,
        scenario_hash: str = "",
        hold: bool = False,
        seed: int | None = None,
    ) -> int:
        """Record the start of a session; returns its id. ``hold`` also takes its lease.
        ``seed`` picked the case's variant (resuming uses it again)."""
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise StoreError(f"a seed is a whole number, not {seed!r}")
        with self._write() as conn:
            cur = conn.execute(
                "INSERT INTO sessions (scenario_id, scenario_path, trainee, started_at, scenario_hash, seed) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (str(scenario_id), str(scenario_path), str(trainee), self._clock(), str(scenario_hash), seed),
            )
            sid = int(cur.lastrowid or 0)
            if hold:
                self._take_lease(conn, sid)
            return sid

    def append(
        self,
        session_id: int,
        action: Mapping[str, Any],
        *,
        seq: int | None = None,
        finish: tuple[int, int] | None = None,
    ) -> None:
        """Store the next action of a session; it is on disk when this returns.

        ``seq`` is the number (1-based) the caller expects this action to get: a mismatch
        raises :class:`SequenceError` and stores nothing. ``finish=(score, max_score)`` marks
        the session finished in the same transaction. A session another instance holds (see
        :meth:`acquire`) is refused with :class:`SessionLockedError`.
        """
        try:
            text = json.dumps(dict(action), sort_keys=True, ensure_ascii=False, allow_nan=False)
            text.encode("utf-8")
        except (TypeError, ValueError) as exc:
            raise StoreError(f"this action cannot be stored as JSON: {exc}") from None
        if finish is not None:
            _check_scores(*finish)
        with self._write() as conn:
            row = self._session_row(conn, session_id)
            # The one thing a finished session still takes: answers to the check after the debrief
            # (learning gain); the score and the finish stay as they were.
            after_check = action.get("type") == "check" and action.get("stage") == "after"
            if row[0] is not None and not (after_check and finish is None):
                raise StoreError(f"session {session_id} is finished; no more actions can be recorded")
            if row[0] is None:
                self._check_lease(conn, session_id)
            next_seq = conn.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM actions WHERE session_id = ?", (session_id,)
            ).fetchone()[0]
            if seq is not None and seq != next_seq:
                raise SequenceError(
                    f"session {session_id} has {next_seq - 1} saved actions, not {seq - 1}: it was "
                    "changed elsewhere since it was opened, so this action was not saved"
                )
            conn.execute(
                "INSERT INTO actions (session_id, seq, action, recorded_at) VALUES (?, ?, ?, ?)",
                (session_id, next_seq, text, self._clock()),
            )
            if finish is not None:
                self._finish(conn, session_id, *finish)
            elif row[0] is None:
                conn.execute(
                    "UPDATE session_leases SET beat = ? WHERE session_id = ? AND owner = ?",
                    (time.time(), session_id, self.owner),
                )

    def finish(self, session_id: int, score: int, max_score: int) -> None:
        """Record that a session reached its debrief, with its score (and release its lease)."""
        _check_scores(score, max_score)
        with self._write() as conn:
            row = self._session_row(conn, session_id)
            if row[0] is not None:
                raise StoreError(f"session {session_id} is already finished")
            self._check_lease(conn, session_id)
            self._finish(conn, session_id, score, max_score)

    def _finish(self, conn: sqlite3.Connection, session_id: int, score: int, max_score: int) -> None:
        conn.execute(
            "UPDATE sessions SET finished_at = ?, score = ?, max_score = ? WHERE id = ?",
            (self._clock(), int(score), int(max_score), session_id),
        )
        conn.execute("DELETE FROM session_leases WHERE session_id = ?", (session_id,))

    def set_scenario_hash(self, session_id: int, scenario_hash: str) -> None:
        """Record that an unfinished session now continues on a changed scenario file."""
        with self._write() as conn:
            row = self._session_row(conn, session_id)
            if row[0] is not None:
                raise StoreError(f"session {session_id} is finished")
            self._check_lease(conn, session_id)
            conn.execute("UPDATE sessions SET scenario_hash = ? WHERE id = ?", (scenario_hash, session_id))

    def fork(self, session_id: int, actions: list[Mapping[str, Any]], scenario_hash: str = "") -> int:
        """Continue an unfinished session in a new one that starts with ``actions``.

        For a session whose later actions are damaged or no longer apply: the new session
        holds the good ones and this instance's lease; the old one is kept untouched, except
        that it is no longer offered for resuming. Returns the new session's id.
        """
        texts = [json.dumps(dict(a), sort_keys=True, ensure_ascii=False, allow_nan=False) for a in actions]
        with self._write() as conn:
            row = self._session_row(conn, session_id)
            if row[0] is not None:
                raise StoreError(f"session {session_id} is finished")
            self._check_lease(conn, session_id)
            old = conn.execute(
                "SELECT scenario_id, scenario_path, trainee, seed FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
            cur = conn.execute(
                "INSERT INTO sessions (scenario_id, scenario_path, trainee, seed, started_at, scenario_hash) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (*old, self._clock(), scenario_hash),
            )
            new = int(cur.lastrowid or 0)
            for i, text in enumerate(texts, 1):
                conn.execute(
                    "INSERT INTO actions (session_id, seq, action, recorded_at) VALUES (?, ?, ?, ?)",
                    (new, i, text, self._clock()),
                )
            conn.execute("UPDATE sessions SET superseded_by = ? WHERE id = ?", (new, session_id))
            conn.execute("DELETE FROM session_leases WHERE session_id = ?", (session_id,))
            self._take_lease(conn, new)
            return new

    # ------------------------------------------------------------------ one writer per session

    def acquire(self, session_id: int) -> None:
        """Hold ``session_id`` open for writing by this instance.

        Raises :class:`SessionLockedError` naming the holder when another live process holds
        it. A lease left by a process that has died (same host, pid gone) or that has been
        silent for :data:`LEASE_STALE_SECONDS` is taken over.
        """
        with self._write() as conn:
            row = self._session_row(conn, session_id)
            if row[0] is not None:
                raise StoreError(f"session {session_id} is finished")
            holder = self._holder(conn, session_id)
            if holder is not None and holder.owner != self.owner and not _stale(holder):
                raise SessionLockedError(
                    f"this session is open in another window of the simulator: {holder.describe()}",
                    holder,
                )
            self._take_lease(conn, session_id)

    def release(self, session_id: int) -> None:
        """Give up this instance's lease on ``session_id`` (nothing if it holds none)."""
        with self._write() as conn:
            conn.execute(
                "DELETE FROM session_leases WHERE session_id = ? AND owner = ?", (session_id, self.owner)
            )

    def heartbeat(self, session_id: int) -> None:
        """Tell other instances this one is still alive and holding ``session_id``."""
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE session_leases SET beat = ? WHERE session_id = ? AND owner = ?",
                (time.time(), session_id, self.owner),
            )
            if cur.rowcount == 0:
                holder = self._holder(conn, session_id)
                raise SessionLockedError(
                    "this window no longer holds the session"
                    + (f": {holder.describe()} has taken it over" if holder else ""),
                    holder,
                )

    def holder(self, session_id: int) -> LeaseHolder | None:
        """Who holds ``session_id`` open for writing, if anyone (stale leases included)."""
        with self._read() as conn:
            return self._holder(conn, session_id)

    def _take_lease(self, conn: sqlite3.Connection, session_id: int) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO session_leases (session_id, owner, pid, host, since, beat) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (session_id, self.owner, os.getpid(), socket.gethostname(), _now(), time.time()),
        )

    @staticmethod
    def _holder(conn: sqlite3.Connection, session_id: int) -> LeaseHolder | None:
        row = conn.execute(
            "SELECT owner, pid, host, since, beat FROM session_leases WHERE session_id = ?", (session_id,)
        ).fetchone()
        return LeaseHolder(*row) if row else None

    def _check_lease(self, conn: sqlite3.Connection, session_id: int) -> None:
        holder = self._holder(conn, session_id)
        if holder is not None and holder.owner != self.owner:
            raise SessionLockedError(
                f"this session is held by another window of the simulator ({holder.describe()}), "
                "so nothing was saved here",
                holder,
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

    def readable_actions(self, session_id: int) -> tuple[list[dict[str, Any]], str | None]:
        """The session's actions up to its last good one, and what stopped the list (or None).

        A row that cannot be read or is not an action stops the list: everything after it
        would replay out of order.
        """
        with self._read() as conn:
            self._session_row(conn, session_id)
            out: list[dict[str, Any]] = []
            seq = 0
            while True:
                seq += 1
                try:
                    row = conn.execute(
                        "SELECT action FROM actions WHERE session_id = ? AND seq = ?", (session_id, seq)
                    ).fetchone()
                except sqlite3.DatabaseError as exc:
                    return out, f"action {seq} could not be read ({exc})"
                if row is None:
                    later = conn.execute(
                        "SELECT COUNT(*) FROM actions WHERE session_id = ? AND seq > ?", (session_id, seq)
                    ).fetchone()[0]
                    return out, (f"action {seq} is missing" if later else None)
                try:
                    value = json.loads(row[0])
                except (TypeError, ValueError):
                    value = None
                if not isinstance(value, dict):
                    return out, f"action {seq} is damaged"
                out.append(value)

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
            rows = conn.execute(
                _SELECT + " WHERE s.finished_at IS NULL AND s.superseded_by IS NULL ORDER BY s.id DESC"
            ).fetchall()
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
    "s.score, s.max_score, (SELECT COUNT(*) FROM actions a WHERE a.session_id = s.id), s.scenario_hash, "
    "s.seed "
    "FROM sessions s"
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


def _lifecycle_schema(conn: sqlite3.Connection, memory: bool) -> None:
    """Tables and columns for one writer per session, scenario hashes and recovery.

    Idempotent (adds only what is missing), so it can run on every open or be folded into a
    migration list. It always writes one row, which is how the store checks at start that it
    can be written: a read-only store fails here, not at the trainee's first action.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(sessions)")}
        if "scenario_hash" not in columns:
            conn.execute("ALTER TABLE sessions ADD COLUMN scenario_hash TEXT NOT NULL DEFAULT ''")
        if "superseded_by" not in columns:
            conn.execute("ALTER TABLE sessions ADD COLUMN superseded_by INTEGER")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS session_leases (session_id INTEGER PRIMARY KEY, "
            "owner TEXT NOT NULL, pid INTEGER NOT NULL, host TEXT NOT NULL, since TEXT NOT NULL, "
            "beat REAL NOT NULL)"
        )
        conn.execute("CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        if conn.execute("PRAGMA application_id").fetchone()[0] == 0:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("INSERT OR REPLACE INTO store_meta (key, value) VALUES ('last_opened', ?)", (_now(),))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _recovery_notice(summary: Any) -> str:
    return (
        f"The session history could not be read as it was ({summary.reason}). {summary.describe()} "
        f"The damaged file was kept as {summary.kept_as}; delete it once you are satisfied nothing "
        "more is needed from it."
    )


def _stale(holder: LeaseHolder) -> bool:
    if time.time() - holder.beat > LEASE_STALE_SECONDS:
        return True
    if holder.host == socket.gethostname():
        return not _pid_alive(holder.pid)
    return False


def _check_scores(score: Any, max_score: Any) -> None:
    for value in (score, max_score):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise StoreError(f"a score must be a number, not {value!r}")


def _translate(exc: sqlite3.Error, path: str) -> StoreError:
    text = str(exc)
    lowered = text.lower()
    if "disk is full" in lowered or "disk i/o" in lowered:
        return StoreError(f"{path} could not be written: the disk is full or failing ({text})")
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return StoreError(f"{path} is not a readable session store ({text})", corrupt=True)
    if "locked" in lowered or "busy" in lowered:
        message = f"{path} is busy: another window or program is writing to it ({text}); try again"
        return StoreError(message, busy=True)
    if "unable to open" in lowered:
        return StoreError(f"{path} cannot be written: its folder or disk may be read-only ({text})")
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
