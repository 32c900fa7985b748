"""Taper planner and the taper checks the scoring engine uses.

A plan starts from the current regimen (drug, strength, units per dose, doses a day) and lowers
the daily dose by a percentage of the original or of the current dose every ``interval_days``,
with optional pauses, until it reaches the target (by default, stopping). Each step's dose is one
the common tablet strengths can actually give (up to 4 tablets a dose, or 2 patches worn together),
spread over the day as evenly as they allow.

Rate rules (guidance ``tx.taper_rate``; ``tx.no_abrupt_stop`` for stopping at once):

- after a year or more on opioids, 10% a month or slower (CDC 2022);
- under a year, 10-25% a week or slower (seed A);
- faster than 25% a week is too fast for anyone.

Conventions (not fixed by the sources): a month is 30 days everywhere (``MONTH_DAYS``), so 10% a
month is about 2.3% a week; CDC's "a year or more" is read as 12 months or more.

Judging a plan's actual steps (``judge_steps``, used by the planner and by plan safety): each
step is its cut of the dose just before it, per 30 days, against the limit for the patient
(10% a month after a year or more, CDC 2022; 10% a week after shorter use, CDC's 2016
tapering guide; the article's 10-25% a week is shown as that article's figure). Below 30% of the
starting dose the steps should slow down (CDC 2016: about 10% of the remaining dose); the final
stop is expected from 10% of the starting dose or less.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from simulator.clinical.errors import ClinicalInputError, require_number
from simulator.clinical.findings import Finding, finding
from simulator.clinical.mme import FACTORS_2022, MAX_STRENGTH, MAX_UNITS, normalise_drug
from simulator.clinical.rules import (
    FINAL_STOP_FRACTION,
    FINAL_STOP_LEEWAY,
    LONG_TERM_MONTHLY_LIMIT,
    LONG_TERM_MONTHS,
    MONTH_DAYS,
    RATE_LEEWAY,
    SEED_A_WEEKLY_RANGE,
    SHORT_TERM_MONTHLY_LIMIT,
    SHORT_TERM_WEEKLY_LIMIT,
    TAIL_FRACTION,
    TOO_FAST_CRITICAL_RATIO,
    TOO_FAST_ERROR_RATIO,
)

#: Strengths each drug is marketed in (mg; mcg/hr for patches), tablets and capsules of every
#: release type together: the prescriber still chooses immediate- or extended-release products.
TABLET_STRENGTHS: dict[str, tuple[float, ...]] = {
    "codeine": (15, 30, 60),
    "fentanyl_patch": (12, 25, 37.5, 50, 62.5, 75, 87.5, 100),
    "hydrocodone": (5, 7.5, 10),
    "hydromorphone": (2, 4, 8),
    "methadone": (5, 10),
    "morphine": (15, 30, 60),
    "oxycodone": (5, 10, 15, 20, 30),
    "oxymorphone": (5, 10),
    "tapentadol": (50, 75, 100),
    "tramadol": (50,),
}
#: Scored immediate-release tablets that may be halved (US labels): the half strengths join the
#: pool. Extended-release tablets and patches are never cut.
SPLITTABLE: dict[str, tuple[float, ...]] = {
    "methadone": (5, 10),
    "morphine": (15, 30),
    "hydrocodone": (5, 10),
    "hydromorphone": (8,),
    "oxycodone": (5,),
    "tramadol": (50,),
}
#: Oral solutions used for tapers (mg per mL, measured to 1 mL): any dose in these steps can be
#: given, so a taper is not forced into large cuts at low doses. Methadone 5 mg/5 mL (programmes
#: dispense liquid) and morphine 10 mg/5 mL; other drugs' tapers are planned in tablets and
#: halves unless a case names its strengths.
ORAL_SOLUTION_MG_PER_ML: dict[str, float] = {"methadone": 1.0, "morphine": 2.0}

MAX_STEPS = 400
MAX_STRENGTHS = 12
MAX_UNITS_PER_DOSE = 20
MAX_RESOLUTION = 20_000
_NONE = 1 << 30
_SCALE = 100  # strengths are handled in hundredths to avoid float drift


@dataclass(frozen=True)
class TaperStep:
    """One step of the plan.

    ``doses``: the amount of each dose of the day; ``tablets``: for each dose, the fewest
    tablets (or patches) of the planned strengths that make it up;
    ``reduction_percent``: how much this step removes from the previous step's dose;
    ``pause_days``: extra days this dose is held before the next reduction.
    """

    number: int
    day: int
    daily_dose: float
    doses: tuple[float, ...]
    tablets: tuple[tuple[float, ...], ...]
    daily_mme: float
    percent_of_start: float
    reduction_percent: float
    pause_days: int = 0
    oral_solution: bool = False  # the doses are measured as oral solution, not tablets


@dataclass(frozen=True)
class TaperPlan:
    drug: str
    unit: str
    steps: tuple[TaperStep, ...]
    findings: tuple[Finding, ...]
    notes: tuple[str, ...]

    @property
    def total_days(self) -> int:
        return self.steps[-1].day


def weekly_rate_percent(percent: float, interval_days: float) -> float:
    """A reduction of ``percent`` every ``interval_days``, as percent per week (0% gives 0)."""
    pct = require_number(percent, "reduction percent", allow_zero=True, maximum=100)
    days = require_number(interval_days, "interval (days)")
    return pct * 7.0 / days


def rate_severity(ratio: float) -> str | None:
    """How serious a taper step is for its rate / limit ratio: None (within the limit, allowing
    ``RATE_LEEWAY``), ``caution``, ``error`` or ``critical``. The one scale the safety rules,
    ``check_taper_rate`` and ``check_taper_steps`` share."""
    if ratio <= RATE_LEEWAY + 1e-9:
        return None
    if ratio > TOO_FAST_CRITICAL_RATIO + 1e-9:
        return "critical"
    return "error" if ratio > TOO_FAST_ERROR_RATIO + 1e-9 else "caution"


#: A safety severity as a calculator's finding severity.
FINDING_SEVERITY = {"caution": "flag", "error": "fail", "critical": "critical"}


def rate_rule(months_on_opioids: float) -> tuple[str, tuple[str, ...]]:
    """The taper-rate rule for this length of use in words, and the sources it cites."""
    if monthly_limit(months_on_opioids) == LONG_TERM_MONTHLY_LIMIT:
        return "10% a month or slower after a year or more (CDC 2022)", ("CDC22",)
    low, high = SEED_A_WEEKLY_RANGE
    return (
        f"about {SHORT_TERM_WEEKLY_LIMIT:g}% a week or slower after less than a year (CDC 2016 tapering "
        f"guide; the Chronic Pain and Opioid Addiction article allows {low:g}-{high:g}% a week, which "
        "is that article's figure, not CDC's)",
        ("CDC16", "A"),
    )


def check_taper_rate(
    percent: float,
    interval_days: float,
    months_on_opioids: float,
    *,
    life_threatening_signs: bool = False,
) -> list[Finding]:
    """Judge a reduction of ``percent`` every ``interval_days`` for a patient on opioids for
    ``months_on_opioids``, by the same rule and scale as a plan's steps (:func:`rate_severity`).
    A 100% reduction is an abrupt stop (critical unless there are signs of a life-threatening
    problem such as confusion, sedation or slurred speech)."""
    require_number(percent, "reduction percent", maximum=100)
    weekly = weekly_rate_percent(percent, interval_days)
    months = require_number(months_on_opioids, "months on opioids", allow_zero=True)
    if percent >= 100:
        if life_threatening_signs:
            return [
                finding(
                    "tx.no_abrupt_stop",
                    "pass",
                    "Stopping at once is acceptable here because of signs of a life-threatening "
                    "problem (e.g. confusion, sedation, slurred speech).",
                    ("CDC22",),
                )
            ]
        return [
            finding(
                "tx.no_abrupt_stop",
                "critical",
                "Stopping the opioid all at once: long-term opioids must be reduced gradually "
                "unless there are signs of a life-threatening problem.",
            )
        ]
    rule, sources = rate_rule(months)
    monthly = percent * MONTH_DAYS / interval_days
    severity = rate_severity(monthly / monthly_limit(months))
    rate = f"{percent:g}% every {interval_days:g} days is about {weekly:.1f}% a week"
    if severity is None:
        return [finding("tx.taper_rate", "pass", f"{rate}: this meets {rule}.", sources)]
    return [
        finding(
            "tx.taper_rate",
            FINDING_SEVERITY[severity],  # type: ignore[arg-type]
            f"{rate}: faster than {rule}.",
            sources,
        )
    ]


def monthly_limit(months_on_opioids: float) -> float:
    """The fastest advised cut of the current dose per 30 days for this length of use."""
    months = require_number(months_on_opioids, "months on opioids", allow_zero=True)
    return LONG_TERM_MONTHLY_LIMIT if months >= LONG_TERM_MONTHS else SHORT_TERM_MONTHLY_LIMIT


@dataclass(frozen=True)
class StepRate:
    """One reduction judged: from ``from_fraction`` of the starting dose, ``cut_percent`` of the
    dose before it, ``monthly_percent`` that cut per 30 days."""

    number: int
    from_fraction: float
    cut_percent: float
    days: int
    monthly_percent: float
    tail: bool
    final: bool


@dataclass(frozen=True)
class TaperJudgement:
    """A taper's steps against the limit: the worst ratio (rate / limit) before and after the
    dose falls below 30% of the start, and the share of the start the final stop comes from."""

    limit: float
    rates: tuple[StepRate, ...]
    worst: StepRate | None
    worst_tail: StepRate | None
    final_from: float | None

    @property
    def ratio(self) -> float:
        return self.worst.monthly_percent / self.limit if self.worst else 0.0

    @property
    def too_fast(self) -> bool:
        return rate_severity(self.ratio) is not None

    @property
    def severity(self) -> str | None:
        """``caution``, ``error``, ``critical`` or None, by :func:`rate_severity`."""
        return rate_severity(self.ratio)

    @property
    def tail_too_fast(self) -> bool:
        """Below 30% of the start the cuts are too fast and faster than before: speeding up."""
        return rate_severity(self.tail_ratio) is not None and self.tail_ratio > self.ratio + 1e-9

    @property
    def final_too_high(self) -> bool:
        """The last step stops from more than about a tenth of the start."""
        highest = FINAL_STOP_FRACTION * FINAL_STOP_LEEWAY + 1e-9
        return self.final_from is not None and self.final_from > highest

    @property
    def tail_ratio(self) -> float:
        return self.worst_tail.monthly_percent / self.limit if self.worst_tail else 0.0


def judge_steps(doses: Sequence[float], days: Sequence[int], months_on_opioids: float) -> TaperJudgement:
    """Judge a taper from its daily doses (the first is the start) and the days each dose was
    held before the next one."""
    limit = monthly_limit(months_on_opioids)
    if len(doses) < 2 or len(days) < len(doses) - 1 or doses[0] <= 0:
        raise ClinicalInputError("a taper needs a starting dose and at least one step")
    rates = []
    for n in range(1, len(doses)):
        prev, new, held = doses[n - 1], doses[n], max(1, int(days[n - 1]))
        if prev <= 0:
            break
        cut = 100 * (prev - new) / prev
        rates.append(
            StepRate(
                number=n,
                from_fraction=prev / doses[0],
                cut_percent=round(cut, 1),
                days=held,
                monthly_percent=round(cut * MONTH_DAYS / held, 1),
                tail=prev / doses[0] <= TAIL_FRACTION + 1e-9,
                final=new <= 0,
            )
        )
    main = [r for r in rates if not r.final and not r.tail]
    small = FINAL_STOP_FRACTION + 1e-9  # the last cuts from a tenth of the start are not judged
    tail = [r for r in rates if not r.final and r.tail and r.from_fraction > small]
    final = next((r for r in rates if r.final), None)
    if final is not None and not main and not final.tail:
        main = [final]  # a taper that is one step to nothing is judged as that step
    return TaperJudgement(
        limit=limit,
        rates=tuple(rates),
        worst=max(main, key=lambda r: r.monthly_percent, default=None),
        worst_tail=max(tail, key=lambda r: r.monthly_percent, default=None),
        final_from=final.from_fraction if final else None,
    )


def prescribed_doses(percent: float, interval_days: int, basis: str) -> tuple[list[float], list[int]]:
    """The doses (as fractions of the start) a plan of ``percent`` every ``interval_days`` gives,
    before any tablet rounding: ``original`` cuts the same amount each time; ``current`` cuts a
    share of the dose just before, and stops once the dose is 10% of the start or less."""
    pct = require_number(percent, "reduction percent", maximum=100) / 100
    interval = int(require_number(interval_days, "interval (days)", maximum=365))
    doses = [1.0]
    while doses[-1] > 0 and len(doses) <= MAX_STEPS:
        if basis == "original":
            nxt = 1.0 - pct * len(doses)
        else:
            nxt = doses[-1] * (1 - pct) if doses[-1] > FINAL_STOP_FRACTION + 1e-9 else 0.0
        doses.append(max(0.0, round(nxt, 9)))
    return doses, [interval] * (len(doses) - 1)


def check_taper_steps(
    steps: Sequence[TaperStep], months_on_opioids: float, *, interval_days: int
) -> list[Finding]:
    """Judge the steps a plan actually plays, each against the dose before it: the same
    judgement (:func:`judge_steps`, :func:`rate_severity`) the plan-safety rules make."""
    doses = [s.daily_dose for s in steps]
    held = [max(1, b.day - a.day) for a, b in zip(steps, steps[1:], strict=False)]
    if len(steps) == 2 and held == [0]:
        held = [interval_days]
    judged = judge_steps(doses, held, months_on_opioids)
    rule, source = rate_rule(months_on_opioids)
    items: list[Finding] = []
    severity = rate_severity(judged.ratio) if judged.worst is not None else None
    if judged.worst is not None and severity is not None:
        w = judged.worst
        items.append(
            finding(
                "tx.taper_rate",
                FINDING_SEVERITY[severity],  # type: ignore[arg-type]
                f"Step {w.number} cuts {w.cut_percent:g}% of the dose before it in {w.days} days "
                f"(about {w.monthly_percent:g}% a month): faster than {rule}.",
                source,
            )
        )
    if judged.worst_tail is not None and judged.tail_too_fast:
        w = judged.worst_tail
        items.append(
            finding(
                "tx.taper_supervised",
                "flag",
                f"Step {w.number} cuts {w.cut_percent:g}% of a dose already at "
                f"{100 * w.from_fraction:.0f}% of the start: slow down as the dose falls.",
                ("CDC22",),
            )
        )
    if judged.final_from is not None and judged.final_too_high:
        items.append(
            finding(
                "tx.taper_supervised",
                "flag",
                f"The last step stops from {100 * judged.final_from:.0f}% of the starting dose; "
                "stop from about a tenth of the start or less.",
                ("CDC22",),
            )
        )
    if not items:
        items.append(finding("tx.taper_rate", "pass", f"Every step meets {rule}.", source))
    return items


class _TabletTable:
    """The fewest tablets for every amount up to ``limit`` (in hundredths), built once."""

    def __init__(self, units: Sequence[int], limit: int) -> None:
        self.units = sorted(set(units))
        self.step = math.gcd(*self.units)
        size = limit // self.step
        if size > MAX_RESOLUTION:
            raise ClinicalInputError(
                "the tablet strengths are too fine for this dose; give realistic strengths"
            )
        self.count = [0] + [_NONE] * size
        self.last = [0] * (size + 1)
        for i in range(1, size + 1):
            for unit in self.units:
                j = i - unit // self.step
                if j >= 0 and self.count[j] + 1 < self.count[i]:
                    self.count[i], self.last[i] = self.count[j] + 1, unit

    def amounts(self, most: int) -> list[int]:
        """Every amount one dose can hold with at most ``most`` tablets, including 0."""
        return [i * self.step for i, n in enumerate(self.count) if n <= most]

    def tablets(self, amount: int) -> tuple[int, ...] | None:
        """The fewest tablets making ``amount`` exactly (largest first), or None."""
        i, rest = divmod(amount, self.step)
        if rest or i >= len(self.count) or self.count[i] == _NONE:
            return None
        used = []
        while i:
            used.append(self.last[i])
            i -= self.last[i] // self.step
        return tuple(sorted(used, reverse=True))


def _units(strengths: Sequence[float]) -> list[int]:
    return [round(require_number(s, "tablet strength", maximum=MAX_STRENGTH) * _SCALE) for s in strengths]


def _daily_options(per_dose: list[int], doses_per_day: int) -> dict[int, tuple[int, ...]]:
    """Daily totals reachable with doses as even as possible: k doses of b, the rest of a."""
    options: dict[int, tuple[int, ...]] = {}
    for a, b in zip(per_dose, per_dose[1:], strict=False):
        for k in range(doses_per_day + 1):
            total = k * b + (doses_per_day - k) * a
            doses = tuple(d for d in (b,) * k + (a,) * (doses_per_day - k) if d)
            options.setdefault(total, doses)
    return options


def _next_total(totals: Sequence[int], wanted: float, current: int, floor: int) -> int:
    """The reachable total below ``current`` nearest ``wanted`` without going under ``floor``,
    never cutting more than planned when a dose between ``wanted`` and ``current`` exists (the
    played taper is never faster than the prescribed one unless the strengths force it); if
    nothing lies between, the highest total below ``current``. ``totals`` is sorted and holds 0."""
    top = bisect.bisect_left(totals, current)  # totals[:top] are below current
    bottom = bisect.bisect_left(totals, floor, 0, top)
    if bottom == top:
        return totals[top - 1]
    at = bisect.bisect_left(totals, wanted - 1e-6, bottom, top)
    if at < top:
        return totals[at]  # the smallest reachable cut that is at least the planned dose
    return totals[top - 1]


def _validate_pauses(pauses: Mapping[int, int] | None) -> dict[int, int]:
    checked: dict[int, int] = {}
    for step, days in (pauses or {}).items():
        if isinstance(step, bool) or not isinstance(step, int) or step < 0:
            raise ClinicalInputError(f"a pause must follow a step number (0 or more), not {step!r}")
        hold = require_number(days, f"pause after step {step} (days)", maximum=365)
        if hold != int(hold):
            raise ClinicalInputError(f"pause after step {step} must be whole days, not {days:g}")
        checked[step] = int(hold)
    return checked


class _Ladder:
    """What a plan's steps are built from: reachable daily totals and how to describe them."""

    def __init__(
        self,
        key: str,
        pool: tuple[float, ...],
        per_dose_start: int,
        per_day: int,
        start_units: int,
        solution_step: float = 0,
    ) -> None:
        units = _units(pool)
        most_needed = math.ceil(per_dose_start / max(units))
        if most_needed > MAX_UNITS_PER_DOSE:
            raise ClinicalInputError(
                f"the starting dose needs {most_needed} units a dose of the largest strength; "
                "give the strengths actually used"
            )
        most = max(2 if key == "fentanyl_patch" else 4, most_needed)
        self.table = _TabletTable(units, per_dose_start + max(units))
        amounts = set(self.table.amounts(most))
        step = round(solution_step * _SCALE)
        if step > 0:  # an oral solution measures any dose in whole millilitres
            amounts |= set(range(0, per_dose_start + 1, step))
        self.most = most
        self.options = _daily_options(sorted(amounts), per_day)
        self.totals = sorted(self.options)
        self.factor = FACTORS_2022[key]
        self.start_units = start_units

    def step(self, number: int, day: int, units: int, prev: int, pause: int) -> TaperStep:
        doses = self.options[units]
        made = [self.table.tablets(d) for d in doses]
        solution = any(m is None or len(m) > self.most for m in made)
        tablets = tuple(tuple(u / _SCALE for u in m or ()) if not solution else () for m in made)
        found = self.described(number, day, units, doses, prev, pause, tablets)
        return replace(found, oral_solution=solution) if solution else found

    def described(
        self,
        number: int,
        day: int,
        units: int,
        doses: tuple[int, ...],
        prev: int,
        pause: int,
        tablets: tuple[tuple[float, ...], ...],
    ) -> TaperStep:
        daily = units / _SCALE
        return TaperStep(
            number=number,
            day=day,
            daily_dose=daily,
            doses=tuple(d / _SCALE for d in doses),
            tablets=tablets,
            daily_mme=round(daily * self.factor, 2),
            percent_of_start=round(100 * units / self.start_units, 1),
            reduction_percent=round(100 * (prev - units) / prev, 1) if prev else 0.0,
            pause_days=pause,
        )


