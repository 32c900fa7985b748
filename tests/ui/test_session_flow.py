"""The whole session through the real widgets: a trainee plays the back-pain case end to end."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem

from simulator.ui.views.assessment_view import AssessmentView
from simulator.ui.views.debrief_view import DebriefView
from simulator.ui.views.interview_view import InterviewView
from simulator.ui.views.plan_view import PlanView
from simulator.ui.views.visit_view import VisitView


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def bank_item(view: InterviewView, intent: str) -> QTreeWidgetItem:
    for i in range(view.bank.topLevelItemCount()):
        topic = view.bank.topLevelItem(i)
        for j in range(topic.childCount()):
            if topic.child(j).data(0, Qt.ItemDataRole.UserRole) == intent:
                return topic.child(j)
    raise AssertionError(intent)


def ask_from_bank(qtbot, view: InterviewView, intent: str) -> None:
    item = bank_item(view, intent)
    view.bank.setCurrentItem(item)
    view.bank.setFocus()
    qtbot.keyClick(view.bank, Qt.Key.Key_Return)


def pick(combo, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_trainee_plays_the_back_pain_case_from_chart_to_debrief(qtbot, window):
    # Library: the bundled case is listed and can be started with the keyboard.
    library = window.library
    assert "asking for a higher dose" in library.list.item(0).text()
    # The case has patient variants: it is not listed under one name the session may not show.
    assert "One of 3 patients" in library.list.item(0).text() and "One of 3 patients" in library.meta.text()
    assert "opioid use disorder" not in library.summary.text()  # the library does not give the answer away
    # ... and is described without naming the patient, in plain words ("their back pain")
    assert "no longer hold their back pain" in library.summary.text(), library.summary.text()
    click(qtbot, library.start_button)
    view = window.session_view
    assert view.stepper.current_text() == "1. Chart"
    assert view.view.regimen_table.item(0, 0).text() == "oxycodone"
    assert view.view.regimen_table.item(0, 3).text() == "60"  # 40 mg oxycodone = 60 MME/day

    # Interview: moving on is blocked until the trainee has asked three questions.
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    interview = view.view
    assert isinstance(interview, InterviewView)
    click(qtbot, view.continue_button)
    assert isinstance(view.view, InterviewView)
    assert "at least three questions" in view.status.text()

    click(qtbot, interview.validate_button)
    assert view.session.data.rapport == 55
    assert "Your pain is real" in interview.transcript_text()

    # Guarded at first: the patient hides the co-worker's tablets until rapport is higher.
    ask_from_bank(qtbot, interview, "opioid.other_sources")
    assert "Dr. Moreno writes them" in interview.transcript_text()
    for intent in ("opioid.as_prescribed", "opioid.early_refills", "opioid.non_pain_use",
                   "opioid.craving", "opioid.cut_down", "opioid.other_substances", "opioid.overdose",
                   "history.mental_health", "history.family", "history.substance_use",
                   "pain.trend_on_opioids"):
        ask_from_bank(qtbot, interview, intent)
    click(qtbot, interview.empathy_button)
    ask_from_bank(qtbot, interview, "opioid.other_sources")
    assert "a guy at work sold me" in interview.transcript_text()
    assert interview.disclosed.count() >= 5

    # Typing works too, and the trainee sees what the question was taken to mean.
    qtbot.keyClicks(interview.input, "do you ever get really strong urges to take the pills?")
    qtbot.keyClick(interview.input, Qt.Key.Key_Return)
    assert "Understood as" in interview.understood.text()

    # The DSM-5 tracker records the trainee's marks.
    interview.criteria["craving"].click()
    assert "craving" in view.session.data.marks
    click(qtbot, view.continue_button)

    # Assessment
    assessment = view.view
    assert isinstance(assessment, AssessmentView)
    assert assessment.criteria["craving"].isChecked()  # carried over from the tracker
    for cid in ("larger_longer", "cut_down", "tolerance", "withdrawal"):
        assessment.criteria[cid].click()
    assert "5 criteria count" in assessment.count_label.text()
    assert "moderate" in assessment.count_label.text()
    assessment.diagnosis_buttons["oud"].click()
    pick(assessment.severity, "moderate")
    for rid in ("anxiety_depression", "family_history", "higher_dose", "longer_duration"):
        assessment.risks[rid].click()
    click(qtbot, view.continue_button)
    assert "Submit your assessment" in view.status.text()
    click(qtbot, assessment.submit)
    click(qtbot, view.continue_button)

    # Plan: buprenorphine with a safe start and multimodal care.
    plan = view.view
    assert isinstance(plan, PlanView)
    pick(plan.opioid, "switch_to_moud")
    pick(plan.moud, "buprenorphine")
    pick(plan.induction, "standard")
    assert plan.cows.isEnabled() and not plan.taper_percent.isEnabled()
    plan.cows.setValue(10)
    plan.wait.setValue(12)
    plan.written["bup_day1_mg"].setValue(8)  # the doses a prescriber writes
    plan.written["bup_target_mg"].setValue(16)
    for key in ("physiotherapy", "cbt", "duloxetine"):
        plan.nonopioid[key].click()
    for box in (plan.psych, plan.naloxone, plan.pdmp, plan.urine):
        box.click()
    plan.followup.setValue(7)
    plan.counselling["pain_course"].click()
    plan.counselling["overdose_risk"].click()  # he drinks at weekends: alcohol with buprenorphine
    click(qtbot, plan.submit)
    assert "choose the care setting" in plan.status.text()  # nothing clinical is chosen for you
    pick(plan.setting, "outpatient")
    click(qtbot, plan.submit)
    click(qtbot, view.continue_button)

    # Follow-up: week 2 on buprenorphine; a decision is needed before moving on.
    visit = view.view
    assert isinstance(visit, VisitView)
    assert view.stepper.current_text() == "5. Follow-up"
    click(qtbot, view.continue_button)
    assert "Choose how to respond" in view.status.text()
    visit.buttons["adjust_dose"].click()
    click(qtbot, visit.confirm)
    click(qtbot, view.continue_button)
    assert view.session.visits.title(view.session.state).startswith("Week 8")
    click(qtbot, view.continue_button)

    # Debrief: full marks, no critical errors, every item cited.
    debrief = view.view
    assert isinstance(debrief, DebriefView)
    assert debrief.debrief.score == debrief.debrief.max_score
    assert "No critical errors" in debrief.critical_label.text()
    text = debrief.report.toPlainText()
    assert "What the guidance says" in text and "Source:" in text
    record = window.store.history(1)[0]
    assert record.finished and record.score == debrief.debrief.score


def test_critical_errors_come_first_in_the_debrief(qtbot, window):
    from fixtures.played import resumed_before_last

    from tests.ui.conftest import ROOT

    view = resumed_before_last(  # the screens before the debrief are played headlessly
        window, ROOT / "scenarios/clbp-moderate-oud.yaml",
        ROOT / "scenarios/playthroughs/clbp-moderate-oud.poor.yaml",
    )
    debrief = view.view
    assert isinstance(debrief, DebriefView)
    banner = debrief.critical_label.text()
    assert "critical error" in banner
    # the banner says what went wrong, not the titles of what should have been done
    assert "Stopped oxycodone without a taper or medication for OUD" in banner
    assert "Offered medication" not in banner and "Did not" not in banner
    text = debrief.report.toPlainText()
    assert text.index("CRITICAL ERROR") < text.index("Missed")
    assert "The expert's assessment" in text and "flagged for clinical review" in text
    assert "tx." not in text and "dx." not in text and "&#" not in text
    assert "addict" in text  # the stigmatising word is named with its alternative


def test_a_session_resumes_where_it_stopped(qtbot, window, tmp_path):
    from simulator.control.dialogs import ScriptedDialogs
    from simulator.ui.app import build_window

    click(qtbot, window.library.start_button)
    view = window.session_view
    view.advance()
    interview = view.view
    for intent in ("pain.location", "opioid.regimen", "opioid.cut_down"):
        ask_from_bank(qtbot, interview, intent)
    # A second window on the same database (as after a crash) offers to resume.
    again = build_window([], tmp_path / "sessions.sqlite3")
    again.dialogs = ScriptedDialogs(["read_only"])
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.library.loaded, timeout=20000)
    assert again.library.resume_button.isVisibleTo(again.library)
    # While the first window still has it open, the second may only look at it.
    click(qtbot, again.library.resume_button)
    assert again.dialogs.shown[0].title == "This session is open elsewhere"
    resumed = again.session_view
    assert resumed.controller.read_only and "(read-only)" in again.windowTitle()
    assert not resumed.continue_button.isEnabled()
    assert "Read-only" in resumed.status.text()
    # The first window leaves the session; now the second can carry on where it stopped.
    window.show_library()
    again.show_library()
    click(qtbot, again.library.resume_button)
    resumed = again.session_view
    assert not resumed.controller.read_only
    assert resumed.session.phase == "interview"
    assert len(resumed.session.data.asked) == 3
    assert "Twice. Last winter" in resumed.view.transcript_text()
    ask_from_bank(qtbot, resumed.view, "pain.duration")
    assert window.store.session(resumed.controller.session_id).action_count == 5
