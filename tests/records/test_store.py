"""The session store: no acknowledged action is lost, damaged files are kept and reported."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from fixtures.scenario_text import ROOT

from simulator.records.store import SCHEMA_VERSION, SessionRecord, SessionStore, StoreError

ASK = {"type": "ask", "intent": "pain.location"}
SAY = {"type": "say", "text": "That sounds hard — thank you for telling me.", "kind": "empathy"}


@pytest.fixture
def db(tmp_path):
    return tmp_path / "sessions.db"


@pytest.fixture
def store(db):
    s = SessionStore(db)
    yield s
    s.close()


# ----------------------------------------------------------------------------- basics


def test_a_new_store_has_the_schema_version_and_durable_settings(store, db):
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"sessions", "actions"} <= tables
        columns = {r[1] for r in conn.execute("PRAGMA table_info(sessions)")}
        assert columns >= {
            "id",
            "scenario_id",
            "scenario_path",
            "trainee",
            "started_at",
            "finished_at",
            "score",
            "max_score",
        }
        assert {r[1] for r in conn.execute("PRAGMA table_info(actions)")} >= {
            "session_id",
            "seq",
            "action",
            "recorded_at",
        }
    finally:
        conn.close()
    assert store._connection().execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_actions_come_back_in_order_exactly_as_given(store):
    sid = store.start("clbp-moderate-oud", "scenarios/clbp-moderate-oud.yaml", trainee="R. Okafor")
    actions = [{"type": "advance"}, ASK, SAY, {"type": "plan", "opioid": "taper", "nonopioid": ["cbt"]}]
    for action in actions:
        store.append(sid, action)
    assert store.actions(sid) == actions
    record = store.session(sid)
    assert record == SessionRecord(
        id=sid,
        scenario_id="clbp-moderate-oud",
        scenario_path="scenarios/clbp-moderate-oud.yaml",
        trainee="R. Okafor",
        started_at=record.started_at,
        finished_at=None,
        score=None,
        max_score=None,
        action_count=4,
    )
    assert not record.finished and record.started_at


def test_sessions_keep_their_own_actions(store):
    a = store.start("s1", "a.yaml")
    b = store.start("s2", "b.yaml")
    store.append(a, ASK)
    store.append(b, SAY)
    store.append(a, {"type": "advance"})
    assert store.actions(a) == [ASK, {"type": "advance"}]
    assert store.actions(b) == [SAY]
    assert b > a


def test_unfinished_sessions_are_offered_newest_first_and_finished_ones_are_not(store):
    first = store.start("s", "s.yaml")
    second = store.start("s", "s.yaml")
    third = store.start("s", "s.yaml")
    store.append(second, ASK)
    store.finish(third, 40, 133)
    assert [r.id for r in store.unfinished()] == [second, first]
    assert store.unfinished()[0].action_count == 1
    done = store.session(third)
    assert done.finished and (done.score, done.max_score) == (40, 133)


def test_history_is_newest_first_and_limited(store):
    ids = [store.start("s", "s.yaml") for _ in range(5)]
    store.finish(ids[1], 10, 20)
    assert [r.id for r in store.history(3)] == ids[::-1][:3]
    assert [r.id for r in store.history(100)] == ids[::-1]
    assert store.history(0) == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s, sid: s.append(999, ASK), "there is no session 999"),
        (lambda s, sid: s.actions(999), "there is no session 999"),
        (lambda s, sid: s.finish(999, 1, 2), "there is no session 999"),
        (lambda s, sid: s.append(sid, {"type": "say", "text": object()}), "cannot be stored as JSON"),
        (lambda s, sid: s.append(sid, {"x": float("nan")}), "cannot be stored as JSON"),
        (lambda s, sid: s.finish(sid, float("inf"), 10), "a score must be a number"),
        (lambda s, sid: s.append("1", ASK), "a session id is a whole number"),
    ],
)
def test_mistaken_calls_raise_store_error_and_store_nothing(store, call, message):
    sid = store.start("s", "s.yaml")
    with pytest.raises(StoreError, match=message):
        call(store, sid)
    assert store.actions(sid) == []


def test_a_finished_session_takes_no_more_actions_and_cannot_be_finished_again(store):
    sid = store.start("s", "s.yaml")
    store.append(sid, ASK)
    store.finish(sid, 5, 10)
    with pytest.raises(StoreError, match="finished"):
        store.append(sid, ASK)
    with pytest.raises(StoreError, match="already finished"):
        store.finish(sid, 9, 10)
    assert store.actions(sid) == [ASK]
    assert store.session(sid).score == 5


def test_the_log_is_append_only_even_for_direct_sql(store, db):
    sid = store.start("s", "s.yaml")
    store.append(sid, ASK)
    store.finish(sid, 1, 2)
    conn = sqlite3.connect(db)
    try:
        for statement in (
            "UPDATE actions SET action = '{}'",
            "DELETE FROM actions",
            "DELETE FROM sessions",
            "UPDATE sessions SET score = 99",
        ):
            with pytest.raises(sqlite3.IntegrityError):
                conn.execute(statement)
    finally:
        conn.close()
    assert store.actions(sid) == [ASK]


def test_a_closed_store_says_so(db):
    store = SessionStore(db)
    store.close()
    store.close()  # closing twice is harmless
    with pytest.raises(StoreError, match="closed"):
        store.start("s", "s.yaml")


def test_the_store_is_a_context_manager_and_creates_its_folder(tmp_path):
    path = tmp_path / "deeper" / "still" / "sessions.db"
    with SessionStore(path) as store:
        store.start("s", "s.yaml")
    assert path.is_file()
    with SessionStore(path) as again:
        assert len(again.history(10)) == 1


def test_an_in_memory_store_works_for_quick_tests():
    with SessionStore(":memory:") as store:
        sid = store.start("s", "s.yaml")
        store.append(sid, ASK)
        assert store.actions(sid) == [ASK]


# ----------------------------------------------------------------------------- durability


def test_an_appended_action_is_readable_by_another_connection_before_close(db):
    """Simulate a kill: write without closing, then read from a second, independent store."""
    writer = SessionStore(db)
    sid = writer.start("s", "s.yaml")
    writer.append(sid, ASK)
    writer.append(sid, SAY)
    reader = SessionStore(db)
    try:
        assert reader.actions(sid) == [ASK, SAY]
        assert [r.id for r in reader.unfinished()] == [sid]
    finally:
        reader.close()
        writer.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_actions_survive_the_process_being_killed(db):
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from simulator.records.store import SessionStore
        store = SessionStore({str(db)!r})
        sid = store.start("clbp-moderate-oud", "s.yaml")
        for n in range(25):
            store.append(sid, {{"type": "ask", "intent": "pain.location", "text": f"q{{n}}"}})
        print(sid, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    sid = int(result.stdout.strip())
    with SessionStore(db) as store:
        actions = store.actions(sid)
        assert [a["text"] for a in actions] == [f"q{n}" for n in range(25)]
        assert [r.id for r in store.unfinished()] == [sid]


def test_a_second_instance_reads_while_the_first_is_writing(db):
    first = SessionStore(db)
    second = SessionStore(db)
    try:
        sid = first.start("s", "s.yaml")
        first.append(sid, ASK)
        assert second.actions(sid) == [ASK]
        # the first instance holds a write transaction: WAL still lets the second read
        conn = first._connection()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO actions (session_id, seq, action, recorded_at) VALUES (?, 2, ?, 'now')",
            (sid, json.dumps(SAY)),
        )
        assert second.actions(sid) == [ASK]  # uncommitted work is invisible, not blocking
        assert second.history(5)[0].action_count == 1
        conn.execute("COMMIT")
        assert second.actions(sid) == [ASK, SAY]
        # and the second instance can write too; both see one sequence
        second.append(sid, {"type": "advance"})
        assert first.actions(sid) == [ASK, SAY, {"type": "advance"}]
    finally:
        first.close()
        second.close()


def test_a_second_process_reads_the_first_ones_sessions(db):
    with SessionStore(db) as store:
        sid = store.start("s", "s.yaml", trainee="A")
        store.append(sid, ASK)
        script = (
            "import json, sys\n"
            "from simulator.records.store import SessionStore\n"
            f"s = SessionStore({str(db)!r})\n"
            f"print(json.dumps([s.actions({sid}), [r.trainee for r in s.unfinished()]]))\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == [[ASK], ["A"]]


# ----------------------------------------------------------------------------- damaged files


def _fill(path, sessions: int = 60, per_session: int = 15) -> None:
    SessionStore(path).close()
    # bulk rows in one transaction (store.append syncs every row, which is slow on purpose)
    conn = sqlite3.connect(path)
    with conn:
        for _ in range(sessions):
            sid = conn.execute(
                "INSERT INTO sessions (scenario_id, scenario_path, started_at) VALUES ('s', 's.yaml', 'x')"
            ).lastrowid
            conn.executemany(
                "INSERT INTO actions (session_id, seq, action, recorded_at) VALUES (?, ?, ?, 'x')",
                [
                    (sid, k, json.dumps({"type": "say", "text": f"statement {k} " * 10}))
                    for k in range(1, per_session)
                ],
            )
    # fold the WAL into the main file so the damage below hits real pages
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()


def _garble(path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data) - 300, 4096 * 2):
        data[offset + 8 : offset + 208] = bytes((i * 37 + 11) % 256 for i in range(200))
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("kind", ["text", "random-bytes", "truncated", "garbled-pages"])
def test_a_damaged_file_raises_store_error_and_is_left_alone(db, kind):
    if kind == "text":
        db.write_text("these are my notes, not a database\n")
    elif kind == "random-bytes":
        db.write_bytes(bytes((i * 131 + 7) % 256 for i in range(10_000)))
    else:
        _fill(db)
        if kind == "truncated":
            db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
        else:
            _garble(db)
    before = db.read_bytes()
    with pytest.raises(StoreError) as info:
        SessionStore(db)
    assert info.value.corrupt
    assert str(db) in str(info.value)
    assert db.read_bytes() == before


def test_open_or_recover_moves_the_damaged_file_aside_and_starts_afresh(db):
    db.write_text("not a database")
    (db.parent / (db.name + "-wal")).write_bytes(b"stale wal")
    store, notice = SessionStore.open_or_recover(db, ours=True)  # in the app's own data folder
    try:
        aside = [p for p in db.parent.iterdir() if p.name.startswith("sessions.db.corrupt-")]
        kept = [p for p in aside if not p.name.endswith(("-wal", "-shm"))]
        assert len(kept) == 1
        assert kept[0].read_text() == "not a database"
        assert (kept[0].parent / (kept[0].name + "-wal")).read_bytes() == b"stale wal"
        assert notice is not None and str(kept[0]) in notice and "new, empty history" in notice
        sid = store.start("s", "s.yaml")
        store.append(sid, ASK)
        assert store.actions(sid) == [ASK]
    finally:
        store.close()


def test_open_or_recover_twice_never_overwrites_an_earlier_copy(db):
    db.write_text("first bad file")
    SessionStore.open_or_recover(db, ours=True)[0].close()
    db.unlink()
    for side in db.parent.glob("sessions.db-*"):
        side.unlink()
    db.write_text("second bad file")
    SessionStore.open_or_recover(db, ours=True)[0].close()
    kept = sorted(
        p.read_text()
        for p in db.parent.iterdir()
        if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))
    )
    assert kept == ["first bad file", "second bad file"]


def test_open_or_recover_on_a_good_store_changes_nothing(db):
    with SessionStore(db) as store:
        sid = store.start("s", "s.yaml")
        store.append(sid, ASK)
    store, notice = SessionStore.open_or_recover(db)
    with store:
        assert notice is None
        assert store.actions(sid) == [ASK]


def test_another_sqlite_database_is_not_mistaken_for_a_store(db):
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE settings (k TEXT, v TEXT)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="not a session store") as info:
        SessionStore(db)
    assert not info.value.corrupt
    # not ours, so never moved aside or replaced, even when it sits in our own folder
    with pytest.raises(StoreError, match="not a session store"):
        SessionStore.open_or_recover(db, ours=True)
    assert db.read_bytes() == before
    assert not [p for p in db.parent.iterdir() if ".corrupt-" in p.name]


def test_a_file_that_cannot_be_told_ours_is_left_where_it_is(db):
    db.write_text("these are my notes, not a database\n")
    with pytest.raises(StoreError, match="left untouched"):
        SessionStore.open_or_recover(db)
    assert db.read_text() == "these are my notes, not a database\n"
    assert [p.name for p in db.parent.iterdir()] == [db.name]


def test_a_store_from_a_newer_version_is_refused_but_never_moved(db):
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="newer version") as info:
        SessionStore.open_or_recover(db)
    assert not info.value.corrupt
    assert db.read_bytes() == before
    assert not [p for p in db.parent.iterdir() if ".corrupt-" in p.name]


def test_a_folder_in_place_of_the_file_is_a_clear_error(tmp_path):
    folder = tmp_path / "sessions.db"
    folder.mkdir()
    with pytest.raises(StoreError, match="folder") as info:
        SessionStore.open_or_recover(folder)
    assert not info.value.corrupt and folder.is_dir()


def test_a_damaged_action_row_is_reported_not_crashed_on(db):
    with SessionStore(db) as store:
        sid = store.start("s", "s.yaml")
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO actions (session_id, seq, action, recorded_at) VALUES (?, 1, 'not json', 'x')", (sid,)
    )
    conn.commit()
    conn.close()
    with SessionStore(db) as store, pytest.raises(StoreError, match="action 1 of session"):
        store.actions(sid)


def test_a_read_only_store_reports_that_it_cannot_be_written(db, tmp_path):
    """As a user: a file without write permission. As root (who ignores file permissions, as in
    CI): the same store on a file system remounted read-only."""
    if os.geteuid() != 0:
        SessionStore(db).close()
        db.chmod(0o444)
        try:
            with pytest.raises(StoreError):
                with SessionStore(db) as store:
                    store.start("s", "s.yaml")
        finally:
            db.chmod(0o644)
        return
    from fixtures.disks import make_read_only, tmpfs

    with tmpfs(tmp_path / "disk", "1m") as mount:
        SessionStore(mount / "sessions.db").close()
        make_read_only(mount)
        with pytest.raises(StoreError):
            with SessionStore(mount / "sessions.db") as store:
                store.start("s", "s.yaml")
