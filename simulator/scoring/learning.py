"""The learning loop: the same check items before the chart and after the debrief, and the gain.

A check item is right when the options the trainee chose are exactly the right ones (the one
best answer; for a true/false item, every true statement marked true and no false one). The
gain is counted per item and per guidance point, only over items answered at both stages, so
skipping the check before (or leaving before the check after) never shows as a loss.
Everything here is read from the session's actions: a stored session gives the same result.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from simulator.scenario.models import CheckItem, Scenario

STAGES = ("before", "after")


@dataclass(frozen=True)
class ItemOutcome:
    """One check item at both stages: None where it was not answered."""

    item: str
    stem: str
    guidance: tuple[str, ...]
    before: bool | None
    after: bool | None
    explanation: tuple[str, ...]  # each option's text and why, the right answers marked

    @property
    def gained(self) -> bool:
        return self.before is False and self.after is True

    @property
    def lost(self) -> bool:
        return self.before is True and self.after is False


@dataclass(frozen=True)
class GuidanceGain:
    guidance: str
    items: int  # items answered at both stages
    before: int  # right before
    after: int  # right after

    @property
    def gain(self) -> int:
        return self.after - self.before


@dataclass
class CheckSummary:
    """The check of one session; ``asked`` is False for a case without check items."""

    asked: bool
    items: list[ItemOutcome] = field(default_factory=list)
    guidance: list[GuidanceGain] = field(default_factory=list)
    skipped: tuple[str, ...] = ()
    titles: dict[str, str] = field(default_factory=dict)  # guidance id -> its title, in plain words

    def title(self, guidance_id: str) -> str:
        return self.titles.get(guidance_id, guidance_id)

    def right(self, stage: str) -> int:
        return sum(getattr(o, stage) is True for o in self.items)

    def answered(self, stage: str) -> int:
        return sum(getattr(o, stage) is not None for o in self.items)

    @property
    def paired(self) -> int:
        return sum(o.before is not None and o.after is not None for o in self.items)

    def to_dict(self) -> dict[str, Any]:
        return {
            "asked": self.asked,
            "skipped": list(self.skipped),
            "before": {"right": self.right("before"), "answered": self.answered("before")},
            "after": {"right": self.right("after"), "answered": self.answered("after")},
            "items": [asdict(o) | {"guidance": list(o.guidance), "explanation": list(o.explanation)}
                      for o in self.items],
            "guidance": [asdict(g) | {"gain": g.gain, "title": self.title(g.guidance)}
                         for g in self.guidance],
        }


def is_right(item: CheckItem, chosen: Iterable[int]) -> bool:
    """Exactly the right options were chosen."""
    return set(chosen) == {i for i, o in enumerate(item.options) if o.correct}


def explanation(item: CheckItem) -> tuple[str, ...]:
    """Each option with its one-line reason, in the words the debrief shows."""
    if item.kind == "true_false":
        return tuple(f"{'True' if o.correct else 'False'}: {o.text} ({o.why})" for o in item.options)
    return tuple(f"{'Right' if o.correct else 'Not the best'}: {o.text} ({o.why})" for o in item.options)


def answers(actions: Sequence[Mapping[str, Any]]) -> tuple[dict[tuple[str, str], tuple[int, ...]], set[str]]:
    """The check answers and the skipped stages in a list of stored actions."""
    got: dict[tuple[str, str], tuple[int, ...]] = {}
    skipped: set[str] = set()
    for a in actions:
        if a.get("type") != "check":
            continue
        if a.get("skip"):
            skipped.add(str(a.get("stage")))
        else:
            got.setdefault((str(a.get("stage")), str(a.get("item"))), tuple(a.get("answer", ())))
    return got, skipped


def summarise(scenario: Scenario, actions: Sequence[Mapping[str, Any]]) -> CheckSummary:
    """Before, after and gain for one session's actions."""
    if not scenario.check:
        return CheckSummary(asked=False)
    got, skipped = answers(actions)
    outcomes = []
    for item in scenario.check:
        marks = {
            stage: (is_right(item, got[(stage, item.id)]) if (stage, item.id) in got else None)
            for stage in STAGES
        }
        outcomes.append(ItemOutcome(item.id, item.stem, tuple(item.guidance), marks["before"],
                                    marks["after"], explanation(item)))
    titles = {g: getattr(scenario.guidance_entry(g), "title", g)
              for item in scenario.check for g in item.guidance}
    stages = tuple(s for s in STAGES if s in skipped)
    return CheckSummary(True, outcomes, guidance_gains(outcomes), stages, titles)


def check_html(summary: CheckSummary) -> str:
    """Before and after, item by item with the explanation, then per guidance point (HTML body)."""
    import html

    esc = html.escape
    mark = {True: "✔ right", False: "✘ not right", None: "not answered"}
    parts = [
        "<h2>Check before and after</h2>",
        f"<p>Before the case: {summary.right('before')} of {summary.answered('before')} answered right. "
        f"After the debrief: {summary.right('after')} of {summary.answered('after')}.</p>",
    ]
    if "before" in summary.skipped:
        parts.append("<p>You skipped the check before the case, so there is no gain to show for the "
                     "questions you did not answer then.</p>")
    for o in summary.items:
        change = " (learned)" if o.gained else " (was right before)" if o.lost else ""
        parts.append(f"<h3>{esc(o.stem)}</h3>"
                     f"<p>Before: {mark[o.before]}. After: {mark[o.after]}{change}.</p>")
        parts.append("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in o.explanation) + "</ul>")
    if summary.guidance:
        parts.append("<h3>By guidance point</h3><ul>")
        for g in summary.guidance:
            sign = f"+{g.gain}" if g.gain > 0 else str(g.gain)
            parts.append(f"<li>{esc(summary.title(g.guidance))}: {g.before} → {g.after} of {g.items} "
                         f"({sign})</li>")
        parts.append("</ul>")
    return "".join(parts)


def guidance_gains(outcomes: Iterable[ItemOutcome]) -> list[GuidanceGain]:
    """Per guidance point, over the items answered at both stages (in first-seen order)."""
    table: dict[str, list[int]] = {}
    for o in outcomes:
        if o.before is None or o.after is None:
            continue
        for gid in o.guidance:
            row = table.setdefault(gid, [0, 0, 0])
            row[0] += 1
            row[1] += o.before
            row[2] += o.after
    return [GuidanceGain(g, n, b, a) for g, (n, b, a) in table.items()]


def order(scenario: Scenario, stage: str, seed: int | None) -> list[CheckItem]:
    """The items in the order a stage asks them: as written before, shuffled after."""
    items = list(scenario.check)
    if stage == "after":
        random.Random(f"{scenario.id}:{seed}:after").shuffle(items)
    return items


def pending(scenario: Scenario, stage: str, actions: Sequence[Mapping[str, Any]],
            seed: int | None = None) -> list[CheckItem]:
    """The items of ``stage`` still to answer (none once the stage is skipped)."""
    got, skipped = answers(actions)
    if stage in skipped:
        return []
    return [i for i in order(scenario, stage, seed) if (stage, i.id) not in got]
