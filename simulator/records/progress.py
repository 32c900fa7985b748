"""A trainee's attempts per case, and what changed from one attempt to the next.

Pure data over attempt records (see :mod:`simulator.control.results`): no store, no Qt. The progress
view in the app shows exactly what :func:`compare` returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Attempt:
    """One finished attempt as the progress view lists it."""

    attempt: str
    scenario: str
    title: str
    trainee: str
    date: str  # ISO timestamp of the finish (or start)
    score: int
    max_score: int
    domains: dict[str, tuple[str, int, int]]  # domain -> (title, earned, max)
    critical: dict[str, str]  # item id -> title, for each critical error
    items: dict[str, tuple[str, int, int]]  # item id -> (title, earned, max)
    deductions: dict[str, tuple[int, int]] = field(default_factory=dict)  # domain -> (gained, deducted)

    def domain_text(self, domain: str) -> str:
        """A domain's points as the debrief's bars give them: "10 / 30  −12" when unsafe choices
        cost points there (the items' points, then the deduction), else "9 / 29"."""
        _title, earned, top = self.domains.get(domain, ("", 0, 0))
        gained, deducted = self.deductions.get(domain, (earned, 0))
        return f"{gained} / {top}  −{deducted}" if deducted else f"{earned} / {top}"

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.max_score) if self.max_score else 0


def _critical_errors(report: Mapping[str, Any]) -> dict[str, str]:
    """Item id -> what went wrong, in the debrief's words (an item's title names what should
    have been done). Records from before items carried ``wrong`` give it in ``critical_errors``,
    one line per critical item in the items' order."""
    critical = [i for i in report.get("items", []) if i.get("critical")]
    said = report.get("critical_errors", [])
    words = said if len(said) == len(critical) else [""] * len(critical)
    return {str(i["id"]): str(i.get("wrong") or w or i.get("title", ""))
            for i, w in zip(critical, words, strict=True)}


def attempt_from_record(record: Mapping[str, Any]) -> Attempt:
    report = record.get("report", {})
    items = report.get("items", [])
    return Attempt(
        attempt=str(record.get("attempt", "")),
        scenario=str(record.get("scenario", report.get("scenario", ""))),
        title=str(record.get("title", report.get("title", ""))),
        trainee=str(record.get("trainee", "")),
        date=str(record.get("finished_at") or record.get("started_at") or ""),
        score=int(report.get("score", 0)),
        max_score=int(report.get("max_score", 0)),
        domains={
            d["domain"]: (str(d.get("title", d["domain"])), int(d["earned"]), int(d["max"]))
            for d in report.get("domains", [])
        },
        critical=_critical_errors(report),
        deductions={
            d["domain"]: (int(d["gained"]), int(d["deducted"]))
            for d in report.get("domains", []) if "gained" in d and "deducted" in d
        },
        items={
            i["id"]: (str(i.get("title", i["id"])), int(i["earned"]), int(i["max"]))
            for i in items
            if i.get("kind", "rubric") != "safety" and i.get("applies", True) is not False
        },
    )


def by_case(records: Iterable[Mapping[str, Any]]) -> dict[str, list[Attempt]]:
    """Finished attempts grouped by case, each list oldest first."""
    out: dict[str, list[Attempt]] = {}
    for record in records:
        if not record.get("finished", True):
            continue
        attempt = attempt_from_record(record)
        out.setdefault(attempt.scenario, []).append(attempt)
    for attempts in out.values():
        attempts.sort(key=lambda a: a.date)
    return out


@dataclass
class Change:
    """What differs between two attempts at the same case, in words a trainee reads."""

    score_delta: int
    domains: list[tuple[str, int, int, int, int]] = field(default_factory=list)  # title, before/max, now/max
    newly_earned: list[str] = field(default_factory=list)
    newly_missed: list[str] = field(default_factory=list)
    critical_resolved: list[str] = field(default_factory=list)
    critical_new: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Plain sentences, improvements first."""
        out: list[str] = []
        if self.score_delta > 0:
            out.append(f"Score up by {self.score_delta} points.")
        elif self.score_delta < 0:
            out.append(f"Score down by {-self.score_delta} points.")
        else:
            out.append("Same score as last time.")
        for title in self.critical_resolved:
            out.append(f"✔ No longer a critical error: {title}")
        for title, before, bmax, now, nmax in self.domains:
            if now * max(bmax, 1) > before * max(nmax, 1):
                out.append(f"▲ {title}: {before}/{bmax} → {now}/{nmax}")
        for title in self.newly_earned:
            out.append(f"✔ Now earned: {title}")
        for title in self.critical_new:
            out.append(f"⚠ New critical error: {title}")
        for title, before, bmax, now, nmax in self.domains:
            if now * max(bmax, 1) < before * max(nmax, 1):
                out.append(f"▼ {title}: {before}/{bmax} → {now}/{nmax}")
        for title in self.newly_missed:
            out.append(f"✘ Earned before, missed this time: {title}")
        return out


def compare(before: Attempt, now: Attempt) -> Change:
    """What improved and what slipped from ``before`` to ``now`` (same case)."""
    change = Change(score_delta=now.score - before.score)
    for domain, (title, earned, mx) in now.domains.items():
        if domain in before.domains:
            _, b_earned, b_max = before.domains[domain]
            if (b_earned, b_max) != (earned, mx):
                change.domains.append((title, b_earned, b_max, earned, mx))
    for item_id, (title, earned, mx) in now.items.items():
        # an item that did not count last time (its condition did not hold) and is earned now counts as new
        _, b_earned, b_max = before.items.get(item_id, (title, 0, max(mx, 1)))
        if earned == mx and b_earned < b_max:
            change.newly_earned.append(title)
        elif earned < mx and item_id in before.items and b_earned == b_max:
            change.newly_missed.append(title)
    change.critical_resolved = [t for g, t in before.critical.items() if g not in now.critical]
    change.critical_new = [t for g, t in now.critical.items() if g not in before.critical]
    return change
