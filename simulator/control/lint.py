"""The warnings of a scenario file that loads: what ``validate`` and ``lint`` print and the
workshop preview lists.

They gather checks from several layers (the course's narratives and the plain-words lint in
the scenario layer, case topics that read as a core intent in the patient layer), so the one
function that collects them sits here, above both.
"""

from __future__ import annotations

import os

from simulator.errors import Problem
from simulator.patient.topic_overlap import topic_warnings
from simulator.scenario.course_checks import narrative_warnings
from simulator.scenario.lint_checks import scenario_lint_warnings
from simulator.scenario.loader import scenario_from_document
from simulator.scenario.models import Scenario
from simulator.scenario.urgent import authored
from simulator.scenario.variants import resolve
from simulator.scenario.yamlio import Document, read_yaml_file

_LOADED: dict[str, tuple[tuple[int, int], Document, Scenario]] = {}


def load_for_lint(path: str) -> tuple[Document, Scenario]:
    """The file's document and validated scenario, read once per lint run of an unchanged file
    (the file-only warnings and the played ones both need them)."""
    try:
        stat = os.stat(path)
    except OSError:  # missing or unreadable: the reader says so as a positioned error
        doc = read_yaml_file(path)
        return doc, scenario_from_document(doc)
    stamp = (stat.st_size, stat.st_mtime_ns)
    found = _LOADED.get(path)
    if found is not None and found[0] == stamp:
        return found[1], found[2]
    doc = read_yaml_file(path)
    scenario = scenario_from_document(doc)
    _LOADED.clear()
    _LOADED[path] = (stamp, doc, scenario)
    return doc, scenario


def lint_warnings(path: str) -> list[Problem]:
    """Warnings for a scenario file that loads (errors raise ``ProblemsError`` as in validate)."""
    doc, scenario = load_for_lint(path)  # read once for these and lint's played warnings
    scenario = authored(scenario)  # the file's own flow (not the urgent visits)
    doc, _ = resolve(doc)  # the case as written: positions inside filled {placeholders} map back
    found = narrative_warnings(scenario, doc) + topic_warnings(scenario, doc)
    return sorted(found + scenario_lint_warnings(scenario, doc))
