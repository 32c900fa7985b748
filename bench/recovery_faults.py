"""Fault injection with real processes: kill -9 and a full disk during recovery and migration,
damage patterns, and the LRS failure modes. Prints the figures docs/RECORDS.md reports.

    python bench/recovery_faults.py [--sessions 20000] [--kills 20]

Recovery: a store of N sessions (30 actions each), 3 trainees, a result and 10 outbox
statements per finished session, one session continued in a copy. Each damage pattern is
recovered once in-process (the reference), then, for each kill point spread over the measured
recovery time, a child process recovering a fresh copy is killed with SIGKILL and the next
open must end with exactly the reference's rows. A full disk is a file-size limit
(RLIMIT_FSIZE, SIGXFSZ ignored: writes fail with EFBIG as on a full disk) at 10 sizes.

Migration: a version-1 store of N sessions migrated by a child killed at K points; each time
the next open must hold every session and action, and any ``.before-v*`` file must be a whole
copy. Loopback only; everything stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator.records import recovery  # noqa: E402
from simulator.records.store import SessionStore, StoreError  # noqa: E402

TABLES = ("sessions", "actions", "trainees", "results", "outbox")
PAGE = 4096


def build(db: Path, n: int) -> None:
    with SessionStore(db) as store:
        conn = store._connection()
        conn.execute("BEGIN")
        for name in ("Ana", "Ben", "Cara"):
            conn.execute("INSERT INTO trainees (name, created_at) VALUES (?, 'x')", (name,))
        for sid in range(1, n + 1):
            finished = sid % 3 != 0
            conn.execute(
                "INSERT INTO sessions (id, scenario_id, scenario_path, trainee, started_at, finished_at, "
                "score, max_score) VALUES (?, 'clbp-moderate-oud', 'case.yaml', ?, 'x', ?, ?, 100)",
                (
                    sid,
                    ("Ana", "Ben", "Cara")[sid % 3],
                    "y" if finished else None,
                    sid % 100 if finished else None,
                ),
            )
            conn.executemany(
                "INSERT INTO actions (session_id, seq, action, recorded_at) VALUES (?, ?, ?, 'x')",
                [
                    (sid, k, json.dumps({"type": "say", "text": f"turn {k} of session {sid}"}))
                    for k in range(1, 31)
                ],
            )
            if finished:
                conn.execute(
                    "INSERT INTO results (session_id, report, computed_at) VALUES (?, ?, 'x')",
                    (sid, json.dumps({"scenario": "clbp-moderate-oud", "trainee": "Ana", "report": {}})),
                )
                conn.executemany(
                    "INSERT INTO outbox (statement_id, session_id, statement, queued_at) "
                    "VALUES (?, ?, ?, 'x')",
                    [
                        (
                            f"{sid}-{k}",
                            sid,
                            json.dumps({"id": f"{sid}-{k}"}),
                        )
                        for k in range(10)
                    ],
                )
        conn.execute("UPDATE sessions SET superseded_by = ? WHERE id = 3", (n,))
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        out = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
        out["links"] = conn.execute(
            "SELECT COUNT(*) FROM sessions WHERE superseded_by IS NOT NULL"
        ).fetchone()[0]
        try:
            out["aside"] = conn.execute("SELECT COUNT(*) FROM salvaged_actions").fetchone()[0]
        except sqlite3.Error:
            out["aside"] = 0
    finally:
        conn.close()
    return out


def pages(db: Path, name: str, kind: str) -> list[int]:
    conn = sqlite3.connect(db)
    try:
        return [
            r[0]
            for r in conn.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ?", (name, kind))
        ]
    finally:
        conn.close()


def damage(db: Path, pattern: str) -> None:
    data = bytearray(db.read_bytes())
    if pattern == "truncated":
        db.write_bytes(bytes(data[: len(data) * 2 // 3]))
        return
    name, kind = {
        "outbox-index": ("outbox_pending", "leaf"),
        "sessions-page": ("sessions", "leaf"),
        "actions-page": ("actions", "leaf"),
        "results-page": ("results", "leaf"),
    }[pattern]
    found = pages(db, name, kind) or pages(db, name, "internal")
    page = found[len(found) // 2]
    data[(page - 1) * PAGE : page * PAGE] = bytes(PAGE)
    db.write_bytes(bytes(data))


CHILD = """
import resource, signal, sys
sys.path.insert(0, {root!r})
limit = {limit}
if limit:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from simulator.records.store import SessionStore, StoreError
try:
    SessionStore.open_or_recover({db!r})[0].close()
except StoreError as exc:
    print("refused:", exc.message)
    sys.exit(3)
