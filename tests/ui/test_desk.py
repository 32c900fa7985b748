"""The trainee's desk: themes, text size and the phase stepper, as a trainee uses them."""

import re
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

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
    assert float(QSettings().value("text_scale")) == 1.5  # two presses: 150%
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


def _session(case: str = "clbp-moderate-oud"):
    from simulator.engine.session import Session
    from simulator.scenario.loader import load_scenario

    return Session(load_scenario(Path(__file__).resolve().parents[2] / f"scenarios/{case}.yaml"))


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
    assert not applied and "when to follow up" in plan.status.text()  # no invented 28 days
    # a prescriber writes the doses, not only the decision to start
    assert "the buprenorphine dose on day 1" in plan.status.text()
    assert "the buprenorphine daily dose to reach" in plan.status.text()
    plan.followup.setValue(7)
    plan.written["bup_day1_mg"].setValue(8)
    plan.written["bup_target_mg"].setValue(16)
    qtbot.mouseClick(plan.submit, Qt.MouseButton.LeftButton)
    assert applied and applied[0]["induction_cows"] == 10 and applied[0]["induction_wait_hours"] == 12
    assert applied[0]["bup_day1_mg"] == 8 and applied[0]["bup_target_mg"] == 16


def test_a_short_course_and_office_methadone_need_their_written_doses(qtbot):
    from simulator.ui.views.plan_view import PlanView

    applied = []
    plan = PlanView(_session(), lambda action: applied.append(action) or True)
    qtbot.addWidget(plan)
    plan.opioid.setCurrentIndex(plan.opioid.findData("short_course"))
    plan.moud.setCurrentIndex(plan.moud.findData("none"))
    assert "the number of tablets" in plan.missing()
    plan.written["short_course_tablets"].setValue(20)
    assert "the number of tablets" not in plan.missing()
    plan.opioid.setCurrentIndex(plan.opioid.findData("switch_to_moud"))
    plan.moud.setCurrentIndex(plan.moud.findData("methadone"))
    plan.methadone_route.setCurrentIndex(plan.methadone_route.findData("otp"))
    assert "the methadone first-day dose" not in plan.missing()  # the programme sets its doses
    plan.methadone_route.setCurrentIndex(plan.methadone_route.findData("office"))
    assert "the methadone first-day dose" in plan.missing()
    plan.written["methadone_start_mg"].setValue(20)
    assert "the methadone first-day dose" not in plan.missing()
    assert "what happens to the benzodiazepine" not in plan.missing()  # he takes none


def test_a_patient_on_a_benzodiazepine_needs_a_written_decision_about_it(qtbot):
    from simulator.ui.views.plan_view import PlanView

    plan = PlanView(_session("severe-oud-overdose"), lambda action: True)  # alprazolam on the chart
    qtbot.addWidget(plan)
    assert "what happens to the benzodiazepine" in plan.missing()
    box = plan.written["benzodiazepine"]
    box.setCurrentIndex(box.findData("taper"))
    assert "what happens to the benzodiazepine" not in plan.missing()


