"""Recovering a damaged session store: everything readable is kept, nothing is replaced half-way.

Used by :meth:`simulator.records.store.SessionStore.open_or_recover` (and by the app on a
worker thread, with progress). The steps, each safe to interrupt:

1. A new store is built beside the damaged one, as ``<name>.recovering``; the damaged file is
   only read (read-only connection), never changed. An interrupted build (kill, power loss,
   disk full) leaves the damaged file where it was: the next start deletes the partial build
   and starts again from it.
2. Every table is copied: sessions (with their replaced-by links), actions, trainees, results,
   the LRS outbox and the store's own notes. Each table is read in key order; a damaged page
   costs the rows on it: the read jumps past it (a short walk, then doubling, then halving back
   to the first readable key) and goes on, so rows after a damaged page are kept.
3. A session keeps its actions up to the first one missing or damaged, so it replays in order;
   the readable actions after that are kept aside in ``salvaged_actions`` (nothing readable is
   dropped). A session whose row was lost is rebuilt from its stored result (case, trainee,
   times, and the actions themselves), or, failing that, from its actions alone.
4. The complete build is renamed ``<name>.recovered`` (atomic). Only then is the damaged file
   renamed ``<name>.corrupt-<time>`` (kept until the user deletes it) and the recovered file
   renamed into place. A start that finds ``<name>.recovered`` finishes these two renames.

:class:`RecoverySummary` says exactly what was kept and what is known to be missing.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from simulator.records.failures import StoreError, pid_alive

APPLICATION_ID = 0x4F435331  # "OCS1" in the SQLite header: how we know a file is our store

_HEADER = b"SQLite format 3\x00"
_SIDES = ("-wal", "-shm", "-journal")
_WIDE = 2**32  # actions' (session_id, seq) key as one number: session_id * _WIDE + seq

Progress = Callable[[float, str], None]
"""``progress(fraction done, what is being read)``; called from the thread that recovers."""


def _quiet(_fraction: float, _what: str) -> None:
    pass


@dataclass
class RecoverySummary:
    """What a recovery kept, what it knows it could not, and where the damaged file is."""

    kept: dict[str, int] = field(default_factory=dict)
    lost_sessions: list[int] = field(default_factory=list)
    """Session ids the damaged file had (by its id counter) whose row and actions are gone."""
    rebuilt: int = 0  # session rows rebuilt from their result or actions
    shortened: int = 0  # sessions whose actions stop before a missing or damaged one
    set_aside: int = 0  # readable actions after such a gap, kept in salvaged_actions
    gaps: int = 0  # actions known missing (holes in a session's numbering)
    damaged: list[str] = field(default_factory=list)  # tables with unreadable parts
    kept_as: str = ""
    reason: str = ""

    @property
    def sessions(self) -> int:
        return self.kept.get("sessions", 0)

    @property
    def actions(self) -> int:
        return self.kept.get("actions", 0)

    def describe(self) -> str:
        if not any(self.kept.values()):
            text = "No earlier session could be read from it; a new, empty history was started."
        else:
            parts = [f"{self.sessions} session{'s' if self.sessions != 1 else ''}",
                     f"{self.actions} action{'s' if self.actions != 1 else ''}"]  # fmt: skip
            for table, word in (("trainees", "trainee profile(s)"), ("results", "saved result(s)"),
                                ("outbox", "learning-record statement(s)")):  # fmt: skip
                parts.append(f"{self.kept.get(table, 0)} {word}")
            text = f"{', '.join(parts)} were recovered into a new history."
        if self.rebuilt:
            text += f" {self.rebuilt} session(s) whose own record was lost were rebuilt from their actions."
        if self.shortened:
            text += (
                f" {self.shortened} of them lost the actions after a damaged one and will resume from "
                "their last good action"
                + (
                    f" ({self.set_aside} later action(s) are kept aside in the new file)."
                    if self.set_aside
                    else "."
                )
            )
        missing = []
        if self.lost_sessions:
            ids = ", ".join(str(i) for i in self.lost_sessions[:10]) + (
                "…" if len(self.lost_sessions) > 10 else ""
            )
            missing.append(f"{len(self.lost_sessions)} session(s) (number {ids})")
        if self.gaps:
            missing.append(f"{self.gaps} action(s)")
        if missing:
            text += f" Could not be read: {' and '.join(missing)}."
        elif self.damaged:
            text += f" Some of the {', '.join(self.damaged)} could not be read."
        else:
            text += " Nothing readable was left behind."
        return text

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> RecoverySummary:
        try:
            data = json.loads(text)
            return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
        except (TypeError, ValueError):
            return cls()


# ---------------------------------------------------------------------------- telling it is ours


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


# ---------------------------------------------------------------------------- the whole procedure


def building(path: Path) -> Path:
    return path.with_name(path.name + ".recovering")


def complete(path: Path) -> Path:
    return path.with_name(path.name + ".recovered")


Hook = Callable[[str], None]
"""Called at each step (for fault-injection tests: raising there is a kill at that step)."""


def recover(path: Path, reason: str, *, open_store: Callable[[Path], Any], progress: Progress | None = None,
            step: Hook | None = None) -> RecoverySummary | None:  # fmt: skip
    """Recover the damaged store at ``path`` in place; returns what was kept (None: another
    window recovered it meanwhile and it reads now).

    ``open_store(path)`` opens (creating) a session store there (the store's own class, so this
    module does not import it). Raises :class:`StoreError` (the damaged file untouched) when the
    new store cannot be written (disk full, read-only folder), or a busy one while another
    window is recovering it.
    """
    hook = step or (lambda _name: None)
    path = Path(path)
    with recovery_lock(path):
        return _recover(path, reason, progress or _quiet, hook, open_store)


def _recover(path: Path, reason: str, progress: Progress, hook: Hook, open_store: Callable[[Path], Any]
             ) -> RecoverySummary | None:  # fmt: skip
    _finish_swap(path)  # a recovery another window completed but did not put in place
    try:
        open_store(path).close()
        return None  # recovered by another window while this one waited for the lock
    except StoreError as exc:
        if not exc.corrupt:
            raise
    tmp = building(path)
    _remove(tmp)  # a build an earlier start did not finish: start again from the kept original
    hook("start")
    summary = RecoverySummary(reason=reason)
    try:
        target = open_store(tmp)
    except StoreError as exc:
        _remove(tmp)
        raise StoreError(
            f"{reason}; the history could not be recovered ({exc.message}), so nothing was changed"
        ) from None
    try:
        _copy_all(path, target, summary, progress, hook)
        summary.kept_as = str(_aside_name(path))
        with target.transaction(write=True) as conn:
            conn.execute(
                "INSERT OR REPLACE INTO store_meta (key, value) VALUES ('recovery', ?)", (summary.to_json(),)
            )
        conn = target._connection()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file to rename
    except StoreError as exc:
        target.close()
        _remove(tmp)
        raise StoreError(
            f"{reason}; the history could not be recovered ({exc.message}), so nothing was changed: "
            "free some disk space and start the simulator again"
        ) from None
    except BaseException:
        target.close()
        raise
    target.close()
    _fsync(tmp)
    hook("built")
    os.replace(tmp, complete(path))
    _fsync_dir(path.parent)
    hook("complete")
    _finish_swap(path, hook)
    progress(1.0, "done")
    return summary


def finish_swap(path: Path, step: Hook | None = None) -> RecoverySummary | None:
    """Put a complete recovered store in place (idempotent); its summary, or None if there was none."""
    if not complete(path).exists():
        return None
    with recovery_lock(path):
        return _finish_swap(path, step)


def _finish_swap(path: Path, step: Hook | None = None) -> RecoverySummary | None:
    hook = step or (lambda _name: None)
    done = complete(path)
    if not done.exists():
        return None
    summary = _summary_of(done)
    aside = Path(summary.kept_as) if summary.kept_as else _aside_name(path)
    if path.exists():
        for suffix in _SIDES:  # the damaged file's companions first, then the file itself
            side = path.with_name(path.name + suffix)
            if side.exists():
                os.replace(side, aside.with_name(aside.name + suffix))
        hook("sides-moved")
        os.replace(path, aside)
        hook("moved-aside")
    os.replace(done, path)
    _fsync_dir(path.parent)
    return summary


def discard_partial(path: Path) -> None:
    """Remove a recovery build that was never finished (quietly: it holds nothing new)."""
    try:
        if building(path).exists():
            _remove(building(path))
    except OSError:
        pass


@contextmanager
def recovery_lock(path: Path) -> Iterator[None]:
    """One recovery of ``path`` at a time: ``<name>.recovery-lock`` names the process doing it.

    Another live process holding it raises a busy :class:`StoreError`
    (the app waits and tries again); a lock left by a process that died is taken over.
    """
    lock = path.with_name(path.name + ".recovery-lock")
    me = f"{os.getpid()}@{socket.gethostname()}"
    for _attempt in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            try:
                pid, _, host = lock.read_text(encoding="utf-8").partition("@")
                alive = host != socket.gethostname() or pid_alive(int(pid))
            except (OSError, ValueError):
                alive = False  # unreadable or half-written: its writer died at once
            if alive:
                raise StoreError(
                    f"{path} is busy: another window of the simulator is recovering it", busy=True
                ) from None
            lock.unlink(missing_ok=True)
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(me)
        break
    else:
        raise StoreError(f"{path} is busy: another window of the simulator is recovering it", busy=True)
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def _summary_of(db: Path) -> RecoverySummary:
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM store_meta WHERE key = 'recovery'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        row = None
    return RecoverySummary.from_json(row[0]) if row else RecoverySummary()


def _aside_name(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    return aside


def _remove(db: Path) -> None:
    for p in (db, *(db.with_name(db.name + s) for s in _SIDES)):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------- reading past damage


def read_table(conn: sqlite3.Connection, table: str, columns: list[str], key: tuple[str, ...] = ("rowid",)
               ) -> tuple[list[tuple[Any, ...]], list[tuple[int, int]]]:  # fmt: skip
    """Every readable row of ``table`` in key order (key columns first), and the damaged stretches.

    A stretch is (last key read before it, first key read after it) as numbers (see ``_line``);
    the rows between them, if any, could not be read.
    """
    kc = ", ".join(key)
    marks = ", ".join("?" * len(key))
    at_least = f"({kc}) >= ({marks})" if len(key) > 1 else f"{kc} >= ?"
    cols = ", ".join(columns)
    rows: list[tuple[Any, ...]] = []
    damaged: list[tuple[int, int]] = []
    start: tuple[int, ...] | None = None
    while True:
        where = f" WHERE {at_least}" if start is not None else ""
        # keys read in key order only climb: one that does not (a garbled cell on a damaged page)
        # ends the stretch as a read error does, so the walk always moves forward
        floor = _line(start) - 1 if start is not None else -1
        try:
            for row in conn.execute(f"SELECT {kc}, {cols} FROM {table}{where} ORDER BY {kc}", start or ()):
                at = _line(row[: len(key)])
                if at <= floor:
                    break
                floor = at
                rows.append(tuple(row))
            else:
                return rows, damaged
        except (sqlite3.DatabaseError, OverflowError, ValueError, TypeError):  # a garbled key
            pass
        base = max(floor, _line(start) if start is not None else -1)
        start = _next_key(conn, table, key, base)
        if start is not None and _line(start) <= base:
            start = None
        damaged.append((base, _line(start) if start is not None else 2**63))
        if start is None:
            return rows, damaged


def _line(key: tuple[Any, ...]) -> int:
    """A key as one number in key order (rowid, or session_id * 2**32 + seq)."""
    if len(key) == 1:
        return int(key[0])
    return int(key[0]) * _WIDE + int(key[1])


def _unline(x: int, n: int) -> tuple[int, ...]:
    return (x,) if n == 1 else (x // _WIDE, x % _WIDE)


def _next_key(
    conn: sqlite3.Connection, table: str, key: tuple[str, ...], base: int
) -> tuple[int, ...] | None:
    """The first readable key after ``base`` past a damaged page, or None when none follows."""
    kc = ", ".join(key)
    marks = ", ".join("?" * len(key))
    after = f"({kc}) > ({marks})" if len(key) > 1 else f"{kc} > ?"
    sql = f"SELECT {kc} FROM {table} WHERE {after} ORDER BY {kc} LIMIT 1"
    limit = 2**62

    def probe(x: int) -> tuple[bool, tuple[int, ...] | None]:
        try:
            row = conn.execute(sql, _unline(x, len(key))).fetchone()
        except (sqlite3.DatabaseError, OverflowError):
            return False, None
        return True, (tuple(int(v) for v in row) if row else None)

    # a short walk (the next few keys), then doubling steps, then halving back to the first good one
    failed = base
    for d in range(1, 65):
        ok, found = probe(base + d)
        if ok:
            return found if d == 1 else _first_good(probe, failed, base + d, found)
        failed = base + d
    step = 128
    while base + step < limit:
        ok, found = probe(base + step)
        if ok:
            return _first_good(probe, failed, base + step, found)
        failed = base + step
        step *= 2
    return None


def _first_good(probe: Callable[[int], tuple[bool, tuple[int, ...] | None]], bad: int, good: int,
                found: tuple[int, ...] | None) -> tuple[int, ...] | None:  # fmt: skip
    while good - bad > 1:
        mid = (bad + good) // 2
        ok, hit = probe(mid)
        if ok:
            good, found = mid, hit
        else:
            bad = mid
    return found


# ---------------------------------------------------------------------------- copying


_SESSION_COLUMNS = ["id", "scenario_id", "scenario_path", "trainee", "started_at", "finished_at", "score",
                    "max_score", "scenario_hash", "seed", "superseded_by"]  # fmt: skip
_SALVAGE = "INSERT OR IGNORE INTO salvaged_actions (session_id, seq, action, recorded_at) VALUES (?, ?, ?, ?)"
_TEXT = frozenset({"scenario_id", "scenario_path", "trainee", "started_at", "scenario_hash"})
_TABLES: tuple[tuple[str, list[str]], ...] = (
    ("trainees", ["id", "name", "created_at"]),
    ("results", ["session_id", "report", "computed_at"]),
    (
        "outbox",
        [
            "statement_id",
            "session_id",
            "statement",
            "queued_at",
            "tries",
            "last_error",
            "next_try_at",
            "sent_at",
        ],
    ),  # fmt: skip
    ("store_meta", ["key", "value"]),
)


def _columns(conn: sqlite3.Connection, table: str, wanted: list[str]) -> list[str]:
    try:
        have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
    except sqlite3.DatabaseError:
        return list(wanted)  # the schema cannot be read: try the columns we know
    return [c for c in wanted if c in have]


def _copy_all(source: Path, target: Any, summary: RecoverySummary, progress: Progress, hook: Hook) -> None:
    try:
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        # a truncated file: read the pages that are there (SQLite refuses the whole file otherwise)
        conn.execute("PRAGMA writable_schema = ON")
    except sqlite3.Error:
        return
    try:
        _copy(conn, target, summary, progress, hook)
    finally:
        conn.close()


def _copy(
    conn: sqlite3.Connection, target: Any, summary: RecoverySummary, progress: Progress, hook: Hook
) -> None:
    progress(0.0, "sessions")
    scols = _columns(conn, "sessions", _SESSION_COLUMNS)
    if "id" not in scols:
        scols = ["id", *scols]
    srows, bad = read_table(conn, "sessions", scols[1:], key=("id",))
    if bad:
        summary.damaged.append("sessions")
    sessions = {int(r[0]): dict(zip(scols, r, strict=False)) for r in srows if isinstance(r[0], int)}
    hook("read-sessions")
    progress(0.2, "actions")
    arows, stretches = read_table(conn, "actions", ["action", "recorded_at"], key=("session_id", "seq"))
    if stretches:
        summary.damaged.append("actions")
    hook("read-actions")
    progress(0.6, "trainees, results and outbox")
    others: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
    for table, wanted in _TABLES:
        cols = _columns(conn, table, wanted)
        rows, bad = read_table(conn, table, cols) if cols else ([], [])
        if bad:
            summary.damaged.append(table)
        others[table] = (cols, [r[1:] for r in rows])
    salvaged, bad = _read_salvaged(conn)
    try:
        row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'sessions'").fetchone()
        counter = int(row[0]) if row else 0
    except (sqlite3.DatabaseError, TypeError, ValueError):
        counter = 0
    hook("read-all")
    progress(0.8, "writing the recovered history")
    results = _results(others["results"])
    actions = _sort_actions(arows, results, sessions, summary, stretches)
    _write(target, sessions, actions, others, salvaged, max(counter, *sessions, 0), summary)
    known = set(sessions)
    summary.lost_sessions = [i for i in range(1, counter + 1) if i not in known]
    hook("written")


def _read_salvaged(conn: sqlite3.Connection) -> tuple[list[tuple[Any, ...]], list[tuple[int, int]]]:
    try:
        conn.execute("SELECT 1 FROM salvaged_actions LIMIT 1")
    except sqlite3.DatabaseError:
        return [], []
    rows, bad = read_table(conn, "salvaged_actions", ["session_id", "seq", "action", "recorded_at"])
    return [r[1:] for r in rows], bad


def _results(results: tuple[list[str], list[tuple[Any, ...]]]) -> dict[int, dict[str, Any]]:
    cols, rows = results
    out: dict[int, dict[str, Any]] = {}
    for row in rows:
        entry = dict(zip(cols, row, strict=False))
        try:
            record = json.loads(entry["report"])
        except (KeyError, TypeError, ValueError):
            continue
        if isinstance(record, dict) and isinstance(entry.get("session_id"), int):
            out[entry["session_id"]] = record
    return out


def _good_action(text: Any) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except (TypeError, ValueError):
        return False


def _sort_actions(arows: list[tuple[Any, ...]], results: dict[int, dict[str, Any]],
                  sessions: dict[int, dict[str, Any]], summary: RecoverySummary,
                  stretches: list[tuple[int, int]] = ()
                  ) -> dict[int, tuple[list[tuple[str, str]], list[tuple[int, str, str]]]]:  # fmt: skip
    """Per session: (clean prefix of (action, recorded_at), [(seq, action, recorded_at)] kept aside)."""
    by_session: dict[int, dict[int, tuple[Any, Any]]] = {}
    for sid, seq, text, at in arows:
        if isinstance(sid, int) and isinstance(seq, int):
            by_session.setdefault(sid, {})[seq] = (text, at)
    out: dict[int, tuple[list[tuple[str, str]], list[tuple[int, str, str]]]] = {}
    for sid in sorted(set(by_session) | set(results)):
        rows = by_session.get(sid, {})
        prefix: list[tuple[str, str]] = []
        seq = 1
        while seq in rows and _good_action(rows[seq][0]):
            prefix.append((rows[seq][0], str(rows[seq][1])))
            seq += 1
        record = results.get(sid)
        if (
            record is not None
            and isinstance(record.get("actions"), list)
            and len(record["actions"]) > len(prefix)
        ):
            # the stored result holds the whole attempt: its actions fill what the pages lost
            times = record.get("recorded_at") if isinstance(record.get("recorded_at"), list) else []
            prefix = [
                (json.dumps(a, sort_keys=True, ensure_ascii=False), str(times[i]) if i < len(times) else "")
                for i, a in enumerate(record["actions"])
                if isinstance(a, dict)
            ]
        aside = [(s, str(t), str(at)) for s, (t, at) in sorted(rows.items()) if s > len(prefix)]
        end = sid * _WIDE + len(prefix)  # the next action's key would be just after this
        lost_here = any(a <= end < b or end < a < (sid + 1) * _WIDE for a, b in stretches)
        if aside or (rows and max(rows) > len(prefix)) or lost_here:
            summary.shortened += 1
            summary.gaps += max(0, max(rows, default=0) - len(prefix) - len(aside))
        summary.set_aside += len(aside)
        if sid not in sessions:
            sessions[sid] = _rebuilt(sid, record, prefix, aside)
            summary.rebuilt += 1
        out[sid] = (prefix, aside)
    return out


def _rebuilt(sid: int, record: dict[str, Any] | None, prefix: list[tuple[str, str]],
             aside: list[tuple[int, str, str]]) -> dict[str, Any]:  # fmt: skip
    times = [at for _, at in prefix] + [at for _, _, at in aside]
    first = min((t for t in times if t), default="")
    row: dict[str, Any] = {"id": sid, "scenario_id": "", "scenario_path": "", "trainee": "",
                           "started_at": first, "finished_at": None}  # fmt: skip
    if record:
        for key in ("trainee", "started_at", "finished_at", "seed"):
            if record.get(key) is not None:
                row[key] = record[key]
        row["scenario_id"] = str(record.get("scenario", ""))
        report = record.get("report") if isinstance(record.get("report"), dict) else {}
        if isinstance(report.get("score"), int) and isinstance(report.get("max_score"), int):
            row["score"], row["max_score"] = report["score"], report["max_score"]
    return row


def _write(target: Any, sessions: dict[int, dict[str, Any]],
           actions: dict[int, tuple[list[tuple[str, str]], list[tuple[int, str, str]]]],
           others: dict[str, tuple[list[str], list[tuple[Any, ...]]]], salvaged: list[tuple[Any, ...]],
           counter: int, summary: RecoverySummary) -> None:  # fmt: skip
    kept = summary.kept
    cols, rows = others["outbox"]
    if "session_id" in cols:  # a statement of a session that was lost keeps its text, not the link
        at = cols.index("session_id")
        others["outbox"] = (
            cols,
            [r[:at] + ((r[at] if r[at] in sessions else None),) + r[at + 1 :] for r in rows],
        )
    with target.transaction(write=True) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS salvaged_actions (session_id INTEGER NOT NULL, seq INTEGER NOT NULL, "
            "action TEXT NOT NULL, recorded_at TEXT NOT NULL, PRIMARY KEY (session_id, seq))"
        )
        for sid in sorted(sessions):
            row = sessions[sid]
            row.setdefault("scenario_hash", "")
            cols = [c for c in _SESSION_COLUMNS if c in row]
            values = [row[c] if row[c] is not None or c not in _TEXT else "" for c in cols]
            conn.execute(
                f"INSERT OR IGNORE INTO sessions ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                values,
            )
        kept["sessions"] = len(sessions)
        n = 0
        rows: list[tuple[Any, ...]] = []
        later: list[tuple[Any, ...]] = []
        for sid, (prefix, aside) in actions.items():
            rows += [(sid, i, text, at) for i, (text, at) in enumerate(prefix, 1)]
            later += [(sid, s, str(text), at) for s, text, at in aside]
            n += len(prefix)
        conn.executemany(
            "INSERT OR IGNORE INTO actions (session_id, seq, action, recorded_at) VALUES (?, ?, ?, ?)", rows
        )
        conn.executemany(_SALVAGE, later)
        conn.executemany(_SALVAGE, salvaged)
        kept["actions"] = n
        for table, (cols, rows) in others.items():
            if not cols:
                continue
            if table == "store_meta":
                rows = [r for r in rows if r and r[0] not in ("last_opened", "recovery")]
            if table == "results":  # a result that is not readable JSON is left out (it is recomputed)
                rows = [r for r in rows if _good_result(dict(zip(cols, r, strict=False)))]
            marks = ", ".join("?" * len(cols))
            before = conn.total_changes
            conn.executemany(f"INSERT OR IGNORE INTO {table} ({', '.join(cols)}) VALUES ({marks})", rows)
            if table != "store_meta":
                kept[table] = conn.total_changes - before
        if counter:  # ids of lost sessions are never given to new ones
            conn.execute("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'sessions'", (counter,))
            conn.execute(
                "INSERT INTO sqlite_sequence (name, seq) SELECT 'sessions', ? "
                "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'sessions')",
                (counter,),
            )


def _good_result(entry: dict[str, Any]) -> bool:
    try:
        return isinstance(json.loads(entry.get("report")), dict)
    except (TypeError, ValueError):
        return False
