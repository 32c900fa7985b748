"""The session lifecycle, told as what a trainee would notice when the store lets them down.

A failed save changes nothing (state, transcript, rapport, score) and the trainee can retry;
a full disk stops the session where it is instead of carrying on unsaved; the last action and
the finish are saved together; a session resumes up to its last good action.
"""

from __future__ import annotations

import os
import sqlite3

import pytest
from fixtures.scenario_text import EXPERT, POOR, SCENARIO

from simulator.control.controller import SessionController
from simulator.control.dialogs import ScriptedDialogs
from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.records.store import SessionStore, StoreError
from simulator.scenario.loader import load_scenario
from simulator.scoring.debrief import build_debrief


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


@pytest.fixture(scope="module")
def expert():
    return load_actions(EXPERT)[0]


@pytest.fixture
def store(tmp_path):
    s = SessionStore(tmp_path / "sessions.db")
    # durability across kills is tested in tests/records; here only the logic matters, so skip fsync
    s._connection().execute("PRAGMA synchronous=OFF")
    yield s
    s.close()


def snapshot(session: Session) -> tuple:
    d = session.data
    return (
        session.state.name,
        session.actions,
        session.steps,
        tuple(d.transcript),
        d.rapport,
        dict(d.asked),
        tuple(d.revealed),
        dict(d.decisions),
        tuple(d.visited),
        d.plan,
        d.assessment,
        session.context(),
    )


class FailingSaves:
    """Makes the store's next ``count`` appends fail as a full disk would."""

    def __init__(self, store: SessionStore, monkeypatch) -> None:
        self.count = 0
        real = store.append

        def append(*args, **kwargs):
            if self.count:
                self.count -= 1
                raise StoreError("database or disk is full")
            return real(*args, **kwargs)

        monkeypatch.setattr(store, "append", append)


def test_a_failed_save_at_any_action_of_the_expert_run_changes_nothing_and_a_retry_goes_on(
    scenario, expert, store, monkeypatch
):
    # One run in which every action's first save fails: each failure must leave the session
    # exactly as it was, and the next attempt at the same action must go on from there.
    full = build_debrief(Session.replay(scenario, expert))
    faults = FailingSaves(store, monkeypatch)
    dialogs = ScriptedDialogs()
    ctl = SessionController.start(scenario, str(SCENARIO), store, dialogs)
    heard: list = []
    ctl.session.subscribe(heard.append)
    for k, action in enumerate(expert):
        before, events = snapshot(ctl.session), len(heard)
        faults.count = 1
        dialogs.answers = ["stay"]
        result = ctl.apply(action)
        assert not result.accepted and "not applied" in result.message
        assert snapshot(ctl.session) == before, f"action {k + 1} changed the session unsaved"
        assert len(heard) == events, "listeners heard about an action that was not saved"
        assert [s.title for s in dialogs.shown] == ["Not saved"] * (k + 1)
        assert store.session(ctl.session_id).action_count == k
        dialogs.answers = []
        result = ctl.apply(action)
        assert result.accepted, (k, result.message)
    assert len(dialogs.shown) == len(expert)  # one dialog for each failure
    record = store.session(ctl.session_id)
    assert record.finished and record.score == full.score
    assert store.actions(ctl.session_id) == list(ctl.session.actions)
    replayed = build_debrief(Session.replay(scenario, store.actions(ctl.session_id)))
    assert (replayed.score, replayed.critical) == (full.score, full.critical)
    assert ctl.finished_text() == "Session complete. Your work is saved."
    assert ctl.final_score == (full.score, full.max_score)


def test_retry_from_the_dialog_saves_the_same_action_once(scenario, expert, store, monkeypatch):
    faults = FailingSaves(store, monkeypatch)
    dialogs = ScriptedDialogs(["retry", "retry"])
    ctl = SessionController.start(scenario, str(SCENARIO), store, dialogs)
    first_question = next(i for i, a in enumerate(expert) if a["type"] == "ask")
    for action in expert[:first_question]:
        ctl.apply(action)
    faults.count = 2  # fails twice, then the third attempt gets through
    assert ctl.apply(expert[first_question]).accepted
    assert len(dialogs.shown) == 2
    assert store.actions(ctl.session_id) == list(ctl.session.actions)
    assert len(ctl.session.actions) == first_question + 1
    assert ctl.session.data.questions == 1  # a retried question is counted once
    assert ctl.session.data.asked == {expert[first_question]["intent"]: 1}


