"""The complexity gate (tools/complexity.py): no function over the limit outside a list that
only shrinks."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("complexity", ROOT / "tools" / "complexity.py")
complexity = importlib.util.module_from_spec(spec)
spec.loader.exec_module(complexity)


def test_no_function_is_over_the_limit_outside_the_shrinking_list():
    wrong = complexity.problems(complexity.measure(), complexity.read_allowlist())
    assert wrong == [], "\n".join(wrong)


def test_the_gate_refuses_a_new_offender_growth_and_a_stale_entry():
    listed = {"a.py::old 20", "a.py::gone 18"}
    listed = {k.split()[0]: int(k.split()[1]) for k in listed}
    found = {"a.py::old": 22, "b.py::new": 16}
    wrong = complexity.problems(found, listed)
    assert wrong == [
        "a.py::old grew from 20 to 22: listed functions may only get simpler",
        "b.py::new has complexity 16: split it (the limit is in pyproject.toml)",
        "a.py::gone is no longer over the limit (was 18): take it off complexity_allowlist.txt",
    ]
    assert complexity.problems({"a.py::old": 17}, {"a.py::old": 20}) == [
        "a.py::old went from 20 to 17: lower its number in complexity_allowlist.txt"
    ]
