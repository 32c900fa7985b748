"""The check before the chart and after the debrief, as a trainee meets it (issue 26)."""

from __future__ import annotations

from fixtures.scenario_text import EXPERT, SCENARIO
from PySide6.QtCore import Qt

from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.scenario.loader import load_scenario
from simulator.ui.check_settings import set_check_mode
from simulator.ui.views.chart_view import ChartView
from simulator.ui.views.check_view import CheckView
from simulator.ui.views.debrief_view import DebriefView


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(view: CheckView, right: bool) -> None:
    """Tick the right options (or, for a single best answer, a wrong one when ``right`` is False)."""
    options = view.item.options
    if view.item.kind == "single":
        n = next(i for i, o in enumerate(options) if o.correct == right)
        view.buttons[n].setChecked(True)
    else:
        for button, option in zip(view.buttons, options, strict=True):
            button.setChecked(option.correct == right)


def test_the_check_is_offered_before_the_chart_and_skipping_goes_to_the_chart(qtbot, window):
    set_check_mode("offer")
    click(qtbot, window.library.start_button)
    view = window.session_view
    check = view.view
    assert isinstance(check, CheckView)
    assert check.progress.text().startswith("Question 1 of ")
    assert not view.continue_button.isVisible()  # the check has its own way on
    # one answer is required for a single-best-answer item
    click(qtbot, check.submit_button)
    assert "Choose one answer" in check.message.text()
    choose(check, right=False)
    click(qtbot, check.submit_button)
    assert check.progress.text().startswith("Question 2 of ")
    qtbot.keyClick(check, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # Alt+K: skip the check
    qtbot.waitUntil(lambda: isinstance(window.session_view.view, ChartView), timeout=2000)
    assert view.continue_button.isVisible()
    types = [a["type"] for a in view.session.actions]
    assert types == ["check", "check"] and view.session.actions[1]["skip"] is True
    stored = window.store.session(view.controller.session_id)
    assert stored.action_count == 2  # each answer is saved before the view moves on


def test_a_programme_can_require_the_check(qtbot, window):
    set_check_mode("require")
    click(qtbot, window.library.start_button)
    check = window.session_view.view
    assert isinstance(check, CheckView) and not check.skip_button.isVisibleTo(check)


def test_after_the_debrief_the_same_items_come_back_and_the_gain_is_shown(qtbot):
    scenario = load_scenario(SCENARIO)
    expert = load_actions(EXPERT)[0]
    first = scenario.check[0]
    wrong = next(i for i, o in enumerate(first.options) if not o.correct)
    session = Session.replay(
        scenario, [{"type": "check", "stage": "before", "item": first.id, "answer": [wrong]},
                   {"type": "check", "stage": "before", "skip": True}, *expert])

    def apply(action) -> bool:
        session.apply(action)
        return True

    debrief = DebriefView(session, apply=apply)
    qtbot.addWidget(debrief)
    debrief.tabs.setCurrentWidget(debrief.check_tab)
    check = debrief.check_view
    assert check is not None and not debrief.gain.isVisibleTo(debrief)
    for _ in scenario.check:
        choose(check, right=True)
        click(qtbot, check.submit_button)
    assert debrief.gain.isVisibleTo(debrief)
    text = debrief.gain.toPlainText()
    assert "Before the case: 0 of 1 answered right. After the debrief: " in text
    assert "(learned)" in text and "By guidance point" in text
    assert first.options[wrong].why in text  # the explanation of each option
    assert debrief.debrief.score == DebriefView(Session.replay(scenario, expert)).debrief.score


def test_the_library_suggests_what_to_practise_next_from_what_was_missed(qtbot, window):
    from fixtures.scenario_text import POOR

    from simulator.control.controller import SessionController
    from simulator.control.dialogs import ScriptedDialogs

    library = window.library
    assert not library.suggestion.isVisibleTo(library)  # nothing played, nothing to suggest
    scenario = load_scenario(SCENARIO)
    ctl = SessionController.start(scenario, str(SCENARIO), window.store, ScriptedDialogs(), seed=0)
    for action in load_actions(POOR)[0]:
        assert ctl.apply(action).accepted
    ctl.close()
    window.show_library()
    assert library.suggestion.isVisibleTo(library)
    text = library.suggestion.text()
    assert text.startswith("Suggested next: ") and "You missed “" in text
    click(qtbot, library.suggest_button)
    view = window.session_view
    assert view is not None and view.session.seed not in (None, 0)  # a patient not met before


def test_progress_and_cohort_show_the_check_before_and_after(qtbot, window):
    from simulator.control.controller import SessionController
    from simulator.control.dialogs import ScriptedDialogs
    from simulator.control.results import stored_records
    from simulator.records.cohort import Cohort
    from simulator.ui.views.cohort_view import CohortView
    from simulator.ui.views.progress_view import ProgressView

    scenario = load_scenario(SCENARIO)
    first = scenario.check[0]
    wrong = next(i for i, o in enumerate(first.options) if not o.correct)
    good = next(i for i, o in enumerate(first.options) if o.correct)
    ctl = SessionController.start(scenario, str(SCENARIO), window.store, ScriptedDialogs(), seed=0)
    actions = [{"type": "check", "stage": "before", "item": first.id, "answer": [wrong]},
               {"type": "check", "stage": "before", "skip": True}, *load_actions(EXPERT)[0],
               {"type": "check", "stage": "after", "item": first.id, "answer": [good]}]
    for action in actions:
        assert ctl.apply(action).accepted
    ctl.close()
    progress = ProgressView(window.store)
    qtbot.addWidget(progress)
    progress.load("")
    headers = [progress.table.horizontalHeaderItem(c).text() for c in range(progress.table.columnCount())]
    column = headers.index("Check before → after")
    assert progress.table.item(0, column).text() == "0 / 1 → 1 / 1"
    assert any("right before 0 of 1, after 1 of 1 (+1)" in line for line in progress.gain_lines)
    cohort = CohortView()
    qtbot.addWidget(cohort)
    cohort.add(Cohort(stored_records(window.store)[0], []))
    assert [r.key for r in cohort.gain_chart.rows] == list(first.guidance)
    assert "Nothing stays missed" in cohort.gain_chart.caption.text()


def test_a_session_left_mid_check_resumes_at_the_next_question(qtbot, window):
    set_check_mode("offer")
    click(qtbot, window.library.start_button)
    view = window.session_view
    check = view.view
    choose(check, right=True)
    click(qtbot, check.submit_button)
    session_id = view.controller.session_id
    window.show_library()  # the trainee leaves; the answer is saved
    window.resume(session_id)
    resumed = window.session_view.view
    assert isinstance(resumed, CheckView)
    assert resumed.progress.text().startswith("Question 2 of ")


def test_the_keyboard_starts_on_the_first_option_and_tabs_as_the_page_reads(qtbot, window):
    """Opened, the check has the focus on its first option; Tab then goes down the options to
    Submit and Skip (the options, rebuilt for each question, once came after Skip). A set of
    single-answer options is one stop, its arrows move between them, as everywhere in Qt."""
    from PySide6.QtWidgets import QApplication

    set_check_mode("offer")
    window.resize(1024, 768)
    click(qtbot, window.library.start_button)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    check = window.session_view.view
    assert isinstance(check, CheckView)
    for question in range(2):
        options = [b.button for b in check.buttons]
        first = options[0]
        qtbot.waitUntil(lambda: QApplication.focusWidget() is first)  # noqa: B023 (waited for at once)
        single = check.item.kind == "single"
        stops = [*(options[:1] if single else options), check.submit_button, check.skip_button]
        trail = [QApplication.focusWidget()]
        for _ in stops[1:]:
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            trail.append(QApplication.focusWidget())
        assert trail == stops, question
        choose(check, right=True)
        click(qtbot, check.submit_button)
