"""The course chart and the what-if panel, as a trainee sees them."""

from __future__ import annotations

import pytest
from fixtures.scenario_text import POOR, SCENARIO
from PySide6.QtCore import Qt

from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.scenario.loader import load_scenario
from simulator.scoring.whatif import expert_plan
from simulator.ui.views.debrief_view import DebriefView
from simulator.ui.widgets.course_chart import CourseChart


def poor_session() -> Session:
    return Session.replay(load_scenario(SCENARIO), load_actions(POOR)[0])


def test_the_course_chart_shows_each_measure_on_its_own_scale_with_the_visits(qtbot):
    session = poor_session()
    chart = CourseChart(session.visits.points(), session.visits.marks(), "Your patient's course")
    qtbot.addWidget(chart)
    chart.resize(900, 420)
    chart.show()
    qtbot.waitExposed(chart)
    image = chart.grab().toImage()
    assert not image.isNull() and image.width() >= 520
    summary = chart.accessibleDescription()
    assert summary.startswith("day 0: opioid 60 MME, pain 8")
    assert "day 2:" in summary  # the withdrawal visit is marked
    assert [kind for _, kind in chart.marks][-1] == "missed visit"  # discharged: no week-8 visit
    assert max(p["cows"] for p in chart.points) > 10  # COWS plotted on 0-48, not scaled to 0-10


def test_a_what_if_replay_from_the_debrief(qtbot):
    session = poor_session()
    view = DebriefView(session, scenario_path=str(SCENARIO))
    qtbot.addWidget(view)
    view.show()
    view.tabs.setCurrentWidget(view.whatif)
    panel = view.whatif
    own = view.debrief
    assert panel.own_label.text() == f"Your session: {own.score} / {own.max_score}"
    assert not panel.new_chart.isVisible()  # no empty chart before a replay
    index = next(i for i in range(panel.what.count()) if panel.what.itemText(i).startswith("Decision:"))
    panel.what.setCurrentIndex(index)
    assert panel.current.text().startswith("You chose: Discharge him")
    panel.to.setCurrentIndex(panel.to.findData("offer_moud"))
    qtbot.mouseClick(panel.replay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.result is not None)
    assert panel.new_label.text().startswith("What if: ")
    assert panel.result.score >= own.score
    assert len(panel.result.critical_titles) < len(own.critical_items())  # kept in care
    assert "Start buprenorphine" in panel.details.text() or "start buprenorphine" in panel.details.text()
    assert "tx." not in panel.details.text()  # the trainee reads titles, not ids
    assert panel.new_chart.points and panel.new_chart.points != panel.own_chart.points
    assert panel.new_chart.isVisible()
    assert session.data.decisions == {"week1_withdrawal": "discharge"}  # the recorded session is unchanged


def test_the_expert_plan_is_one_click(qtbot):
    view = DebriefView(poor_session(), scenario_path=str(SCENARIO))
    qtbot.addWidget(view)
    assert expert_plan(SCENARIO) is not None and view.whatif.expert_button.isEnabled()
    qtbot.mouseClick(view.whatif.expert_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.whatif.result is not None)
    assert view.whatif.result.score > view.debrief.score and "expert" in view.whatif.new_chart.title
    assert "buprenorphine" in view.whatif.new_chart.accessibleDescription()  # time on MOUD is shown


def test_a_change_that_cannot_apply_is_explained_not_a_crash(qtbot):
    view = DebriefView(poor_session(), scenario_path=str(SCENARIO))
    qtbot.addWidget(view)
    panel = view.whatif
    panel.control.expert_plan = {"type": "plan", "opioid": "taper"}  # a taper with no step size cannot apply
    qtbot.mouseClick(panel.expert_button, Qt.MouseButton.LeftButton)
    assert panel.new_label.text() == "What if: this change cannot be replayed."
    assert "step size" in panel.details.text()


