"""A store written by version 1 of the simulator opens, upgraded, with all its sessions."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from fixtures.scenario_text import POOR, SCENARIO

from simulator.engine.playthrough import load_actions, play
from simulator.engine.session import Session
from simulator.records import migrations
from simulator.records.store import SCHEMA_VERSION, SessionStore, StoreError
from simulator.scenario.loader import load_scenario
from simulator.scoring.debrief import build_debrief

V1 = Path(__file__).resolve().parents[1] / "fixtures" / "stores" / "v1.sql"


def make_v1_store(path: Path) -> list[dict]:
    """The v1 fixture plus a finished session holding the poor playthrough, written with raw SQL."""
    actions, _ = load_actions(POOR)
    conn = sqlite3.connect(path)
    conn.executescript(V1.read_text(encoding="utf-8"))
    conn.execute(
        "INSERT INTO sessions VALUES (3, 'clbp-moderate-oud', ?, 'Priya N', "
        "'2026-11-04T09:00:00.000+00:00', '2026-11-04T09:40:00.000+00:00', 12, 144)",
        (str(SCENARIO),),
    )
    for seq, action in enumerate(actions, start=1):
        conn.execute(
            "INSERT INTO actions VALUES (3, ?, ?, '2026-11-04T09:10:00.000+00:00')",
            (seq, json.dumps(action, sort_keys=True)),
        )
    conn.commit()
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    return actions


def test_a_version_1_store_opens_after_migration_with_its_sessions(tmp_path):
    db = tmp_path / "sessions.sqlite3"
    actions = make_v1_store(db)

    with SessionStore(db) as store:
        assert [r.id for r in store.history()] == [3, 2, 1]
        assert store.session(1).trainee == "Priya N"
        assert store.actions(1)[1] == {"type": "ask", "intent": "pain.location"}
        assert [r.id for r in store.unfinished()] == [2, 1]
        # the finished session keeps what was stored, and its actions still replay to the debrief
        assert (store.session(3).score, store.session(3).max_score) == (12, 144)
        assert store.actions(3) == actions
        session = Session.replay(load_scenario(SCENARIO), store.actions(3))
        assert session.finished
        assert build_debrief(session).score == build_debrief(play(load_scenario(SCENARIO), POOR)).score
        # and new actions can still be recorded on an old unfinished session
        store.append(2, {"type": "ask", "intent": "pain.severity"})
        assert len(store.actions(2)) == 2

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == migrations.LATEST
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"trainees", "results", "outbox"} <= tables
    # the name already used by sessions became a trainee profile
    assert [r[0] for r in conn.execute("SELECT name FROM trainees")] == ["Priya N"]
    # the old append-only rules still hold after the upgrade
    with pytest.raises(sqlite3.DatabaseError, match="cannot be deleted"):
        conn.execute("DELETE FROM actions WHERE session_id = 1")
    conn.close()


def test_the_old_file_is_kept_before_migrating(tmp_path):
    db = tmp_path / "sessions.sqlite3"
    make_v1_store(db)
    SessionStore(db).close()
    backup = tmp_path / f"sessions.sqlite3.before-v{migrations.LATEST}"
    assert backup.exists()
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 3
    conn.close()


def test_opening_twice_migrates_once(tmp_path):
    db = tmp_path / "sessions.sqlite3"
    make_v1_store(db)
    SessionStore(db).close()
    SessionStore(db).close()
    assert sorted(p.name for p in tmp_path.iterdir() if ".before-" in p.name) == [
        f"sessions.sqlite3.before-v{migrations.LATEST}"
    ]


def test_a_new_store_is_created_at_the_latest_version_without_a_backup(tmp_path):
    db = tmp_path / "new.sqlite3"
    SessionStore(db).close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    conn.close()
    assert not [p for p in tmp_path.iterdir() if ".before-" in p.name]


def test_a_failing_step_leaves_the_store_at_the_last_good_version(tmp_path, monkeypatch):
    db = tmp_path / "sessions.sqlite3"
    make_v1_store(db)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(migrations, "STEPS", (migrations.Step(2, "broken", broken),))
    with pytest.raises(StoreError):
        SessionStore(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in tables
    conn.close()


def test_steps_are_numbered_one_after_another():
    versions = [s.version for s in migrations.STEPS]
    assert versions == list(range(migrations.BASE + 1, migrations.BASE + 1 + len(versions)))


class Killed(BaseException):
    """kill -9 at one point: nothing after it runs."""


def _dump(db: Path) -> list:
    conn = sqlite3.connect(db)
    try:
        return [
            conn.execute("SELECT * FROM sessions ORDER BY id").fetchall()[:3],
            conn.execute("SELECT session_id, seq, action FROM actions ORDER BY 1, 2").fetchall(),
        ]
    finally:
        conn.close()


@pytest.mark.parametrize("where", ["backup", *(f"step-{s.version}" for s in migrations.STEPS)])
def test_a_kill_during_migration_leaves_no_partial_backup_and_loses_nothing(tmp_path, monkeypatch, where):
    db = tmp_path / "sessions.sqlite3"
    make_v1_store(db)
    before = _dump(db)
    if where == "backup":

        def dies_half_way(status, remaining, total):
            raise Killed

        monkeypatch.setattr(migrations, "_copied", dies_half_way)
    else:
        version = int(where.split("-")[1])
        steps = tuple(
            migrations.Step(s.version, s.summary, _dies if s.version == version else s.apply)
            for s in migrations.STEPS
        )
        monkeypatch.setattr(migrations, "STEPS", steps)
    with pytest.raises(Killed):
        SessionStore(db).close()
    monkeypatch.undo()
    named = sorted(
        p.name for p in tmp_path.iterdir() if ".before-v" in p.name and not p.name.endswith(".partial")
    )
    for name in named:  # whatever carries the documented name is a whole copy of the old store
        assert _dump(tmp_path / name) == before
    assert where != "backup" or named == []
    with SessionStore(db) as store:  # the next start finishes the migration with every session
        assert [r.id for r in store.history()] == [3, 2, 1]
    assert _dump(db)[1] == before[1]


def _dies(conn):
    raise Killed