"""


def child(db: Path, limit: int = 0) -> subprocess.Popen:
    code = CHILD.format(root=str(ROOT), db=str(db), limit=limit)
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def stage(db: Path) -> str:
    if recovery.complete(db).exists():
        return "complete, not swapped"
    if recovery.building(db).exists():
        return "building"
    if any(".corrupt-" in p.name for p in db.parent.iterdir()):
        return "swapped"
    return "not started"


def recovery_sweep(n: int, kills: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="recovery-faults-"))
    try:
        source = work / "clean.sqlite3"
        t = time.perf_counter()
        build(source, n)
        print(f"built {n} sessions ({source.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s")
        original = counts(source)
        print(f"  rows: {original}")
        for pattern in ("outbox-index", "results-page", "sessions-page", "actions-page", "truncated"):
            ref = work / pattern / "ref.sqlite3"
            ref.parent.mkdir()
            shutil.copy(source, ref)
            damage(ref, pattern)
            t = time.perf_counter()
            SessionStore.open_or_recover(ref)[0].close()
            took = time.perf_counter() - t
            expected = counts(ref)
            kept = {k: f"{expected[k]}/{original[k]}" for k in original if k != "aside"}
            print(
                f"{pattern}: recovered in {took:.2f} s; kept {kept}, {expected['aside']} actions kept aside"
            )
            ok = 0
            stages: dict[str, int] = {}
            for k in range(kills):
                db = work / pattern / f"k{k}" / "s.sqlite3"
                db.parent.mkdir()
                shutil.copy(source, db)
                damage(db, pattern)
                proc = child(db)
                time.sleep(0.15 + took * 1.3 * k / max(1, kills - 1))  # spread over start-up and the recovery
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                where = stage(db)
                stages[where] = stages.get(where, 0) + 1
                SessionStore.open_or_recover(db)[0].close()
                ok += counts(db) == expected
            print(
                f"  kill -9 at {kills} points ({stages}): {ok}/{kills} ended with every row of the reference"
            )
            full_ok = refused = 0
            size = ref.stat().st_size
            for k in range(10):
                db = work / pattern / f"f{k}" / "s.sqlite3"
                db.parent.mkdir()
                shutil.copy(source, db)
                damage(db, pattern)
                damaged = db.read_bytes()
                proc = child(db, limit=max(PAGE * 4, int(size * (k + 1) / 8)))  # the last three have room
                out = proc.communicate(timeout=600)[0].decode()
                intact = db.read_bytes() == damaged
                SessionStore.open_or_recover(db)[0].close()  # later, with space
                refused += proc.returncode == 3
                clean = (
                    proc.returncode == 3 and intact and "nothing was changed" in out
                ) or proc.returncode == 0
                full_ok += clean and counts(db) == expected
            print(
                f"  disk full at 10 sizes ({refused} refused, the rest had room): {full_ok}/10 left the "
                "damaged file untouched or recovered, and ended with every row of the reference"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def migration_sweep(n: int, kills: int) -> None:
    from simulator.records.store import _SCHEMA, _statements

    work = Path(tempfile.mkdtemp(prefix="migration-faults-"))
    try:
        v1 = work / "v1.sqlite3"
        conn = sqlite3.connect(v1)
        for statement in _statements(_SCHEMA):
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        for sid in range(1, n + 1):
            conn.execute("INSERT INTO sessions (id, scenario_id, scenario_path, trainee, started_at) "
                         "VALUES (?, 'c', 'c.yaml', 'Ana', 'x')", (sid,))  # fmt: skip
            conn.executemany("INSERT INTO actions VALUES (?, ?, ?, 'x')",
                             [(sid, k, json.dumps({"type": "advance"})) for k in range(1, 31)])  # fmt: skip
        conn.commit()
        conn.close()
        before = {t: c for t, c in counts_v1(v1).items()}
        t = time.perf_counter()
        probe = work / "probe.sqlite3"
        shutil.copy(v1, probe)
        SessionStore(probe).close()
        took = time.perf_counter() - t
        print(f"migration of {n} sessions: {took:.2f} s")
        ok = partial = during_backup = 0
        for k in range(kills):
            db = work / f"m{k}" / "s.sqlite3"
            db.parent.mkdir()
            shutil.copy(v1, db)
            code = (
                f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
                "from simulator.records.store import SessionStore\nprint('go', flush=True)\n"
                f"SessionStore({str(db)!r}).close()"
            )
            proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
            proc.stdout.readline()  # imports done: the migration starts now
            time.sleep(took * 1.2 * k / max(1, kills - 1))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            during_backup += any(p.name.endswith(".partial") for p in db.parent.iterdir())
            for copy in db.parent.glob("s.sqlite3.before-v*"):
                if not re.fullmatch(r"s\.sqlite3\.before-v\d+(-\d+)?", copy.name):
                    continue  # the .partial copy (and its journal) under construction
                try:
                    partial += counts_v1(copy) != before
                except sqlite3.Error:
                    partial += 1
            try:
                SessionStore(db).close()
                ok += counts_v1(db) == before
            except StoreError as exc:
                print("  not opened:", exc)
        print(
            f"  kill -9 at {kills} points: {ok}/{kills} opened with every session and action; {partial} "
            f"partial backup(s) under the documented name ({during_backup} kills landed mid-backup)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def counts_v1(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("sessions", "actions")}
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--only", choices=("recovery", "migration"))
    args = parser.parse_args()
    resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.only != "migration":
        recovery_sweep(args.sessions, args.kills)
    if args.only != "recovery":
        migration_sweep(args.sessions, args.kills)


if __name__ == "__main__":
    main()
