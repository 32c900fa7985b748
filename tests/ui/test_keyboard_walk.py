"""Every window and tab, reached with the keyboard alone, at 1024x768 and 150% text, in each theme.

At each stop Tab goes all the way round the screen's controls and Shift+Tab comes back a few:
the focus is always on a widget that is visible on screen (not scrolled away, not hidden behind
another page) and drawn differently from the same widget without the focus, and no value on
the screen changes (only typing, Space and arrows on a chosen control do that). The session
itself is played with keys (tests/ui/test_keyboard_only.py checks each step's result).

The PDF has no preview window (Save report as PDF writes the file directly), and File › Open
scenario file for preview asks for a file in the system's file dialog, so the preview is opened
from its path here and walked by keyboard from there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from simulator.ui.resources import THEMES, apply_theme
from tests.ui.test_keyboard_only import (
    ALT,
    CTRL,
    SHIFT,
    K,
    choose,
    continue_,
    focused,
    pick_radio,
    press,
    tab_to,
    tick,
)

ROOT = Path(__file__).resolve().parents[2]


def shown_rect(widget: QWidget) -> QRect:
    """The part of ``widget`` on screen: its rectangle cut by each ancestor's (scrolled away: empty)."""
    rect = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None:
        rect = rect.intersected(QRect(parent.mapToGlobal(QPoint(0, 0)), parent.size()))
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    return rect


def values(root: QWidget) -> dict[str, object]:
    """Every value a trainee can set on ``root``'s screen, by widget."""
    found: dict[str, object] = {}
    for w in root.findChildren(QWidget):
        if isinstance(w, QAbstractSpinBox):
            value = w.text()
        elif isinstance(w, QComboBox):
            value = w.currentText()
        elif isinstance(w, QAbstractButton) and w.isCheckable():
            value = w.isChecked()
        elif isinstance(w, QAbstractSlider) and not w.inherits("QScrollBar"):
            value = w.value()
        elif isinstance(w, QLineEdit) and not isinstance(w.parentWidget(), (QAbstractSpinBox, QComboBox)):
            value = w.text()
        elif isinstance(w, QTextEdit) and not w.isReadOnly():
            value = w.toPlainText()
        else:
            continue
        found[f"{type(w).__name__} {w.accessibleName() or w.objectName()} #{id(w)}"] = value
    return found


