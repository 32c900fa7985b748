"""What to practise next: a case (and a patient not met before) chosen from what a trainee missed.

The trainee's attempt records say which guidance points were missed (rubric items not fully
earned, check items answered wrong: :func:`simulator.records.learning.missed_guidance`); each
case says which guidance points it exercises (its rubric and its check items). The suggestion
is the case that exercises the most missed points, spaced: a case played in the last day counts
for less, so practice is spread over days. Among its variants, one whose patient this trainee
has not met is preferred. The reason is said in plain words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from simulator.records.learning import missed_guidance
from simulator.scenario.models import Scenario
from simulator.scenario.urgent import urgent_state
from simulator.scenario.variants import pick

SPACING = timedelta(days=1)
"""A case attempted more recently than this counts for half (spaced practice)."""

TIMES = {1: "once", 2: "twice"}


@dataclass(frozen=True)
class Suggestion:
    scenario: str  # the case id
    title: str
    seed: int | None  # a variant this trainee has not met (None: the case has no variants, or all met)
    why: str
    missed: tuple[str, ...]  # the guidance ids it exercises that were missed, most missed first


def exercised(scenario: Scenario) -> set[str]:
    """The guidance points a case exercises: its rubric's and its check items' (not the urgent
    visits' items, which every case with a course has)."""
    own = {item.guidance for item in scenario.rubric if not urgent_state(item.id)}
    return own | {g for item in scenario.check for g in item.guidance}


def _when(record: Mapping[str, Any]) -> datetime | None:
    text = str(record.get("finished_at") or record.get("started_at") or "")
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _unmet_seed(scenario: Scenario, met: set[int]) -> int | None:
    """A seed whose patient (the pick on every axis) differs from every one met; None if none does."""
    if not scenario.variants:
        return None
    counts = [len(axis.options) for axis in scenario.variants]
    seen = {tuple(pick(counts, s)) for s in met}
    for seed in range(1, 200):
        if tuple(pick(counts, seed)) not in seen:
            return seed
    return None


def suggest(
    records: Iterable[Mapping[str, Any]],
    library: Sequence[Scenario],
    now: datetime | None = None,
) -> Suggestion | None:
    """The next case for the trainee whose attempt ``records`` are given; None with nothing missed."""
    records = list(records)
    missed = missed_guidance(records)
    if not missed or not library:
        return None
    now = now or datetime.now(UTC)
    last: dict[str, datetime] = {}
    seeds: dict[str, set[int]] = {}
    for rec in records:
        case = str(rec.get("scenario", ""))
        when = _when(rec)
        if when is not None and (case not in last or when > last[case]):
            last[case] = when
        if rec.get("seed") is not None:
            seeds.setdefault(case, set()).add(int(rec["seed"]))

    def weight(scenario: Scenario) -> float:
        score = float(sum(missed[g] for g in exercised(scenario) if g in missed))
        recent = scenario.id in last and now - last[scenario.id] < SPACING
        return score / 2 if recent else score

    best = max(library, key=lambda s: (weight(s), s.id not in last, s.id))
    if weight(best) <= 0:
        return None
    points = sorted((g for g in exercised(best) if g in missed), key=lambda g: (-missed[g], g))
    return Suggestion(best.id, best.title, _unmet_seed(best, seeds.get(best.id, set())),
                      _why(best, points, missed, best.id in last and now - last[best.id] < SPACING),
                      tuple(points))


def _why(scenario: Scenario, points: list[str], missed: Counter[str], recent: bool) -> str:
    named = []
    for g in points[:2]:
        title = getattr(scenario.guidance_entry(g), "title", g)
        times = TIMES.get(missed[g], f"{missed[g]} times")
        named.append(f"“{title}” {times}")
    text = "You missed " + " and ".join(named) + "; this case practises " + (
        "it." if len(points) == 1 else "them.")
    if recent:
        text += " You played it in the last day: coming back to it tomorrow helps it stick."
    return text
