"""Learning gain over attempt records: per trainee, per case and per guidance point, and for a cohort.

Pure data over the ``report.check`` block of attempt records (see
:mod:`simulator.scoring.learning`), whether the records come from the local store, from
exported files or rebuilt from an LRS's statements. Only items answered both before and after
the case count towards a gain; an item answered wrong after the case "stays missed".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PrePost:
    """One guidance point (or case) over paired items: how many were right before and after."""

    key: str
    paired: int
    before: int
    after: int
    stays_missed: int  # answered wrong after the case
    people: int = 0  # distinct trainees (cohort rows)

    @property
    def gain(self) -> int:
        return self.after - self.before

    def percent(self, stage: str) -> int:
        value = self.before if stage == "before" else self.after
        return round(100 * value / self.paired) if self.paired else 0


def check_rows(record: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The check items of one attempt record (empty when it had none)."""
    check = (record.get("report") or {}).get("check") or {}
    return [r for r in check.get("items", []) if isinstance(r, Mapping)]


def _tally(rows: Iterable[tuple[str, str, Mapping[str, Any]]]) -> list[PrePost]:
    table: dict[str, list[int]] = {}
    people: dict[str, set[str]] = {}
    for key, who, row in rows:
        before, after = row.get("before"), row.get("after")
        t = table.setdefault(key, [0, 0, 0, 0])
        if after is False:
            t[3] += 1
        if before is None or after is None:
            continue
        t[0] += 1
        t[1] += bool(before)
        t[2] += bool(after)
        people.setdefault(key, set()).add(who)
    return [PrePost(k, n, b, a, m, len(people.get(k, ()))) for k, (n, b, a, m) in table.items()]


def by_guidance(records: Iterable[Mapping[str, Any]]) -> list[PrePost]:
    """Before and after per guidance point over every attempt given (a trainee's, or a cohort's)."""
    return sorted(
        _tally(
            (str(g), str(rec.get("trainee", "")), row)
            for rec in records
            for row in check_rows(rec)
            for g in row.get("guidance", [])
        ),
        key=lambda p: (-p.stays_missed, p.key),
    )


def by_case(records: Iterable[Mapping[str, Any]]) -> list[PrePost]:
    """Before and after per case over every attempt given."""
    return sorted(
        _tally((str(rec.get("scenario", "")), str(rec.get("trainee", "")), row)
               for rec in records for row in check_rows(rec)),
        key=lambda p: p.key,
    )


def missed_guidance(records: Iterable[Mapping[str, Any]]) -> Counter[str]:
    """In how many attempts each guidance point was missed: a rubric item not fully earned in a finished
    attempt's debrief, or a check item answered wrong (after the case, or before it when no
    answer after was given)."""
    missed: Counter[str] = Counter()
    for rec in records:
        report = rec.get("report") or {}
        points: set[str] = set()  # once per attempt, however many of its items cite the point
        if rec.get("finished", report.get("finished", False)):
            for item in report.get("items", []):
                if item.get("applies", True) is False or not item.get("guidance"):
                    continue
                if int(item.get("earned", 0)) < int(item.get("max", 0)) or item.get("critical"):
                    points.add(str(item["guidance"]))
        for row in check_rows(rec):
            last = row.get("after") if row.get("after") is not None else row.get("before")
            if last is False:
                points.update(str(g) for g in row.get("guidance", []))
        missed.update(points)
    return missed
