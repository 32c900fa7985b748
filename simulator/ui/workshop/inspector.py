"""The inspector: where a session is and what its guards can read, updated after every action.

Shows the current step (its id, title, phase, week), rapport, the facts disclosed so far, each
way on from here with its condition and whether it holds now, and every variable that any
guard of the flow reads, with its value now. Values are read from the session itself
(:meth:`Session.guard_context`), so they are exactly what the engine will test.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from simulator.engine.session import Session
from simulator.scenario import vocabulary as vocab
from simulator.scenario.expressions import compiled
from simulator.scenario.flowgraph import guard_words


def show_value(value: Any) -> str:
    """A context value as an instructor reads it: yes/no, numbers, sorted sets, quoted text."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, frozenset | set | list | tuple):
        return ", ".join(sorted(str(v) for v in value)) or "(none)"
    if value is None:
        return "(not set)"
    return str(value) if isinstance(value, int) else repr(str(value))


def guard_names(session: Session) -> list[str]:
    """Every variable a transition guard of the session's flow reads, in first-use order."""
    names: dict[str, None] = {}
    for t in session.scenario.flow.transitions:
        if t.when:
            for name in compiled(t.when).names():
                names.setdefault(name, None)
    return list(names)


def _week(week: int | None, phase: str, context: dict[str, Any]) -> str:
    if week is not None:
        return str(week)
    if phase == "visit" and "course.day" in context:
        return f"{context.get('course.week', 0)} (day {context['course.day']}, from the course model)"
    return "(none)"


class InspectorPanel(QWidget):
    """A tree of the session's state; :meth:`follow` a session to keep it current."""

    SECTIONS = ("Step", "Ways on from here", "Variables the guards read", "Disclosed facts")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Inspector")
        self.tree.setHeaderLabels(["What", "Now"])
        self.tree.setWordWrap(True)
        self.tree.header().setStretchLastSection(True)
        layout.addWidget(self.tree)
        self.session: Session | None = None
        self._unsubscribe = None
        self._pending = QTimer(self, singleShot=True, interval=0)
        self._pending.timeout.connect(self.refresh)
        self.values: dict[str, str] = {}
        """What the tree shows, keyed ``section/what`` (read by tests and screen readers alike)."""

    def follow(self, session: Session | None) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.session = session
        if session is not None:
            self._unsubscribe = session.subscribe(lambda _event: self._pending.start())
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the tree from the session as it is now (keeps which sections are open)."""
        closed = {
            self.tree.topLevelItem(i).text(0)
            for i in range(self.tree.topLevelItemCount())
            if not self.tree.topLevelItem(i).isExpanded()
        }
        self.tree.clear()
        self.values = {}
        session = self.session
        if session is None:
            return
        for title, rows in self._sections(session):
            top = QTreeWidgetItem([title, ""])
            self.tree.addTopLevelItem(top)
            for what, now, tip in rows:
                row = QTreeWidgetItem([what, now])
                if tip:
                    row.setToolTip(0, tip)
                    row.setToolTip(1, tip)
                top.addChild(row)
                self.values[f"{title}/{what}"] = now
            top.setExpanded(title not in closed)
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0), max(160, self.tree.width() // 2)))

    def _sections(self, session: Session) -> list[tuple[str, list[tuple[str, str, str]]]]:
        state, data, sc = session.state, session.data, session.scenario
        step = [
            ("State id", state.name, ""),
            ("Title", state.title or "(none)", ""),
            ("Phase", vocab.label(vocab.PHASES, state.phase), ""),
            ("Week", _week(state.week if state.phase == "visit" or state.week else None, state.phase,
                           session.context()), ""),
            ("Rapport", f"{data.rapport} / 100", ""),
            ("Actions so far", str(len(session.actions)), ""),
            ("Visited", " → ".join(data.visited), ""),
        ]
        ways: list[tuple[str, str, str]] = []
        for t in sc.flow.transitions:
            sources = t.source if isinstance(t.source, list) else [t.source]
            if state.name not in sources and "*" not in sources:
                continue
            if t.when is None:
                holds, words = True, "no condition"
            else:
                words = guard_words(t.when)
                try:
                    holds = compiled(t.when).holds(session.guard_context(t.dest))
                except Exception:
                    holds = False
            ways.append((f"→ {t.dest}", ("holds" if holds else "does not hold") + f": {words}", t.when or ""))
        if not ways:
            ways.append(("(none)", "this is the last step" if session.finished else "no way on", ""))
        context = session.context()
        later = {}
        for t in sc.flow.transitions:  # course.* values are read on the day the next step falls on
            sources = t.source if isinstance(t.source, list) else [t.source]
            if state.name in sources:
                later = session.guard_context(t.dest)
                break
        variables = []
        for name in guard_names(session):
            value = context.get(name, later.get(name))
            if name not in context and name not in later:
                now = "(not known yet)"
            elif name.startswith("course.") and not context.get("plan.submitted"):
                now = "(after the plan)"  # the course model follows the plan
            else:
                now = show_value(value)
            variables.append((name, now, ""))
        facts = [
            (fid, sc.interview.facts[fid].summary if fid in sc.interview.facts else "", "")
            for fid in data.revealed
        ] or [("(none yet)", "", "")]
        return [
            ("Step", step),
            ("Ways on from here", ways),
            ("Variables the guards read", variables),
            ("Disclosed facts", facts),
        ]