def test_a_visit_shows_the_models_measures_and_the_medication_for_oud(qtbot):
    from fixtures.scenario_text import EXPERT

    from simulator.ui.views.visit_view import VisitView

    actions = load_actions(EXPERT)[0]
    session = Session.replay(
        load_scenario(SCENARIO), actions[: actions.index({"type": "decide", "choice": "adjust_dose"})]
    )
    view = VisitView(session, session.state, lambda action: True)
    qtbot.addWidget(view)
    from PySide6.QtWidgets import QTableWidget

    (measures,) = view.findChildren(QTableWidget)
    def words(text: str) -> str:
        return text.replace("\n", " ")

    cells = {words(measures.horizontalHeaderItem(c).text()): words(measures.item(0, c).text())
             for c in range(measures.columnCount())}
    assert cells["Medication for OUD"] == "Buprenorphine 16 mg/day" and cells["Opioid (MME/day)"] == "0"
    assert float(cells["Pain (0-10)"]) < 8  # the model's pain a week into treatment, not a scripted number
    assert session.visits.title(session.state) == "Week 1 - Follow-up on buprenorphine"
    assert session.visits.measures_now()["moud"] == "Buprenorphine 16 mg/day"
    assert view.chart.spans == [(1, 7, "buprenorphine")]


def test_the_course_chart_reads_the_day_under_the_mouse_and_keeps_its_legends_off_the_plots(qtbot):
    from PySide6.QtCore import QPointF

    session = poor_session()
    chart = CourseChart(session.visits.points(), session.visits.marks(), "Your patient's course")
    qtbot.addWidget(chart)
    chart.resize(900, 420)
    chart.show()
    qtbot.waitExposed(chart)
    pain = chart.plots[-1]
    chart._hover((pain.vb.mapViewToScene(QPointF(2, 5)),))
    assert chart.readout.text().startswith("Day 2: ") and "COWS" in chart.readout.text()
    for plot, legend in zip(chart.plots, chart.legends, strict=True):
        assert not legend.sceneBoundingRect().intersects(plot.vb.sceneBoundingRect())
    lines = [item for item in pain.items if type(item).__name__ == "InfiniteLine"]
    assert len(lines) == len(chart.marks)  # every visit drawn across the panel


def test_the_course_chart_draws_drowsiness_when_an_added_opioid_makes_the_patient_drowsy(qtbot):
    """A high-dose short course on top of buprenorphine: the 0-10 panel carries a drowsiness line,
    the day under the mouse reads it; a course with no drowsiness draws no such line."""
    from PySide6.QtCore import QPointF

    scenario = load_scenario(SCENARIO.parent / "surgery-on-buprenorphine.yaml")
    actions = load_actions(SCENARIO.parent / "playthroughs" / "surgery-on-buprenorphine.expert.yaml")[0]
    cut = next(i for i, a in enumerate(actions) if a["type"] == "plan")
    high = {**actions[cut], "opioid": "short_course", "end_date_days": 5, "short_course_tablets": 80}
    session = Session.replay(scenario, [*actions[:cut], high, {"type": "advance"}])
    points = session.visits.points(upto=7)
    chart = CourseChart(points, session.visits.marks(upto=7), "Your patient's course")
    qtbot.addWidget(chart)
    chart.resize(900, 420)
    chart.show()
    qtbot.waitExposed(chart)
    ten = chart.plots[-1]
    names = [label.text for _, label in chart.legends[-1].items]
    assert "Drowsiness" in names
    drowsy = max(points, key=lambda p: p["sedation"])
    assert drowsy["sedation"] >= 3  # drowsy at that dose
    chart._hover((ten.vb.mapViewToScene(QPointF(drowsy["day"], 5)),))
    assert f"drowsiness {drowsy['sedation']:g}" in chart.readout.text()
    plain = CourseChart(poor_session().visits.points(), (), "Without an added opioid")
    qtbot.addWidget(plain)
    plain.ensure_drawn()
    assert "Drowsiness" not in [label.text for _, label in plain.legends[-1].items]


def test_charts_open_no_stray_windows_and_take_their_menus_with_them(qtbot, qapp):
    """pyqtgraph builds an options menu for every plot even with menus off; none of it may be a
    window of its own (a stray top-level) or outlive the chart (a leak per visit and replay)."""
    import shiboken6
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QMenu

    from simulator.ui.widgets.gain_chart import GainChart

    before = {id(w) for w in qapp.topLevelWidgets()}
    held = qapp.topLevelWidgets()
    chart = CourseChart(poor_session().visits.points(), [], "Your patient's course")
    chart.resize(900, 420)
    chart.show()
    qtbot.waitExposed(chart)
    gain = GainChart()
    gain.show()
    qtbot.waitExposed(gain)
    new = [w for w in qapp.topLevelWidgets() if id(w) not in before]
    assert sorted(type(w).__name__ for w in new) == ["CourseChart", "GainChart"], new
    menus = chart.findChildren(QMenu) + gain.findChildren(QMenu)
    assert len(menus) >= 2 * 4 and not any(m.isVisible() or m.isWindow() for m in menus)
    for widget in (chart, gain):
        widget.deleteLater()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not any(shiboken6.isValid(m) for m in menus)
    del held