def test_the_last_action_and_the_finish_are_saved_together(scenario, expert, store, monkeypatch):
    faults = FailingSaves(store, monkeypatch)
    dialogs = ScriptedDialogs(["library"])
    ctl = SessionController.start(scenario, str(SCENARIO), store, dialogs)
    for action in expert[:-1]:
        assert ctl.apply(action).accepted
    faults.count = 1
    result = ctl.apply(expert[-1])
    assert not result.accepted and result.leave  # the trainee chose to go back to the library
    assert not ctl.session.finished
    record = store.session(ctl.session_id)
    assert not record.finished and record.action_count == len(expert) - 1
    # the trainee comes back later: the session resumes one step before the debrief
    ctl.close()
    again = SessionController.resume(store, ctl.session_id, ScriptedDialogs())
    assert again is not None and again.session.state.name == ctl.session.state.name
    assert again.apply(expert[-1]).finished
    assert store.session(ctl.session_id).finished


def test_a_full_disk_stops_the_session_where_it_is_and_loses_nothing(scenario, expert, tmp_path):
    # SQLite's max_page_count makes the store really full: real SQLITE_FULL errors
    store = SessionStore(tmp_path / "full.db")
    dialogs = ScriptedDialogs()
    ctl = SessionController.start(scenario, str(SCENARIO), store, dialogs)
    conn = store._connection()
    # earlier sessions have filled the disk but for one page
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    other = store.start("other", "other.yaml")
    with pytest.raises(StoreError, match="full"):
        for _ in range(1000):
            store.append(other, {"type": "say", "text": "an earlier session's statement"})
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0] + 1}")
    accepted = 0
    for action in expert:
        dialogs.answers = ["stay"]
        before = snapshot(ctl.session)
        if ctl.apply(action).accepted:
            accepted += 1
            continue
        assert snapshot(ctl.session) == before
        break
    assert 0 < accepted < len(expert), "the tiny store should fill up during the run"
    assert "full" in dialogs.shown[-1].text
    assert len(dialogs.shown) == 1
    assert store.actions(ctl.session_id) == list(ctl.session.actions)
    # space is freed: the same action goes through and the run finishes with full marks
    conn.execute("PRAGMA max_page_count = 1073741823")
    for action in expert[accepted:]:
        assert ctl.apply(action).accepted
    assert store.session(ctl.session_id).finished
    stored = Session.replay(scenario, store.actions(ctl.session_id))
    assert build_debrief(stored).score == build_debrief(Session.replay(scenario, expert)).score
    store.close()


def test_without_a_store_the_debrief_does_not_claim_the_work_is_saved(scenario, expert):
    ctl = SessionController.start(scenario, str(SCENARIO), None, ScriptedDialogs())
    for action in expert:
        ctl.apply(action)
    assert ctl.session.finished and not ctl.saved
    assert ctl.final_score == (build_debrief(ctl.session).score, build_debrief(ctl.session).max_score)
    assert ctl.finished_text() == "Session complete. This session was not saved."


def test_a_store_that_cannot_start_a_session_asks_before_practising_unsaved(scenario, store, monkeypatch):
    real_start = store.start
    failures = [1, 1]

    def refuse(*args, **kwargs):
        if failures:
            failures.pop()
            raise StoreError("sessions.db is busy: another window of the simulator is writing to it")
        return real_start(*args, **kwargs)

    monkeypatch.setattr(store, "start", refuse)
    dialogs = ScriptedDialogs(["cancel"])
    assert SessionController.start(scenario, str(SCENARIO), store, dialogs) is None
    assert "could not be recorded" in dialogs.shown[0].text
    assert dialogs.shown[0].choices == ("retry", "practise", "cancel")
    dialogs = ScriptedDialogs(["retry"])  # the other window has finished writing
    ctl = SessionController.start(scenario, str(SCENARIO), store, dialogs)
    assert ctl is not None and ctl.saved and len(dialogs.shown) == 1
    failures[:] = [1]
    dialogs = ScriptedDialogs(["practise"])
    ctl = SessionController.start(scenario, str(SCENARIO), store, dialogs)
    assert ctl is not None and not ctl.saved


