"""The warnings of a scenario file that loads: what ``validate`` and ``lint`` print and the
workshop preview lists.

They gather checks from several layers (the course's narratives and the plain-words lint in
the scenario layer, case topics that read as a core intent in the patient layer), so the one
function that collects them sits here, above both.
"""

from __future__ import annotations

from simulator.errors import Problem
from simulator.patient.topic_overlap import topic_warnings
from simulator.scenario.course_checks import narrative_warnings
from simulator.scenario.lint_checks import scenario_lint_warnings
from simulator.scenario.loader import scenario_from_document
from simulator.scenario.urgent import authored
from simulator.scenario.variants import resolve
from simulator.scenario.yamlio import read_yaml_file


def lint_warnings(path: str) -> list[Problem]:
    """Warnings for a scenario file that loads (errors raise ``ProblemsError`` as in validate)."""
    doc = read_yaml_file(path)
    scenario = authored(scenario_from_document(doc))  # the file's own flow (not the urgent visits)
    doc, _ = resolve(doc)  # the case as written: positions inside filled {placeholders} map back
    found = narrative_warnings(scenario, doc) + topic_warnings(scenario, doc)
    return sorted(found + scenario_lint_warnings(scenario, doc))
