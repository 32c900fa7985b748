"""Every control can be named by a screen reader, and no button text is cut, at 1024x768.

The test walks a whole expert session phase by phase and inspects every visible widget.
"""

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from simulator.engine.playthrough import load_actions

ROOT = Path(__file__).resolve().parents[2]
INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QTextEdit)


def _accessible_name(widget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name) if iface is not None else ""


def _global_rect(widget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _clipped(widget) -> bool:
    """True when an ancestor cuts part of the widget off."""
    rect, parent = _global_rect(widget), widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QAbstractScrollArea) or isinstance(parent.parentWidget(), QAbstractScrollArea):
            return False  # inside a scrolling area, off-screen parts can be scrolled to
        if not _global_rect(parent).contains(rect):
            return True
        parent = parent.parentWidget()
    return False


def _shown_rect(widget) -> QRect:
    """The part of the widget on screen: its rectangle cut by every ancestor's."""
    rect, parent = _global_rect(widget), widget.parentWidget()
    while parent is not None:
        rect = rect.intersected(_global_rect(parent))
        parent = parent.parentWidget()
    return rect


def accessibility_problems(window) -> list[str]:
    """Buttons cut off or over each other, controls with no accessible name, button text cut
    (tests/ui/test_layout.py checks every screen of its walks with it too)."""
    problems = []
    buttons = [b for b in window.findChildren(QPushButton)
               if b.isVisibleTo(window) and b.width() > 1 and not _shown_rect(b).isEmpty()]
    for i, a in enumerate(buttons):
        if _clipped(a):
            problems.append(f"button cut off by its container: {a.text()!r}")
        for b in buttons[i + 1:]:
            if b.window() is a.window() and _shown_rect(a).intersects(_shown_rect(b)):
                problems.append(f"buttons overlap: {a.text()!r} and {b.text()!r}")
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(window) or widget.width() <= 1:
            continue
        if isinstance(widget, QHeaderView) or isinstance(widget.parentWidget(), QAbstractSpinBox):
            continue  # parts of a table or a spin box, named through their owner
        where = f"{type(widget).__name__} in {type(widget.parentWidget()).__name__}"
        if not _accessible_name(widget).strip():
            problems.append(f"no accessible name: {where}")
        if isinstance(widget, QPushButton) and widget.text():
            needed = max(widget.sizeHint().width(),
                         widget.fontMetrics().horizontalAdvance(widget.text().replace("&", "")) + 12)
            if needed > widget.width():
                problems.append(f"button text cut: {widget.text()!r} needs {needed}px, has {widget.width()}")
    return problems


# clbp-moderate-oud's expert session is checked the same way at each phase by every walk of
# tests/ui/test_layout.py (each theme, 100% and 150% text), which plays that session at 1024x768
@pytest.mark.parametrize("case", ["stable-dependence"])
def test_every_phase_is_named_and_unclipped_at_1024x768(qtbot, window, case):
    window.resize(1024, 768)
    assert window.width() <= 1024
    found = {"library": accessibility_problems(window)}
    path = ROOT / "scenarios" / f"{case}.yaml"
    assert window.open_path(str(path))
    view = window.session_view
    actions, _ = load_actions(ROOT / "scenarios" / "playthroughs" / f"{case}.expert.yaml")
    for action in actions:
        if action["type"] == "advance":
            qtbot.wait(1)
            found[view.session.state.name] = accessibility_problems(window)
        assert view.apply(action), action
    qtbot.wait(1)
    found["debrief"] = accessibility_problems(window)
    bad = {phase: p for phase, p in found.items() if p}
    assert not bad, bad
