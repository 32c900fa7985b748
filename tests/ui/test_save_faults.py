"""What the trainee sees when saving fails: one clear dialog, and the case does not move on."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from simulator.control.dialogs import ScriptedDialogs
from simulator.records.store import SessionStore, StoreError
from simulator.ui.views.chart_view import ChartView
from simulator.ui.views.interview_view import InterviewView


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def break_saving(monkeypatch, store: SessionStore) -> list[int]:
    calls: list[int] = []

    def full(*args, **kwargs):
        calls.append(1)
        raise StoreError("database or disk is full")

    monkeypatch.setattr(store, "append", full)
    return calls


def test_a_failed_save_shows_one_dialog_and_the_view_does_not_move_on(qtbot, window, monkeypatch):
    click(qtbot, window.library.start_button)
    view = window.session_view
    real_append = window.store.append
    break_saving(monkeypatch, window.store)
    window.dialogs.answers = ["stay"]
    click(qtbot, view.continue_button)
    assert [d.title for d in window.dialogs.shown] == ["Not saved"]
    assert "disk is full" in window.dialogs.shown[0].text
    assert "Everything before it is saved" in window.dialogs.shown[0].text
    assert isinstance(view.view, ChartView) and view.stepper.current_text() == "1. Chart"
    assert "Not saved" in view.status.text()
    # Saving works again: the same click now goes through.
    monkeypatch.setattr(window.store, "append", real_append)
    click(qtbot, view.continue_button)
    assert isinstance(view.view, InterviewView)
    assert len(window.dialogs.shown) == 1


def test_the_view_reports_the_finish_only_once_it_is_saved(qtbot, window, monkeypatch):
    from fixtures.played import resumed_at

    from simulator.engine.playthrough import load_actions
    from tests.ui.conftest import ROOT

    actions = load_actions(ROOT / "scenarios/playthroughs/clbp-moderate-oud.expert.yaml")[0]
    # the session saved up to its last action, resumed (the earlier screens are not the point)
    view = resumed_at(window, ROOT / "scenarios/clbp-moderate-oud.yaml", actions[:-1])
    finished: list = []
    view.finished.connect(lambda score, top: finished.append((score, top)))
    real_append = window.store.append
    break_saving(monkeypatch, window.store)
    window.dialogs.answers = ["stay"]
    assert not view.apply(actions[-1])
    assert finished == [] and not view.session.finished
    assert "saved" not in view.status.text().replace("Not saved", "")
    monkeypatch.setattr(window.store, "append", real_append)
    with qtbot.waitSignal(view.finished, timeout=5000):
        assert view.apply(actions[-1])
    record = window.store.session(view.controller.session_id)
    assert finished == [(record.score, record.max_score)]
    assert view.status.text() == "Session complete. Your work is saved."


def test_a_typed_question_that_could_not_be_saved_waits_in_the_box(qtbot, window, monkeypatch):
    click(qtbot, window.library.start_button)
    view = window.session_view
    view.advance()
    interview = view.view
    calls = break_saving(monkeypatch, window.store)
    window.dialogs.answers = ["retry", "stay"]  # retry once, then give up for now
    qtbot.keyClicks(interview.input, "Where exactly is the pain?")
    qtbot.keyClick(interview.input, Qt.Key.Key_Return)
    assert len(calls) == 2 and len(window.dialogs.shown) == 2
    assert interview.input.text() == "Where exactly is the pain?"
    assert view.session.data.questions == 0
    assert "low down" not in interview.transcript_text().lower()


def test_going_back_to_the_library_keeps_what_was_saved(qtbot, window, monkeypatch):
    click(qtbot, window.library.start_button)
    view = window.session_view
    view.advance()
    sid = view.controller.session_id
    break_saving(monkeypatch, window.store)
    window.dialogs.answers = ["library"]
    view.apply({"type": "ask", "intent": "pain.location"})
    assert window.stack.currentWidget() is window.library
    assert window.library.resume_button.isVisibleTo(window.library)
    monkeypatch.undo()
    assert window.store.actions(sid) == [{"type": "advance"}]
    assert window.store.holder(sid) is None  # the session is free to be resumed


def test_a_read_only_store_at_start_is_said_in_a_dialog_and_the_debrief_does_not_claim_saving(
    qtbot, qapp, tmp_path
):
    from fixtures.disks import make_read_only, tmpfs

    from simulator.engine.playthrough import load_actions
    from simulator.ui.app import build_window
    from tests.ui.conftest import ROOT

    with tmpfs(tmp_path / "disk", "4m") as disk:
        path = disk / "s.sqlite3"
        SessionStore(path).close()
        make_read_only(disk)
        win = build_window([], path)
        win.dialogs = ScriptedDialogs()
        qtbot.addWidget(win)
        qtbot.waitUntil(lambda: win.library.loaded, timeout=20000)
        assert win.store is None
        win.show_notice()
        (shown,) = win.dialogs.shown
        assert shown.title == "Sessions will not be saved" and "cannot be written" in shown.text
        win.start(*_first_case(win))
        view = win.session_view
        assert "not being saved" in view.status.text()
        for action in load_actions(ROOT / "scenarios/playthroughs/clbp-moderate-oud.expert.yaml")[0]:
            assert view.apply(action)
        assert view.status.text() == "Session complete. This session was not saved."
        win.close()


def _first_case(win):
    from simulator.scenario.loader import load_scenario
    from tests.ui.conftest import ROOT

    path = ROOT / "scenarios/clbp-moderate-oud.yaml"
    return load_scenario(path), str(path)


def test_a_damaged_history_is_recovered_and_said_in_a_dialog(qtbot, qapp, tmp_path):
    import json

    from simulator.ui.app import build_window
    from tests.ui.conftest import ROOT

    db = tmp_path / "s.sqlite3"
    case = str(ROOT / "scenarios/clbp-moderate-oud.yaml")
    with SessionStore(db) as store:
        for _ in range(20):
            sid = store.start("clbp-moderate-oud", case)
            with store._connection() as conn:
                conn.executemany(
                    "INSERT INTO actions (session_id, seq, action, recorded_at) VALUES (?, ?, ?, 'x')",
                    [(sid, 1, json.dumps({"type": "advance"}))]
                    + [
                        (sid, k, json.dumps({"type": "say", "text": f"statement {k} " * 8}))
                        for k in range(2, 31)
                    ],
                )
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    leaves = [
        r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'actions' AND pagetype = 'leaf'")
    ]
    conn.close()
    data = bytearray(db.read_bytes())
    start = (leaves[len(leaves) // 2] - 1) * 4096
    data[start : start + 4096] = bytes((i * 37 + 11) % 256 for i in range(4096))
    db.write_bytes(bytes(data))
    win = build_window([], db)
    win.dialogs = ScriptedDialogs()
    qtbot.addWidget(win)
    assert win.store is not None
    win.show_notice()
    (shown,) = win.dialogs.shown
    assert shown.title == "Session history"
    assert "20 sessions" in shown.text and "recovered into a new history" in shown.text
    assert "kept as" in shown.text and ".corrupt-" in shown.text
    assert len(win.store.unfinished()) == 20
