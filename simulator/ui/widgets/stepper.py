"""The phase stepper: where the trainee is in the session, shown by text and shape.

Each phase is a button. Phases already done can be opened again to review them (the session
view shows them read-only); the current phase and the ones still to come cannot be jumped to.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from simulator.scenario import vocabulary as vocab
from simulator.ui.resources import restyle

_STATE_WORDS = {"done": "completed, press to review", "current": "current step", "todo": "to do"}


class PhaseStepper(QWidget):
    #: A completed phase the trainee asked to look at again (its id, e.g. ``"chart"``).
    phaseRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepper")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(2)
        self._buttons: dict[str, QToolButton] = {}
        for n, (phase, title) in enumerate(vocab.PHASES, start=1):
            button = QToolButton()
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAccessibleName(f"Step {n}: {title}")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            # Not in the Tab chain (focus belongs to the step's own inputs); Alt+number opens it.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            # a shortcut of the stepper's own (a button's would be reset by every setText)
            QShortcut(QKeySequence(f"Alt+{n}"), self, activated=lambda p=phase: self._clicked(p))
            button.clicked.connect(lambda _=False, p=phase: self._clicked(p))
            self._buttons[phase] = button
            layout.addWidget(button)
            if n < len(vocab.PHASES):
                arrow = QLabel("›")
                arrow.setProperty("role", "muted")
                arrow.setAccessibleName("then")
                layout.addWidget(arrow)
        layout.addStretch(1)
        # Never force the window wider than the screen: when the full titles do not fit, the
        # steps other than the current one shrink to their number (the title stays in the tooltip
        # and the accessible name).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._compact = False
        self._current = "chart"
        self.set_phase("chart")

    def set_phase(self, current: str) -> None:
        """Show ``current`` as the step in progress and the ones before it as done."""
        order = vocab.ids(vocab.PHASES)
        index = order.index(current)
        self._current = current
        for i, phase in enumerate(order):
            button = self._buttons[phase]
            state = "done" if i < index else "current" if i == index else "todo"
            title = vocab.label(vocab.PHASES, phase)
            if self._compact and state != "current":
                button.setText("✓" if state == "done" else f"{i + 1}")
            else:
                button.setText(f"✓ {title}" if state == "done" else f"{i + 1}. {title}")
            button.setProperty("step", state)
            button.setEnabled(state != "todo")
            n = i + 1
            tip = f"Review the {title.lower()}, read-only (Alt+{n})" if state == "done" else title
            button.setToolTip(tip)
            button.setAccessibleDescription(_STATE_WORDS[state])
            restyle(button)

    def _full_width(self) -> int:
        was, self._compact = self._compact, False
        self.set_phase(self._current)
        width = self.layout().sizeHint().width()
        self._compact = was
        return width

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        compact = self._full_width() > self.width()
        if compact != self._compact:
            self._compact = compact
        self.set_phase(self._current)

    def _clicked(self, phase: str) -> None:
        if self._buttons[phase].property("step") == "done":
            self.phaseRequested.emit(phase)

    def button(self, phase: str) -> QToolButton:
        """The button of ``phase`` (for tests and keyboard focus)."""
        return self._buttons[phase]

    def current_text(self) -> str:
        return self._buttons[self._current].text()
