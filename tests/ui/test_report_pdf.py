"""A trainee hands in a PDF: the report holds the name, date, critical errors, every item and its source."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from fixtures.pdf import norm, page_texts, pdf_pages, pdf_text
from fixtures.scenario_text import POOR, ROOT, SCENARIO

from simulator.engine.playthrough import play
from simulator.records import trainees
from simulator.records.store import SessionStore
from simulator.scenario.loader import load_scenario
from simulator.scoring.debrief import build_debrief
from simulator.ui.report_pdf import critical_summary

# Each module-scoped report below is written once per test process: with ``pytest -n`` the tests
# that read one share a worker, so it is not written again on the other (a second or two each).
READS_POOR_REPORT = pytest.mark.xdist_group("poor_report")
READS_LONG_REPORT = pytest.mark.xdist_group("long_report")


def heading(item) -> str:
    """The line an item is shown under: what went wrong for a critical error, else its title."""
    return getattr(item, "wrong", "") or item.title


def assert_hand_in(text: str, debrief, trainee: str) -> None:
    """What a marker needs, in reading order: who, when, score, critical errors first, every item cited."""
    text = norm(text)
    assert f"Trainee {trainee}" in text
    assert re.search(r"Date \d{1,2} \w+ 20\d\d", text)
    assert f"Score {debrief.score} / {debrief.max_score}" in text
    # how the score was reached, in the debrief's words: earned, deducted, each critical error's cost
    assert norm(debrief.score_sentence()) in text and debrief.deducted
    assert norm(critical_summary(debrief)) in text and "(−" in critical_summary(debrief)
    for domain in debrief.domains:
        assert f"{domain.title} {domain.earned} / {domain.max}" in text
    first_missed = text.index("Items missed")
    assert debrief.critical_items()
    for item in debrief.critical_items():
        assert text.index(norm(heading(item))) < first_missed
    for item in debrief.items:
        assert norm(heading(item)) in text
        assert norm(item.guidance_summary) in text  # what the guidance says
        assert norm(item.citation.split(",")[0]) in text  # and the document it comes from
    assert "Clinical Practice Guideline for Prescribing Opioids" in text  # CDC 2022, cited by title
    assert "Timeline" in text and norm("Plan: Stop the opioid now, without a taper") in text
    assert "Course over the following weeks" in text


@pytest.fixture
def written_reports(monkeypatch):
    """Every report written during the test (the real writer, observed)."""
    import simulator.ui.report_pdf as report_pdf

    seen = []
    real = report_pdf.write_report

    def spy(*args, **kwargs):
        seen.append(real(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(report_pdf, "write_report", spy)
    return seen


@pytest.fixture(scope="module")
def poor_report(tmp_path_factory, qapp):
    """The poor attempt's debrief and the report written for it, once for the tests that read
    it (the text the writer laid out, and the file read back). Shared: read it only."""
    from simulator.ui.report_pdf import write_report

    debrief = build_debrief(play(load_scenario(SCENARIO), POOR))
    path = tmp_path_factory.mktemp("report") / "report.pdf"
    return debrief, write_report(debrief, path, trainee="Priya Natarajan")


@READS_POOR_REPORT
def test_the_report_holds_everything_a_marker_needs(poor_report):
    debrief, written = poor_report
    assert written.pages >= 2
    assert pdf_pages(written.path) == written.pages
    assert_hand_in(written.text, debrief, "Priya Natarajan")


def test_the_report_command_writes_a_complete_pdf_without_a_display(tmp_path):
    out = tmp_path / "report.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "report", str(SCENARIO), "--actions", str(POOR),
         "--out", str(out), "--trainee", "Priya Natarajan"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    pages = pdf_pages(out)
    assert result.stdout.strip() == f"wrote {out} ({pages} pages)"


@READS_POOR_REPORT
def test_the_text_read_back_from_the_pdf_file_holds_it_too(poor_report):
    debrief, written = poor_report
    assert_hand_in(pdf_text(written.path), debrief, "Priya Natarajan")


def test_a_stored_session_reports_with_its_trainee_and_date(tmp_path, qapp, written_reports):
    from simulator.__main__ import main  # the entry point installs the PDF writer

    db = tmp_path / "s.sqlite3"
    store = SessionStore(db, clock=lambda: "2026-11-04T09:40:00.000+00:00")
    sid = store.start("clbp-moderate-oud", str(SCENARIO))
    trainees.assign(store, sid, "Sam Okafor")
    for action in play(load_scenario(SCENARIO), POOR).actions:
        store.append(sid, action)
    store.close()
    out = tmp_path / "stored.pdf"
    assert main(["report", "--session", str(sid), "--store", str(db), "--out", str(out)]) == 0
    [written] = written_reports
    assert pdf_pages(out) == written.pages
    text = norm(written.text)
    assert "Trainee Sam Okafor" in text
    assert "Date 4 November 2026, 09:40 UTC" in text


def test_a_session_that_is_not_in_the_store_is_one_clear_line(tmp_path, capsys):
    from simulator.__main__ import main  # the entry point installs the PDF writer

    db = tmp_path / "s.sqlite3"
    SessionStore(db).close()
    assert main(["report", "--session", "99", "--store", str(db), "--out", str(tmp_path / "r.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "error: there is no session 99"
    assert not (tmp_path / "r.pdf").exists()


def test_the_report_must_be_a_pdf_in_an_existing_folder(tmp_path, qapp):
    from simulator.ui.report_pdf import ReportError, write_report

    debrief = build_debrief(play(load_scenario(SCENARIO), POOR))
    with pytest.raises(ReportError, match="ending in .pdf"):
        write_report(debrief, tmp_path / "report.txt")
    with pytest.raises(ReportError, match="does not exist"):
        write_report(debrief, tmp_path / "nowhere" / "report.pdf")


def test_a_day_by_day_course_is_tabulated_by_week():
    from simulator.ui.report_pdf import table_points

    daily = [{"day": d, "pain": 8 - d / 10, "cows": 0, "craving": 5, "function": 4} for d in range(0, 57)]
    shown, note = table_points(daily)
    assert [p["day"] for p in shown] == [0, 7, 14, 21, 28, 35, 42, 49, 56]
    assert "each week" in note
    weekly = [{"week": w, "pain": 8, "cows": 0, "craving": 5, "function": 4} for w in (0, 2, 8)]
    assert table_points(weekly) == (weekly, "")


@pytest.fixture(scope="module")
def long_report(tmp_path_factory, qapp):
    """oih-taper's fast taper (a long report: every step, each urgent contact that did not arise)
    and the report written for it, once for the two tests that read it. Shared: read it only."""
    from simulator.ui.report_pdf import write_report

    case = ROOT / "scenarios" / "oih-taper.yaml"
    actions = ROOT / "scenarios" / "playthroughs" / "oih-taper.poor-fast.yaml"
    debrief = build_debrief(play(load_scenario(case), actions))
    path = tmp_path_factory.mktemp("long") / "long-written.pdf"
    return debrief, write_report(debrief, path, trainee="Priya Natarajan")


@READS_LONG_REPORT
def test_no_page_of_a_long_report_ends_with_a_heading(tmp_path, long_report):
    """A heading moves to the next page with what it heads (this case's report, laid out on A5,
    strands three otherwise; on the A4 file whichever heading falls at a page's foot)."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextFormat

    from simulator.ui.report_pdf import page_ends, report_document

    debrief, written = long_report
    writer = QPdfWriter(str(tmp_path / "long.pdf"))
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A5), QPageLayout.Orientation.Portrait,
                                     QMarginsF(16, 16, 16, 16)))  # (more page feet than A4)
    doc = report_document(debrief, writer, trainee="Priya Natarajan", date="2026-11-04T09:40:00+00:00")
    assert doc.pageCount() >= 10
    ends = page_ends(doc)
    assert len(ends) == doc.pageCount()
    assert not [b.text() for b in ends if b.blockFormat().headingLevel()], "a page ends with a heading"
    moved = [b.text() for b in _blocks(doc) if b.blockFormat().headingLevel()
             and b.blockFormat().pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore]
    assert moved, "this report strands a heading unless it is kept with what follows"
    # and in the file itself: no page's last line (before its number) is a heading
    headings = {b.text() for b in _blocks(doc) if b.blockFormat().headingLevel()}
    for number, page in enumerate(page_texts(written.path), 1):
        lines = [norm(line.replace("\t", " ")).strip() for line in page.splitlines()]
        lines = [line for line in lines if line and line != str(number)]
        assert lines and lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"


def _blocks(doc):
    block = doc.begin()
    while block.isValid():
        yield block
        block = block.next()


@READS_LONG_REPORT
def test_each_item_that_did_not_arise_is_listed_once(long_report):
    """oih-taper's fast taper passes five steps after which an urgent contact could have come; the
    report lists each kind of urgent care that did not arise once, not once per step (in the text
    printed on its pages: reading the file back is test_the_text_read_back_from_the_pdf_file...)."""
    debrief, written = long_report
    text = norm(written.text)
    skipped = [i.title for i in debrief.items if not i.applicable]
    assert skipped and len(skipped) == len(set(skipped))
    assert f"Not counted ({len(skipped)})" in text
    for title in skipped:
        assert text.count(norm(title)) == 1, title
