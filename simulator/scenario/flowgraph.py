"""A scenario's flow as a graph: its states, its transitions and their guards in words.

Read from the :class:`~simulator.scenario.models.Scenario` alone (no session, no guard is
evaluated), so the same graph feeds ``python -m simulator graph`` (DOT or Mermaid text) and the
case map in the app. Transitions keep the file's order: from a state, the first transition whose
guard holds is the one taken, so an unguarded transition after guarded ones reads "otherwise".
"""

from __future__ import annotations

import re
import textwrap
from collections import deque
from dataclasses import dataclass

from simulator.scenario import vocabulary as vocab
from simulator.scenario.models import Scenario


@dataclass(frozen=True)
class Node:
    """One state of the flow."""

    name: str
    phase: str
    title: str
    initial: bool = False
    dead_end: bool = False
    """No transition leaves it and it is not the debrief: a session that gets here stops."""
    guarded_only: bool = False
    """Every way on has a condition: the session waits here until one holds."""
    decision: str = ""
    """The decision prompt at this step, if any."""

    @property
    def phase_label(self) -> str:
        return vocab.label(vocab.PHASES, self.phase)

    @property
    def label(self) -> str:
        """The title, or the state's name when it has none."""
        return self.title or self.name

    @property
    def caption(self) -> str:
        """The second line the map and the graph show: the phase and the state's name."""
        return f"{self.phase_label} · {self.name}"


@dataclass(frozen=True)
class Edge:
    """One transition from one source state (a transition with several sources is several edges)."""

    source: str
    dest: str
    trigger: str
    guard: str | None
    """The guard expression as written in the file, or None."""
    guard_text: str
    """The guard in words ("otherwise" for a fallback, "" when it is the only way on)."""
    blocked: str = ""
    index: int = 0
    """The transition's position in ``flow.transitions`` (0-based)."""

    @property
    def label(self) -> str:
        """The trigger (when it is not the ordinary Continue) and the guard text."""
        parts = [] if self.trigger == "advance" else [self.trigger]
        if self.guard_text:
            parts.append(self.guard_text if self.guard_text == "otherwise" else f"if {self.guard_text}")
        return ": ".join(parts)


@dataclass(frozen=True)
class FlowGraph:
    scenario_id: str
    title: str
    initial: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def node(self, name: str) -> Node:
        for n in self.nodes:
            if n.name == name:
                return n
        raise KeyError(name)

    def outgoing(self, name: str) -> list[Edge]:
        return [e for e in self.edges if e.source == name]

    def layers(self) -> dict[str, int]:
        """A layer for each state: its distance in steps from the start along forward edges
        (breadth first; states the start cannot reach go one layer below the deepest)."""
        layer = {self.initial: 0}
        queue = deque([self.initial])
        while queue:
            here = queue.popleft()
            for e in self.outgoing(here):
                if e.dest not in layer:
                    layer[e.dest] = layer[here] + 1
                    queue.append(e.dest)
        # a state that every path reaches late (e.g. the debrief) goes below all its sources
        for _ in range(len(self.nodes)):
            moved = False
            for e in self.edges:
                if e.source in layer and e.dest in layer and layer[e.dest] <= layer[e.source]:
                    if _reaches(self, e.dest, e.source):
                        continue  # a cycle: leave the edge pointing back up
                    layer[e.dest] = layer[e.source] + 1
                    moved = True
            if not moved:
                break
        bottom = max(layer.values(), default=0) + 1
        return {n.name: layer.get(n.name, bottom) for n in self.nodes}


def _reaches(graph: FlowGraph, start: str, goal: str) -> bool:
    seen = {start}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        if here == goal:
            return True
        for e in graph.outgoing(here):
            if e.dest not in seen:
                seen.add(e.dest)
                queue.append(e.dest)
    return False


# --------------------------------------------------------------------------- guards in words

_TOKEN = re.compile(
    r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|>=|<=|==|!=|\d+(?:\.\d+)?|[A-Za-z_][\w.]*|\S"
)
_WORDS = {
    "==": "is",
    "!=": "is not",
    ">=": "is at least",
    "<=": "is at most",
    ">": "is more than",
    "<": "is less than",
    "true": "yes",
    "false": "no",
}