class Walker:
    """Tabs round each screen, checking where the focus is and what it looks like."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.kinds_seen: set[type] = set()
        self.problems: list[str] = []
        self.stops: list[str] = []
        self.opened_out_of_sight: list[str] = []

    def round(self, name: str, limit: int = 150) -> None:
        """Tab round the active window from the focus, then Shift+Tab back three steps."""
        root = QApplication.activeWindow()
        assert root is not None, f"{name}: no active window"
        before = values(root)
        first = focused()
        if shown_rect(first).isEmpty():  # where the screen put the focus as it opened
            self.opened_out_of_sight.append(f"{name}: {self._name(first)}")
        trail = []
        for step in range(limit):
            trail.append(self._name(focused()))
            self._step(name, K.Key_Tab, moved=step > 0)
            if focused() is first:
                break
        else:
            self.problems.append(f"{name}: Tab does not come back round to {self._name(first)}; "
                                 f"it goes {' > '.join(dict.fromkeys(trail))}")
        for _ in range(3):
            self._step(name, K.Key_Tab, SHIFT)
        now = values(root)
        changed = {k: (v, now.get(k)) for k, v in before.items() if now.get(k) != v}
        if changed:
            self.problems.append(f"{name}: moving the focus changed {changed}")
        self.stops.append(name)

    @staticmethod
    def _name(widget: QWidget) -> str:
        return f"{type(widget).__name__} {widget.accessibleName() or widget.objectName()!r}"

    def _step(self, name: str, key, modifiers=Qt.KeyboardModifier.NoModifier, moved: bool = True) -> None:
        """One press of ``key``; checks where the focus was, and for the first widget of each kind,
        that it looked different with the focus than once the focus moved on."""
        widget = focused()
        where = f"{name}: focus on {self._name(widget)}"
        if widget.window() is not QApplication.activeWindow():
            self.problems.append(f"{where} is in another window")
        if moved and (not widget.isVisible() or shown_rect(widget).isEmpty()):
            self.problems.append(f"{where} is not on screen")
        kind = type(widget)
        look = None
        if kind not in self.kinds_seen and not (isinstance(widget, QTabBar) and widget.count() < 2):
            self.kinds_seen.add(kind)
            look = widget.grab().toImage()
        press(self.qtbot, key, modifiers)
        assert QApplication.focusWidget() is not None, f"{where}: the key leaves nothing with the focus"
        if look is not None and focused() is not widget and widget.grab().toImage() == look:
            self.problems.append(f"{where} looks the same without the focus")

    def tabs(self, name: str, tabs: QTabWidget) -> None:
        """Each tab of ``tabs`` in turn: Ctrl+Tab from inside the tabs moves to the next."""
        tab_to(self.qtbot, tabs.tabBar())
        for i in range(tabs.count()):
            assert tabs.currentIndex() == i
            title = tabs.tabText(i).replace("&", "")
            self.round(f"{name} › {title}")
            tab_to(self.qtbot, tabs.tabBar())
            if i + 1 < tabs.count():
                press(self.qtbot, K.Key_Right)


def opens(qtbot, key, modifiers, window_of) -> QWidget:
    """Press a shortcut; returns the window it opens once that window has the focus."""
    press(qtbot, key, modifiers)
    qtbot.waitUntil(lambda: window_of() is not None and QApplication.activeWindow() is window_of())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return window_of()


def closes(qtbot, main) -> None:
    """Esc closes the window in front; the main window has the keys again."""
    front = QApplication.activeWindow()
    press(qtbot, K.Key_Escape)
    assert not front.isVisible(), f"Esc does not close {front.windowTitle()!r} (focus on {focused()!r})"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main, timeout=2000)  # its shortcuts work again


@pytest.mark.parametrize("theme", THEMES)
def test_every_window_and_tab_by_keyboard_with_the_focus_always_in_sight(qtbot, window, qapp, theme):
    apply_theme(qapp, theme, 1.5)
    _walk(qtbot, window)


def _walk(qtbot, window) -> None:
    walker = Walker(qtbot)
    window.resize(1024, 768)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    walker.round("library")

    library = window.library
    tab_to(qtbot, library.list)
    for _ in range(library.list.count()):
        if "morphine" in library.list.currentItem().text():
            break
        press(qtbot, K.Key_Down)
    press(qtbot, K.Key_Return)
    view = window.session_view
    assert view.session.phase == "chart"
    walker.round("chart")
    continue_(qtbot)

    assert view.session.phase == "interview"
    asked = view.session.data.questions
    walker.round("interview")
    assert view.session.data.questions == asked, "Tab and Shift+Tab asked a question"
    interview = view.view
    for words in ("worries you most", "how much and how often", "exactly as prescribed", "run out early",
                  "other than your prescriber", "strong urges", "miss a dose", "drink alcohol", "overdose"):
        press(qtbot, K.Key_F, CTRL)  # the question bank: find, arrow down, Enter asks
        qtbot.keyClicks(focused(), words)
        press(qtbot, K.Key_Down)
        press(qtbot, K.Key_Return)
    assert view.session.data.questions > asked
    if interview.narrow:
        press(qtbot, K.Key_N, ALT)  # the tracker's tab
    walker.round("interview, notes")
    continue_(qtbot)

    assessment = view.view
    assert view.session.phase == "assessment"
    walker.round("assessment")
    tick(qtbot, assessment.supervised)
    pick_radio(qtbot, assessment.diagnosis_buttons.values(), assessment.diagnosis_buttons["dependence"])
    choose(qtbot, assessment.severity, "none")
    press(qtbot, K.Key_S, CTRL)
    assert view.session.data.assessment is not None, assessment.status.text()
    continue_(qtbot)

    plan = view.view
    assert view.session.phase == "plan"
    walker.round("plan")
    choose(qtbot, plan.opioid, "continue")
    choose(qtbot, plan.moud, "none")
    tick(qtbot, plan.naloxone)
    choose(qtbot, plan.setting, "outpatient")
    tab_to(qtbot, plan.followup)
    press(qtbot, K.Key_A, CTRL)
    qtbot.keyClicks(focused(), "28")
    press(qtbot, K.Key_S, CTRL)
    assert view.session.data.plan is not None, plan.status.text()
    continue_(qtbot)

    seen = 0
    while view.session.phase != "debrief":
        visit = view.view
        if hasattr(visit, "buttons") and visit.buttons:
            walker.round(f"visit {seen + 1}")
            seen += 1
            radios = [b.radio for b in visit.buttons.values()]
            pick_radio(qtbot, radios, radios[0])
            press(qtbot, K.Key_S, CTRL)
        continue_(qtbot)
    assert seen, "no visit was walked"

    debrief = view.view
    walker.round("debrief")
    walker.tabs("debrief", debrief.tabs)
    debrief.tabs.setCurrentWidget(debrief.whatif)
    button = debrief.whatif.expert_button
    tab_to(qtbot, button)
    press(qtbot, K.Key_Space)
    walker.round("What if › the expert plan")

    review = opens(qtbot, K.Key_C, CTRL | SHIFT, lambda: window.review_window)
    walker.round("chart, read-only")
    closes(qtbot, window)
    del review

    for name, key, mods, of in (
        ("progress", K.Key_P, CTRL | SHIFT, lambda: window.records.progress),
        ("cohort", K.Key_K, CTRL | SHIFT, lambda: window.records.cohort),
        ("keyboard sheet", K.Key_F1, Qt.KeyboardModifier.NoModifier, lambda: window.help_window),
    ):
        opens(qtbot, key, mods, of)
        walker.round(name)
        closes(qtbot, window)

    tools = opens(qtbot, K.Key_T, CTRL, lambda: window.tools)
    walker.tabs("tools", tools.tabs)
    closes(qtbot, window)

    press(qtbot, K.Key_H, ALT)  # Help › Getting started, from the menu bar
    menu = QApplication.activePopupWidget()
    assert menu is not None, "Alt+H opens no menu"
    guide = next(a for a in menu.actions() if "getting started" in a.text().lower())
    while menu.activeAction() is not guide:
        qtbot.keyClick(menu, K.Key_Down)
    qtbot.keyClick(menu, K.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window.help_window)
    walker.round("getting started")
    closes(qtbot, window)

    window.open_preview(str(ROOT / "scenarios" / "clbp-moderate-oud.yaml"))
    preview = window.previews[-1]
    preview.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is preview)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    walker.round("preview")
    preview.close()

    assert not walker.problems, "\n".join(walker.problems)
    # every screen opens with the focus in sight (a visit: on its page, at the narrative's top);
    # Tab and Shift+Tab always bring the control they reach into sight (checked above)
    assert walker.opened_out_of_sight == [], walker.opened_out_of_sight
    assert len(walker.stops) >= 20, walker.stops
