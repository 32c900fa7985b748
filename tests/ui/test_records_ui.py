"""Records in the app: who is training, their progress, the PDF hand-in, the cohort, the LRS."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from fixtures.lrs_server import USES_LRS
from fixtures.pdf import pdf_pages
from fixtures.played import resumed_before_last
from fixtures.records_store import (
    SECOND_TRY,
    critical_titles,
    earned_titles,
    finish_session,
    make_cohort,
    played,
)
from fixtures.scenario_text import POOR, SCENARIO
from PySide6.QtCore import Qt

from simulator.records import cohort, outbox, trainees
from simulator.scenario.loader import load_scenario
from simulator.ui.records_menu import session_id_of
from simulator.ui.views.cohort_view import CohortView
from simulator.ui.views.debrief_view import DebriefView


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose_trainee(qtbot, window, name: str) -> None:
    dialog = window.records.choose_trainee()
    qtbot.waitUntil(dialog.isVisible)
    dialog.names.lineEdit().selectAll()
    qtbot.keyClicks(dialog.names.lineEdit(), name)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_a_trainee_picks_their_name_and_new_sessions_are_theirs(qtbot, window):
    assert "No trainee chosen" in window.statusBar().currentMessage()
    dialog = window.records.choose_trainee()
    click(qtbot, dialog.ok_button)  # an empty name is refused, with the reason
    assert dialog.isVisible() and "Enter a name" in dialog.error.text()
    dialog.close()
    choose_trainee(qtbot, window, "Priya Natarajan")
    assert window.statusBar().currentMessage() == "Training as Priya Natarajan"
    click(qtbot, window.library.start_button)
    record = window.store.session(session_id_of(window.session_view))
    assert record.trainee == "Priya Natarajan"
    # the profile is offered next time
    again = window.records.choose_trainee()
    assert [again.names.itemText(i) for i in range(again.names.count())] == ["Priya Natarajan"]
    again.close()


def test_progress_shows_what_improved_between_two_attempts(qtbot, window):
    scenario = load_scenario(SCENARIO)
    choose_trainee(qtbot, window, "Priya N")
    finish_session(window.store, scenario, "Priya N", POOR)
    finish_session(window.store, scenario, "Priya N", SECOND_TRY)
    finish_session(window.store, scenario, "Someone Else", SECOND_TRY)
    qtbot.keyClick(
        window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    view = window.records.progress
    qtbot.waitUntil(lambda: view is not None and view.isVisible())
    assert view.heading.text() == "Progress: Priya N"
    assert view.case_box.currentText() == "Chronic low back pain: asking for a higher dose (2 attempts)"
    assert view.table.rowCount() == 2
    first, second = played(POOR), played(SECOND_TRY)
    for row, report in enumerate((first, second)):
        score = f"{report['score']} / {report['max_score']} ({report['percent']}%)"
        assert view.table.item(row, 2).text() == score
    last = view.table.columnCount() - 1
    assert view.table.horizontalHeaderItem(last).text() == "Critical errors"
    for row, report in enumerate((first, second)):
        titles = critical_titles(report)
        shown = view.table.item(row, last).text()
        assert shown == (f"⚠ {len(titles)}: " + "; ".join(titles) if titles else "None")
    assert critical_titles(first)  # the first attempt had critical errors to show
    plan = [view.table.horizontalHeaderItem(c).text() for c in range(last)].index("Plan")
    plans = [next(d for d in r["domains"] if d["domain"] == "plan") for r in (first, second)]
    # the debrief's words: the items' points, then what unsafe choices cost (no bare net 0)
    shown = [f"{d['gained']} / {d['max']}  −{d['deducted']}" if d["deducted"]
             else f"{d['earned']} / {d['max']}" for d in plans]
    assert [view.table.item(r, plan).text() for r in (0, 1)] == shown
    assert plans[0]["deducted"]  # the first attempt lost points to an unsafe choice
    assert view.change_title.text() == "What changed from attempt 1 to attempt 2"
    lines = view.change_lines()
    assert lines[0] == f"Score up by {second['score'] - first['score']} points."
    resolved = [t for t in critical_titles(first) if t not in critical_titles(second)]
    assert f"✔ No longer a critical error: {resolved[0]}" in lines
    newly = sorted(earned_titles(second) - earned_titles(first))
    assert f"✔ Now earned: {newly[0]}" in lines
    # selecting the first attempt shows it on its own
    view.table.setCurrentCell(0, 0)
    assert view.change_title.text() == "First attempt at this case"


def play_to_debrief(qtbot, window) -> DebriefView:
    """The poor attempt finished in the window as its trainee (the screens before the debrief
    are played headlessly: these tests are about what finishing does)."""
    view = resumed_before_last(window, SCENARIO, POOR)
    assert isinstance(view.view, DebriefView)
    return view.view


def test_the_debrief_saves_the_pdf_report_with_the_trainees_name(qtbot, window, tmp_path, monkeypatch):
    choose_trainee(qtbot, window, "Sam Okafor")
    debrief = play_to_debrief(qtbot, window)
    # the result is kept the moment the debrief is reached, with its trainee
    kept = trainees.cached_result(window.store, session_id_of(window.session_view))
    assert kept["trainee"] == "Sam Okafor" and kept["report"]["score"] == debrief.debrief.score
    target = tmp_path / "hand-in"  # no extension typed: .pdf is added
    window.dialogs.paths = [str(target)]  # where the save dialog is answered
    click(qtbot, debrief.report_button)
    pdf = Path(str(target) + ".pdf")
    assert pdf.is_file()
    pages = pdf_pages(pdf)
    assert window.statusBar().currentMessage() == f"Report saved to {pdf} ({pages} pages)"
    assert pages >= 2


def test_results_wait_in_the_outbox_while_the_lrs_is_unreachable(qtbot, window):
    from simulator.ui.lrs_sync import save_lrs_config

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dialog = window.records.configure_lrs()
    qtbot.keyClicks(dialog.endpoint, f"http://127.0.0.1:{port}/xAPI")
    qtbot.keyClicks(dialog.username, "sim")
    qtbot.keyClicks(dialog.password, "hunter2-secret")
    qtbot.keyClicks(dialog.activity_base, "https://med.example.edu/sim")
    assert dialog.outbox_state.text() == "Outbox: 0 statement(s) sent, 0 waiting."
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    play_to_debrief(qtbot, window)  # finishing queues the attempt and starts sending in a thread
    qtbot.waitUntil(lambda: "wait to be sent" in window.statusBar().currentMessage(), timeout=20000)
    message = window.statusBar().currentMessage()
    assert "cannot be reached" in message and "hunter2" not in message
    counts = outbox.counts(window.store)
    assert counts.sent == 0 and counts.pending > 0
    with window.store.transaction() as conn:
        objects = [json.loads(r[0])["object"]["id"] for r in conn.execute("SELECT statement FROM outbox")]
    assert all(o.startswith("https://med.example.edu/sim/cases/") for o in objects)  # the programme's IRIs
    again = window.records.configure_lrs()
    assert again.outbox_state.text().startswith(f"Outbox: 0 statement(s) sent, {counts.pending} waiting.")
    assert "cannot be reached" in again.outbox_state.text() and "hunter2" not in again.outbox_state.text()
    again.close()
    save_lrs_config("", "", "")  # switched off: nothing more is queued
    assert window.records.send_results() is None


def test_an_address_with_a_password_in_it_is_refused(qtbot, window):
    dialog = window.records.configure_lrs()
    qtbot.keyClicks(dialog.endpoint, "https://sim:pw@lrs.example.org/xAPI")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and "own fields" in dialog.error.text()
    dialog.close()


def test_the_cohort_view_ranks_sorts_filters_charts_and_exports(qtbot, tmp_path):
    view = CohortView()
    qtbot.addWidget(view)
    view.show()
    view.import_files([str(p) for p in make_cohort(tmp_path / "cohort")])
    assert view.summary.text() == "4 attempts by 4 trainees across 2 cases"
    assert "notes.json" in view.problems.text()
    rows = view.visible_rows()
    assert len(rows) == view.proxy.rowCount() == len(view.rows)
    rates = [r.miss_rate for r in rows]
    assert rates == sorted(rates, reverse=True)  # most missed first
    # filter: one case, then text
    view.case_box.setCurrentIndex(view.case_box.findData("clbp-moderate-oud"))
    assert {r.scenario for r in view.visible_rows()} == {"clbp-moderate-oud"}
    qtbot.keyClicks(view.find, "tx.naloxone")
    shown = view.visible_rows()
    assert {r.item for r in shown} == {"plan-naloxone", "ask-overdose-risk"}
    assert view.chart_bars() == [("tx.naloxone", 67)]
    # sort by the guidance column, ascending, by clicking its header
    view.find.clear()
    view.table.sortByColumn(cohort.TABLE_COLUMNS.index("Guidance"), Qt.SortOrder.AscendingOrder)
    guidance = [r.guidance for r in view.visible_rows()]
    assert guidance == sorted(guidance)
    # the chart follows the filter: the most-missed guidance points of this case
    bars = view.chart_bars()
    assert len(bars) <= 10 and bars == sorted(bars, key=lambda b: -b[1])
    out = tmp_path / "table.csv"
    assert view.export_table(str(out))
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + len(view.visible_rows())
    # the same files again change nothing
    before = [(r.item, r.attempts) for r in view.rows]
    view.import_files([str(tmp_path / "cohort" / "ana.csv")])
    assert [(r.item, r.attempts) for r in view.rows] == before


def test_the_command_line_finds_the_store_where_the_app_keeps_it(qapp, monkeypatch):
    from PySide6.QtCore import QStandardPaths

    from simulator.records import paths

    monkeypatch.delenv("OPIOID_SIM_DB", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    name, org = qapp.applicationName(), qapp.organizationName()
    test_mode = QStandardPaths.isTestModeEnabled()
    try:
        qapp.setApplicationName(paths.APPLICATION)
        qapp.setOrganizationName(paths.ORGANISATION)
        QStandardPaths.setTestModeEnabled(False)
        qt = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    finally:
        QStandardPaths.setTestModeEnabled(test_mode)
        qapp.setApplicationName(name)
        qapp.setOrganizationName(org)
    assert paths.app_data_folder() == Path(qt)


@USES_LRS
def test_the_cohort_view_reads_the_attempts_from_the_lrs(qtbot, window, tmp_path, ralph):
    from simulator.control.results import queue_finished
    from simulator.ui.lrs_sync import save_lrs_config

    ralph.start()
    scenario = load_scenario(SCENARIO)
    for name, path in (("Ana", POOR), ("Ben", SECOND_TRY)):
        finish_session(window.store, scenario, name, path)
    queue_finished(window.store)
    assert outbox.deliver(window.store, ralph.config).pending == 0
    save_lrs_config(ralph.config.endpoint, ralph.config.username, ralph.config.password)
    view = CohortView()
    qtbot.addWidget(view)
    view.show()
    click(qtbot, view.lrs_button)  # fetched in a worker thread
    qtbot.waitUntil(lambda: view.lrs_button.isEnabled(), timeout=20000)
    assert view.summary.text() == "2 attempts by 2 trainees across 1 case"
    from simulator.control.results import stored_records

    records, _ = stored_records(window.store)
    want = {
        (r.item, r.attempts, r.missed, r.critical, frozenset(r.trainees_missed))
        for r in cohort.item_rows(records)
    }
    got = {(r.item, r.attempts, r.missed, r.critical, frozenset(r.trainees_missed)) for r in view.rows}
    assert got == want
    assert any(r.missed and r.trainees_missed == {"Ana"} for r in view.rows)


@USES_LRS
def test_a_session_finished_in_the_app_reaches_the_lrs_once(qtbot, window, ralph):
    from simulator.ui.lrs_sync import save_lrs_config, sending

    ralph.start()
    save_lrs_config(ralph.config.endpoint, ralph.config.username, ralph.config.password)
    choose_trainee(qtbot, window, "Sam Okafor")
    play_to_debrief(qtbot, window)  # queued and sent by a worker thread
    qtbot.waitUntil(lambda: outbox.counts(window.store).sent > 0 and not sending(), timeout=30000)
    assert outbox.counts(window.store).pending == 0
    assert window.statusBar().currentMessage().startswith(("Sent ", "Every result has been sent"))
    held = ralph.statements()
    assert held and {s["actor"]["name"] for s in held} == {"Sam Okafor"}
    assert sum(s["verb"]["id"].endswith("/completed") for s in held) == 1
    # sending again (the timer, a restart) adds nothing
    window.records.send_results()
    qtbot.waitUntil(lambda: not sending(), timeout=30000)
    assert len(ralph.statements()) == len(held)


def test_the_cohort_reads_the_sessions_on_this_computer_and_filters_by_trainee(qtbot, window):
    scenario = load_scenario(SCENARIO)
    finish_session(window.store, scenario, "Priya N", POOR)
    finish_session(window.store, scenario, "Sam O", SECOND_TRY)
    qtbot.keyClick(
        window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    view = window.records.cohort
    qtbot.waitUntil(lambda: view is not None and view.isVisible())
    assert view.summary.text().startswith("2 attempts by 2 trainees")  # nothing imported
    everyone = sum(r.missed for r in view.rows)
    bars = view.item_bars()
    assert bars and bars[0][1] == max(p for _t, p in bars)  # most missed first
    view.trainee_box.setCurrentIndex(view.trainee_box.findData("Sam O"))
    assert sum(r.missed for r in view.rows) < everyone  # only Sam's (better) attempt is counted
    assert view.charts.count() == 3 and view.item_chart.getPlotItem().listDataItems()


def test_the_records_menu_exports_the_finished_attempts(qtbot, window, tmp_path):
    import csv

    scenario = load_scenario(SCENARIO)
    choose_trainee(qtbot, window, "Priya N")
    finish_session(window.store, scenario, "Priya N", POOR)
    finish_session(window.store, scenario, "Someone Else", SECOND_TRY)
    assert window.records.export_action.isEnabled()
    target = tmp_path / "mine.csv"
    assert window.records.export_results(str(target)) == str(target)
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert rows and {r.get("trainee") for r in rows} == {"Priya N"}  # the chosen trainee's only


def test_every_records_entry_that_needs_the_store_is_enabled_once_the_app_opens_it(qtbot, tmp_path):
    """The app opens its store after the first paint: the Records menu, built before, enables
    Export results with the rest once it is open (Export stayed greyed out in the app)."""
    from simulator.records.store import SessionStore
    from simulator.ui.app import SCENARIOS
    from simulator.ui.main_window import MainWindow

    window = MainWindow(SCENARIOS, None)  # as start-up builds it, before the store is open
    qtbot.addWidget(window)
    records = window.records
    needs_store = (records.choose_action, records.progress_action, records.lrs_action, records.export_action)
    assert not any(a.isEnabled() for a in needs_store)
    window.attach_store(SessionStore(tmp_path / "sessions.sqlite3"))
    assert all(a.isEnabled() for a in needs_store), [a.text() for a in needs_store if not a.isEnabled()]


def test_save_dialogs_start_in_the_documents_folder(monkeypatch, qapp):
    from PySide6.QtWidgets import QFileDialog

    from simulator.ui.dialogs import QtDialogs
    from simulator.ui.views.common import documents_folder

    seen = []
    monkeypatch.undo()  # the real save dialog (the conftest refuses every dialog), its window stubbed
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, start, filters: seen.append(start) or ("", ""))
    QtDialogs(None).save_path("Export results", "all-results.csv", (("CSV", "csv"),))
    assert seen and seen[0].startswith(documents_folder()) and seen[0].endswith("all-results.csv")


def test_the_cohort_table_reads_across_a_1024_pixel_window_without_sideways_scrolling(qtbot, tmp_path):
    """Every column an instructor needs is in sight at once: the counts beside the percentage,
    the item's domain and source in its tooltip; the exported table keeps every column."""
    from PySide6.QtWidgets import QApplication

    view = CohortView()
    qtbot.addWidget(view)
    view.import_files([str(p) for p in make_cohort(tmp_path / "cohort")])
    view.resize(1024, 768)
    view.show()
    qtbot.waitExposed(view)
    QApplication.processEvents()
    assert view.table.horizontalScrollBar().maximum() == 0
    shown = [view.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(view.proxy.columnCount())
             if not view.table.isColumnHidden(c)]
    assert [h.replace("\n", " ") for h in shown] == [
        "Case", "Rubric item", "Guidance", "Missed %", "Critical errors", "Trainees who missed it"]
    row = view.visible_rows()[0]
    percent = view.proxy.index(0, cohort.TABLE_COLUMNS.index("Missed %"))
    assert percent.data() == f"{round(100 * row.miss_rate)}% ({row.missed} of {row.attempts})"
    item = view.proxy.index(0, cohort.TABLE_COLUMNS.index("Rubric item"))
    assert view.table.columnWidth(item.column()) >= 200  # the item, the column that matters, is the widest
    tip = item.data(Qt.ItemDataRole.ToolTipRole)
    assert row.title in tip and f"Domain: {row.domain}" in tip and row.source in tip
    out = tmp_path / "table.csv"
    assert view.export_table(str(out))
    assert out.read_text(encoding="utf-8").splitlines()[0].split(",") == list(cohort.TABLE_COLUMNS)


def test_at_150_percent_text_the_rubric_item_keeps_room_to_be_read(qtbot, qapp, tmp_path):
    """At 150% text the counts and ids fill a 1024-pixel window on their own: the item column
    keeps room for its words (the table scrolls sideways) instead of shrinking to "A…", and
    every heading stays whole."""
    from PySide6.QtWidgets import QApplication

    from simulator.ui.resources import apply_theme

    apply_theme(qapp, "light", 1.5)
    view = CohortView()
    qtbot.addWidget(view)
    view.import_files([str(p) for p in make_cohort(tmp_path / "cohort")])
    view.resize(1024, 768)
    view.show()
    qtbot.waitExposed(view)
    QApplication.processEvents()
    table, header = view.table, view.table.horizontalHeader()
    item = cohort.TABLE_COLUMNS.index("Rubric item")
    assert table.columnWidth(item) >= 24 * table.fontMetrics().averageCharWidth()
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    for c in shown:
        heading = view.proxy.headerData(c, Qt.Orientation.Horizontal)
        widest = max(header.fontMetrics().horizontalAdvance(line) for line in heading.split("\n"))
        assert widest <= header.sectionSize(c), heading