#: ``'x' in <set>`` in words (``'first_review' in visited`` → "visited first_review").
_SET_WORDS = {
    "visited": "visited {}",
    "asked": "asked {}",
    "revealed": "the patient revealed {}",
    "orders": "ordered {}",
    "results": "the {} result is back",
    "plan.orders": "the plan orders {}",
    "plan.nonopioid": "the plan includes {}",
    "plan.counselling": "counselled on {}",
    "plan.accepted": "the plan is the accepted {}",
}


def guard_words(source: str) -> str:
    """A guard expression in plainer words: ``plan.moud != 'none'`` → ``plan.moud is not 'none'``.

    Names and quoted values are kept exactly (an instructor searches the file for them); only the
    operators become words. ``'X.Y' in decisions`` reads "chose Y at X", ``'X' in visited``
    "visited X" (and likewise for the other sets of :data:`_SET_WORDS`).
    """
    tokens = _TOKEN.findall(" ".join(source.split()))
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1 : i + 3]
        if tok[:1] in "'\"" and nxt == ["in", "decisions"] and "." in tok:
            state, _, choice = tok[1:-1].partition(".")
            out.append(f"chose {choice} at {state}")
            i += 3
            continue
        if tok[:1] in "'\"" and len(nxt) == 2 and nxt[0] == "in" and nxt[1] in _SET_WORDS:
            out.append(_SET_WORDS[nxt[1]].format(tok[1:-1]))
            i += 3
            continue
        out.append(_WORDS.get(tok, tok))
        i += 1
    text = " ".join(out)
    return text.replace("( ", "(").replace(" )", ")").replace(" ,", ",")


# --------------------------------------------------------------------------- building

def flow_graph(scenario: Scenario) -> FlowGraph:
    """The graph of ``scenario``'s flow, in the file's order."""
    flow = scenario.flow
    names = [s.name for s in flow.states]
    edges: list[Edge] = []
    for index, t in enumerate(flow.transitions):
        sources = t.source if isinstance(t.source, list) else [t.source]
        expanded = names if "*" in sources else [s for s in sources if s in names]
        for src in expanded:
            edges.append(Edge(src, t.dest, t.trigger, t.when, "", t.blocked, index))
    # words for each guard: a fallback after guarded transitions with the same trigger reads
    # "otherwise"; the only way on needs no words
    worded: list[Edge] = []
    for e in edges:
        siblings = [o for o in edges if o.source == e.source and o.trigger == e.trigger]
        if e.guard:
            text = guard_words(e.guard)
        elif len(siblings) > 1 and any(o.index < e.index for o in siblings):
            text = "otherwise"
        else:
            text = ""
        worded.append(Edge(e.source, e.dest, e.trigger, e.guard, text, e.blocked, e.index))
    nodes = []
    for s in flow.states:
        out = [e for e in worded if e.source == s.name]
        nodes.append(
            Node(
                name=s.name,
                phase=s.phase,
                title=s.title,
                initial=s.name == flow.initial,
                dead_end=s.phase != "debrief" and not out,
                guarded_only=bool(out) and all(e.guard for e in out),
                decision=s.decision.prompt if s.decision else "",
            )
        )
    return FlowGraph(scenario.id, scenario.title, flow.initial, tuple(nodes), tuple(worded))


# --------------------------------------------------------------------------- DOT

