"""Scenario loading grows linearly with size (SPEC section 7).

Generates scenarios with N visit states chained by guarded transitions, then times
loading (parse + validate + cross-checks) and building a session (the transitions
machine, auto_transitions=False). Prints each time as a ratio to the smallest size,
next to the size ratio: linear growth keeps the two close; quadratic growth would
make the time ratio the square of the size ratio.

    python bench/load_scale.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generated import visit_chain  # noqa: E402  (bench/, the script's own folder)

from simulator.engine.session import Session  # noqa: E402
from simulator.scenario.loader import load_scenario_text  # noqa: E402


def generated(n: int) -> str:
    """The bundled scenario with its flow replaced by a chain of ``n`` visits."""
    return visit_chain(
        n,
        lambda i: f"{{name: v{i}, phase: visit, week: {i % 100}, "
        "measures: {pain: 5, cows: 2, craving: 3, function: 6}}",
        lambda i, dest: f'{{source: v{i}, dest: {dest}, when: "rapport >= 0 or week > {i}"}}',
    )


def measure(n: int, repeat: int = 3) -> tuple[float, float]:
    text = generated(n)
    load = build = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        scenario = load_scenario_text(text, f"gen-{n}.yaml")
        t1 = time.perf_counter()
        Session(scenario)
        t2 = time.perf_counter()
        load, build = min(load, t1 - t0), min(build, t2 - t1)
    return load, build


def main() -> None:
    sizes = (250, 500, 1000, 2000)
    results = {n: measure(n) for n in sizes}
    base_load, base_build = results[sizes[0]]
    print(f"{'states':>7} {'size x':>7} {'load s':>8} {'load x':>7} {'machine s':>10} {'machine x':>10}")
    for n in sizes:
        load, build = results[n]
        print(f"{n:>7} {n / sizes[0]:>7.1f} {load:>8.3f} {load / base_load:>7.2f} "
              f"{build:>10.4f} {build / base_build:>10.2f}")


if __name__ == "__main__":
    main()