def _turn_wheel(widget, qapp):
    """One notch of the mouse wheel over ``widget``, as the window system delivers it."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    where = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(where, QPointF(widget.mapToGlobal(where.toPoint())), QPoint(), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    qapp.sendEvent(widget, event)


def test_the_wheel_scrolls_the_plan_and_never_changes_a_value_it_passes(qtbot, qapp):
    from simulator.ui.views.plan_view import PlanView
    from simulator.ui.widgets.wheel import install_wheel_policy

    install_wheel_policy(qapp)  # as the main window does
    plan = PlanView(_session(), lambda action: True)
    qtbot.addWidget(plan)
    plan.resize(700, 300)
    plan.show()
    plan.load({
        "opioid": "switch_to_moud", "moud": "buprenorphine", "induction": "standard", "setting": "outpatient",
        "methadone_route": "none", "induction_cows": 10, "induction_wait_hours": 12,
        "naltrexone_free_days": 0, "end_date_days": 0, "followup_days": 14, "nonopioid": [],
        "counselling": [], "psych_care": False, "trauma_informed": False, "naloxone": False, "pdmp": False,
        "urine_testing": False,
    })
    plan.activateWindow()
    plan.submit.setFocus()
    qtbot.waitUntil(plan.submit.hasFocus)
    bar = plan.verticalScrollBar()
    before = bar.value()
    for field in (plan.wait, plan.followup, plan.moud, plan.induction):
        _turn_wheel(field, qapp)
        _turn_wheel(field.lineEdit() if hasattr(field, "lineEdit") and field.lineEdit() else field, qapp)
    assert (plan.wait.value(), plan.followup.value()) == (12, 14)
    assert (plan.moud.currentData(), plan.induction.currentData()) == ("buprenorphine", "standard")
    assert bar.value() > before  # the page scrolled instead
    plan.followup.setFocus()  # a field the trainee is in takes the wheel
    qtbot.waitUntil(plan.followup.hasFocus)
    _turn_wheel(plan.followup, qapp)
    assert plan.followup.value() == 13


def test_a_number_typed_into_an_empty_box_clicked_with_the_mouse_goes_in(qtbot, qapp):
    """Clicking into "Hours after last dose" (showing "enter…") puts the cursor after the word;
    the digits typed next are the value, as when the box is reached with Tab."""
    from PySide6.QtWidgets import QApplication

    from simulator.ui.views.plan_view import PlanView
    from simulator.ui.widgets.wheel import install_wheel_policy

    install_wheel_policy(qapp)  # as the main window does
    plan = PlanView(_session(), lambda action: True)
    qtbot.addWidget(plan)
    plan.resize(700, 500)
    plan.show()
    plan.opioid.setCurrentIndex(plan.opioid.findData("switch_to_moud"))
    plan.moud.setCurrentIndex(plan.moud.findData("buprenorphine"))
    plan.induction.setCurrentIndex(plan.induction.findData("standard"))
    plan.activateWindow()
    for box, typed, shown in ((plan.wait, "12", 12), (plan.followup, "14", 14)):
        plan.ensureWidgetVisible(box)
        assert box.isEnabled() and box.text() == "enter…"
        qtbot.mouseClick(box.lineEdit(), Qt.MouseButton.LeftButton, pos=box.lineEdit().rect().center())
        qtbot.waitUntil(box.hasFocus)
        qtbot.keyClicks(QApplication.focusWidget(), typed)
        assert box.value() == shown, box.text()
    plan.wait.setFocus()  # a number already there is edited as usual
    plan.wait.lineEdit().setCursorPosition(2)  # after "12"
    qtbot.keyClick(plan.wait, Qt.Key.Key_Backspace)
    qtbot.keyClicks(plan.wait, "6")
    assert plan.wait.value() == 16


def test_follow_up_starts_empty_and_only_fitting_choices_are_offered(qtbot):
    from simulator.ui.views.plan_view import PlanView

    plan = PlanView(_session(), lambda action: True)
    qtbot.addWidget(plan)
    assert plan.followup.text() == "enter…" and plan.taper_percent.text() == "enter…"
    assert plan.induction.findText("Not applicable") < 0
    assert plan.methadone_route.findText("Not applicable") < 0
    plan.opioid.setCurrentIndex(plan.opioid.findData("switch_to_moud"))
    assert plan.moud.view().isRowHidden(plan.moud.findData("none"))
    plan.moud.setCurrentIndex(plan.moud.findData("buprenorphine"))
    plan.submit.click()
    assert "when to follow up" in plan.status.text()
    assert plan.induction.hasFocus() or plan.focusWidget() is plan.induction


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


def _start(qtbot, window):
    window.library._start()
    view = window.session_view
    assert view is not None
    return view


def test_the_chart_can_be_reopened_read_only_while_interviewing(qtbot, window):
    view = _start(qtbot, window)
    view.advance()  # chart -> interview
    assert view.session.phase == "interview"
    qtbot.mouseClick(view.stepper.button("chart"), Qt.MouseButton.LeftButton)
    review = window.review_window
    assert review is not None and review.isVisible() and review.phase == "chart"
    texts = " ".join(w.text() for w in review.findChildren(type(view.status)))
    assert "Read-only" in texts and "Prescription" in texts
    assert view.session.phase == "interview"  # nothing moved
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    assert not review.isVisible()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_C, ctrl_shift)
    assert window.review_window.isVisible() and window.review_window.phase == "chart"


def test_a_recorded_plan_is_shown_locked_in_review(qtbot, window):
    from fixtures.played import resumed_at

    from simulator.engine.playthrough import load_actions

    root = Path(__file__).resolve().parents[2]
    actions, _ = load_actions(root / "scenarios/playthroughs/clbp-moderate-oud.expert.yaml")
    # the session saved with its plan recorded (played headlessly up to the first visit), resumed
    view = resumed_at(window, root / "scenarios/clbp-moderate-oud.yaml", actions, phase="visit")
    window.review("plan")
    plan = window.review_window.content
    assert plan.opioid.currentData() == view.session.data.plan.opioid
    assert not plan.submit.isVisible()
    plan.opioid.setFocus()
    assert plan.opioid.focusPolicy() == Qt.FocusPolicy.NoFocus
    before = len(view.session.actions)
    qtbot.mouseClick(plan.naloxone, Qt.MouseButton.LeftButton)
    assert len(view.session.actions) == before


def test_help_has_a_guide_and_a_keyboard_sheet(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F1)  # F1: which key does what
    assert window.help_window.isVisible()
    sheet = window.help_window.text.toPlainText()
    assert "Ctrl+Enter" in sheet and "Ctrl+Shift+C" in sheet
    # what each key does starts at the same place on every line, whatever the font
    from PySide6.QtGui import QTextCursor

    box = window.help_window.text
    starts = set()
    block = box.document().begin()
    while block.isValid():
        if "\t" in block.text():
            cursor = QTextCursor(block)
            cursor.setPosition(block.position() + block.text().index("\t") + 1)
            starts.add(box.cursorRect(cursor).left())
        block = block.next()
    assert len(starts) == 1, starts
    # a description too long for the line goes on under itself, not back under the keys
    window.help_window.resize(560, 620)
    QApplication.processEvents()
    wrapped = 0
    block = box.document().begin()
    while block.isValid():
        lines = block.layout()
        for n in range(1, lines.lineCount()):
            wrapped += 1
            cursor = QTextCursor(block)
            cursor.setPosition(block.position() + lines.lineAt(n).textStart())
            assert {box.cursorRect(cursor).left()} == starts, block.text()
        block = block.next()
    assert wrapped  # (the narrow window did wrap some)
    window.show_guide()
    assert "Debrief" in window.help_window.text.toPlainText()


def test_alt_number_reviews_a_completed_step_from_the_plan(qtbot, window):
    from fixtures.played import resumed_at

    from simulator.engine.playthrough import load_actions

    root = Path(__file__).resolve().parents[2]
    actions, _ = load_actions(root / "scenarios/playthroughs/clbp-moderate-oud.expert.yaml")
    # the session saved at the plan (played headlessly), resumed
    view = resumed_at(window, root / "scenarios/clbp-moderate-oud.yaml", actions, phase="plan")
    assert view.session.phase == "plan"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert window.review_window is not None and window.review_window.phase == "chart"
    window.review_window.close()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert window.review_window.isVisible() and window.review_window.phase == "assessment"
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    from PySide6.QtCore import QEvent

    from simulator.ui.review import ReviewWindow

    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(ReviewWindow) == [window.review_window]  # the reviews closed are freed


def test_a_refused_plan_says_why_in_sight_with_the_first_missing_field_focused(qtbot, window):
    """Ctrl+S on an unfinished plan at 1024x768: the keyboard goes to the first missing field,
    scrolled into sight, and what is missing is said in the status line under the page (the
    form's own line sits at the foot of a long page, out of sight)."""
    from fixtures.played import resumed_at

    from simulator.engine.playthrough import load_actions

    root = Path(__file__).resolve().parents[2]
    actions, _ = load_actions(root / "scenarios/playthroughs/clbp-moderate-oud.expert.yaml")
    window.resize(1024, 768)
    view = resumed_at(window, root / "scenarios/clbp-moderate-oud.yaml", actions, phase="plan")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    plan = view.view
    plan.opioid.setCurrentIndex(plan.opioid.findData("switch_to_moud"))
    plan.moud.setCurrentIndex(plan.moud.findData("buprenorphine"))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    said = view.status.text()
    assert said.startswith("Before submitting, choose ") and "care setting" in said, said
    assert said == plan.status.text()

    def on_screen(widget) -> bool:
        """Wholly in the window (and, on the scrolling page, inside its visible part)."""
        from PySide6.QtCore import QPoint, QRect

        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        port = plan.viewport()
        if plan.isAncestorOf(widget):
            return QRect(port.mapTo(window, QPoint(0, 0)), port.size()).contains(rect)
        return window.rect().contains(rect)

    assert view.status.isVisible() and on_screen(view.status)
    field = QApplication.focusWidget()
    assert plan.isAncestorOf(field) and on_screen(field)
    assert not on_screen(plan.status)  # (the form's own line is out of sight: why the status line says it)


def test_a_refusal_shrinks_as_the_missing_fields_are_filled_and_then_says_the_plan_can_go(qtbot, window):
    """After a refused Ctrl+S, filling the fields one by one keeps the status line true: each field
    chosen leaves the reason, and once nothing is missing it says the plan can be submitted (the
    old "Before submitting, choose ..." never stays); Ctrl+S then records the plan."""
    from fixtures.played import resumed_at
    from PySide6.QtWidgets import QComboBox

    from simulator.engine.playthrough import load_actions

    root = Path(__file__).resolve().parents[2]
    actions, _ = load_actions(root / "scenarios/playthroughs/clbp-moderate-oud.expert.yaml")
    view = resumed_at(window, root / "scenarios/clbp-moderate-oud.yaml", actions, phase="plan")
    plan = view.view
    plan.opioid.setCurrentIndex(plan.opioid.findData("continue"))
    plan.moud.setCurrentIndex(plan.moud.findData("none"))
    qtbot.keyClick(plan.opioid, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert view.session.data.plan is None
    left = plan.missing()
    assert len(left) >= 2, left
    while left:
        assert view.status.text() == plan.status.text()
        assert view.status.text().startswith("Before submitting, choose "), view.status.text()
        assert all(what in view.status.text() for what in left), (left, view.status.text())
        first, field = plan._missing_fields()[0]
        if isinstance(field, QComboBox):
            field.setCurrentIndex(0)
        else:
            field.setValue(min(field.maximum(), field.minimum() + 28))
        assert first not in view.status.text(), f"{first!r} still named after it was chosen"
        left = plan.missing()
    assert view.status.text() == "Everything needed is chosen: submit the plan (Ctrl+S)."
    qtbot.keyClick(plan.opioid, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert view.session.data.plan is not None
    assert "Before submitting" not in view.status.text() and "Everything needed" not in view.status.text()


def test_a_refused_assessment_is_said_until_it_is_chosen_and_no_longer(qtbot, window):
    from fixtures.played import resumed_at

    from simulator.engine.playthrough import load_actions

    root = Path(__file__).resolve().parents[2]
    actions, _ = load_actions(root / "scenarios/playthroughs/clbp-moderate-oud.expert.yaml")
    view = resumed_at(window, root / "scenarios/clbp-moderate-oud.yaml", actions, phase="assessment")
    form = view.view
    assert form.session.data.assessment is None
    qtbot.keyClick(form.severity, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    said = "Before submitting, choose a diagnosis and a severity (None if no use disorder)."
    assert view.status.text() == said
    form.diagnosis_buttons["dependence"].click()
    assert view.status.text() == "Before submitting, choose a severity (None if no use disorder)."
    form.severity.setCurrentIndex(form.severity.findData("none"))
    assert view.status.text() == "Everything needed is chosen: submit the assessment (Ctrl+S)."


def test_the_window_cannot_be_made_too_small_to_use(window):
    assert window.minimumWidth() >= 1000 and window.minimumHeight() >= 680


def test_painted_charts_take_their_colours_from_the_theme(window):
    from simulator.ui.palette import COLOURS, THEME_COLOURS, colour

    for name, table in THEME_COLOURS.items():
        assert set(table) == set(COLOURS), f"{name} misses colours"
    window.view_menu.theme_actions["dark"].trigger()
    assert colour("plot.background").name() == THEME_COLOURS["dark"]["plot.background"]
    window.view_menu.theme_actions["light"].trigger()
    assert colour("plot.background").name() == COLOURS["plot.background"]


def test_each_theme_reaches_the_debrief_text(qtbot, window):
    from fixtures.played import resumed_before_last

    root = Path(__file__).resolve().parents[2]
    view = resumed_before_last(  # the screens before the debrief are played headlessly
        window, root / "scenarios/stable-dependence.yaml",
        root / "scenarios/playthroughs/stable-dependence.poor.yaml",
    )
    report = view.view.report
    window.view_menu.theme_actions["dark"].trigger()
    assert "#1e2630" in report.toHtml()  # dark page behind the feedback
    window.view_menu.theme_actions["high-contrast"].trigger()
    html = report.toHtml()
    assert "#1e2630" not in html and "#fdecea" not in html  # no cream or pink boxes left
    window.view_menu.change_text_size(1)
    assert "14.4pt" in report.toHtml()  # one step larger: 125% of 11.5pt


def test_interview_panels_become_tabs_when_the_text_is_large(qtbot, window):
    view = _start(qtbot, window)
    window.resize(1280, 800)
    view.advance()
    interview = view.view
    qtbot.waitUntil(lambda: interview.width() > 900)
    assert not interview.narrow  # three columns at 1280 px and normal text
    window.resize(1024, 768)
    window.view_menu.change_text_size(1)
    window.view_menu.change_text_size(1)
    window.view_menu.change_text_size(1)  # 150%
    qtbot.waitUntil(lambda: interview.narrow)
    tabs = interview.side_tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["&Questions", "&Notes"]
    tabs.setCurrentIndex(1)
    assert interview.criteria["craving"].isVisible()
    window.view_menu.change_text_size(0)
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: not interview.narrow)
    assert interview.bank.isVisible() and interview.criteria["craving"].isVisible()


def test_the_conversation_is_the_widest_panel_with_a_full_width_typing_box_at_every_size(qtbot, window, qapp):
    """Opened at 1024x768 and 150% text (the tightest), then in each theme at each text size and
    screen size in turn (a theme changes the text's size and the borders): the conversation is
    wider than the question bank and the notes, and the typing box takes its whole width, its
    hint read whole (the DSM-5 tracker's short titles keep the notes narrow). One interview is
    re-styled for each theme, as the View menu does (each theme opening its own session cost a
    window and a session each; the layout walks open every screen in each theme)."""
    from simulator.ui.resources import apply_theme

    apply_theme(qapp, THEMES[0], 1.5)
    window.resize(1024, 768)
    view = _start(qtbot, window)
    view.advance()
    interview = view.view
    for theme in THEMES:
        for scale in (1.5, 1.0):
            apply_theme(qapp, theme, scale)
            for size in ((1024, 768), (1280, 800), (1920, 1080), (1024, 768)):
                window.resize(*size)
                QApplication.processEvents()
                where = f"{theme}, {size[0]}x{size[1]}, {scale:.0%} text"
                conversation, *others = interview.splitter.sizes()
                assert all(conversation > other for other in others), (where, interview.splitter.sizes())
                assert interview.input.width() >= interview.transcript.width() - 2, where
                hint = interview.input.placeholderText()
                room = interview.input.width() - 16
                assert interview.input.fontMetrics().horizontalAdvance(hint) <= room, (where, hint, room)


def _markup_shown_as_text(root) -> list[str]:
    """Labels that would show HTML tags literally (plain-text labels holding markup)."""
    import re

    from PySide6.QtWidgets import QLabel

    tag = re.compile(r"</?(b|i|br|ul|li|p|span)\b")
    return [w.text() for w in root.findChildren(QLabel)
            if w.textFormat() == Qt.TextFormat.PlainText and tag.search(w.text())]


def test_no_tool_or_label_shows_markup_as_text(qtbot, window):
    window.show_tools()
    tools = window.tools
    tools.mme.rows[0][0].setCurrentIndex(1)
    tools.mme.rows[0][1].setValue(10)
    for tool in (tools.mme, tools.cows, tools.dsm5, tools.taper):
        tool.calculate()
    assert "<b>" in tools.cows.result.text()  # its own markup, shown as bold text
    assert not _markup_shown_as_text(tools)
    assert not _markup_shown_as_text(window)


def test_every_theme_gives_the_action_buttons_icons_that_grow_with_the_text(qapp):
    from PySide6.QtWidgets import QPushButton

    from simulator.ui.resources import apply_theme

    names = ("continueButton", "startButton", "againButton", "sendButton", "resumeButton",
             "libraryButton", "reportButton", "exportButton")
    for theme in THEMES:
        for scale, px in ((1.0, 16), (1.5, 24)):
            apply_theme(qapp, theme, scale)
            for name in names:
                button = QPushButton("Action")
                button.setObjectName(name)
                button.ensurePolished()
                assert not button.icon().isNull(), (theme, name)
                assert button.iconSize().width() == px, (theme, name, scale)


def _rows_cut(view) -> list[str]:
    """Rows shorter than their text needs, wrapped at the width the theme leaves for it
    (padding 4px each side and Qt's text margin), plus 12px of vertical padding."""
    from PySide6.QtCore import QRect

    cut = []
    fm = view.fontMetrics()
    width = view.viewport().width() - 16
    for r in range(view.count()):
        item = view.item(r)
        need = fm.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, item.text()).height()
        if view.visualItemRect(item).height() < need + 12:
            cut.append(item.text())
    return cut


def test_long_lines_wrap_in_the_library_and_the_disclosed_list_at_large_text(qtbot, window, qapp):
    from simulator.engine.playthrough import load_actions
    from simulator.ui.resources import apply_theme

    ROOT = Path(__file__).resolve().parents[2]
    apply_theme(qapp, "light", 1.5)
    window.resize(1024, 768)
    qtbot.wait(20)
    assert not _rows_cut(window.library.list)
    assert window.open_path(str(ROOT / "scenarios" / "clbp-moderate-oud.yaml"))
    view = window.session_view
    actions, _ = load_actions(ROOT / "scenarios" / "playthroughs" / "clbp-moderate-oud.expert.yaml")
    for action in actions:
        if action["type"] == "advance" and view.session.phase == "interview":
            break
        assert view.apply(action)
    interview = view.view
    if interview.narrow:
        interview.side_tabs.setCurrentIndex(1)
    qtbot.wait(20)
    assert interview.disclosed.count() >= 5
    assert not _rows_cut(interview.disclosed)


def test_the_window_opens_within_the_screen(window):
    free = window.screen().availableGeometry()
    assert window.width() <= max(free.width(), window.minimumWidth())
    assert window.height() <= max(free.height(), window.minimumHeight())


def test_a_locked_choice_still_shows_which_one_was_made_in_every_theme(qtbot, qapp):
    """A confirmed follow-up response or a recorded plan is shown disabled: checked must still
    look checked (the theme's disabled background once hid the dot and the tick)."""
    from PySide6.QtWidgets import QCheckBox, QRadioButton

    from simulator.ui.resources import THEMES, apply_theme

    for theme in THEMES:
        apply_theme(qapp, theme, 1.0)
        for kind in (QRadioButton, QCheckBox):
            looks = []
            for checked in (False, True):
                box = kind("Locked")
                qtbot.addWidget(box)
                box.setChecked(checked)
                box.setEnabled(False)
                box.resize(120, 30)
                looks.append(box.grab().toImage())
            assert looks[0] != looks[1], f"{theme}: a locked {kind.__name__} looks unchecked"


def test_the_taper_rate_line_takes_no_room_until_there_is_a_rate(qtbot):
    from simulator.ui.views.plan_view import PlanView

    plan = PlanView(_session(), lambda action: True)
    qtbot.addWidget(plan)
    plan.show()
    assert not plan.taper_check.isVisible()  # no blank line between the taper and the course end
    plan.opioid.setCurrentIndex(plan.opioid.findData("taper"))
    plan.taper_percent.setValue(10)
    plan.taper_interval.setValue(28)
    assert plan.taper_check.isVisible() and "a month" in plan.taper_check.text()


def test_a_long_plan_choice_in_a_narrow_column_can_still_be_read_whole(qtbot):
    from simulator.ui.views.plan_view import PlanView

    plan = PlanView(_session(), lambda action: True)
    qtbot.addWidget(plan)
    plan.resize(700, 400)
    plan.show()
    box = plan.opioid
    box.setCurrentIndex(max(range(box.count()), key=lambda i: len(box.itemText(i))))
    assert box.fontMetrics().horizontalAdvance(box.currentText()) > box.width() - 40  # too long to show
    assert box.toolTip() == box.currentText()  # the whole choice, on hover