# ----------------------------------------------------------------------------- resuming


def _saved_session(scenario, store, actions) -> int:
    ctl = SessionController.start(scenario, str(SCENARIO), store, ScriptedDialogs())
    for action in actions:
        assert ctl.apply(action).accepted
    ctl.close()
    return ctl.session_id


def test_a_session_with_a_damaged_action_resumes_up_to_its_last_good_action(
    scenario, expert, store, tmp_path
):
    sid = _saved_session(scenario, store, expert[:10])
    conn = sqlite3.connect(tmp_path / "sessions.db")
    conn.execute("DROP TRIGGER actions_no_update")
    conn.execute("UPDATE actions SET action = '{broken' WHERE session_id = ? AND seq = 7", (sid,))
    conn.commit()
    conn.close()
    dialogs = ScriptedDialogs(["continue"])
    ctl = SessionController.resume(store, sid, dialogs)
    assert ctl is not None
    assert "first 6 of the 10 saved actions" in dialogs.shown[0].text
    assert ctl.session.actions == tuple(Session.replay(scenario, expert[:6]).actions)
    assert "Restored up to action 6 of 10" in ctl.note
    # carrying on saves into a copy; the damaged original is kept and no longer offered
    assert ctl.session_id != sid
    assert ctl.apply(expert[6]).accepted
    assert len(store.actions(ctl.session_id)) == 7
    assert store.session(sid).action_count == 10
    assert [r.id for r in store.unfinished()] == [ctl.session_id]


def test_resuming_after_the_case_was_edited_warns_and_offers_the_safe_options(scenario, expert, store):
    sid = _saved_session(scenario, store, expert[:8])
    edited = scenario.model_copy(update={"title": scenario.title + " (revised)"})
    dialogs = ScriptedDialogs(["read_only"])
    ctl = SessionController.resume(store, sid, dialogs, load=lambda path, seed=None: edited)
    assert ctl is not None and ctl.read_only
    assert dialogs.shown[0].title == "The case has changed"
    assert "All 8 saved actions still apply" in dialogs.shown[0].text
    assert not ctl.apply(expert[8]).accepted
    assert store.session(sid).action_count == 8
    # continuing instead records that the session now follows the edited case
    dialogs = ScriptedDialogs(["continue"])
    ctl = SessionController.resume(store, sid, dialogs, load=lambda path, seed=None: edited)
    assert ctl is not None and not ctl.read_only
    assert ctl.apply(expert[8]).accepted
    ctl.close()
    again = SessionController.resume(store, sid, ScriptedDialogs(), load=lambda path, seed=None: edited)
    assert again is not None and again.note == ""


def test_a_saved_action_that_no_longer_applies_is_explained_and_the_record_kept(scenario, expert, store):
    # e.g. a log written by an older version: its fifth action cannot apply to this case
    sid = store.start(scenario.id, str(SCENARIO))
    for action in [*expert[:4], {"type": "decide", "choice": "x"}, expert[4]]:
        store.append(sid, action)
    dialogs = ScriptedDialogs(["cancel"])
    assert SessionController.resume(store, sid, dialogs) is None
    assert "first 4 of the 6 saved actions" in dialogs.shown[0].text
    assert "action 5 no longer applies" in dialogs.shown[0].text
    assert dialogs.shown[0].choices == ("continue", "read_only", "cancel")
    assert store.session(sid).action_count == 6  # the saved record is untouched
    assert store.holder(sid) is None  # cancelling let the session go again


def test_a_session_whose_case_file_is_gone_is_explained_not_crashed_on(scenario, expert, store, tmp_path):
    sid = _saved_session(scenario, store, expert[:3])
    dialogs = ScriptedDialogs()
    missing = tmp_path / "gone.yaml"
    ctl = SessionController.resume(store, sid, dialogs, load=lambda path, seed=None: load_scenario(missing))
    assert ctl is None
    assert dialogs.shown[0].title == "Cannot resume" and "saved actions are kept" in dialogs.shown[0].text


