"""A trainee hands in a PDF: the report holds the name, date, critical errors, every item and its source."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from fixtures.pdf import norm, pdf_text
from fixtures.scenario_text import POOR, ROOT, SCENARIO

from simulator.playthrough import play
from simulator.records import trainees
from simulator.records.store import SessionStore
from simulator.scenario.loader import load_scenario
from simulator.scoring.debrief import build_debrief


def test_the_report_command_writes_a_pdf_with_everything_a_marker_needs(tmp_path, qapp):
    out = tmp_path / "report.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "report", str(SCENARIO), "--actions", str(POOR),
         "--out", str(out), "--trainee", "Priya Natarajan"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    pages, text = pdf_text(out)
    assert pages >= 2
    debrief = build_debrief(play(load_scenario(SCENARIO), POOR))
    assert "Trainee Priya Natarajan" in text
    assert re.search(r"Date \d{1,2} \w+ 20\d\d", text)
    assert f"Score {debrief.score} / {debrief.max_score}" in text
    # critical errors come before the other items, each with what the guidance says and its source
    first_missed = text.index("Items missed")
    for item in debrief.critical_items():
        assert text.index(norm(item.title)) < first_missed
    for item in debrief.items:
        assert norm(item.title) in text
        assert item.guidance in text
    assert "Centers for Disease Control" in text or "CDC" in text
    assert "Chronic Pain and Opioid Addiction" in text
    for domain in debrief.domains:
        assert f"{domain.title} {domain.earned} / {domain.max}" in text
    assert "Timeline" in text and norm("Plan: Stop the opioid now, without a taper") in text
    assert "Course over the following weeks" in text


def test_a_stored_session_reports_with_its_trainee_and_date(tmp_path, qapp):
    from simulator.cli import main

    db = tmp_path / "s.sqlite3"
    store = SessionStore(db, clock=lambda: "2026-11-04T09:40:00.000+00:00")
    sid = store.start("clbp-moderate-oud", str(SCENARIO))
    trainees.assign(store, sid, "Sam Okafor")
    for action in play(load_scenario(SCENARIO), POOR).actions:
        store.append(sid, action)
    store.close()
    out = tmp_path / "stored.pdf"
    assert main(["report", "--session", str(sid), "--store", str(db), "--out", str(out)]) == 0
    _, text = pdf_text(out)
    assert "Trainee Sam Okafor" in text
    assert "Date 4 November 2026, 09:40 UTC" in text


def test_a_session_that_is_not_in_the_store_is_one_clear_line(tmp_path, capsys):
    from simulator.cli import main

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
