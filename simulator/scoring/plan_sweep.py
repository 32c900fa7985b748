"""The plan space, swept: every plan the plan form can produce, scored without the UI.

The plan form (``simulator/ui/views/plan_view.py``) offers the choices of
:mod:`simulator.scenario.vocabulary`; this module enumerates them: every opioid plan and every
medication for OUD with their dependent fields on a grid (taper step, interval, basis, pauses;
buprenorphine start, COWS and hours; methadone route; naltrexone's opioid-free days), naloxone
and follow-up on a grid, and non-opioid sets sampled (the expert's, the expert's plus each
treatment the safety rules care about, and random sets from a fixed seed). Each plan replaces
the expert's plan in the expert's session, so the rest of the session is the expert's: any
point lost is lost by the plan.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from typing import Any

from simulator.clinical import plan as plan_decl
from simulator.clinical.plan import PlanChoices
from simulator.clinical.safety import SafetyFinding
from simulator.engine.actions import action_to_dict, parse_action, plan_choices
from simulator.engine.orders import variables as order_variables
from simulator.engine.plan_safety import (
    RuleMemo,
    accepted_plans,
    case_findings,
    patient_facts,
    variables_from,
)
from simulator.engine.plan_safety import plan_choices as plan_from_context
from simulator.engine.session import Session, build_context
from simulator.scenario import vocabulary as vocab
from simulator.scoring.rubric import applies, earned_points, item_names, max_score, score

TAPER_PERCENTS = (5, 10, 25, 50, 100)
TAPER_INTERVALS = (7, 30, 90)
END_DAYS = (0, 7, 30)
COWS = (0, 5, 8, 12)
WAIT_HOURS = (0, 6, 12, 24, 48)
NALTREXONE_DAYS = (0, 7, 10, 14)
FOLLOW_UP_DAYS = (7, 28, 90)
WATCHED_NONOPIOIDS = ("gabapentinoid", "low_dose_naltrexone")


def _opioid_options() -> Iterator[dict[str, Any]]:
    for opioid in vocab.ids(vocab.OPIOID_PLANS):
        if opioid == "taper":
            for pct, days, basis, pauses in itertools.product(
                TAPER_PERCENTS, TAPER_INTERVALS, vocab.ids(vocab.TAPER_BASES), (False, True)
            ):
                taper = {"percent": pct, "interval_days": days, "basis": basis, "pauses": pauses}
                yield {"opioid": opioid, "taper": taper}
        elif opioid == "short_course":
            for end in END_DAYS:
                yield {"opioid": opioid, "end_date_days": end}
        else:
            yield {"opioid": opioid}


def _moud_options() -> Iterator[dict[str, Any]]:
    for moud in vocab.ids(vocab.MOUD):
        if moud == "buprenorphine":
            for induction in vocab.ids(vocab.INDUCTIONS):
                if induction == "standard":
                    for cows, hours in itertools.product(COWS, WAIT_HOURS):
                        yield {
                            "moud": moud,
                            "induction": induction,
                            "induction_cows": cows,
                            "induction_wait_hours": hours,
                        }
                elif induction != "none":  # refused by the engine: choose how to start it
                    yield {"moud": moud, "induction": induction}
        elif moud == "methadone":
            for route in vocab.ids(vocab.METHADONE_ROUTES):
                if route != "none":  # refused by the engine: "Choose how methadone will be provided."
                    yield {"moud": moud, "methadone_route": route}
        elif moud == "naltrexone_xr":
            for days in NALTREXONE_DAYS:
                yield {"moud": moud, "naltrexone_free_days": days}
        else:
            yield {"moud": moud}


def nonopioid_samples(expert: list[str], count: int, seed: int = 7) -> list[list[str]]:
    """The expert's non-opioid set, the expert's plus each watched treatment, and random sets."""
    ids = vocab.ids(vocab.NONOPIOID)
    samples = [list(expert)]
    samples += [sorted(set(expert) | {extra}) for extra in WATCHED_NONOPIOIDS]
    samples.append([])
    rng = random.Random(seed)
    while len(samples) < count:
        samples.append(sorted(rng.sample(ids, rng.randint(1, 4))))
    unique: list[list[str]] = []
    for sample in samples:
        if sample not in unique:
            unique.append(sample)
    return unique[: max(count, 1)]


def plan_space(
    expert_plan: Mapping[str, Any],
    *,
    nonopioid_count: int = 4,
    follow_up_days: tuple[int, ...] = FOLLOW_UP_DAYS,
    cycle_nonopioid: bool = False,
    stratify: int = 1,
) -> Iterator[dict[str, Any]]:
    """Every plan of the grid, as the plan form's payload; fields the grid does not vary keep
    the expert's values. ``cycle_nonopioid``: give each plan the next non-opioid sample in turn
    instead of trying every sample with every plan (a quicker sweep of the same grid).
    ``stratify``: one plan in ``stratify`` of the grid, every pairing of an opioid choice with a
    MOUD choice kept and the naloxone, follow-up (and non-opioid) choices under it taken in turn,
    shifted from pairing to pairing; with each pairing, naloxone with the follow-up nearest the
    expert's too, and every plan with the expert's opioid and MOUD choices (the plans nearest the
    expert's score: a sample the tests sweep, whose plans are the full grid's, non-opioids and all)."""
    base = {
        k: v
        for k, v in expert_plan.items()
        if k in ("psych_care", "trauma_informed", "setting", "pdmp", "urine_testing", "counselling", "orders")
    }
    samples = nonopioid_samples(list(expert_plan.get("nonopioid", [])), nonopioid_count)
    mouds = list(_moud_options())
    own = (expert_plan.get("opioid"), expert_plan.get("moud") or "none")  # kept whole by ``stratify``
    days = expert_plan.get("followup_days") or 28
    usual = (True, min(follow_up_days, key=lambda d: (abs(d - days), d)))  # kept for every pairing
    inner = [None] if cycle_nonopioid else samples
    width = 2 * len(follow_up_days) * len(inner)  # the choices under one opioid and MOUD pairing
    grid = itertools.product(list(_opioid_options()), mouds, (True, False), follow_up_days, inner)
    for n, (opioid, moud, naloxone, follow, nonopioid) in enumerate(grid):
        pairing, under = divmod(n, width)
        if (
            (under - pairing - pairing // len(mouds)) % stratify
            and (opioid["opioid"], moud["moud"]) != own
            and (naloxone, follow) != usual
        ):
            continue
        if nonopioid is None:
            nonopioid = samples[n % len(samples)]
        yield {
            "type": "plan",
            **base,
            **opioid,
            **moud,
            "naloxone": naloxone,
            "followup_days": follow,
            "nonopioid": nonopioid,
        }


@dataclass
class SweepReport:
    """What the sweep found (``to_json`` is ``explore --plans --json``)."""

    scenario: str
    evaluated: int = 0
    expert_score: int = 0
    max_score: int = 0
    best_score: int = 0
    unsafe: int = 0
    critical: int = 0
    unsafe_best_score: int = 0
    unsafe_at_expert_score: list[dict[str, Any]] = field(default_factory=list)
    above_expert: list[dict[str, Any]] = field(default_factory=list)
    findings_without_text: list[str] = field(default_factory=list)
    by_rule: Counter[str] = field(default_factory=Counter)
    examples: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "plans_evaluated": self.evaluated,
            "expert_score": self.expert_score,
            "max_score": self.max_score,
            "max_score_means": "the expert session's own maximum: items whose `applies` does not hold "
            "there are left out (flow.score.max counts every item)",
            "best_score": self.best_score,
            "expert_at_maximum": self.expert_score == self.max_score and self.best_score <= self.expert_score,
            "unsafe_plans": self.unsafe,
            "critical_plans": self.critical,
            "best_unsafe_score": self.unsafe_best_score,
            "unsafe_at_expert_score": self.unsafe_at_expert_score,
            "plans_above_expert": self.above_expert,
            "findings_without_sentence_or_guidance": self.findings_without_text,
            "findings": [
                {"rule": rule, "plans": n, "example": self.examples[rule]}
                for rule, n in sorted(self.by_rule.items(), key=lambda kv: -kv[1])
            ],
        }


def plan_context(expert: Session, plan: Mapping[str, Any], *, safety: bool = True) -> dict[str, Any]:
    """The expert session's context with ``plan`` (a plan action) in place of the expert's
    (``safety=False``: without ``safety.*``, for a caller that works the findings out itself)."""
    action = parse_action(plan)
    view = SimpleNamespace(
        data=replace(expert.data, plan=action), scenario=expert.scenario, state=expert.state
    )
    return build_context(view, safety=safety)  # type: ignore[arg-type]


class PlanContexts:
    """:func:`plan_context` for many plans in one session: the variables that do not depend on
    the plan are built once and each plan's ``plan.*``, orders and accepted alternatives are laid
    over them (the same context, a fraction of the work for a sweep of thousands of plans)."""

    _PLAN_NAMES = ("plan.", "safety.")
    _OWN = ("orders", "results")

    def __init__(self, expert: Session) -> None:
        self.expert = expert
        plan = expert.data.plan
        base = plan_context(expert, action_to_dict(plan), safety=False) if plan else {}
        self.base = {
            k: v for k, v in base.items() if not k.startswith(self._PLAN_NAMES) and k not in self._OWN
        }
        self.facts = patient_facts(expert.scenario)
        self.memo = RuleMemo(self.facts)
        self._last: tuple[dict[str, Any], PlanChoices] | None = None  # the context built last, its plan

    def __call__(self, plan: Mapping[str, Any], *, safety: bool = True) -> dict[str, Any]:
        action = parse_action(plan)
        expert = self.expert
        view = SimpleNamespace(
            data=SimpleNamespace(plan=action, decisions=expert.data.decisions, visited=expert.data.visited),
            scenario=expert.scenario,
        )
        choices = plan_choices(action)
        context = {**self.base, **plan_decl.variables(choices)}
        self._last = (context, choices)
        context.update(order_variables(view, context.get("course.day", context["week"] * 7)))  # type: ignore[arg-type]
        context["plan.accepted"] = accepted_plans(expert.scenario, context)
        if safety:
            context.update(variables_from(self.findings(context)))
        return context

    def findings(self, context: Mapping[str, Any]) -> list[SafetyFinding]:
        """The plan's safety findings, with the rules memoised across this session's plans (the
        plan of the context built last is not read back from its variables again)."""
        last = self._last
        choices = last[1] if last is not None and last[0] is context else plan_from_context(context)
        return case_findings(self.expert.scenario, self.facts, choices, self.memo)


def plan_scorer(expert: Session) -> Callable[[Mapping[str, Any]], tuple[int, list[SafetyFinding]]]:
    """A fast scorer for plans in the expert's session, by the sweep's own machinery: items that
    read no plan variable are evaluated once; each call scores one plan and returns its safety
    findings."""
    scenario = expert.scenario
    base = expert.context()
    varying = [item for item in scenario.rubric if any(n.startswith("plan.") for n in item_names(item))]
    fixed = sum(
        earned_points(item, base) for item in scenario.rubric if item not in varying and applies(item, base)
    )
    contexts = PlanContexts(expert)

    def scored(plan: Mapping[str, Any]) -> tuple[int, list[SafetyFinding]]:
        context = contexts(plan, safety=False)
        found = contexts.findings(context)
        context.update(variables_from(found))
        earned = fixed + sum(earned_points(i, context) for i in varying if applies(i, context))
        return max(0, earned - sum(f.points for f in found)), list(found)

    return scored


def sweep(
    expert: Session,
    *,
    limit: int = 10,
    scorer: Callable[[Mapping[str, Any]], tuple[int, list[SafetyFinding]]] | None = None,
    **space: Any,
) -> SweepReport:
    """Score every plan of :func:`plan_space` (``space``: its options) in the expert's session.
    ``scorer``: the expert's :func:`plan_scorer` (made here if not given; one shared with other
    readers of the same plans may remember their scores)."""
    scenario = expert.scenario
    if expert.data.plan is None:
        raise ValueError("the expert session has no plan to vary")
    expert_plan = action_to_dict(expert.data.plan)
    report = SweepReport(scenario=scenario.id)
    base = expert.context()
    report.expert_score = score(scenario, base)
    report.max_score = max_score(scenario, base)
    scored = scorer or plan_scorer(expert)
    for plan in plan_space(expert_plan, **space):
        total, found = scored(plan)
        report.evaluated += 1
        report.best_score = max(report.best_score, total)
        if total > report.expert_score and len(report.above_expert) < limit:
            report.above_expert.append({"plan": plan, "score": total})
        for f in found:
            report.by_rule[f.rule] += 1
            report.examples.setdefault(f.rule, {"plan": plan, "sentence": f.sentence, "guidance": f.guidance})
            if (
                not (f.what.strip() and f.why.strip() and f.guidance)
                and len(report.findings_without_text) < limit
            ):
                report.findings_without_text.append(f.rule)
        if found:
            report.unsafe += 1
            report.critical += any(f.critical for f in found)
            report.unsafe_best_score = max(report.unsafe_best_score, total)
            if total >= report.expert_score and len(report.unsafe_at_expert_score) < limit:
                report.unsafe_at_expert_score.append(
                    {"plan": plan, "score": total, "findings": [f.rule for f in found]}
                )
    return report
