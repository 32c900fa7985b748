"""One wheel policy for every value field of the app.

A spin box, drop-down or slider changes its value under the mouse wheel only while it has the
keyboard focus (the trainee clicked or tabbed into it). Otherwise the wheel scrolls the page it
sits on, so scrolling past "Hours after last dose" never changes the hours. Installed once on
the application, it holds for every window, including ones built later.
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


_WHEEL, _POLISH = QEvent.Type.Wheel, QEvent.Type.Polish


class WheelPolicy(QObject):
    """The application's event filter: wheel turns over an unfocused field go to its page."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # called for every event of the application: the two kinds it acts on are compared by
        # identity with values looked up once (an enum lookup per event costs more than the rest)
        kind = event.type()
        if kind is _WHEEL and isinstance(watched, QWidget):
            field = value_field(watched)
            if field is not None and not field.hasFocus():
                _scroll_page(field, event)
                return True
        elif kind is _POLISH and isinstance(watched, QWidget) and value_field(watched) is watched:
            # a wheel turn must not give the field the focus (and so its value) on the way past
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return False


def _scroll_page(field: QWidget, event: QWheelEvent) -> None:
    """Give the wheel turn to the nearest scrolling page around ``field`` (none: dropped)."""
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
        app.installEventFilter(_policy)