def marketed_strengths(key: str) -> tuple[float, ...]:
    """The strengths a drug's doses can be built from: its marketed tablets (or patches) and the
    halves of its scored immediate-release tablets."""
    halves = tuple(s / 2 for s in SPLITTABLE.get(key, ()))
    return tuple(sorted(set(TABLET_STRENGTHS[key]) | set(halves)))


def _strength_pool(key: str, strengths: Sequence[float] | None) -> tuple[float, ...]:
    pool = tuple(strengths) if strengths is not None else marketed_strengths(key)
    if not pool:
        raise ClinicalInputError("give at least one tablet strength")
    if len(set(pool)) > MAX_STRENGTHS:
        raise ClinicalInputError(f"give at most {MAX_STRENGTHS} tablet strengths")
    return tuple(require_number(value, f"{key} tablet strength", maximum=MAX_STRENGTH) for value in pool)


def _estimated_steps(start: float, floor: float, pct: float, basis: str, lowest: float) -> int:
    """Roughly how many reductions the plan needs (before tablet rounding)."""
    if pct >= 100:
        return 1
    if basis == "original":
        return math.ceil((start - floor) / (start * pct / 100))
    low = max(floor, lowest)
    return max(1, math.ceil(math.log(low / start) / math.log(1 - pct / 100)) + 1)


