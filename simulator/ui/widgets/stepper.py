"""The phase stepper: where the trainee is in the session, shown by text and shape."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from simulator.scenario import vocabulary as vocab
from simulator.ui.resources import restyle


class PhaseStepper(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepper")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        self._labels: dict[str, QLabel] = {}
        for n, (phase, title) in enumerate(vocab.PHASES, start=1):
            label = QLabel(f"{n}. {title}")
            label.setAccessibleName(f"Step {n}: {title}")
            self._labels[phase] = label
            layout.addWidget(label)
            if n < len(vocab.PHASES):
                arrow = QLabel("›")
                arrow.setProperty("role", "muted")
                layout.addWidget(arrow)
        layout.addStretch(1)
        self.set_phase("chart")

    def set_phase(self, current: str) -> None:
        order = vocab.ids(vocab.PHASES)
        index = order.index(current)
        for i, phase in enumerate(order):
            label = self._labels[phase]
            state = "done" if i < index else "current" if i == index else "todo"
            title = vocab.label(vocab.PHASES, phase)
            label.setText(f"✓ {title}" if state == "done" else f"{i + 1}. {title}")
            label.setProperty("step", state)
            label.setAccessibleDescription(
                {"done": "completed", "current": "current step", "todo": "to do"}[state]
            )
            restyle(label)

    def current_text(self) -> str:
        for label in self._labels.values():
            if label.property("step") == "current":
                return label.text()
        return ""
