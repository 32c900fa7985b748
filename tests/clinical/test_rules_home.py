"""Every timing and threshold rule has one home, simulator/clinical/rules.py (issue 21).

The safety rules, the calculators, the course model and the debrief read it; no other module
holds its own copy, under the same name or as a table keyed by opioid kind.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

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


@functools.cache
def _modules() -> list[tuple[Path, ast.Module]]:
    """Every module but the rules' home, parsed once for the tests here (read them only)."""
    return [
        (path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        for path in sorted(ROOT.rglob("*.py"))
        if path != HOME
    ]


def _assigned(tree: ast.AST):
    for node in ast.walk(tree):
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        for target in targets:
            if isinstance(target, ast.Name):
                yield target.id, node


def test_no_module_defines_a_rule_of_its_own_under_the_same_name():
    copies = [
        f"{path.relative_to(ROOT)}:{node.lineno} {name}"
        for path, tree in _modules()
        for name, node in _assigned(tree)
        if name in RULE_NAMES
    ]
    assert not copies, "define these in simulator/clinical/rules.py and import them: " + ", ".join(copies)


def test_no_module_keeps_a_table_of_numbers_by_opioid_kind():
    tables = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Dict):
                continue
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
            numbers = all(
                isinstance(v, ast.Constant) and isinstance(v.value, int | float) for v in node.values
            )
            timing = keys & {"short_acting", "long_acting"}  # a drug table (MME factors) is not one
            if timing and len(keys & KINDS) >= 2 and numbers and node.values:
                tables.append(f"{path.relative_to(ROOT)}:{node.lineno}")
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