def _too_many_steps() -> ClinicalInputError:
    return ClinicalInputError(
        f"this taper would need more than {MAX_STEPS} steps; use a larger reduction or a longer interval"
    )


def _doses_per_day(key: str, doses_per_day: int) -> int:
    if isinstance(doses_per_day, bool) or doses_per_day not in range(1, 13):
        raise ClinicalInputError(f"doses per day must be a whole number from 1 to 12, not {doses_per_day!r}")
    if key == "fentanyl_patch" and doses_per_day != 1:
        raise ClinicalInputError(
            "fentanyl patches are planned as 1 dose a day (patch strength in mcg/hr, patches "
            "worn together as units per dose)"
        )
    return int(doses_per_day)


def _whole_days(value: float, what: str) -> int:
    days = require_number(value, what, maximum=365)
    if days != int(days):
        raise ClinicalInputError(f"{what} must be whole days, not {value:g}")
    return int(days)


def plan_taper(
    drug: str,
    strength: float,
    doses_per_day: int,
    percent: float,
    interval_days: int,
    months_on_opioids: float,
    *,
    per_dose: float = 1,
    basis: str = "original",
    pauses: Mapping[int, int] | None = None,
    target_daily: float = 0,
    strengths: Sequence[float] | None = None,
    life_threatening_signs: bool = False,
    oral_solution: bool | None = None,
) -> TaperPlan:
    """Plan a taper from ``strength`` x ``per_dose``, ``doses_per_day`` times a day.

    ``basis``: ``original`` (each step removes ``percent`` of the starting dose) or ``current``
    (each step removes ``percent`` of the dose just before it). ``pauses``: {step number: extra
    days to hold that step}. ``target_daily``: the daily dose to stop at (0 = discontinue).
    ``strengths``: the tablet strengths to build doses from (default: the marketed strengths and
    the halves of scored tablets, :func:`marketed_strengths`). ``oral_solution``: whether doses
    the tablets cannot make may be measured as oral solution (default: when the drug has one and
    no strengths are given). This one function makes the steps the course plays, the safety rules
    judge and ``calc taper`` prints (:func:`played_fractions`).
    """
    key = normalise_drug(drug)
    unit = "mcg/hr" if key == "fentanyl_patch" else "mg/day"
    strength = require_number(strength, f"{key} strength", maximum=MAX_STRENGTH)
    units_per_dose = require_number(per_dose, f"{key} units per dose", maximum=MAX_UNITS)
    per_day = _doses_per_day(key, doses_per_day)
    pct = require_number(percent, "reduction percent", maximum=100)
    interval = _whole_days(interval_days, "interval (days)")
    if basis not in ("original", "current"):
        raise ClinicalInputError(f"basis must be 'original' or 'current', not {basis!r}")
    hold = _validate_pauses(pauses)
    findings = check_taper_rate(
        pct, interval, months_on_opioids, life_threatening_signs=life_threatening_signs
    )
    pool = _strength_pool(key, strengths)
    start = strength * units_per_dose * per_day
    floor = require_number(target_daily, "target daily dose", allow_zero=True)
    if floor >= start:
        raise ClinicalInputError(
            f"target daily dose {floor:g} is not below the starting dose {start:g} {unit}"
        )

    if _estimated_steps(start, floor, pct, basis, min(pool)) > MAX_STEPS:
        raise _too_many_steps()
    per_dose_start = round(strength * units_per_dose * _SCALE)
    if oral_solution is None:
        oral_solution = strengths is None
    solution = ORAL_SOLUTION_MG_PER_ML.get(key, 0.0) if oral_solution else 0.0
    ladder = _Ladder(key, pool, per_dose_start, per_day, round(start * _SCALE), solution)
    start_tablets = ((strength,) * int(units_per_dose),) * per_day
    if units_per_dose != int(units_per_dose):  # part tablets: describe with the usual strengths
        used = ladder.table.tablets(per_dose_start)
        start_tablets = (tuple(u / _SCALE for u in used),) * per_day if used else ()
    steps = [
        ladder.described(
            0, 0, ladder.start_units, (per_dose_start,) * per_day, 0, hold.get(0, 0), start_tablets
        )
    ]
    current, floor_units, forced = ladder.start_units, round(floor * _SCALE), []
    while current > floor_units:
        if len(steps) > MAX_STEPS:
            raise _too_many_steps()
        if basis == "original":
            wanted = ladder.start_units * (1 - pct / 100 * len(steps))
        elif current <= FINAL_STOP_FRACTION * ladder.start_units + 1e-6:
            wanted = floor_units  # a share of the current dose: stop from a tenth of the start
        else:
            wanted = current * (1 - pct / 100)
        wanted = max(wanted, floor_units)
        chosen = _next_total(ladder.totals, wanted, current, floor_units)
        if chosen < floor_units:
            break  # nothing reachable between the target and the current dose: stop above it
        # a cut the strengths force larger than planned waits longer, so the rate stays as planned
        stretch = (current - chosen) / (current - wanted) if current > wanted else 1.0
        gap = interval if stretch <= 1 + 1e-9 else math.ceil(interval * stretch - 1e-9)
        if chosen and stretch > 1.5:
            forced.append(len(steps))
        day = steps[-1].day + gap + steps[-1].pause_days
        steps.append(ladder.step(len(steps), day, chosen, current, hold.get(len(steps), 0)))
        current = chosen

    if max(hold, default=0) >= len(steps) - 1:
        raise ClinicalInputError(
            f"pause after step {max(hold)}, but the taper has only {len(steps) - 1} steps before its end"
        )
    if pct < 100 or life_threatening_signs:
        findings = [f for f in findings if f.guidance_id == "tx.no_abrupt_stop"]
        findings += check_taper_steps(steps, months_on_opioids, interval_days=interval)
    return TaperPlan(
        key, unit, tuple(steps), tuple(findings + _extra_findings(hold)), _notes(steps, pct, forced)
    )


