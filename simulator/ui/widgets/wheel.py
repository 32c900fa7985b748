"""One policy for every value field of the app: the wheel, and typing into an empty field.

A spin box, drop-down or slider changes its value under the mouse wheel only while it has the
keyboard focus (the trainee clicked or tabbed into it). Otherwise the wheel scrolls the page it
sits on, so scrolling past "Hours after last dose" never changes the hours.

A number box that is still empty shows a word instead of a number ("enter…", "not written").
The first digit typed replaces that word, however the trainee came into the box: clicked into,
the cursor lands after the word, and Qt would refuse "enter…8" (the digit was lost, the box
stayed empty and nothing said why). Installed once on
the application, it holds for every window, including ones built later: the application's style
(a proxy of the one Qt chose) hands the policy each value field as Qt polishes it, and the
policy watches those fields only (a filter on the whole application would run Python for every
event of every widget: a fifth of the app's time in a walk through every window).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QProxyStyle,
    QScrollBar,
    QWidget,
)

from simulator.ui.views.common import Qt  # built on first use: not before the first paint


def value_field(widget: QWidget | None) -> QWidget | None:
    """The spin box, drop-down or slider ``widget`` is (or is a part of), else None."""
    while widget is not None and not widget.isWindow():
        if isinstance(widget, (QAbstractSpinBox, QComboBox)) or (
            isinstance(widget, QAbstractSlider) and not isinstance(widget, QScrollBar)
        ):
            return widget
        widget = widget.parentWidget()
    return None


def shows_no_value(box: QAbstractSpinBox) -> bool:
    """True while the number box shows its word for "nothing entered yet" rather than a number."""
    special = box.specialValueText()
    return bool(special) and box.text() == special


class WheelPolicy(QObject):
    """The event filter on each value field: a wheel turn over it while unfocused goes to its page;
    typing into a number box that shows no value yet starts from an empty box."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Wheel and isinstance(watched, QWidget):
            field = value_field(watched)
            if field is not None and not field.hasFocus():
                scroll_page(field, event)
                return True
        elif kind == QEvent.Type.KeyPress and isinstance(watched, QAbstractSpinBox) \
                and event.text()[:1].isdigit() and shows_no_value(watched) \
                and watched.lineEdit() is not None and not watched.isReadOnly():
            watched.lineEdit().clear()  # the digit then goes in as the first character
        return False

    def adopt(self, widget: QWidget) -> None:
        """Watch ``widget`` when it is a value field (any other widget: nothing to do)."""
        if value_field(widget) is widget:
            # a wheel turn must not give the field the focus (and so its value) on the way past
            if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            widget.installEventFilter(self)  # again after a theme change: Qt keeps one


class _PolicyStyle(QProxyStyle):
    """The application's style, unchanged, but for handing each widget it polishes to the policy."""

    def __init__(self, policy: WheelPolicy) -> None:
        super().__init__()
        self.policy = policy

    def polish(self, target):  # a widget, the application or a palette (Qt's three overloads)
        result = super().polish(target)
        if isinstance(target, QWidget):
            self.policy.adopt(target)
        return result


def scroll_page(field: QWidget, event: QWheelEvent) -> None:
    """Give the wheel turn to the nearest scrolling page around ``field`` (none: dropped); also
    for the charts, which are looked at, never zoomed (widgets/plots.py)."""
    page = field.parentWidget()
    while page is not None and not isinstance(page, QAbstractScrollArea):
        page = page.parentWidget()
    event.accept()
    if page is None:
        return
    viewport = page.viewport()
    local = viewport.mapFromGlobal(event.globalPosition())
    turned = QWheelEvent(local, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
                         event.buttons(), event.modifiers(), event.phase(), event.inverted())
    QApplication.sendEvent(viewport, turned)


_policy: WheelPolicy | None = None


def install_wheel_policy(app: QApplication | None = None) -> None:
    """Install the policy on the application (once; later calls do nothing)."""
    global _policy
    app = app or QApplication.instance()
    if _policy is None and app is not None:
        _policy = WheelPolicy(app)
        app.setStyle(_PolicyStyle(_policy))  # (Qt keeps the style sheet over it)
        for widget in app.allWidgets():  # fields built before the policy (polished already)
            _policy.adopt(widget)
