"""Recovery keeps every readable row of every table, and an interrupted one loses nothing.

Fault injection in-process: the damage patterns of the field report (an index page, a table
page, a truncated file, a zeroed page), a "kill" (an exception) at every step of recovery, and
a disk that fills while the recovered copy is written. bench/recovery_faults.py runs the same
with real kill -9 on a bigger history.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fixtures.records_store import fill_store

from simulator.control.results import queue_finished, stored_records
from simulator.records import recovery
from simulator.records.store import SessionStore, StoreError
from simulator.scenario.loader import load_scenario

PAGE = 4096


class Killed(BaseException):
    """Stands for kill -9 at one step: nothing after it runs, no cleanup."""


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    """Two trainees, four sessions (one unfinished and continued in a copy), results, an outbox."""
    from fixtures.scenario_text import SCENARIO

    folder = tmp_path_factory.mktemp("history")
    db = folder / "sessions.sqlite3"
    store = fill_store(db, load_scenario(SCENARIO))
    stored_records(store)  # caches each finished attempt's result
    queue_finished(store)
    unfinished = store.unfinished()[0].id
    store.acquire(unfinished)
    store.fork(unfinished, store.actions(unfinished))  # continued in a copy
    store.release(unfinished + 1)
    store._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return db


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        out = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
               for t in ("sessions", "actions", "trainees", "results", "outbox")}  # fmt: skip
        out["links"] = conn.execute(
            "SELECT COUNT(*) FROM sessions WHERE superseded_by IS NOT NULL"
        ).fetchone()[0]
        out["sent"] = conn.execute("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL").fetchone()[0]
    finally:
        conn.close()
    return out


def copy_of(history: Path, tmp_path: Path) -> Path:
    db = tmp_path / history.name
    db.write_bytes(history.read_bytes())
    return db


def pages_of(db: Path, name: str, kind: str = "leaf") -> list[int]:
    conn = sqlite3.connect(db)
    try:
        return [
            r[0]
            for r in conn.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ?", (name, kind))
        ]
    finally:
        conn.close()


def overwrite(db: Path, page: int, fill: bytes | None = None) -> None:
    data = bytearray(db.read_bytes())
    start = (page - 1) * PAGE
    data[start : start + PAGE] = fill if fill is not None else bytes((i * 37 + 11) % 256 for i in range(PAGE))
    db.write_bytes(bytes(data))


def kept_copies(db: Path) -> list[Path]:
    return [p for p in db.parent.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))]


def test_a_damaged_outbox_index_page_loses_nothing_from_any_table(history, tmp_path):
    db = copy_of(history, tmp_path)
    before = counts(db)
    assert (
        before["trainees"] == 2 and before["results"] == 3 and before["outbox"] > 100 and before["links"] == 1
    )
    overwrite(db, pages_of(db, "outbox_pending")[0])
    damaged = db.read_bytes()
    store, notice = SessionStore.open_or_recover(db)
    store.close()
    assert counts(db) == before
    assert (
        notice
        and "2 trainee profile(s), 3 saved result(s)" in notice
        and "Nothing readable was left" in notice
    )
    (kept,) = kept_copies(db)
    assert kept.read_bytes() == damaged and str(kept) in notice
    # the session continued in a copy is not offered for resuming again
    with SessionStore(db) as store:
        assert [r.id for r in store.unfinished()] == [5]


def test_an_overwritten_sessions_page_keeps_every_action_and_rebuilds_the_sessions(history, tmp_path):
    db = copy_of(history, tmp_path)
    before = counts(db)
    overwrite(db, pages_of(db, "sessions")[0])
    store, notice = SessionStore.open_or_recover(db)
    with store:
        finished = [r for r in store.history(10) if r.finished]
        assert len(finished) == 3 and {r.trainee for r in finished} == {"Priya N", "Sam O"}
    after = counts(db)
    assert (
        after["actions"] == before["actions"]
        and after["results"] == 3
        and after["outbox"] == before["outbox"]
    )
    assert "rebuilt from their actions" in notice


def test_a_truncated_file_keeps_the_rows_before_the_cut(history, tmp_path):
    db = copy_of(history, tmp_path)
    before = counts(db)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) * 3 // 4])
    store, notice = SessionStore.open_or_recover(db)
    store.close()
    after = counts(db)
    assert after["sessions"] == before["sessions"] and after["trainees"] == before["trainees"], notice
    assert 0 < after["actions"] <= before["actions"] and after["results"] <= before["results"]


def test_a_zeroed_actions_page_keeps_the_rows_after_it(history, tmp_path):
    db = copy_of(history, tmp_path)
    before = counts(db)
    leaves = pages_of(db, "actions")
    overwrite(db, leaves[len(leaves) // 2], bytes(PAGE))
    store, notice = SessionStore.open_or_recover(db)
    with store:
        for record in store.history(10):  # what a session kept replays in order
            assert len(store.actions(record.id)) == record.action_count
        aside = store._connection().execute("SELECT COUNT(*) FROM salvaged_actions").fetchone()[0]
    after = counts(db)
    assert after["actions"] + aside < before["actions"]  # the rows on the zeroed page are gone...
    assert after["actions"] > before["actions"] // 2  # ...and only those
    assert "Some of the actions could not be read" in notice or "Could not be read" in notice


# while the copy is built, after it is complete, and between the two renames (bench/recovery_faults.py
# also kills at "start", "read-sessions", "read-actions" and "written", with kill -9)
STEPS = ["read-all", "built", "complete", "sides-moved", "moved-aside"]


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_at_any_step_of_recovery_loses_nothing(history, tmp_path, step):
    expected = counts(history)
    db = copy_of(history, tmp_path)
    overwrite(db, pages_of(db, "outbox_pending")[0])
    damaged = db.read_bytes()

    def kill(name):
        if name == step:
            raise Killed(name)

    with pytest.raises(Killed):
        SessionStore.open_or_recover(db, step=kill)
    # the next start finishes or restarts the recovery
    store, notice = SessionStore.open_or_recover(db)
    store.close()
    assert counts(db) == expected
    assert notice is not None
    (kept,) = kept_copies(db)
    assert kept.read_bytes() == damaged
    assert not recovery.building(db).exists() and not recovery.complete(db).exists()


def test_a_disk_full_during_recovery_changes_nothing_and_a_later_start_recovers(
    history, tmp_path, monkeypatch
):
    db = copy_of(history, tmp_path)
    before = counts(db)
    overwrite(db, pages_of(db, "outbox_pending")[0])
    damaged = db.read_bytes()
    real_write = recovery._write

    def full_disk(target, *args):
        target._connection().execute("PRAGMA max_page_count = 12")  # the disk fills up now
        return real_write(target, *args)

    monkeypatch.setattr(recovery, "_write", full_disk)
    with pytest.raises(StoreError, match="nothing was changed"):
        SessionStore.open_or_recover(db)
    assert db.read_bytes() == damaged and not kept_copies(db)
    assert not recovery.building(db).exists()
    monkeypatch.setattr(recovery, "_write", real_write)
    SessionStore.open_or_recover(db)[0].close()
    assert counts(db) == before


def test_a_zeroed_last_page_of_a_result_is_noticed_and_the_result_computed_again(history, tmp_path):
    """SQLite's checks pass (the page is only text); the record no longer reads, so it is rebuilt."""
    db = copy_of(history, tmp_path)
    with SessionStore(db) as store:
        before, _ = stored_records(store)
    conn = sqlite3.connect(db)
    last = max(
        r[0]
        for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'results' AND pagetype = 'overflow'")
    )
    conn.close()
    overwrite(db, last, bytes(PAGE))
    store, notice = SessionStore.open_or_recover(db)
    with store:
        assert notice is None  # nothing SQLite can see: the store opens as it is
        after, skipped = stored_records(store)
        assert after == before and skipped == []
    conn = sqlite3.connect(db)
    assert all("\x00" not in r[0] for r in conn.execute("SELECT report FROM results"))  # replaced
    conn.close()


