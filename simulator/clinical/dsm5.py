"""DSM-5 opioid use disorder: the 11 criteria, the supervised-use rule, severity and remission.

``assess`` takes either a set of criterion ids (all present within the last 12 months) or a
timeline: a mapping from criterion id to when it was present, in months ago (one number or
several; 0 = now). The timeline lets the assessment apply the 12-month window and the remission
specifiers.

Conventions (the reference marks them as interpretation, flagged for clinical review):

- Once use goes outside the prescription, the patient is no longer "solely under medical
  supervision", so tolerance and withdrawal count (``supervised_prescribed_only=False``).
- Criteria count together when they fall within 12 months of each other (inclusive).
- While a criterion other than craving was present in the last 3 months, an earlier diagnosis
  is treated as current; remission needs 3 months free of all criteria but craving.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from simulator.clinical.errors import ClinicalInputError, require_number
from simulator.clinical.findings import Citation

WINDOW_MONTHS = 12.0
EARLY_REMISSION_MONTHS = 3.0
SUSTAINED_REMISSION_MONTHS = 12.0
SUPERVISED_EXCLUDED = frozenset({"tolerance", "withdrawal"})


@dataclass(frozen=True)
class Criterion:
    id: str
    number: int
    title: str
    description: str
    #: a shorter title where room is tight (the interview's DSM-5 tracker); the title otherwise
    short: str = ""


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "larger_longer",
        1,
        "More or longer than intended",
        "Takes opioids in larger amounts or for longer than planned.",
        short="More than intended",
    ),
    Criterion(
        "cut_down",
        2,
        "Cannot cut down",
        "Keeps wanting to cut down or control use, or has tried and failed.",
    ),
    Criterion(
        "time_spent",
        3,
        "Much time spent",
        "Spends a lot of time getting opioids, using them or recovering from them.",
    ),
    Criterion("craving", 4, "Craving", "Has strong urges or cravings to use opioids."),
    Criterion(
        "role_failure",
        5,
        "Fails major roles",
        "Use repeatedly leads to falling short at work, school or home.",
    ),
    Criterion(
        "social_problems",
        6,
        "Social problems",
        "Keeps using although it causes or worsens repeated problems with other people.",
    ),
    Criterion(
        "activities_given_up",
        7,
        "Activities given up",
        "Has given up or cut back important social, work or leisure activities.",
    ),
    Criterion(
        "hazardous_use",
        8,
        "Hazardous use",
        "Uses repeatedly in situations where it is physically dangerous, such as driving.",
    ),
    Criterion(
        "use_despite_harm",
        9,
        "Use despite harm",
        "Keeps using while knowing it causes or worsens a physical or mental health problem.",
    ),
    Criterion(
        "tolerance",
        10,
        "Tolerance",
        "Needs clearly more for the same effect, or gets clearly less effect from the same "
        "amount. Not counted when opioids are taken only as prescribed under supervision.",
    ),
    Criterion(
        "withdrawal",
        11,
        "Withdrawal",
        "Has the opioid withdrawal syndrome, or takes opioids to relieve or avoid it. Not "
        "counted when opioids are taken only as prescribed under supervision.",
    ),
)
CRITERION_IDS: tuple[str, ...] = tuple(c.id for c in CRITERIA)
_BY_ID = {c.id: c for c in CRITERIA}


@dataclass(frozen=True)
class Exclusion:
    """A criterion that was reported but not counted, and why."""

    criterion: str
    reason: str


@dataclass(frozen=True)
class OudAssessment:
    """The outcome of a DSM-5 opioid use disorder assessment.

    ``status``: ``none``, ``current``, ``early remission`` or ``sustained remission``.
    ``severity``: ``none``, ``mild``, ``moderate`` or ``severe`` (for remission, the severity
    when criteria were last fully met). ``counted`` lists the criteria behind ``count``, in
    DSM order.
    """

    count: int
    severity: str
    status: str
    counted: tuple[str, ...]
    excluded: tuple[Exclusion, ...]
    specifiers: tuple[str, ...]
    explanation: tuple[str, ...]
    citations: tuple[Citation, ...]

    @property
    def has_oud(self) -> bool:
        return self.status != "none"

    @property
    def label(self) -> str:
        if not self.has_oud:
            return "No opioid use disorder"
        return ", ".join([f"Opioid use disorder, {self.severity}", *self.specifiers])


SEVERITY_BANDS: tuple[tuple[str, int, int], ...] = (
    ("none", 0, 1),
    ("mild", 2, 3),
    ("moderate", 4, 5),
    ("severe", 6, 11),
)
"""(severity, fewest, most criteria) within one 12-month period (guidance ``dx.severity_bands``)."""


def severity_for_count(n: int) -> str:
    """DSM-5 severity for a number of criteria met in one 12-month period."""
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= len(CRITERIA):
        raise ClinicalInputError(f"criteria count must be a whole number from 0 to 11, not {n!r}")
    return next(name for name, low, high in SEVERITY_BANDS if low <= n <= high)


def _timeline(
    criteria: Iterable[str] | Mapping[str, float | Iterable[float]],
) -> dict[str, list[float]]:
    if isinstance(criteria, str):
        raise ClinicalInputError("give criteria as a collection of ids, not a single string")
    items = criteria.items() if isinstance(criteria, Mapping) else ((c, 0.0) for c in criteria)
    timeline: dict[str, list[float]] = {}
    for cid, when in items:
        if cid not in _BY_ID:
            raise ClinicalInputError(
                f"unknown DSM-5 criterion {cid!r}: use one of {', '.join(CRITERION_IDS)}"
            )
        times = [when] if isinstance(when, int | float | str) else list(when)
        if not times:
            raise ClinicalInputError(f"criterion {cid!r} needs at least one time (months ago)")
        timeline[cid] = sorted(require_number(t, f"months ago for {cid}", allow_zero=True) for t in times)
    return timeline


def _best_window(timeline: dict[str, list[float]]) -> set[str]:
    """The criteria of the 12-month window holding the most of them (most recent on ties)."""
    best: set[str] = set()
    for start in sorted({t for times in timeline.values() for t in times}):
        inside = {
            c for c, times in timeline.items() if any(start <= t <= start + WINDOW_MONTHS for t in times)
        }
        if len(inside) > len(best):
            best = inside
    return best


def counted_criteria(criteria: Iterable[str], supervised_prescribed_only: bool) -> tuple[str, ...]:
    """The criteria that count toward opioid use disorder, in DSM-5 order (the supervised-use rule).

    Under solely prescribed use with medical supervision, tolerance and withdrawal are
    physical dependence and do not count (guidance ``dx.supervised_exclusion``). This is the
    one home of the rule: the engine, the scenario checks and the assessment form call it.
    """
    chosen = set(criteria)
    if supervised_prescribed_only:
        chosen -= SUPERVISED_EXCLUDED
    return tuple(c for c in CRITERION_IDS if c in chosen)


def _ordered(ids: Iterable[str]) -> tuple[str, ...]:
    chosen = set(ids)
    return tuple(c for c in CRITERION_IDS if c in chosen)


def assess(
    criteria: Iterable[str] | Mapping[str, float | Iterable[float]],
    supervised_prescribed_only: bool,
    *,
    on_maintenance_therapy: bool = False,
    controlled_environment: bool = False,
) -> OudAssessment:
    """Assess opioid use disorder from the criteria found (see the module docstring).

    ``supervised_prescribed_only``: opioids taken only as prescribed under appropriate medical
    supervision, so tolerance and withdrawal do not count. ``on_maintenance_therapy``: taking a
    prescribed agonist or antagonist for opioid use disorder (tolerance and withdrawal to it do
    not count either).
    """
    timeline = _timeline(criteria)
    citations = [Citation.of("dx.severity_bands")]
    excluded: list[Exclusion] = []
    explanation: list[str] = []

    exclude = SUPERVISED_EXCLUDED & timeline.keys()
    only_medicine_effects = not timeline.keys() - SUPERVISED_EXCLUDED - {"craving"}
    if exclude and (supervised_prescribed_only or (on_maintenance_therapy and only_medicine_effects)):
        reason = (
            "opioids are taken only as prescribed under medical supervision"
            if supervised_prescribed_only
            else "tolerance to and withdrawal from a maintenance medicine do not count"
        )
        for cid in _ordered(exclude):
            excluded.append(Exclusion(cid, reason))
            del timeline[cid]
        citations.append(Citation.of("dx.supervised_exclusion"))
        explanation.append(
            f"{' and '.join(_ordered(exclude))} not counted because {reason} "
            "(physical dependence, not by itself a disorder)."
        )

    window = _best_window(timeline)
    outside = sorted(timeline.keys() - window)
    if outside:
        for cid in _ordered(outside):
            excluded.append(Exclusion(cid, "outside the 12-month period with the most criteria"))
        explanation.append(
            f"Not added (outside the 12-month period with the most criteria): {', '.join(_ordered(outside))}."
        )
    count = len(window)
    if count < 2:
        explanation.append(
            f"{count} {'criterion' if count == 1 else 'criteria'} within any one 12-month "
            "period; at least 2 are needed for opioid use disorder."
        )
        return OudAssessment(
            count,
            "none",
            "none",
            _ordered(window),
            tuple(excluded),
            (),
            tuple(explanation),
            tuple(citations),
        )

    severity = severity_for_count(count)
    # Remission looks at criteria other than craving (and, on maintenance therapy, other than
    # tolerance to and withdrawal from the maintenance medicine).
    ignore = {"craving"} | (SUPERVISED_EXCLUDED if on_maintenance_therapy else set())
    months_clear = min(min(times) for cid, times in timeline.items() if cid not in ignore)
    specifiers: list[str] = []
    if months_clear < EARLY_REMISSION_MONTHS:
        status = "current"
        explanation.append(
            f"{count} criteria within one 12-month period ({', '.join(_ordered(window))}): "
            f"{severity} (2-3 mild, 4-5 moderate, 6 or more severe)."
        )
    else:
        citations.append(Citation.of("dx.remission"))
        status = "sustained remission" if months_clear >= SUSTAINED_REMISSION_MONTHS else "early remission"
        specifiers.append(f"in {status}")
        explanation.append(
            f"Criteria were fully met in the past ({count} within 12 months: {severity}), and no "
            f"criterion other than craving has been present for {months_clear:g} months: "
            f"{status} (3 to under 12 months early, 12 or more sustained)."
        )
        if on_maintenance_therapy:
            specifiers.append("on maintenance therapy")
        if controlled_environment:
            specifiers.append("in a controlled environment")
    return OudAssessment(
        count,
        severity,
        status,
        _ordered(window),
        tuple(excluded),
        tuple(specifiers),
        tuple(explanation),
        tuple(citations),
    )
