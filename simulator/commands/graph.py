"""``python -m simulator graph SCENARIO [--format dot|mermaid] [-o FILE]``: the case's flow as a graph.

States with their phase, transitions labelled with their trigger and guard in words, the start
and any dead end marked (:mod:`simulator.scenario.flowgraph`). DOT is drawn by Graphviz
(``dot -Tsvg``); Mermaid by any Markdown viewer that knows Mermaid. A file with errors reports
them as ``validate`` does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

FORMATS = ("dot", "mermaid")


def add_graph_parser(sub: Any) -> None:
    p = sub.add_parser("graph", help="print the case's flow as a DOT or Mermaid graph")
    p.add_argument("scenario", metavar="SCENARIO")
    p.add_argument("--format", "-f", choices=FORMATS, default="dot", help="graph language (default: dot)")
    p.add_argument("--output", "-o", metavar="FILE", help="default: print to stdout")


def run_graph(args: argparse.Namespace) -> int:
    from simulator.scenario.flowgraph import flow_graph, to_dot, to_mermaid
    from simulator.scenario.loader import load_scenario

    graph = flow_graph(load_scenario(args.scenario))  # ProblemsError: printed by the caller
    text = to_dot(graph) if args.format == "dot" else to_mermaid(graph)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
