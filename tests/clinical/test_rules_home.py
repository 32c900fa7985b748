"""Every timing and threshold rule has one home, simulator/clinical/rules.py (issue 21).

The safety rules, the calculators, the course model and the debrief read it; no other module
holds its own copy, under the same name or as a table keyed by opioid kind.
"""

from __future__ import annotations

import ast
import functools
import gc
from pathlib import Path

import pytest

from simulator.clinical import rules

ROOT = Path(__file__).resolve().parents[2] / "simulator"
HOME = ROOT / "clinical" / "rules.py"
RULE_NAMES = {name for name in vars(rules) if name.isupper()}
KINDS = {"short_acting", "long_acting", "methadone", "fentanyl", "fentanyl_patch", "buprenorphine"}
#: Modules that must read the rules (and so cannot drift from them).
READERS = (
    "clinical/safety.py",
    "clinical/moud.py",
    "clinical/taper.py",
    "clinical/mme.py",
    "clinical/naloxone.py",
    "patient/course.py",
)
#: The two source checks read one parse of every module (:func:`_found`, about a second): with
#: ``pytest -n`` they share a worker, so the parse is not done again on the other.
SOURCES = pytest.mark.xdist_group("rules_home_sources")


@functools.cache
def _found() -> tuple[list[str], list[str]]:
    """Every module but the rules' home, parsed and walked once for the tests here: the rule
    names it assigns and the timing tables it keeps (``path:line`` each). The trees are not
    kept, and the collector is off while they are built (a million short-lived nodes: each
    young collection walked them all, doubling the parse)."""
    copies: list[str] = []
    tables: list[str] = []
    enabled = gc.isenabled()
    gc.disable()
    try:
        for path in sorted(ROOT.rglob("*.py")):
            if path == HOME:
                continue
            where = path.relative_to(ROOT)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                copies.extend(
                    f"{where}:{node.lineno} {name}" for name in _assigned(node) if name in RULE_NAMES
                )
                if isinstance(node, ast.Dict) and _timing_table(node):
                    tables.append(f"{where}:{node.lineno}")
    finally:
        if enabled:
            gc.enable()
    return copies, tables


def _assigned(node: ast.AST):
    """The plain names ``node`` assigns (an assignment or an annotated one)."""
    targets = (
        node.targets
        if isinstance(node, ast.Assign)
        else [node.target]
        if isinstance(node, ast.AnnAssign)
        else []
    )
    for target in targets:
        if isinstance(target, ast.Name):
            yield target.id


def _timing_table(node: ast.Dict) -> bool:
    """A dict of numbers keyed by at least two opioid kinds, one of them a timing kind."""
    keys = {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
    numbers = all(isinstance(v, ast.Constant) and isinstance(v.value, int | float) for v in node.values)
    timing = keys & {"short_acting", "long_acting"}  # a drug table (MME factors) is not one
    return bool(timing and len(keys & KINDS) >= 2 and numbers and node.values)


@SOURCES
def test_no_module_defines_a_rule_of_its_own_under_the_same_name():
    copies, _ = _found()
    assert not copies, "define these in simulator/clinical/rules.py and import them: " + ", ".join(copies)


@SOURCES
def test_no_module_keeps_a_table_of_numbers_by_opioid_kind():
    _, tables = _found()
    assert not tables, "timing tables by opioid kind belong in simulator/clinical/rules.py: " + ", ".join(
        tables
    )


def test_the_readers_import_the_rules():
    for name in READERS:
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        imported = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "simulator.clinical.rules"
        ]
        assert imported, f"{name} does not read simulator/clinical/rules.py"


def test_the_rules_are_the_numbers_the_calculators_and_the_safety_rules_use():
    from simulator.clinical import moud, safety, taper

    assert moud.MIN_WAIT_HOURS is rules.MIN_WAIT_HOURS
    assert moud.NALTREXONE_FREE_DAYS is rules.NALTREXONE_FREE_DAYS
    assert taper.monthly_limit(36) == rules.LONG_TERM_MONTHLY_LIMIT
    assert taper.monthly_limit(3) == rules.SHORT_TERM_MONTHLY_LIMIT
    assert safety.FOLLOW_UP_AFTER_CHANGE_DAYS is rules.FOLLOW_UP_AFTER_CHANGE_DAYS