def test_the_poor_run_finishes_with_the_same_score_through_the_controller(scenario, store):
    poor = load_actions(POOR)[0]
    ctl = SessionController.start(scenario, str(SCENARIO), store, ScriptedDialogs())
    for action in poor:
        assert ctl.apply(action).accepted
    assert store.session(ctl.session_id).score == build_debrief(Session.replay(scenario, poor)).score


@pytest.fixture
def small_disk(tmp_path):
    """A real 512 KiB file system (tmpfs), where the test may mount one; skipped elsewhere."""
    from fixtures.disks import tmpfs

    with tmpfs(tmp_path / "disk", "512k") as mount:
        yield mount


def test_on_a_really_full_disk_the_session_waits_and_carries_on_once_space_is_freed(
    scenario, expert, small_disk
):
    store = SessionStore(small_disk / "sessions.db")
    dialogs = ScriptedDialogs()
    ctl = SessionController.start(scenario, str(SCENARIO), store, dialogs)
    # something else fills the disk
    filler = small_disk / "other-program.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 1024):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    accepted = 0
    for action in expert:
        dialogs.answers = ["stay"]
        before = snapshot(ctl.session)
        if ctl.apply(action).accepted:
            accepted += 1
            continue
        assert snapshot(ctl.session) == before
        break
    assert accepted < len(expert)
    assert len(dialogs.shown) == 1 and "full" in dialogs.shown[0].text
    assert store.actions(ctl.session_id) == list(ctl.session.actions)
    filler.unlink()
    for action in expert[accepted:]:
        assert ctl.apply(action).accepted
    assert store.session(ctl.session_id).finished
    assert Session.replay(scenario, store.actions(ctl.session_id)).actions == ctl.session.actions
    store.close()


def test_two_windows_on_one_session_never_interleave_their_actions(scenario, expert, tmp_path, monkeypatch):
    import simulator.records.store as store_module

    db = tmp_path / "shared.db"
    first_store, second_store = SessionStore(db), SessionStore(db)
    first = SessionController.start(scenario, str(SCENARIO), first_store, ScriptedDialogs())
    for action in expert[:5]:
        assert first.apply(action).accepted
    # a second window resumes the same session while the first still has it
    dialogs = ScriptedDialogs(["read_only"])
    second = SessionController.resume(second_store, first.session_id, dialogs)
    assert second is not None and second.read_only
    assert "process" in dialogs.shown[0].text
    assert not second.apply(expert[5]).accepted
    # the first window goes quiet long enough for its lease to be taken over
    monkeypatch.setattr(store_module, "LEASE_STALE_SECONDS", -1.0)
    taker = SessionController.resume(second_store, first.session_id, ScriptedDialogs())
    monkeypatch.setattr(store_module, "LEASE_STALE_SECONDS", 120.0)
    assert taker is not None and not taker.read_only
    assert taker.apply(expert[5]).accepted
    # the first window wakes up: its next action is refused, shown once, and it turns read-only
    first.dialogs = ScriptedDialogs(["read_only"])
    result = first.apply(expert[5])
    assert not result.accepted and not result.leave and first.read_only
    assert first.dialogs.shown[0].title == "Not saved: this session is open elsewhere"
    assert len(first.session.actions) == 5
    stored = first_store.actions(first.session_id)
    assert stored == list(taker.session.actions) == list(Session.replay(scenario, expert[:6]).actions)
    for action in expert[6:]:
        assert taker.apply(action).accepted
    assert first_store.session(first.session_id).finished
    assert Session.replay(scenario, first_store.actions(first.session_id)).finished
    first_store.close()
    second_store.close()


# ------------------------------------------------------------ the app's three moves, headless


