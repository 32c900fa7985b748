"""Scenario text is shown exactly as written, never as HTML: markup in a file is not run."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QTextEdit, QWidget
from ruamel.yaml import YAML

from simulator.control.controller import SessionController
from simulator.control.dialogs import ScriptedDialogs
from simulator.engine.playthrough import load_actions
from simulator.scenario.loader import load_scenario
from tests.ui.conftest import ROOT

MARK = ' <b>BOLD</b><img src="file:///nonexistent/probe.svg">'
_CODE_KEYS = {"expect", "when", "applies", "drug", "substance"}


def marked_scenario(tmp_path: Path):
    """The bundled case with markup appended to every piece of prose an author writes."""
    path = tmp_path / "marked.yaml"
    path.write_text(_marked_text(), encoding="utf-8")
    return load_scenario(path), path


@functools.cache
def _marked_text() -> str:
    """The marked case's text, written once per test process (reading the case with the pure
    YAML reader took half a second for each test)."""
    yaml = YAML(typ="safe", pure=True)
    data = yaml.load((ROOT / "scenarios/clbp-moderate-oud.yaml").read_text(encoding="utf-8"))

    def walk(node, key=None):
        if isinstance(node, dict):
            return {k: walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, key) for v in node]
        if isinstance(node, str) and " " in node and key not in _CODE_KEYS:
            return node + MARK
        return node

    return json.dumps(walk(data), indent=1)  # JSON is YAML too


def shown(text: str, rich: bool) -> str:
    if not rich:
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def interpreted_markup(root: QWidget) -> list[str]:
    """Every place where the marker's tags were taken as HTML instead of shown."""
    bad: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        texts: list[tuple[str, bool]] = []
        if isinstance(w, QLabel):
            fmt = w.textFormat()
            rich = fmt == Qt.TextFormat.RichText or (
                fmt == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(w.text())
            )
            texts.append((w.text(), rich))
        if isinstance(w, QTextEdit):
            texts.append((w.toPlainText(), False))
        if w.toolTip():
            texts.append((w.toolTip(), GuiQt.mightBeRichText(w.toolTip())))
        for text, rich in texts:
            seen = shown(text, rich)
            if "BOLD" in seen and "<b>BOLD</b>" not in seen:
                bad.append(f"{type(w).__name__}: {seen[:80]!r}")
    return bad


@pytest.mark.parametrize("where", ["library", "session"])
def test_markup_in_a_scenario_is_shown_as_written(qtbot, window, tmp_path, where):
    scenario, path = marked_scenario(tmp_path)
    if where == "library":
        from simulator.ui.library_view import LibraryView

        lib = LibraryView(tmp_path)
        qtbot.addWidget(lib)
        lib.show()
        qtbot.waitUntil(lambda: lib.loaded, timeout=20000)
        lib.list.setCurrentRow(0)
        assert "BOLD" in lib.title.text() + lib.summary.text()
        assert interpreted_markup(lib) == []
        return
    ctl = SessionController.start(scenario, str(path), None, ScriptedDialogs())
    window._show_session(ctl)
    view = window.session_view
    actions = load_actions(ROOT / "scenarios/playthroughs/clbp-moderate-oud.expert.yaml")[0]
    phases = set()
    for action in [*actions, None]:
        phases.add(view.session.phase)
        qtbot.wait(0)
        assert interpreted_markup(view) == [], view.session.state.name
        if action is not None:
            assert view.apply(action), view.status.text()
    assert phases == {"chart", "interview", "assessment", "plan", "visit", "debrief"}
