"""The trainee's desk: themes, text size and the phase stepper, as a trainee uses them."""

import re
from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from simulator.ui.resources import ASSETS, THEMES, themed_style_sheet


def _point_sizes(sheet: str) -> list[float]:
    return [float(v) for v in re.findall(r"font-size: (\d+(?:\.\d+)?)pt", sheet)]


def test_every_theme_names_icons_that_exist():
    for name in THEMES:
        sheet = themed_style_sheet(name)
        assert sheet, name
        urls = re.findall(r"url\(([^)]+)\)", sheet)
        assert urls, f"{name} draws no arrows or ticks"
        for url in urls:
            assert (ASSETS / "icons").as_posix() in url and Path(url).is_file(), url


def test_larger_text_with_ctrl_plus_is_applied_and_remembered(qtbot, window, qapp):
    before = max(_point_sizes(qapp.styleSheet()))
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    after = max(_point_sizes(qapp.styleSheet()))
    assert after > before
    assert float(QSettings().value("text_scale")) == 1.25
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert max(_point_sizes(qapp.styleSheet())) == before
    assert float(QSettings().value("text_scale")) == 1.0


def test_dark_theme_from_the_view_menu_is_applied_and_remembered(window, qapp):
    window.view_menu.theme_actions["dark"].trigger()
    assert "Dark theme" in qapp.styleSheet()
    assert QSettings().value("theme") == "dark"
    assert window.view_menu.theme_actions["dark"].isChecked()
    assert not window.contrast_action.isChecked()
    window.contrast_action.setChecked(True)
    assert "High-contrast theme" in qapp.styleSheet()
    assert not window.view_menu.theme_actions["dark"].isChecked()


def test_stepper_lets_the_trainee_reopen_only_completed_phases(qtbot):
    from simulator.ui.widgets.stepper import PhaseStepper

    stepper = PhaseStepper()
    qtbot.addWidget(stepper)
    stepper.set_phase("plan")
    assert stepper.current_text() == "4. Plan"
    assert stepper.button("chart").text() == "✓ Chart" and stepper.button("chart").isEnabled()
    assert not stepper.button("debrief").isEnabled()
    with qtbot.waitSignal(stepper.phaseRequested) as blocker:
        qtbot.mouseClick(stepper.button("interview"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["interview"]
    with qtbot.assertNotEmitted(stepper.phaseRequested):
        qtbot.mouseClick(stepper.button("plan"), Qt.MouseButton.LeftButton)


def _session():
    from simulator.engine.session import Session
    from simulator.scenario.loader import load_scenario

    return Session(load_scenario(Path(__file__).resolve().parents[2] / "scenarios/clbp-moderate-oud.yaml"))


def test_choices_with_clinical_consequences_start_empty_and_must_be_made(qtbot):
    from simulator.ui.views.plan_view import PlanView

    applied = []
    plan = PlanView(_session(), lambda action: applied.append(action) or True)
    qtbot.addWidget(plan)
    assert plan.opioid.currentIndex() == -1 and plan.opioid.placeholderText().startswith("Choose")
    assert plan.moud.currentIndex() == -1 and plan.setting.currentIndex() == -1
    qtbot.mouseClick(plan.submit, Qt.MouseButton.LeftButton)
    assert not applied
    assert "the opioid plan" in plan.status.text() and "the care setting" in plan.status.text()
    plan.opioid.setCurrentIndex(plan.opioid.findData("switch_to_moud"))
    plan.moud.setCurrentIndex(plan.moud.findData("buprenorphine"))
    plan.induction.setCurrentIndex(plan.induction.findData("standard"))
    plan.setting.setCurrentIndex(plan.setting.findData("outpatient"))
    assert plan.cows.text() == "enter…" and plan.wait.text() == "enter…"  # no invented 0
    qtbot.mouseClick(plan.submit, Qt.MouseButton.LeftButton)
    assert not applied and "COWS score" in plan.status.text() and "hours since" in plan.status.text()
    plan.cows.setValue(10)
    plan.wait.setValue(12)
    qtbot.mouseClick(plan.submit, Qt.MouseButton.LeftButton)
    assert applied and applied[0]["induction_cows"] == 10 and applied[0]["induction_wait_hours"] == 12


def test_severity_starts_unchosen_in_the_assessment(qtbot):
    from simulator.ui.views.assessment_view import AssessmentView

    applied = []
    view = AssessmentView(_session(), lambda action: applied.append(action) or True)
    qtbot.addWidget(view)
    assert view.severity.currentIndex() == -1
    view.diagnosis_buttons["oud"].click()
    qtbot.mouseClick(view.submit, Qt.MouseButton.LeftButton)
    assert not applied and "severity" in view.status.text()
    view.severity.setCurrentIndex(view.severity.findData("moderate"))
    qtbot.mouseClick(view.submit, Qt.MouseButton.LeftButton)
    assert applied and applied[0]["severity"] == "moderate"
