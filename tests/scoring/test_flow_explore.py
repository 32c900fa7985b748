"""explore plays each distinct state once: the work grows with states, the path count with choices."""

from __future__ import annotations

from pathlib import Path

from simulator.engine.playthrough import load_actions
from simulator.scenario.loader import load_scenario, load_scenario_text
from simulator.scoring.flow_explore import FlowReport, StateWalker, explore_flow

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "scenarios" / "clbp-moderate-oud.yaml"
EXPERT = ROOT / "scenarios" / "playthroughs" / "clbp-moderate-oud.expert.yaml"


def chain_of_visits(n: int, blocked_at: int | None = None) -> str:
    """The bundled case with its follow-up replaced by ``n`` visits of three choices each."""
    text = BASE.read_text(encoding="utf-8")
    head = text[: text.index("flow:\n")]
    tail = (
        text[text.index("rubric:\n") : text.index("  # course\n")]
        + text[text.index("debrief:\n  expert_path") :]
    )
    states = [f"    - {{name: {p}, phase: {p}}}" for p in ("chart", "interview", "assessment", "plan")]
    moves = [
        "    - {source: chart, dest: interview}",
        "    - {source: interview, dest: assessment}",
        "    - {source: assessment, dest: plan}",
        "    - {source: plan, dest: v0}",
    ]
    for i in range(n):
        states.append(
            f"    - {{name: v{i}, phase: visit, week: {i + 1}, narrative: 'Visit {i}.', decision: "
            "{prompt: 'What now?', choices: [{id: a, text: A}, {id: b, text: B}, {id: c, text: C}]}}"
        )
        dest = f"v{i + 1}" if i + 1 < n else "debrief"
        guard = f", when: \"'v{i}.a' in decisions\", blocked: Only A moves on." if i == blocked_at else ""
        moves.append(f"    - {{source: v{i}, dest: {dest}{guard}}}")
    states.append("    - {name: debrief, phase: debrief}")
    return (
        head
        + "flow:\n  initial: chart\n  states:\n"
        + "\n".join(states)
        + "\n  transitions:\n"
        + "\n".join(moves)
        + "\n"
        + tail
    )


def _walk(n: int, blocked_at: int | None = None) -> FlowReport:
    scenario = load_scenario_text(chain_of_visits(n, blocked_at), "chain.yaml")
    log = load_actions(EXPERT)[0]
    prefix = [dict(a) for a in log[: next(i for i, a in enumerate(log) if a["type"] == "plan") + 1]]
    report = FlowReport(scenario.id, [s.name for s in scenario.flow.states])
    walker = StateWalker(scenario, report)
    report.paths = walker.paths_from(prefix)
    report.signatures = len(walker.seen)
    return report


def test_paths_multiply_but_the_states_played_grow_linearly():
    small, large = _walk(3), _walk(9)
    assert (small.paths, large.paths) == (3**3, 3**9)
    assert large.signatures - small.signatures == 2 * (9 - 3)  # each visit: before and after the choice
    assert len(large.scores) == 1 and not large.dead_ends  # the choices here change nothing scored


def test_a_choice_that_cannot_move_on_is_a_dead_end_with_the_reason():
    report = _walk(3, blocked_at=1)
    assert report.dead_ends == {"v1": "Only A moves on."}
    assert report.paths == 3 * (3 + 1 + 1)  # at v1, b and c stop there; a goes on through v2


def test_the_bundled_case_reports_every_step_and_the_score_range():
    scenario = load_scenario(BASE)
    report = explore_flow(scenario, [load_actions(EXPERT)[0]])
    data = report.to_json([item.id for item in scenario.rubric])
    assert data["distinct_states"] <= 2 * data["paths"] + len(data["reachable"]) * 4
    assert data["full_marks_reached"] and data["max_score"] == 118
    assert data["dead_ends"] == []
