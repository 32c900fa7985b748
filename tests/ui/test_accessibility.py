"""Every control can be named by a screen reader, and no button text is cut, at 1024x768.

The test walks a whole expert session phase by phase and inspects every visible widget.
"""

from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from simulator.playthrough import load_actions

ROOT = Path(__file__).resolve().parents[2]
INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QTextEdit)


def _accessible_name(widget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name) if iface is not None else ""


def _problems(window) -> list[str]:
    problems = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(window) or widget.width() <= 1:
            continue
        if isinstance(widget, QHeaderView) or isinstance(widget.parentWidget(), QAbstractSpinBox):
            continue  # parts of a table or a spin box, named through their owner
        where = f"{type(widget).__name__} in {type(widget.parentWidget()).__name__}"
        if not _accessible_name(widget).strip():
            problems.append(f"no accessible name: {where}")
        if isinstance(widget, QPushButton) and widget.text():
            needed = widget.fontMetrics().horizontalAdvance(widget.text().replace("&", "")) + 12
            if needed > widget.width():
                problems.append(f"button text cut: {widget.text()!r} needs {needed}px, has {widget.width()}")
    return problems


@pytest.mark.parametrize("case", ["clbp-moderate-oud", "stable-dependence"])
def test_every_phase_is_named_and_unclipped_at_1024x768(qtbot, window, case):
    window.resize(1024, 768)
    assert window.width() <= 1024
    found = {"library": _problems(window)}
    path = ROOT / "scenarios" / f"{case}.yaml"
    assert window.open_path(str(path))
    view = window.session_view
    actions, _ = load_actions(ROOT / "scenarios" / "playthroughs" / f"{case}.expert.yaml")
    for action in actions:
        if action["type"] == "advance":
            qtbot.wait(1)
            found[view.session.state.name] = _problems(window)
        assert view.apply(action), action
    qtbot.wait(1)
    found["debrief"] = _problems(window)
    bad = {phase: p for phase, p in found.items() if p}
    assert not bad, bad
