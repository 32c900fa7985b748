"""One writer per session, sequence numbers, and recovering a damaged history."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from fixtures.scenario_text import ROOT

from simulator.records.store import (
    SequenceError,
    SessionLockedError,
    SessionStore,
    StoreError,
)

ASK = {"type": "ask", "intent": "pain.location"}


@pytest.fixture
def db(tmp_path):
    return tmp_path / "sessions.db"


def test_append_refuses_a_sequence_number_that_is_not_the_next(db):
    with SessionStore(db) as store:
        sid = store.start("s", "s.yaml")
        store.append(sid, ASK, seq=1)
        with pytest.raises(SequenceError, match="1 saved actions, not 0"):
            store.append(sid, ASK, seq=1)  # a second writer who saw the same log
        with pytest.raises(SequenceError):
            store.append(sid, ASK, seq=3)  # a writer that skipped one
        assert store.actions(sid) == [ASK]
        store.append(sid, ASK, seq=2)
        assert len(store.actions(sid)) == 2


def test_the_last_action_and_the_finish_are_one_transaction(db):
    with SessionStore(db) as store:
        sid = store.start("s", "s.yaml")
        with pytest.raises(StoreError):
            store.append(sid, ASK, seq=1, finish=(3, float("nan")))  # a bad score stores nothing
        assert store.actions(sid) == [] and not store.session(sid).finished
        store.append(sid, ASK, seq=1, finish=(3, 4))
        record = store.session(sid)
        assert record.finished and (record.score, record.max_score, record.action_count) == (3, 4, 1)


def test_two_windows_cannot_both_write_one_session(db):
    first, second = SessionStore(db), SessionStore(db)
    try:
        sid = first.start("s", "s.yaml", hold=True)
        first.append(sid, ASK, seq=1)
        with pytest.raises(SessionLockedError) as info:
            second.acquire(sid)
        assert f"process {os.getpid()}" in str(info.value)
        assert info.value.holder is not None and info.value.holder.owner == first.owner
        with pytest.raises(SessionLockedError):
            second.append(sid, ASK, seq=2)  # even without asking for the lease
        assert first.actions(sid) == [ASK]
        first.release(sid)
        second.acquire(sid)
        with pytest.raises(SessionLockedError, match="held by another window"):
            first.append(sid, ASK, seq=2)
        second.append(sid, ASK, seq=2)
        with pytest.raises(SessionLockedError, match="no longer holds"):
            first.heartbeat(sid)
    finally:
        first.close()
        second.close()


def _holder_process(db, sid: int, then: str) -> subprocess.Popen:
    script = textwrap.dedent(
        f"""
        import os, sys
        from simulator.records.store import SessionStore
        store = SessionStore({str(db)!r})
        store.acquire({sid})
        print("holding", flush=True)
        {then}
        """
    )
    return subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def test_another_live_process_holding_a_session_is_named_and_refused_quickly(db):
    import time

    with SessionStore(db) as store:
        sid = store.start("s", "s.yaml")
        proc = _holder_process(db, sid, "sys.stdin.readline()")
        try:
            assert proc.stdout.readline().strip() == "holding"
            started = time.monotonic()
            with pytest.raises(SessionLockedError) as info:
                store.acquire(sid)
            assert time.monotonic() - started < 2.0  # told at once, the window does not freeze
            assert info.value.holder.pid == proc.pid
            assert f"process {proc.pid}" in str(info.value)
        finally:
            proc.communicate("\n", timeout=30)


def test_a_lease_left_by_a_process_that_died_is_taken_over(db):
    with SessionStore(db) as store:
        sid = store.start("s", "s.yaml")
        proc = _holder_process(db, sid, "os._exit(0)")  # dies without letting go
        proc.communicate(timeout=30)
        holder = store.holder(sid)
        assert holder is not None and holder.pid == proc.pid
        store.acquire(sid)
        assert store.holder(sid).owner == store.owner
        store.append(sid, ASK, seq=1)


def test_a_silent_lease_from_another_machine_goes_stale(db, monkeypatch):
    import simulator.records.store as store_module

    with SessionStore(db) as store:
        sid = store.start("s", "s.yaml")
        conn = sqlite3.connect(db)
        with conn:
            conn.execute(
                "INSERT INTO session_leases VALUES (?, 'elsewhere:1:x', 1, 'elsewhere', 'then', ?)",
                (sid, 1000.0),
            )
        conn.close()
        monkeypatch.setattr(store_module, "LEASE_STALE_SECONDS", 10**12)
        with pytest.raises(SessionLockedError, match="on elsewhere"):
            store.acquire(sid)
        monkeypatch.setattr(store_module, "LEASE_STALE_SECONDS", 120.0)
        store.acquire(sid)


def test_a_busy_store_is_a_quick_clear_error_not_a_frozen_window(db):
    import time

    with SessionStore(db) as store:
        sid = store.start("s", "s.yaml")
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        try:
            started = time.monotonic()
            with pytest.raises(StoreError, match="busy") as info:
                store.append(sid, ASK, seq=1)
            assert time.monotonic() - started < 2.0
            assert not info.value.corrupt
        finally:
            other.execute("ROLLBACK")
            other.close()
        store.append(sid, ASK, seq=1)


# ----------------------------------------------------------------------------- recovery


def _history(db, sessions: int = 40, per_session: int = 30) -> None:
    with SessionStore(db) as store:
        store._connection().execute("PRAGMA synchronous=OFF")  # test data: recovery is the subject
        for n in range(sessions):
            sid = store.start("clbp-moderate-oud", f"case-{n}.yaml", trainee=f"trainee {n}")
            conn = store._connection()
            with conn:
                conn.executemany(
                    "INSERT INTO actions (session_id, seq, action, recorded_at) VALUES (?, ?, ?, 'x')",
                    [
                        (sid, k, json.dumps({"type": "say", "text": f"statement {k} " * 8}))
                        for k in range(1, per_session + 1)
                    ],
                )
            if n % 3 == 0:
                store.finish(sid, n, 100)
        conn = store._connection()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def test_a_damaged_page_costs_only_the_rows_on_it(db):
    _history(db)
    conn = sqlite3.connect(db)
    pages = (
        [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'actions' AND pagetype = 'leaf'")]
        if _has_dbstat(conn)
        else []
    )
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    page = pages[len(pages) // 2] if pages else (len(data) // size) // 2
    start = (page - 1) * size
    data[start : start + size] = bytes((i * 37 + 11) % 256 for i in range(size))
    db.write_bytes(bytes(data))
    before = bytes(data)

    store, notice = SessionStore.open_or_recover(db)
    with store:
        aside = [
            p for p in db.parent.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))
        ]
        assert len(aside) == 1 and aside[0].read_bytes() == before  # the old file is kept as it was
        assert notice is not None and str(aside[0]) in notice
        history = store.history(100)
        assert len(history) == 40, notice  # every session row was readable
        assert "40 sessions" in notice
        complete = [r for r in history if r.action_count == 30]
        shortened = [r for r in history if r.action_count < 30]
        assert complete and shortened, "one damaged page loses some actions, not all"
        assert f"{len(shortened)} of them lost the actions after a damaged one" in notice
        for record in history:  # what was kept is a clean prefix: it replays in order
            assert [a["text"].split()[1] for a in store.actions(record.id)] == [
                str(k) for k in range(1, record.action_count + 1)
            ]
        finished = store.session(4)
        assert finished.finished and finished.score == 3 and finished.trainee == "trainee 3"
        # the recovered history is a working store
        sid = store.start("s", "s.yaml")
        store.append(sid, ASK, seq=1)


def _has_dbstat(conn) -> bool:
    try:
        conn.execute("SELECT 1 FROM dbstat LIMIT 1")
    except sqlite3.Error:
        return False
    return True


def test_an_old_store_without_the_new_columns_is_upgraded_in_place(db):
    conn = sqlite3.connect(db)
    from simulator.records.store import _SCHEMA, _statements

    for statement in _statements(_SCHEMA):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO sessions (scenario_id, scenario_path, started_at) VALUES ('s', 's.yaml', 'x')")
    conn.commit()
    conn.close()
    with SessionStore(db) as store:
        (record,) = store.unfinished()
        assert record.scenario_hash == ""
        store.acquire(record.id)
        store.append(record.id, ASK, seq=1)
    head = db.read_bytes()[68:72]
    from simulator.records.store import APPLICATION_ID

    assert int.from_bytes(head, "big") == APPLICATION_ID


@pytest.fixture
def read_only_disk(tmp_path):
    from fixtures.disks import make_read_only, tmpfs

    with tmpfs(tmp_path / "disk", "4m") as mount:
        yield mount, lambda: make_read_only(mount)


def test_a_store_on_a_read_only_disk_is_refused_at_start_not_at_the_first_action(read_only_disk):
    mount, make_read_only = read_only_disk
    path = mount / "sessions.db"
    with SessionStore(path) as store:
        sid = store.start("s", "s.yaml")
        store.append(sid, ASK, seq=1)
    before = path.read_bytes()
    make_read_only()
    with pytest.raises(StoreError, match="cannot be written|read-only|readonly") as info:
        SessionStore(path)
    assert not info.value.corrupt
    with pytest.raises(StoreError):
        SessionStore.open_or_recover(path, ours=True)  # nothing to recover: it is simply read-only
    assert path.read_bytes() == before


def test_the_heartbeat_keeps_a_quiet_session_from_going_stale(db, monkeypatch):
    import simulator.records.store as store_module

    clock = [1_000_000.0]
    monkeypatch.setattr(store_module.time, "time", lambda: clock[0])
    holder, other = SessionStore(db), SessionStore(db)
    try:
        sid = holder.start("s", "s.yaml", hold=True)
        for _ in range(5):  # ten quiet minutes, a heartbeat every two
            clock[0] += 100
            holder.heartbeat(sid)
        with pytest.raises(SessionLockedError):
            other.acquire(sid)
        clock[0] += store_module.LEASE_STALE_SECONDS + 1  # then the holder stops beating
        other.acquire(sid)
    finally:
        holder.close()
        other.close()
