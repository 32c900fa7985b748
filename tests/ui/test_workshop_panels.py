"""The case map, the inspector and the problems panel, as an instructor uses them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication

from simulator.engine.session import Session
from simulator.errors import Problem
from simulator.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
STABLE = ROOT / "scenarios" / "stable-dependence.yaml"


@pytest.fixture
def themed(qapp):
    from simulator.ui.resources import apply_theme

    apply_theme(qapp, "light")
    yield qapp
    apply_theme(qapp, "light")


def _session() -> Session:
    return Session(load_scenario(STABLE))


def test_the_map_draws_every_state_and_transition_and_follows_the_session(qtbot, themed) -> None:
    from simulator.ui.workshop.map_view import CaseMapPanel

    session = _session()
    panel = CaseMapPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 700)
    panel.show()
    panel.follow(session)
    case_map = panel.map
    assert set(case_map.nodes) == {s.name for s in session.scenario.flow.states}
    assert len(case_map.edges) == len(case_map.graph.edges)
    assert case_map.nodes["chart"].current and "Now" in case_map.nodes["chart"].badge.text()
    assert "Start" in case_map.nodes["chart"].badge.text()

    session.apply({"type": "advance"})
    for intent in ("pain.function", "opioid.regimen", "opioid.as_prescribed"):
        session.apply({"type": "ask", "intent": intent})
    session.apply({"type": "advance"})
    qtbot.waitUntil(lambda: case_map.current == "assessment", timeout=3000)
    nodes = case_map.nodes
    assert nodes["assessment"].current and not nodes["interview"].current
    assert nodes["interview"].visited and nodes["interview"].title.text().startswith("✓ ")
    assert not nodes["plan"].visited
    taken = {(e.edge.source, e.edge.dest) for e in case_map.edges if e.taken}
    assert taken == {("chart", "interview"), ("interview", "assessment")}
    thick = next(e for e in case_map.edges if e.taken).pen().widthF()
    thin = next(e for e in case_map.edges if not e.taken).pen().widthF()
    assert thick > thin

    # guards on hover, in words and as written
    edge = next(e for e in case_map.edges if (e.edge.source, e.edge.dest) == ("plan", "week4_mislabelled"))
    assert "When plan.moud is not &#x27;none&#x27;" in edge.toolTip()
    assert "As written: plan.moud != &#x27;none&#x27;" in edge.toolTip()
    fallback = next(e for e in case_map.edges if (e.edge.source, e.edge.dest) == ("plan", "week12_review"))
    assert "Otherwise" in fallback.toolTip()
    assert "Every way on from here has a condition" in nodes["interview"].toolTip()
    assert "Decision: What do you do?" in nodes["day3_withdrawal"].toolTip()


@pytest.mark.parametrize("theme", ["light", "dark", "high-contrast"])
def test_the_map_uses_the_theme_colours(qtbot, themed, theme: str) -> None:
    from simulator.ui.palette import THEME_COLOURS
    from simulator.ui.resources import apply_theme
    from simulator.ui.workshop.map_view import CaseMap

    apply_theme(themed, theme)
    session = _session()
    case_map = CaseMap(session.scenario)
    qtbot.addWidget(case_map)
    case_map.set_progress(session.data.visited, session.state.name)
    colours = THEME_COLOURS[theme]
    assert case_map.backgroundBrush().color().name() == colours["plot.background"]
    assert case_map.nodes["chart"].brush().color().name() == colours["plot.bar"]  # current
    assert case_map.nodes["plan"].brush().color().name() == colours["plot.background"]
    assert case_map.nodes["plan"].title.brush().color().name() == colours["plot.text"]


def test_a_dead_end_is_drawn_red_and_labelled(qtbot, themed) -> None:
    from simulator.scenario.models import Scenario
    from simulator.ui.palette import COLOURS
    from simulator.ui.workshop.map_view import CaseMap

    scenario = load_scenario(STABLE)
    flow = scenario.flow
    kept = [t.model_dump() for t in flow.transitions if t.dest != "debrief"]
    broken = Scenario.model_validate(
        {**scenario.model_dump(by_alias=True), "flow": {**flow.model_dump(), "transitions": kept}}
    )
    case_map = CaseMap(broken)
    qtbot.addWidget(case_map)
    item = case_map.nodes["week24_stable"]
    assert "Dead end" in item.badge.text()
    assert item.pen().color().name() == COLOURS["series.pain"]
    assert "Dead end: no transition leaves this step." in item.toolTip()


def test_the_inspector_shows_the_step_rapport_facts_and_guards_after_every_action(qtbot, themed) -> None:
    from simulator.ui.workshop.inspector import InspectorPanel

    session = _session()
    panel = InspectorPanel()
    qtbot.addWidget(panel)
    panel.follow(session)
    assert panel.values["Step/State id"] == "chart"
    assert panel.values["Step/Phase"] == "Chart"
    session.apply({"type": "advance"})
    qtbot.waitUntil(lambda: panel.values.get("Step/State id") == "interview", timeout=3000)
    assert panel.values["Ways on from here/→ assessment"] == (
        "does not hold: questions_count is at least 3"
    )
    assert panel.values["Variables the guards read/questions_count"] == "0"
    rapport = session.data.rapport
    session.apply({"type": "say", "kind": "validate_pain", "text": "Your pain is real; I want to help."})
    qtbot.waitUntil(lambda: panel.values["Step/Rapport"] != f"{rapport} / 100", timeout=3000)
    assert panel.values["Step/Rapport"] == f"{session.data.rapport} / 100"
    for intent in ("opioid.as_prescribed", "opioid.regimen", "pain.function"):
        session.apply({"type": "ask", "intent": intent})
    qtbot.waitUntil(lambda: panel.values["Variables the guards read/questions_count"] == "3", timeout=3000)
    assert panel.values["Ways on from here/→ assessment"].startswith("holds: ")
    assert session.data.revealed, "these answers disclose facts"
    for fact in session.data.revealed:
        assert panel.values[f"Disclosed facts/{fact}"] == session.scenario.interview.facts[fact].summary
    assert panel.values["Variables the guards read/plan.moud"] == "'none'"


def test_problems_open_in_the_editor_at_their_line_or_with_the_desktop(qtbot, monkeypatch, tmp_path) -> None:
    from simulator.ui.workshop.problems import ProblemsPanel, editor_command

    case = tmp_path / "case.yaml"
    case.write_text("format: 1\n", encoding="utf-8")
    error = Problem(str(case), 12, 7, "unknown state 'plann'; did you mean 'plan'?")
    warning = Problem(str(case), 3, 1, "fact 'x' is never revealed", "warning")
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    panel.set_problems([warning, error])
    assert [panel.tree.topLevelItem(i).text(0) for i in range(2)] == ["Error", "Warning"]
    assert panel.tree.topLevelItem(0).text(1) == "case.yaml:12:7"
    assert panel.summary.text() == "1 error and 1 warning."

    launched: list[tuple[str, list[str]]] = []
    opened: list[QUrl] = []
    panel.launch = lambda program, args: launched.append((program, args)) or True
    panel.open_url = lambda url: opened.append(url) or True

    for name in ("SIMULATOR_EDITOR", "VISUAL", "EDITOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VISUAL", "gvim -f")
    panel.tree.itemActivated.emit(panel.tree.topLevelItem(0), 0)  # double-click or Enter
    assert launched == [("gvim", ["-f", "+12", str(case.resolve())])]

    monkeypatch.setenv("SIMULATOR_EDITOR", "code --goto {file}:{line}:{col}")
    assert editor_command(error) == ["code", "--goto", f"{case.resolve()}:12:7"]

    monkeypatch.delenv("SIMULATOR_EDITOR")
    monkeypatch.delenv("VISUAL")
    panel.open_selected()
    assert opened == [QUrl.fromLocalFile(str(case.resolve()))]

    panel.copy_selected()
    assert QGuiApplication.clipboard().text() == f"{case.resolve()}:12:7"


def test_the_case_map_opens_beside_a_trainee_session_from_the_menu(window, qtbot) -> None:
    window.open_path(str(STABLE))
    view = window.session_view
    menu = window.menuBar().actions()[0].menu()
    case_map = next(a for a in menu.actions() if a.text() == "Case &map")
    assert [s.toString() for s in case_map.shortcuts()] == ["Ctrl+M"]
    case_map.trigger()
    panel = window.case_map_window
    qtbot.addWidget(panel)
    assert panel.isVisible() and panel.map.current == "chart"
    view.advance()
    qtbot.waitUntil(lambda: panel.map.current == "interview", timeout=3000)
    assert panel.map.nodes["chart"].visited
    window.show_library()  # leaving the session closes its map
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=3000)
    assert panel.session is None