def _extra_findings(hold: Mapping[int, int]) -> list[Finding]:
    if not hold:
        return []
    return [finding("tx.taper_supervised", "pass", "Pauses are built into the plan, as the guidance allows.")]


def _notes(steps: list[TaperStep], pct: float, forced: list[int]) -> tuple[str, ...]:
    notes: list[str] = []
    if len(steps) == 2 and steps[1].daily_dose == 0 and pct < 100:
        notes.append(
            "The starting dose is already the lowest the tablet strengths allow, so the next "
            "step is stopping."
        )
    if forced:
        notes.append(
            f"Tablet strengths force larger reductions than planned at step(s) "
            f"{', '.join(map(str, forced))}; those steps wait longer, so the rate stays as planned."
        )
    notes.append(
        "Review at least monthly during the taper and adjust to how the patient copes; slow down "
        "as the dose gets lower."
    )
    return tuple(notes)


def played_fractions(
    drug: str,
    strength: float,
    doses_per_day: int,
    percent: float,
    interval_days: int,
    *,
    per_dose: float = 1,
    basis: str = "original",
    strengths: Sequence[float] | None = None,
) -> tuple[list[float], list[int]]:
    """The daily doses a taper really plays, as fractions of the start (the first is 1), and the
    days each is held: the planner's steps with real strengths (:func:`plan_taper`), or, when the
    regimen cannot be planned (an unknown strength), the prescribed fractions
    (:func:`prescribed_doses`). The course model and the plan-safety rules both call this."""
    try:
        plan = plan_taper(
            drug,
            strength,
            int(doses_per_day),
            percent,
            interval_days,
            0,
            per_dose=per_dose,
            basis=basis,
            strengths=strengths,
        )
    except ClinicalInputError:
        return prescribed_doses(percent, interval_days, basis)
    start = plan.steps[0].daily_dose or 1.0
    doses = [s.daily_dose / start for s in plan.steps]
    return doses, [max(1, b.day - a.day) for a, b in zip(plan.steps, plan.steps[1:], strict=False)]