def _dot_string(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, line breaks as ``\\n``."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


DOT_WRAP = 40
"""Edge labels in DOT are wrapped at this many characters (Graphviz does not wrap them)."""


def to_dot(graph: FlowGraph) -> str:
    """The graph in Graphviz DOT (``dot -Tsvg`` draws it): phases as shapes, the start bold,
    dead ends red and double-bordered, guards on the edges and in their tooltips."""
    lines = [
        f"digraph {_dot_string(graph.scenario_id)} {{",
        f"  label={_dot_string(graph.title)};",
        "  labelloc=t;",
        "  rankdir=TB;",
        '  node [shape=box, style="rounded", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    for n in graph.nodes:
        attrs = {"label": f"{n.label}\n{n.caption}", "tooltip": _node_note(n)}
        style = ["rounded"]
        if n.initial:
            attrs["penwidth"] = "3"
            style.append("bold")
            attrs["xlabel"] = "start"
        if n.dead_end:
            attrs["color"] = "red"
            attrs["peripheries"] = "2"
            attrs["xlabel"] = "dead end"
        if n.guarded_only:
            style.append("dashed")
        if n.phase == "debrief":
            attrs["shape"] = "doubleoctagon"
        attrs["style"] = ",".join(style)
        lines.append(f"  {_dot_string(n.name)} [{_dot_attrs(attrs)}];")
    for e in graph.edges:
        attrs = {"label": "\n".join(textwrap.wrap(e.label, DOT_WRAP))} if e.label else {}
        attrs["tooltip"] = e.guard or "no condition"
        if e.guard_text == "otherwise":
            attrs["style"] = "dashed"
        lines.append(f"  {_dot_string(e.source)} -> {_dot_string(e.dest)} [{_dot_attrs(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_attrs(attrs: dict[str, str]) -> str:
    return ", ".join(f"{k}={_dot_string(v)}" for k, v in attrs.items())


def _node_note(n: Node) -> str:
    parts = [f"{n.name}: {n.phase_label}"]
    if n.initial:
        parts.append("the session starts here")
    if n.decision:
        parts.append(f"decision: {n.decision}")
    if n.dead_end:
        parts.append("dead end: no transition leaves this step")
    elif n.guarded_only:
        parts.append("every way on has a condition")
    return "; ".join(parts)


# --------------------------------------------------------------------------- Mermaid

def _mermaid_text(text: str) -> str:
    """Text inside a Mermaid ``"..."`` label: quotes, ``#``, ``<``, ``>`` and ``|`` as entity codes."""
    text = " ".join(text.replace("\r", "\n").split("\n"))
    text = text.replace("#", "#35;")
    for char, code in (('"', "#34;"), ("<", "#60;"), (">", "#62;"), ("|", "#124;"), ("`", "#96;")):
        text = text.replace(char, code)
    return text


def _mermaid_id(graph: FlowGraph, name: str) -> str:
    # state names are slugs (letters, digits, - and _); ids are their position so no name can
    # clash with a Mermaid keyword such as ``end``
    return f"s{[n.name for n in graph.nodes].index(name)}"


def to_mermaid(graph: FlowGraph) -> str:
    """The graph as a Mermaid flowchart: the start with a stadium shape and bold border, the
    debrief as a double circle, dead ends in the ``deadend`` class, guards on the edges."""
    lines = ["---", f"title: {_mermaid_yaml(graph.title)}", "---", "flowchart TD"]
    for n in graph.nodes:
        nid = _mermaid_id(graph, n.name)
        text = _mermaid_text(("Start: " if n.initial else "") + n.label)
        text += "<br/>" + _mermaid_text(n.caption + (" - dead end" if n.dead_end else ""))
        if n.phase == "debrief":
            lines.append(f'  {nid}((("{text}")))')
        elif n.initial:
            lines.append(f'  {nid}(["{text}"])')
        else:
            lines.append(f'  {nid}["{text}"]')
    for e in graph.edges:
        src, dst = _mermaid_id(graph, e.source), _mermaid_id(graph, e.dest)
        arrow = "-.->" if e.guard_text == "otherwise" else "-->"
        if e.label:
            lines.append(f'  {src} {arrow}|"{_mermaid_text(e.label)}"| {dst}')
        else:
            lines.append(f"  {src} {arrow} {dst}")
    lines.append("  classDef start stroke-width:4px")
    lines.append("  classDef deadend stroke:#c62828,stroke-width:3px,stroke-dasharray:4")
    lines.append("  classDef guarded stroke-dasharray:6")
    for cls, members in (
        ("start", [n for n in graph.nodes if n.initial]),
        ("deadend", [n for n in graph.nodes if n.dead_end]),
        ("guarded", [n for n in graph.nodes if n.guarded_only and not n.dead_end]),
    ):
        if members:
            lines.append(f"  class {','.join(_mermaid_id(graph, n.name) for n in members)} {cls}")
    return "\n".join(lines) + "\n"


def _mermaid_yaml(text: str) -> str:
    # the front matter is YAML: a double-quoted scalar with its escapes
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'
