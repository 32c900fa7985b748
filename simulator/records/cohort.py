"""A cohort's results: which rubric items and guidance points trainees miss most.

Reads result files exported by many trainees (JSON, CSV or xAPI, see
:func:`simulator.records.export.read_results`) or statements fetched from an LRS, and counts,
per case and rubric item, how many attempts missed it (earned less than its points) and how
many made it a critical error. An attempt that appears in several files (the same attempt
id) is counted once. Pure data: the cohort view in the app shows these rows.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.records.export import ResultsError, csv_cell, read_results, write_text_atomic
from simulator.records.export import from_statements as rebuild


@dataclass
class ItemRow:
    """One rubric item of one case across the cohort."""

    scenario: str
    case: str
    item: str
    title: str
    guidance: str
    domain: str
    source: str
    attempts: int = 0
    missed: int = 0
    critical: int = 0
    trainees_missed: set[str] = field(default_factory=set)

    @property
    def miss_rate(self) -> float:
        return self.missed / self.attempts if self.attempts else 0.0


@dataclass
class GuidanceRow:
    """One guidance point across every item and case that applies it."""

    guidance: str
    source: str
    cases: set[str] = field(default_factory=set)
    items: int = 0
    checks: int = 0  # item results that apply this guidance
    missed: int = 0
    critical: int = 0

    @property
    def miss_rate(self) -> float:
        return self.missed / self.checks if self.checks else 0.0


@dataclass
class Cohort:
    records: list[dict[str, Any]]
    problems: list[str]

    @property
    def trainees(self) -> set[str]:
        return {str(r.get("trainee") or "") for r in self.records}

    @property
    def cases(self) -> dict[str, str]:
        return {str(r.get("scenario")): str(r.get("title") or r.get("scenario")) for r in self.records}

    def summary(self) -> str:
        n, t, c = len(self.records), len(self.trainees), len(self.cases)
        return (
            f"{n} attempt{'s' if n != 1 else ''} by {t} trainee{'s' if t != 1 else ''} "
            f"across {c} case{'s' if c != 1 else ''}"
        )


def load(paths: Iterable[str | os.PathLike[str]]) -> Cohort:
    """Every finished attempt in ``paths``; files that cannot be read are named in ``problems``."""
    seen: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for path in paths:
        try:
            records = read_results(path)
        except ResultsError as exc:
            problems.append(str(exc))
            continue
        for record in records:
            if not record.get("finished", True):
                continue
            key = str(record.get("attempt") or f"{path}#{len(seen)}")
            seen.setdefault(key, record)
    return Cohort(list(seen.values()), problems)


def merge(*cohorts: Cohort) -> Cohort:
    """Several imports as one cohort; an attempt seen twice (same id) counts once."""
    seen: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for c in cohorts:
        for r in c.records:
            seen.setdefault(str(r.get("attempt")), r)
        problems += c.problems
    return Cohort(list(seen.values()), problems)


def from_statements(statements: Iterable[Mapping[str, Any]]) -> Cohort:
    """A cohort from xAPI statements as an LRS returns them (only finished attempts count).

    Other providers' statements are ignored; a damaged one of ours is named in ``problems``.
    """
    try:
        records = rebuild(statements)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        return Cohort([], [f"the learning record store returned a damaged result statement ({exc})"])
    return Cohort([r for r in records if r.get("finished")], [])


def item_rows(records: Iterable[Mapping[str, Any]]) -> list[ItemRow]:
    """Per case and rubric item, most missed first.

    A rubric item counts in the attempts where it applied (``applies`` false: not counted) and is
    missed when it earned less than its points (partial credit is a miss here). A plan-safety
    finding (``kind: safety``) appears only in the attempts where it fired, so it counts against
    every attempt at the case: missed = the attempts that made it.
    """
    records = list(records)
    per_case: dict[str, int] = {}
    for record in records:
        scenario = str(record.get("scenario") or "")
        per_case[scenario] = per_case.get(scenario, 0) + 1
    rows: dict[tuple[str, str], ItemRow] = {}
    for record in records:
        scenario = str(record.get("scenario") or "")
        case = str(record.get("title") or scenario)
        trainee = str(record.get("trainee") or "")
        for item in record.get("report", {}).get("items", []):
            if item.get("applies", True) is False:
                continue
            safety = item.get("kind") == "safety"
            key = (scenario, str(item["id"]))
            row = rows.get(key)
            if row is None:
                text = {k: str(item.get(k, "")) for k in ("title", "guidance", "domain", "source")}
                row = rows[key] = ItemRow(scenario, case, str(item["id"]), **text)
                if safety:
                    row.attempts = per_case[scenario]
            if not safety:
                row.attempts += 1
            if safety or int(item.get("earned", 0)) < int(item.get("max", 0)):
                row.missed += 1
                row.trainees_missed.add(trainee)
            if item.get("critical"):
                row.critical += 1
    return sorted(rows.values(), key=lambda r: (-r.miss_rate, -r.critical, r.case, r.title))


def guidance_rows(items: Sequence[ItemRow]) -> list[GuidanceRow]:
    """The item rows folded by guidance point, most missed first."""
    rows: dict[str, GuidanceRow] = {}
    for item in items:
        row = rows.setdefault(item.guidance, GuidanceRow(item.guidance, item.source))
        row.cases.add(item.case)
        row.items += 1
        row.checks += item.attempts
        row.missed += item.missed
        row.critical += item.critical
    return sorted(rows.values(), key=lambda r: (-r.miss_rate, -r.critical, r.guidance))


TABLE_COLUMNS = (
    "Case", "Rubric item", "Guidance", "Missed %", "Missed", "Attempts", "Critical errors",
    "Trainees who missed it", "Domain", "Source",
)  # fmt: skip


def table_cells(row: ItemRow) -> list[str | int]:
    """One item row as the cohort table (and its CSV export) shows it, in TABLE_COLUMNS order."""
    return [
        row.case, row.title, row.guidance, round(100 * row.miss_rate), row.missed, row.attempts, row.critical,
        len(row.trainees_missed), row.domain, row.source,
    ]  # fmt: skip


def table_csv(rows: Iterable[ItemRow]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(TABLE_COLUMNS)
    for row in rows:
        writer.writerow([csv_cell(c) for c in table_cells(row)])
    return buf.getvalue()


def write_table(rows: Iterable[ItemRow], path: str | os.PathLike[str]) -> None:
    """The table as CSV, through the same neutralising, atomic writer as the exports."""
    write_text_atomic(path, table_csv(rows))