def test_a_typed_question_is_read_saved_and_answered_through_the_controller(scenario, expert, store):
    ctl = SessionController.start(scenario, str(SCENARIO), store, ScriptedDialogs())
    for action in expert[: next(i for i, a in enumerate(expert) if a["type"] == "ask")]:
        ctl.apply(action)  # to the interview
    result = ctl.ask("  Where does it hurt the most?  ")
    assert result.accepted and result.interpretation.action["type"] == "ask"
    assert result.interpretation.action["intent"] == "pain.location"
    assert store.actions(ctl.session_id) == list(ctl.session.actions)  # saved before it was applied
    assert ctl.session.data.transcript[-1].speaker == "patient"  # the patient answered
    assert not ctl.ask("   ").applied  # an empty turn makes no action


def test_a_decision_at_a_visit_is_saved_and_moves_the_case_on(scenario, expert, store):
    ctl = SessionController.start(scenario, str(SCENARIO), store, ScriptedDialogs())
    at = next(i for i, a in enumerate(expert) if a["type"] == "decide")
    for action in expert[:at]:
        assert ctl.apply(action).accepted
    assert not ctl.apply({"type": "decide", "choice": "no-such-choice"}).accepted  # refused, not saved
    assert ctl.apply(expert[at]).accepted
    assert ctl.session.data.decisions and store.actions(ctl.session_id)[-1] == expert[at]


def test_the_finish_links_the_trainee_keeps_the_result_and_queues_it_for_the_lrs(scenario, expert, store):
    from simulator.records import outbox, trainees
    from simulator.records.xapi import XapiConfig

    ctl = SessionController.start(
        scenario, str(SCENARIO), store, ScriptedDialogs(), trainee="Priya N", xapi=XapiConfig()
    )
    assert store.session(ctl.session_id).trainee == "Priya N"  # linked from the start
    assert not ctl.kept and outbox.queued_sessions(store) == set()
    results = [ctl.apply(action) for action in expert]
    assert results[-1].finished and results[-1].message == ""
    kept = trainees.cached_result(store, ctl.session_id)  # kept before the case file can change
    assert ctl.kept and kept["trainee"] == "Priya N" and kept["report"]["score"] == ctl.final_score[0]
    assert outbox.queued_sessions(store) == {ctl.session_id}
    assert outbox.counts(store).pending > 0


def test_without_an_lrs_the_finish_keeps_the_result_and_queues_nothing(scenario, expert, store):
    from simulator.records import outbox, trainees

    ctl = SessionController.start(scenario, str(SCENARIO), store, ScriptedDialogs())
    for action in expert:
        ctl.apply(action)
    assert trainees.cached_result(store, ctl.session_id) is not None
    assert outbox.counts(store).pending == 0


def test_a_result_that_cannot_be_kept_is_said_and_the_finish_stays_saved(
    scenario, expert, store, monkeypatch
):
    from simulator.control import results

    def broken(*_args):
        raise StoreError("the results table is locked")

    monkeypatch.setattr(results, "stored_record", broken)
    ctl = SessionController.start(scenario, str(SCENARIO), store, ScriptedDialogs())
    for action in expert:
        last = ctl.apply(action)
    assert last.accepted and last.finished
    assert last.message == "The result could not be kept for your progress: the results table is locked"
    assert store.session(ctl.session_id).finished and not ctl.kept


def test_a_trainee_that_cannot_be_recorded_is_said_and_the_session_goes_on(scenario, store, monkeypatch):
    from simulator.records import trainees

    def broken(*_args):
        raise StoreError("database is locked")

    monkeypatch.setattr(trainees, "assign", broken)
    dialogs = ScriptedDialogs()
    ctl = SessionController.start(scenario, str(SCENARIO), store, dialogs, trainee="Sam")
    assert ctl is not None and ctl.saved
    assert [s.title for s in dialogs.shown] == ["Trainee not recorded"]
    assert "not under Sam's name" in dialogs.shown[0].text


def test_the_preview_replays_an_edited_case_as_far_as_its_actions_apply(scenario, expert):
    ctl, error = SessionController.replay(scenario, str(SCENARIO), expert, ScriptedDialogs())
    assert error is None and ctl.session.finished and not ctl.saved
    cut = [*expert[:3], {"type": "decide", "choice": "nowhere"}, *expert[3:]]
    ctl, error = SessionController.replay(scenario, str(SCENARIO), cut, ScriptedDialogs())
    assert error is not None and error.index == 3 and len(ctl.session.actions) == 3
