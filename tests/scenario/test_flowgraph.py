"""The case's flow as a graph: `graph --format dot|mermaid` and the model the app's map draws.

The DOT output is parsed with the grammar of the DOT language (graphviz.org/doc/info/lang.html)
and the Mermaid output with the flowchart syntax it uses (nodes, labelled edges, classes), both
written here with lark, so no Graphviz or Mermaid install is needed to prove they are well formed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lark import Lark, Token

from simulator.commands.cli import main
from simulator.scenario.flowgraph import flow_graph, guard_words, to_dot, to_mermaid
from simulator.scenario.loader import load_scenario, load_scenario_text

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "scenarios").glob("*.yaml"))

DOT = Lark(
    r"""
    graph: STRICT? (GRAPH | DIGRAPH) id? "{" stmt* "}"
    ?stmt: (node_stmt | edge_stmt | attr_stmt | assign | subgraph) ";"?
    assign: id "=" id
    attr_stmt: (GRAPH | NODE | EDGE) attr_list
    attr_list: ("[" a_list? "]")+
    a_list: (id "=" id (";" | ",")?)+
    edge_stmt: (node_id | subgraph) (EDGEOP (node_id | subgraph))+ attr_list?
    node_stmt: node_id attr_list?
    node_id: id (":" id)?
    subgraph: ("subgraph" id?)? "{" stmt* "}"
    id: NAME | NUMERAL | QUOTED
    STRICT: "strict"i
    GRAPH: "graph"i
    DIGRAPH: "digraph"i
    NODE: "node"i
    EDGE: "edge"i
    EDGEOP: "->" | "--"
    NAME: /[A-Za-z_\x80-\uffff][A-Za-z_0-9\x80-\uffff]*/
    NUMERAL: /-?(\.[0-9]+|[0-9]+(\.[0-9]*)?)/
    QUOTED: /"(\\.|[^"\\])*"/s
    %import common.WS
    %ignore WS
    """,
    start="graph",
    parser="lalr",
)

MERMAID = Lark(
    r"""
    start: front? "flowchart" DIRECTION _NL (stmt _NL)*
    front: "---" _NL "title:" YAMLSTR _NL "---" _NL
    ?stmt: node | edge | classdef | classes
    node: ID shape
    shape: "[" LABEL "]" -> box
         | "([" LABEL "])" -> stadium
         | "(((" LABEL ")))" -> double_circle
    edge: ID ARROW ("|" LABEL "|")? ID
    classdef: "classDef" ID STYLE
    classes: "class" ID ("," ID)* ID
    ARROW: "-->" | "-.->"
    DIRECTION: "TD" | "TB" | "LR" | "BT" | "RL"
    ID: /[A-Za-z][A-Za-z0-9_]*/
    LABEL: /"[^"\n]*"/
    YAMLSTR: /"(\\.|[^"\\\n])*"/
    STYLE: /[a-z-]+:[^\s,]+(,[a-z-]+:[^\s,]+)*/
    _NL: /\r?\n/
    %import common.WS_INLINE
    %ignore WS_INLINE
    """,
    parser="lalr",
)


def _unquote_dot(token: str) -> str:
    # in DOT only \" is an escape of the string itself; \\ and \n are Graphviz's label escapes
    body = token[1:-1]
    out, i = [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            out.append({"n": "\n", '"': '"', "\\": "\\"}.get(body[i + 1], "\\" + body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def _dot_labels(text: str) -> list[str]:
    tree = DOT.parse(text)
    labels = [
        _unquote_dot(str(a.children[1].children[0]))
        for a in tree.find_data("assign")
        if a.children[0].children[0] == "label"
    ]
    for a_list in tree.find_data("a_list"):
        ids = [c for c in a_list.children if not isinstance(c, Token)]
        for key, value in zip(ids[::2], ids[1::2], strict=True):
            if key.children[0] == "label":
                labels.append(_unquote_dot(str(value.children[0])))
    return labels


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_dot_of_every_bundled_case_is_valid_and_names_every_state_and_transition(path: Path) -> None:
    scenario = load_scenario(path)
    text = to_dot(flow_graph(scenario))
    tree = DOT.parse(text)
    edges = list(tree.find_data("edge_stmt"))
    expected = sum(
        len(t.source) if isinstance(t.source, list) else 1 for t in scenario.flow.transitions
    )
    assert len(edges) == expected
    labels = _dot_labels(text)
    for state in scenario.flow.states:
        assert any(state.name in lab for lab in labels), state.name
    assert 'xlabel="start"' in text.split(f'"{scenario.flow.initial}" [', 1)[1].split("\n", 1)[0]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_mermaid_of_every_bundled_case_is_valid_flowchart_syntax(path: Path) -> None:
    scenario = load_scenario(path)
    text = to_mermaid(flow_graph(scenario))
    tree = MERMAID.parse(text)
    nodes = list(tree.find_data("node"))
    assert len(nodes) == len(scenario.flow.states)
    assert len(list(tree.find_data("stadium"))) == 1  # the start
    debriefs = [s for s in scenario.flow.states if s.phase == "debrief"]
    assert len(list(tree.find_data("double_circle"))) == len(debriefs)
    start = scenario.state(scenario.flow.initial)
    assert f"Start: {start.title or start.name}" in text


def test_guards_read_as_words_and_fallbacks_as_otherwise() -> None:
    graph = flow_graph(load_scenario(ROOT / "scenarios" / "stable-dependence.yaml"))
    from_plan = {e.dest: e for e in graph.outgoing("plan")}
    assert from_plan["week4_mislabelled"].label == "if plan.moud is not 'none'"
    assert from_plan["week12_review"].label == "otherwise"  # the last, unguarded way on
    assert from_plan["week12_review"].guard is None
    to_review = [e for e in graph.edges if e.source == "day3_withdrawal" and e.dest == "week12_review"]
    assert to_review[0].label == "if chose restart_and_discuss at day3_withdrawal"
    assert guard_words("course.pain <= 4.5 and not course.using") == (
        "course.pain is at most 4.5 and not course.using"
    )
    assert guard_words("'first_review' in visited and 'ecg' in results") == (
        "visited first_review and the ecg result is back"
    )
    assert graph.node("interview").guarded_only  # at least three questions first
    assert not any(n.dead_end for n in graph.nodes)
    layers = graph.layers()
    assert layers["chart"] == 0 and layers["debrief"] == max(layers.values())
    assert layers["week24_stable"] > layers["week12_review"] > layers["plan"]


def _awkward_case() -> str:
    """The bundled case with text that DOT and Mermaid must escape, and a dead end (no braces:
    in a case with variants they name placeholders)."""
    text = (ROOT / "scenarios" / "clbp-moderate-oud.yaml").read_text(encoding="utf-8")
    title = 'title: "Say \\"no\\" to a <b>higher</b> dose | #1 \\\\ C:\\\\path"'
    lines = text.splitlines()
    first_title = next(i for i, ln in enumerate(lines) if ln.startswith("title:"))
    lines[first_title] = title
    text = "\n".join(lines) + "\n"
    return text.replace("{name: chart, phase: chart, title: Chart review}",
                        '{name: chart, phase: chart, title: "Chart \\"review\\" (x) -> [y]"}')


def test_text_with_quotes_brackets_and_backslashes_is_escaped_in_both_formats() -> None:
    scenario = load_scenario_text(_awkward_case(), "awkward.yaml")
    graph = flow_graph(scenario)
    dot = to_dot(graph)
    labels = _dot_labels(dot)
    assert 'Say "no" to a <b>higher</b> dose | #1 \\ C:\\path' in labels
    assert any(lab.startswith('Chart "review" (x) -> [y]') for lab in labels)
    mermaid = to_mermaid(graph)
    MERMAID.parse(mermaid)
    assert "#34;review#34;" in mermaid and "<b>" not in mermaid.split("flowchart TD")[1]


def test_a_dead_end_is_marked_in_both_formats() -> None:
    from simulator.scenario.models import Scenario

    scenario = load_scenario(ROOT / "scenarios" / "stable-dependence.yaml")
    flow = scenario.flow
    # a copy whose review step leads nowhere (the loader refuses it; the graph must still say so)
    kept = [t for t in flow.transitions if not (isinstance(t.source, list) and "week24_stable" in t.source)]
    broken = Scenario.model_validate(
        {**scenario.model_dump(by_alias=True), "flow": {**flow.model_dump(), "transitions":
                                                        [t.model_dump() for t in kept]}}
    )
    graph = flow_graph(broken)
    assert [n.name for n in graph.nodes if n.dead_end] == ["week24_stable", "week24_struggling"]
    dot = to_dot(graph)
    DOT.parse(dot)
    assert dot.count('xlabel="dead end"') == 2
    mermaid = to_mermaid(graph)
    MERMAID.parse(mermaid)
    assert "class s8,s9 deadend" in mermaid and mermaid.count("dead end") == 2


def test_graph_command_prints_dot_or_mermaid_and_reports_errors_with_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = ROOT / "scenarios" / "clbp-moderate-oud.yaml"
    assert main(["graph", str(case)]) == 0
    DOT.parse(capsys.readouterr().out)
    out = tmp_path / "case.mmd"
    assert main(["graph", str(case), "--format", "mermaid", "-o", str(out)]) == 0
    MERMAID.parse(out.read_text(encoding="utf-8"))
    broken = tmp_path / "broken.yaml"
    broken.write_text(case.read_text(encoding="utf-8").replace("dest: week8_stable", "dest: week8_stabel"),
                      encoding="utf-8")
    assert main(["graph", str(broken), "-f", "mermaid"]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:" in err and "error: unknown state 'week8_stabel'; did you mean 'week8_stable'?" in err


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("text", ["clbp", "awkward"])
def test_graphviz_draws_the_dot_without_a_complaint(text: str, tmp_path: Path) -> None:
    source = (ROOT / "scenarios" / "clbp-moderate-oud.yaml").read_text(encoding="utf-8")
    scenario = load_scenario_text(_awkward_case() if text == "awkward" else source, "case.yaml")
    done = subprocess.run(
        ["dot", "-Tsvg"], input=to_dot(flow_graph(scenario)), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.count('class="node"') == len(scenario.flow.states)
