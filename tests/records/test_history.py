"""The library's read-only view of the store: each saved session, attempts and best score per case."""

from __future__ import annotations

import pytest

from simulator.records import history
from simulator.records.store import SessionStore

ADVANCE = {"type": "advance"}
ASK = {"type": "ask", "intent": "pain.location"}


@pytest.fixture
def store(tmp_path):
    s = SessionStore(tmp_path / "sessions.db")
    yield s
    s.close()


def _session(store, path, actions, finish=None, trainee=""):
    sid = store.start("case", path, trainee)
    for i, action in enumerate(actions, 1):
        store.append(sid, action, finish=finish if i == len(actions) else None)
    return sid


def test_each_session_says_how_far_it_went_newest_first(store):
    first = _session(store, "a.yaml", [ADVANCE, ASK, ASK])
    second = _session(store, "a.yaml", [ADVANCE, ASK, ADVANCE, ADVANCE, ADVANCE], finish=(40, 80))
    found = history.saved_sessions(store)
    assert [s.record.id for s in found] == [second, first]
    assert [s.advances for s in found] == [4, 1]
    assert found[0].percent == 50 and found[1].percent is None


def test_attempts_and_best_score_per_case(store):
    _session(store, "a.yaml", [ADVANCE], finish=(30, 100))
    best = _session(store, "a.yaml", [ADVANCE], finish=(90, 100))
    _session(store, "a.yaml", [ADVANCE], finish=(60, 100))
    unfinished = _session(store, "a.yaml", [ADVANCE, ASK])
    _session(store, "a.yaml", [])  # opened and left at once: not an attempt
    _session(store, "b.yaml", [ASK])
    cases = history.by_case(history.saved_sessions(store))
    a, b = cases["a.yaml"], cases["b.yaml"]
    assert (a.attempts, a.finished) == (4, 3)
    assert a.best.record.id == best and a.best.percent == 90
    assert a.newest_unfinished.record.id == unfinished
    assert b.best is None and b.newest_unfinished.record.id == b.sessions[0].record.id


def test_only_the_chosen_trainees_sessions_when_a_name_is_given(store):
    mine = _session(store, "a.yaml", [ASK], trainee="Dr Ada Obi")
    _session(store, "a.yaml", [ASK], trainee="Sam Lee")
    assert [s.record.id for s in history.saved_sessions(store, "dr ada obi")] == [mine]
    assert len(history.saved_sessions(store)) == 2


def test_a_session_replaced_by_its_copy_is_listed_once(store):
    old = store.start("case", "a.yaml", hold=True)
    store.append(old, ASK)
    new = store.fork(old, [ASK])
    assert [s.record.id for s in history.saved_sessions(store)] == [new]