def test_the_wheel_over_a_chart_scrolls_the_page_it_is_on(qtbot, qapp):
    """A chart is looked at, not zoomed: a wheel turn over it moves the visit's page on, as
    anywhere else on the page (the chart took the turn and the page stood still)."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

    page = QScrollArea()
    qtbot.addWidget(page)
    inner = QWidget()
    column = QVBoxLayout(inner)
    column.addWidget(QLabel("Above the chart"))
    chart = CourseChart(poor_session().visits.points(), [], "Your patient's course")
    column.addWidget(chart)
    column.addSpacing(900)
    page.setWidget(inner)
    page.setWidgetResizable(True)
    page.resize(800, 400)
    page.show()
    qtbot.waitExposed(page)
    target = chart.view.viewport()
    where = QPointF(target.width() / 2, target.height() / 2)
    bar = page.verticalScrollBar()
    for _ in range(3):
        turn = QWheelEvent(where, QPointF(target.mapToGlobal(where.toPoint())), QPoint(), QPoint(0, -120),
                           Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                           Qt.ScrollPhase.NoScrollPhase, False)
        qapp.sendEvent(target, turn)
    assert bar.value() >= 3 * bar.singleStep()  # three notches' worth, as over the rest of the page


def test_the_course_tab_outlives_a_garbage_collection(qtbot, window):
    """The debrief keeps its Course tab whenever Python collects garbage (the page was once
    collected, and the tab with it, so it was there or not depending on when collection ran: in
    five of the six layout walks, and in a trainee's first session)."""
    import gc

    from fixtures.played import resumed_before_last

    view = resumed_before_last(window, SCENARIO, POOR)  # the debrief reached through the app
    debrief = view.view
    assert isinstance(debrief, DebriefView)
    gc.collect()
    titles = [debrief.tabs.tabText(i).replace("&", "") for i in range(debrief.tabs.count())]
    assert titles[:3] == ["Feedback", "Course", "What if"], titles
    assert debrief.tabs.widget(1).isAncestorOf(debrief.course_chart)


def test_a_tab_chosen_by_key_comes_into_view_as_one_clicked_does(qtbot):
    """At 1024x768 the tabs start below the score; Alt+W (What if) scrolls them up into view,
    as clicking the tab does, rather than leaving its page a strip at the bottom."""
    view = DebriefView(poor_session(), scenario_path=str(SCENARIO))
    qtbot.addWidget(view)
    view.resize(1000, 650)
    view.show()
    qtbot.waitExposed(view)
    from PySide6.QtWidgets import QApplication

    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    bar = view.page.verticalScrollBar()
    assert bar.value() == 0 and bar.maximum() > 0  # opened at the score
    qtbot.keyClick(QApplication.focusWidget() or view, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    assert view.tabs.currentWidget() is view.whatif
    assert bar.value() == min(bar.maximum(), view.tabs.y())


def test_a_chart_s_words_grow_with_the_text_size(qtbot, qapp):
    """At 150% text the chart's ticks, axis titles and legends are 150% too (they stayed 9 pt),
    with the axes and legends widened to hold them."""
    from simulator.ui.resources import apply_theme

    sizes = {}
    for scale in (1.0, 1.5):
        apply_theme(qapp, "light", scale)
        chart = CourseChart(poor_session().visits.points(), [], "Your patient's course")
        qtbot.addWidget(chart)
        chart.ensure_drawn()
        axis = chart.plots[0].getAxis("left")
        legend_size = chart.legends[0].opts["labelTextSize"]
        sizes[scale] = (axis.style["tickFont"].pointSizeF(), axis.label.font().pointSizeF(),
                        float(legend_size.removesuffix("pt")), axis.fixedWidth)
    for small, large in zip(sizes[1.0], sizes[1.5], strict=True):
        assert large == pytest.approx(1.5 * small, rel=0.05), sizes


def test_the_words_inside_a_chart_grow_with_the_text_size_too(qtbot, qapp):
    """The shaded span's name ("buprenorphine") and the COWS bands' names sit inside the plots;
    at 150% text they are 150% too, as the axes are (the span's name stayed 9 pt)."""
    from pathlib import Path

    from simulator.ui.resources import apply_theme

    root = Path(__file__).resolve().parents[2]
    session = Session.replay(load_scenario(root / "scenarios" / "clbp-moderate-oud.yaml"),
                             load_actions(root / "scenarios" / "playthroughs" /
                                          "clbp-moderate-oud.expert.yaml")[0])
    spans = session.visits.moud_spans()
    assert [name for _, _, name in spans] == ["buprenorphine"]
    sizes = {}
    try:
        for scale in (1.0, 1.5):
            apply_theme(qapp, "light", scale)
            chart = CourseChart(session.visits.points(), session.visits.marks(), "Course", spans=spans)
            qtbot.addWidget(chart)
            chart.ensure_drawn()
            (span,) = chart.span_labels
            bands = [item.label for item in chart.plots[1].items if getattr(item, "label", None)]
            axis = chart.plots[0].getAxis("left").style["tickFont"].pointSizeF()
            sizes[scale] = (span.textItem.font().pointSizeF(), bands[0].textItem.font().pointSizeF(), axis)
    finally:
        apply_theme(qapp, "light", 1.0)
    assert sizes[1.5][0] == sizes[1.5][2] == pytest.approx(1.5 * sizes[1.0][0]), sizes
    assert sizes[1.5][1] == pytest.approx(1.5 * sizes[1.0][1]), sizes


def test_at_150_percent_text_what_if_stacks_its_two_charts(qtbot, qapp):
    """Side by side at 150% text each chart's plot would be a sliver beside its legend: the
    trainee's course and the replay stack instead (and stand side by side at 100%)."""
    from simulator.ui.resources import apply_theme

    per_row = {}
    for scale in (1.0, 1.5):
        apply_theme(qapp, "light", scale)
        view = DebriefView(poor_session(), scenario_path=str(SCENARIO))
        qtbot.addWidget(view)
        view.resize(1000, 700)
        view.show()
        view.tabs.setCurrentWidget(view.whatif)
        qtbot.mouseClick(view.whatif.expert_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda v=view: v.whatif.result is not None)
        for _ in range(3):
            qapp.processEvents()
        own, new = view.whatif.own_chart, view.whatif.new_chart
        per_row[scale] = 2 if own.mapToGlobal(own.rect().topLeft()).y() == \
            new.mapToGlobal(new.rect().topLeft()).y() else 1
    assert per_row == {1.0: 2, 1.5: 1}


@pytest.mark.parametrize("theme", ["light", "high-contrast"])
def test_the_measures_today_are_read_whole_at_150_percent_text_on_a_small_screen(qtbot, qapp, theme):
    """Each heading and each value of the visit's measures fits its column on the page a
    1024x768 screen gives at 150% text: "Medication for OUD" and "Buprenorphine 16 mg/day" are
    not cut to "Medication fo" and "Buprenorphi…"."""
    from fixtures.scenario_text import EXPERT
    from PySide6.QtWidgets import QStyle, QTableWidget

    from simulator.ui.resources import apply_theme
    from simulator.ui.views.visit_view import VisitView

    actions = load_actions(EXPERT)[0]
    session = Session.replay(
        load_scenario(SCENARIO), actions[: actions.index({"type": "decide", "choice": "adjust_dose"})]
    )
    apply_theme(qapp, theme, 1.5)
    view = VisitView(session, session.state, lambda action: True)
    qtbot.addWidget(view)
    view.resize(790, 700)  # the page beside the patient card at 1024x768
    view.show()
    qtbot.waitExposed(view)
    (measures,) = view.findChildren(QTableWidget)
    metrics = measures.fontMetrics()
    bold = measures.horizontalHeader().fontMetrics()
    margin = measures.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1  # Qt's text margin
    for c in range(measures.columnCount()):
        room = measures.columnWidth(c) - 2 * margin
        heading = measures.horizontalHeaderItem(c).text()
        for line in heading.split("\n"):
            assert bold.horizontalAdvance(line) <= room, f"{line!r} cut in a column of {room} px"
        for line in measures.item(0, c).text().split("\n"):
            assert metrics.horizontalAdvance(line) <= room, f"{line!r} cut in a column of {room} px"