def test_one_recovery_at_a_time_and_a_lock_left_by_a_dead_process_is_taken_over(history, tmp_path):
    import os
    import socket
    import subprocess
    import sys

    db = copy_of(history, tmp_path)
    overwrite(db, pages_of(db, "outbox_pending")[0])
    lock = db.with_name(db.name + ".recovery-lock")
    lock.write_text(f"{os.getppid()}@{socket.gethostname()}")  # a live process (pytest's parent)
    with pytest.raises(StoreError, match="another window of the simulator is recovering it") as info:
        SessionStore.open_or_recover(db)
    assert info.value.busy and not kept_copies(db)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    lock.write_text(f"{dead.stdout.strip()}@{socket.gethostname()}")  # it died (kill -9) mid-recovery
    store, notice = SessionStore.open_or_recover(db)
    store.close()
    assert notice and counts(db) == counts(history) and not lock.exists()


class _GarbledTable:
    """A table whose scan in key order meets a cell with a garbled key that goes backwards (0 after
    5), as a damaged page can yield; probing for the next key past the damage still works."""

    def __init__(self) -> None:
        self.keys = [1, 2, 3, 4, 5, 9, 10]

    def execute(self, sql: str, params: tuple = ()) -> object:
        start = params[0] if params else None
        if "LIMIT 1" in sql:  # the probe for the first key after the damage
            after = [(k,) for k in self.keys if k > start]
            return _Rows(after[:1])
        rows = [(k, f"row {k}") for k in self.keys if start is None or k >= start]
        if start is None:
            rows.insert(5, (0, "garbage"))  # the damaged cell, read again on every pass from the top
        return _Rows(rows)


class _Rows(list):
    def fetchone(self) -> object:
        return self[0] if self else None


def test_a_garbled_key_that_goes_backwards_ends_the_stretch_and_the_walk_moves_on():
    # this shape once sent recovery round the same rows for ever, until the machine ran out of memory
    rows, damaged = recovery.read_table(_GarbledTable(), "outbox", ["text"])  # type: ignore[arg-type]
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5, 9, 10]
    assert damaged == [(5, 9)]
