"""The debrief's ways on (library, same case again, PDF, results file) and the library's history."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from fixtures.played import resumed_before_last
from PySide6.QtCore import Qt

from simulator.ui.views.debrief_view import DebriefView

ROOT = Path(__file__).resolve().parents[2]
CASE = "stable-dependence"


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def finish(window, qtbot) -> DebriefView:
    """The expert session finished in the window (the screens before the debrief are played
    headlessly: these tests are about the debrief and the library)."""
    playthrough = ROOT / "scenarios" / "playthroughs" / f"{CASE}.expert.yaml"
    view = resumed_before_last(window, ROOT / "scenarios" / f"{CASE}.yaml", playthrough)
    assert isinstance(view.view, DebriefView)
    return view.view


def select_case(library, name: str) -> None:
    row = next(i for i, e in enumerate(library.entries) if e.path.stem == name)
    library.list.setCurrentRow(row)


def test_try_this_case_again_starts_a_new_session_of_the_same_case(qtbot, window):
    debrief = finish(window, qtbot)
    first = window.session_view.controller.session_id
    click(qtbot, debrief.again_button)
    view = window.session_view
    assert view.session.phase == "chart" and view.controller.session_id != first
    assert view.scenario_path.endswith(f"{CASE}.yaml")
    assert window.store.session(first).finished  # the finished attempt is kept as it was


def test_back_to_the_library_shows_the_attempt_with_its_score(qtbot, window):
    debrief = finish(window, qtbot)
    score, top = debrief.debrief.score, debrief.debrief.max_score
    click(qtbot, debrief.library_button)
    library = window.library
    assert window.stack.currentWidget() is library
    select_case(library, CASE)
    assert library.history_summary.text().startswith("1 attempt · 1 finished · best score")
    assert f"{score} / {top}" in library.history_summary.text()
    line = library.sessions.item(0).text()
    assert f"finished · {score} / {top}" in line and "20" in line  # with its date
    assert not library.resume_button.isVisibleTo(library)  # nothing unfinished to resume


def test_an_unfinished_session_is_listed_with_its_step_and_resumed_from_the_library(qtbot, window):
    assert window.open_path(str(ROOT / "scenarios" / f"{CASE}.yaml"))
    view = window.session_view
    for action in ({"type": "advance"}, {"type": "ask", "intent": "opioid.regimen"}):
        assert view.apply(action)
    window.show_library()
    library = window.library
    select_case(library, CASE)
    assert "unfinished, at interview · 2 actions saved" in library.sessions.item(0).text()
    assert library.resume_button.isVisibleTo(library) and library.resume_button.isEnabled()
    click(qtbot, library.resume_button)
    resumed = window.session_view
    assert resumed.session.phase == "interview" and len(resumed.session.data.asked) == 1


def test_the_results_are_exported_as_csv_or_json_where_the_trainee_chooses(qtbot, window, tmp_path):
    debrief = finish(window, qtbot)
    score = debrief.debrief.score
    window.dialogs.paths = [str(tmp_path / "mine.csv"), str(tmp_path / "mine.json"), None]
    click(qtbot, debrief.export_button)
    rows = list(csv.DictReader((tmp_path / "mine.csv").open(encoding="utf-8")))
    assert rows[0]["row"] == "attempt" and int(rows[0]["score"]) == score and rows[0]["finished"] == "yes"
    click(qtbot, debrief.export_button)
    doc = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))
    assert doc["attempts"][0]["report"]["score"] == score
    assert "Results saved to" in window.statusBar().currentMessage()
    click(qtbot, debrief.export_button)  # cancelled: nothing written, nothing said
    assert sorted(p.name for p in tmp_path.glob("mine*")) == ["mine.csv", "mine.json"]
    asked = [s for s in window.dialogs.shown if s.title == "Export results"]
    assert len(asked) == 3 and asked[0].choices == ("csv", "json")


def test_the_pdf_report_is_saved_where_the_trainee_chooses(qtbot, window, tmp_path):
    debrief = finish(window, qtbot)
    window.dialogs.paths = [str(tmp_path / "report.pdf")]
    click(qtbot, debrief.report_button)
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


def test_the_save_dialog_adds_the_extension_of_the_kind_chosen(qapp, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from simulator.ui.dialogs import QtDialogs
    from simulator.ui.views.debrief_view import EXPORT_KINDS

    monkeypatch.undo()  # the real save dialog, answered below
    answers = iter([(str(tmp_path / "mine"), "Results as JSON (*.json)"), ("", "")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: next(answers))
    dialogs = QtDialogs(None)
    assert dialogs.save_path("Export results", "x.csv", EXPORT_KINDS) == str(tmp_path / "mine.json")
    assert dialogs.save_path("Export results", "x.csv", EXPORT_KINDS) is None  # cancelled
