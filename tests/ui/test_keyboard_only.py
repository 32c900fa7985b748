"""A whole session with the keyboard alone: library to debrief on a 1024x768 screen at 150% text.

Every step is a key press sent to the widget that has the focus (Tab, Shift+Tab, arrows,
Space, Enter and the app's shortcuts): no clicks and no calls into the views. When a control
cannot be reached with Tab, or a step leaves the focus nowhere, the test fails and says where.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox

from simulator.ui.resources import current_scale
from simulator.ui.views.assessment_view import AssessmentView
from simulator.ui.views.debrief_view import DebriefView
from simulator.ui.views.interview_view import InterviewView
from simulator.ui.views.plan_view import PlanView
from simulator.ui.views.visit_view import VisitView

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifiers)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def tab_to(qtbot, target, limit: int = 120) -> None:
    """Press Tab until ``target`` has the focus (fails if it never does)."""
    seen = []
    for _ in range(limit):
        if focused() is target:
            return
        seen.append(type(focused()).__name__)
        press(qtbot, K.Key_Tab)
    raise AssertionError(f"Tab never reaches {target!r} ({getattr(target, 'text', lambda: '')()}); "
                         f"it cycles through {seen[:40]}")


def tick(qtbot, box: QCheckBox) -> None:
    tab_to(qtbot, box)
    if not box.isChecked():
        press(qtbot, K.Key_Space)
    assert box.isChecked(), box.text()


def choose(qtbot, combo: QComboBox, value: str) -> None:
    """Arrow keys on a focused drop-down move through its choices (no pop-up needed)."""
    tab_to(qtbot, combo)
    for _ in range(combo.count() + 1):
        if combo.currentData() == value:
            return
        press(qtbot, K.Key_Down)
    raise AssertionError(f"{value!r} not reached in {combo.accessibleName()}")


def pick_radio(qtbot, radios, target) -> None:
    """Tab into a group of radio buttons, arrow to ``target``, Space to choose it."""
    group = set(radios)
    tab_to_any(qtbot, group)
    for _ in range(len(group) + 1):
        if focused() is target:
            break
        press(qtbot, K.Key_Down)
    assert focused() is target, "arrow keys do not reach the choice"
    press(qtbot, K.Key_Space)
    assert target.isChecked()


def tab_to_any(qtbot, widgets, limit: int = 120) -> None:
    for _ in range(limit):
        if focused() in widgets:
            return
        press(qtbot, K.Key_Tab)
    raise AssertionError("Tab never reaches the group")


def continue_(qtbot) -> None:
    press(qtbot, K.Key_Return, CTRL)


def test_a_whole_session_with_the_keyboard_alone(qtbot, window):
    window.resize(1024, 768)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    library = window.library
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    while current_scale() < 1.5:  # Ctrl+Plus up to 150% text
        press(qtbot, K.Key_Plus, CTRL)
    assert current_scale() == 1.5

    # Library: the focus starts in the list of cases; arrows choose, Enter starts.
    assert focused() is library.list
    for _ in range(library.list.count()):  # the morphine case, wherever the library lists it
        press(qtbot, K.Key_Down)
        if "morphine" in library.list.currentItem().text():
            break
    assert "morphine" in library.list.currentItem().text()
    press(qtbot, K.Key_Return)
    view = window.session_view
    assert view is not None and view.session.phase == "chart"
    assert view.isAncestorOf(focused())
    # Tab walks through the chart's tables and back to Continue: no table keeps the focus.
    press(qtbot, K.Key_Tab)
    tab_to(qtbot, view.continue_button)

    # Chart -> interview with Ctrl+Enter; the focus lands in the question box.
    continue_(qtbot)
    interview = view.view
    assert isinstance(interview, InterviewView)
    assert focused() is interview.input
    tab_to(qtbot, interview.validate_button)
    press(qtbot, K.Key_Space)
    assert view.session.data.rapport > 0 and "Your pain is real" in interview.transcript_text()

    # The question bank: Ctrl+F, type, arrow down into the matches, Enter asks.
    for words in ("worries you most", "how much and how often", "exactly as prescribed",
                  "run out early", "other than your prescriber", "strong urges", "other than pain",
                  "miss a dose", "day to day", "changed since", "drink alcohol", "overdose"):
        press(qtbot, K.Key_F, CTRL)
        assert focused() is interview.search
        type_text(qtbot, words)
        press(qtbot, K.Key_Down)
        assert focused() is interview.bank, words
        before = view.session.data.questions
        press(qtbot, K.Key_Return)
        assert view.session.data.questions == before + 1, words
    assert len(view.session.data.asked) >= 10

    # Typing a question works from the keyboard too (Ctrl+L).
    press(qtbot, K.Key_L, CTRL)
    assert focused() is interview.input
    type_text(qtbot, "How are you sleeping?")
    press(qtbot, K.Key_Return)
    assert interview.input.text() == ""

    # The tracker: tick withdrawal with Space (in the Notes tab when the screen is narrow).
    box = interview.criteria["withdrawal"]
    if interview.narrow:
        press(qtbot, K.Key_N, ALT)
    tick(qtbot, box)
    assert "withdrawal" in view.session.data.marks

    # The clinical tools open with Ctrl+T and close with Esc; the shortcuts work again at once.
    press(qtbot, K.Key_T, CTRL)
    tools = window.tools
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tools)
    press(qtbot, K.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert view.isAncestorOf(focused())
    # So does the guide (F1).
    press(qtbot, K.Key_F1)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window.help_window)
    press(qtbot, K.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    continue_(qtbot)

    # Assessment: the focus is on the first criterion; Tab, Space and arrows fill the form.
    assessment = view.view
    assert isinstance(assessment, AssessmentView)
    assert assessment.isAncestorOf(focused())
    assert assessment.criteria["withdrawal"].isChecked()  # carried over from the tracker
    tick(qtbot, assessment.supervised)
    pick_radio(qtbot, assessment.diagnosis_buttons.values(), assessment.diagnosis_buttons["dependence"])
    choose(qtbot, assessment.severity, "none")
    tick(qtbot, assessment.risks["longer_duration"])
    press(qtbot, K.Key_S, CTRL)
    assert view.session.data.assessment is not None, assessment.status.text()
    continue_(qtbot)

    # Plan
    plan = view.view
    assert isinstance(plan, PlanView)
    assert plan.isAncestorOf(focused())
    choose(qtbot, plan.opioid, "continue")
    choose(qtbot, plan.moud, "none")
    for key in ("exercise", "topical_nsaid"):
        tick(qtbot, plan.nonopioid[key])
    tick(qtbot, plan.naloxone)
    choose(qtbot, plan.setting, "outpatient")
    tab_to(qtbot, plan.followup)
    press(qtbot, K.Key_A, CTRL)
    type_text(qtbot, "90")
    tick(qtbot, plan.pdmp)
    tick(qtbot, plan.urine)
    for key in ("dependence_vs_addiction", "overdose_risk"):
        tick(qtbot, plan.counselling[key])
    press(qtbot, K.Key_S, CTRL)
    assert view.session.data.plan is not None, plan.status.text()
    assert view.session.data.plan.followup_days == 90
    continue_(qtbot)

    # Follow-up: choose a response with the arrows, confirm with Ctrl+S, then carry on.
    visit = view.view
    assert isinstance(visit, VisitView)
    radios = [b.radio for b in visit.buttons.values()]
    pick_radio(qtbot, radios, visit.buttons["nonopioid_for_flare"].radio)
    press(qtbot, K.Key_S, CTRL)
    assert view.session.data.decisions
    while view.session.phase != "debrief":
        continue_(qtbot)

    # Debrief: the focus is on its first way on; back to the library, where the score shows.
    debrief = view.view
    assert isinstance(debrief, DebriefView)
    assert debrief.isAncestorOf(focused())
    score = debrief.debrief.score
    tab_to(qtbot, debrief.library_button)
    press(qtbot, K.Key_Space)
    assert window.stack.currentWidget() is library
    assert focused() is library.list
    assert f"finished · {score} / " in library.sessions.item(0).text()
    assert "1 attempt" in library.history_summary.text()


def _mnemonic(text: str) -> str | None:
    i = text.replace("&&", "").find("&")
    return text.replace("&&", "")[i + 1].lower() if i >= 0 else None


def _letters(window):
    from PySide6.QtWidgets import QAbstractButton, QTabWidget

    found = []
    for button in window.findChildren(QAbstractButton):
        if button.isVisibleTo(window) and _mnemonic(button.text()):
            found.append((_mnemonic(button.text()), button.text()))
    for tabs in window.findChildren(QTabWidget):
        if tabs.isVisibleTo(window):
            found += [(_mnemonic(tabs.tabText(i)), tabs.tabText(i)) for i in range(tabs.count())
                      if _mnemonic(tabs.tabText(i))]
    return found


def test_no_alt_key_on_the_library_or_the_debrief_is_taken_by_the_menus(qtbot, window):
    from pathlib import Path

    from simulator.engine.playthrough import load_actions

    menus = {_mnemonic(a.text()) for a in window.menuBar().actions() if _mnemonic(a.text())}
    assert {"f", "v", "t", "r", "h"} <= menus
    found = {"library": _letters(window)}
    root = Path(__file__).resolve().parents[2]
    assert window.open_path(str(root / "scenarios" / "stable-dependence.yaml"))
    view = window.session_view
    actions, _ = load_actions(root / "scenarios" / "playthroughs" / "stable-dependence.expert.yaml")
    for action in actions:
        assert view.apply(action)
    found["debrief"] = _letters(window)
    clashes = {where: [t for letter, t in letters if letter in menus] for where, letters in found.items()}
    assert clashes == {"library": [], "debrief": []}
    for where, letters in found.items():
        keys = [letter for letter, _t in letters]
        assert len(keys) == len(set(keys)), (where, letters)  # one Alt key, one control
