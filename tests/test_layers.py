"""The layers are checked by machine: `lint-imports` keeps every contract in pyproject.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_hold(capsys, monkeypatch):
    from importlinter import cli  # a test dependency (pyproject.toml): CI has it
    monkeypatch.chdir(ROOT)  # in this process: the same check as `lint-imports`, without its start-up
    code = cli.lint_imports(no_cache=True)
    out = capsys.readouterr().out
    assert code == 0, out[-3000:]
    assert "0 broken" in out


def _contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def test_every_module_is_in_a_layer_and_no_import_is_let_through():
    (layers,) = [c["layers"] for c in _contracts() if c["type"] == "layers"]
    named = {part.strip() for layer in layers for part in layer.split("|")}
    package = ROOT / "simulator"
    present = {
        f"simulator.{p.stem if p.is_file() else p.name}"
        for p in package.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()
    }
    assert present - named == set(), "add these to a layer in pyproject.toml"
    assert named - present == set(), "these layers name nothing"
    assert [c["name"] for c in _contracts() if c.get("ignore_imports")] == []
    (layered,) = [c for c in _contracts() if c["type"] == "layers"]
    assert layered["unmatched_ignore_imports_alerting"] == "error"  # an ignore added later must match


def test_no_module_imports_itself_round_a_cycle():
    """Tarjan's strongly connected components over every import, lazy and TYPE_CHECKING ones too."""
    graph = grimp.build_graph("simulator")
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in graph.find_modules_directly_imported_by(module):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    assert cycles == []
