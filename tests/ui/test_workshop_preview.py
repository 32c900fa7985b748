"""Live preview: play a copy of a bundled case, edit it on disk, and find the session where it was.

The file is changed the way editors save: written in place, or written next to it and renamed over
it (which drops a plain file watch). A broken save leaves the session as it was and lists the
error with its line in the problems panel.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from simulator.control.dialogs import ScriptedDialogs

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "scenarios" / "clbp-moderate-oud.yaml"
OLD_ANSWER = "      - text: Since I hurt it lifting pallets, spring of 2023. So three and a half years."
NEW_ANSWER = "      - text: It started when I lifted a pallet at work, in the spring of 2023."
BROKEN_DEST = "dest: week8_stabel"

ACTIONS = [
    {"type": "advance"},
    {"type": "ask", "intent": "pain.location"},
    {"type": "ask", "intent": "pain.duration"},
    {"type": "say", "kind": "validate_pain", "text": "Your pain is real and I want to help with it."},
]


@pytest.fixture
def case_copy(tmp_path: Path) -> Path:
    path = tmp_path / "my-case.yaml"
    path.write_text(CASE.read_text(encoding="utf-8"), encoding="utf-8")
    return path


@pytest.fixture
def preview(qtbot, qapp, case_copy):
    from simulator.ui.resources import apply_theme
    from simulator.ui.workshop.preview import PreviewWindow

    apply_theme(qapp)
    window = PreviewWindow(case_copy, ScriptedDialogs())
    qtbot.addWidget(window)
    window.show()
    for action in ACTIONS:
        assert window.session_view.apply(action), action
    return window


def save_like_an_editor(path: Path, text: str) -> None:
    """Write a new file beside it and rename it over the old one, as many editors do."""
    tmp = path.with_name(path.name + ".swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def patient_lines(window) -> list[str]:
    return [e.text for e in window.session.data.transcript if e.speaker == "patient"]


def test_an_edited_answer_reloads_at_the_same_point_with_the_new_text(preview, case_copy, qtbot) -> None:
    before = preview.session
    assert before.state.name == "interview"
    assert any("lifting pallets" in line for line in patient_lines(preview))

    text = case_copy.read_text(encoding="utf-8")
    assert OLD_ANSWER in text
    with qtbot.waitSignal(preview.reloaded, timeout=10000) as signal:
        save_like_an_editor(case_copy, text.replace(OLD_ANSWER, NEW_ANSWER))
    assert signal.args == [True]

    after = preview.session
    assert after is not before
    assert after.state.name == "interview"
    assert list(after.actions) == list(before.actions)  # fast-forwarded by replaying the actions
    assert after.data.rapport == before.data.rapport
    lines = patient_lines(preview)
    assert any("lifted a pallet at work" in line for line in lines)
    assert not any("lifting pallets" in line for line in lines)
    shown = preview.session_view.view.transcript.toPlainText()  # the normal interview view
    assert "lifted a pallet at work" in shown
    assert "Preview" in preview.session_view.status.text()

    # a second save in place (no rename) is noticed too: the watch was renewed
    with qtbot.waitSignal(preview.reloaded, timeout=10000):
        case_copy.write_text(
            case_copy.read_text(encoding="utf-8").replace("in the spring of 2023", "in May 2023"),
            encoding="utf-8",
        )
    assert any("in May 2023" in line for line in patient_lines(preview))
    assert preview.session.state.name == "interview" and len(preview.session.actions) == len(ACTIONS)


def test_a_broken_save_keeps_the_session_and_lists_the_error_with_its_line(preview, case_copy, qtbot) -> None:
    before = preview.session
    good = case_copy.read_text(encoding="utf-8")
    broken = good.replace("dest: week8_stable", BROKEN_DEST, 1)
    line = next(n for n, row in enumerate(broken.splitlines(), 1) if BROKEN_DEST in row)
    col = broken.splitlines()[line - 1].index("week8_stabel") + 1

    with qtbot.waitSignal(preview.reloaded, timeout=10000) as signal:
        save_like_an_editor(case_copy, broken)
    assert signal.args == [False]

    assert preview.session is before  # the session survived, untouched
    assert preview.session.state.name == "interview" and len(before.actions) == len(ACTIONS)
    assert preview.stack.currentWidget() is preview.session_view
    problems = preview.problems.problems
    assert [p.severity for p in problems] == ["error"]
    assert (problems[0].line, problems[0].col) == (line, col)
    assert "did you mean 'week8_stable'?" in problems[0].message
    row = preview.problems.tree.topLevelItem(0)
    assert row.text(0) == "Error" and row.text(1) == f"my-case.yaml:{line}:{col}"
    assert "1 error" in preview.problems.summary.text()
    assert "unchanged" in preview.problems.summary.text()
    assert preview.problems_dock.isVisible()
    # the warnings of the earlier, valid text arrive later from their thread: they must not
    # replace the errors of the text on disk now
    qtbot.waitUntil(lambda: preview.linting == 0, timeout=30000)
    assert [p.severity for p in preview.problems.problems] == ["error"]

    # still playable while the file is broken
    assert preview.session_view.apply({"type": "ask", "intent": "pain.function"})

    # the fix is noticed and the session comes back at the same point, with the new action
    with qtbot.waitSignal(preview.reloaded, timeout=10000) as signal:
        save_like_an_editor(case_copy, good.replace(OLD_ANSWER, NEW_ANSWER))
    assert signal.args == [True]
    assert preview.problems.problems == [] or all(p.severity == "warning" for p in preview.problems.problems)
    assert len(preview.session.actions) == len(ACTIONS) + 1
    assert preview.session.data.asked.get("pain.function") == 1


def test_an_action_that_no_longer_applies_stops_the_replay_just_before_it(preview, case_copy, qtbot) -> None:
    text = case_copy.read_text(encoding="utf-8")
    # the interview now needs five questions before the assessment; we asked two, so advancing
    # from the interview would fail: take the session there first
    for intent in ("pain.function", "opioid.regimen"):
        assert preview.session_view.apply({"type": "ask", "intent": intent})
    assert preview.session_view.apply({"type": "advance"})
    assert preview.session.state.name == "assessment"
    with qtbot.waitSignal(preview.reloaded, timeout=10000):
        save_like_an_editor(case_copy, text.replace("questions_count >= 3", "questions_count >= 9"))
    assert preview.session.state.name == "interview"
    assert len(preview.session.actions) == len(ACTIONS) + 2
    assert "stopped before action 7 of 7" in preview.problems.summary.text()


def test_a_file_that_is_broken_when_opened_starts_when_it_is_fixed(qtbot, qapp, case_copy) -> None:
    from simulator.ui.workshop.preview import PreviewWindow

    good = case_copy.read_text(encoding="utf-8")
    case_copy.write_text(good.replace("initial: chart", "initial: chrat"), encoding="utf-8")
    window = PreviewWindow(case_copy, ScriptedDialogs())
    qtbot.addWidget(window)
    window.show()
    assert window.session is None
    assert window.stack.currentWidget() is window.placeholder
    assert "did you mean 'chart'?" in window.problems.problems[0].message
    with qtbot.waitSignal(window.reloaded, timeout=10000) as signal:
        save_like_an_editor(case_copy, good)
    assert signal.args == [True]
    assert window.session.state.name == "chart"


def test_preview_sessions_are_not_stored_as_trainee_records(window, qtbot, case_copy) -> None:
    window.open_preview(str(case_copy))
    preview = window.previews[-1]
    qtbot.addWidget(preview)
    for action in ACTIONS:
        assert preview.session_view.apply(action)
    assert preview.controller.store is None and not preview.controller.saved
    assert window.store.history() == []  # nothing reached the session history
    # File › Reload (Ctrl+R / F5) in the main window reloads the preview
    reload_action = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&Reload")
    assert [s.toString() for s in reload_action.shortcuts()] == ["Ctrl+R", "F5"]
    count = preview.reloads
    reload_action.trigger()
    assert preview.reloads == count + 1 and len(preview.session.actions) == len(ACTIONS)


def test_a_file_deleted_and_written_again_is_picked_up(preview, case_copy, qtbot) -> None:
    text = case_copy.read_text(encoding="utf-8")
    case_copy.unlink()
    qtbot.waitUntil(lambda: "gone for now" in preview.statusBar().currentMessage(), timeout=10000)
    assert preview.session.state.name == "interview"
    with qtbot.waitSignal(preview.reloaded, timeout=10000) as signal:
        case_copy.write_text(text.replace(OLD_ANSWER, NEW_ANSWER), encoding="utf-8")
    assert signal.args == [True]
    assert any("lifted a pallet at work" in line for line in patient_lines(preview))


def test_the_panels_sit_beside_the_session_on_a_wide_screen_and_below_it_on_a_narrow_one(preview) -> None:
    from PySide6.QtCore import Qt

    preview.arrange_docks(1920)
    assert preview.dockWidgetArea(preview.map_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert preview.dockWidgetArea(preview.inspector_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert preview.dockWidgetArea(preview.problems_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert preview.tabifiedDockWidgets(preview.map_dock) == []
    preview.arrange_docks(1024)
    for dock in (preview.map_dock, preview.inspector_dock, preview.problems_dock):
        assert preview.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    tabs = set(preview.tabifiedDockWidgets(preview.map_dock))
    assert tabs == {preview.problems_dock, preview.inspector_dock}
