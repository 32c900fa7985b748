"""The one home of every timing and threshold rule: waits, washouts, COWS cut-offs, taper rates,
dose limits, follow-up intervals and the risk factors that raise a finding's severity.

The safety rules (:mod:`simulator.clinical.safety`), the calculators (:mod:`~simulator.clinical.moud`,
:mod:`~simulator.clinical.taper`), the course model (:mod:`simulator.patient.course`) and the
debrief all read these names; none keeps a copy (``tests/clinical/test_rules_home.py`` checks).
Where a source gives a range the value chosen is said, with the source, in docs/SAFETY.md.

Opioid kinds, by how they are timed: ``short_acting``, ``long_acting``, ``methadone``,
``fentanyl`` (illicit fentanyl, e.g. found on a urine screen), ``fentanyl_patch`` (a prescribed
transdermal patch: a skin depot keeps releasing fentanyl after removal, and serum levels halve
only about every 17-20 hours), ``buprenorphine``.
"""

from __future__ import annotations

from collections.abc import Iterable

# ---------------------------------------------------------------- time
MONTH_DAYS = 30  # one definition of a month for every rule, label and calculator

# ---------------------------------------------------------------- buprenorphine starts
#: Minimum hours after the last dose before a standard start (ASAM 2020: 6-12 h after a
#: short-acting opioid, 24-72 h after a long-acting one or methadone; protocol summaries: 12 h
#: or more after illicit fentanyl; after a patch is removed serum fentanyl halves only every
#: 17-20 h (patch labels), so 48 h, about three half-lives, is this project's convention).
MIN_WAIT_HOURS: dict[str, int] = {
    "short_acting": 6,
    "fentanyl": 12,
    "long_acting": 24,
    "methadone": 24,
    "fentanyl_patch": 48,
}
USUAL_WAIT: dict[str, str] = {
    "short_acting": "6-12 hours",
    "fentanyl": "12 hours or more",
    "long_acting": "24-72 hours",
    "methadone": "24-72 hours",
    "fentanyl_patch": "48 hours or more after the patch comes off",
}
#: How long after the last dose low COWS still means the opioid is on the receptors.
RECENT_HOURS: dict[str, int] = {
    "short_acting": 72,
    "fentanyl": 72,
    "long_acting": 168,
    "methadone": 168,
    "fentanyl_patch": 168,
}
#: Kinds after which even a correctly timed standard start stays a moderate risk (fentanyl's
#: fat stores; precipitated withdrawal after the usual wait is reported): a low-dose start is
#: the safer default.
LOW_DOSE_PREFERRED = frozenset({"fentanyl", "fentanyl_patch"})
COWS_READY = 8  # objective withdrawal (protocols use 8-12)
# after fentanyl (urine or history), a standard start waits for clear withdrawal and longer
# (SAMHSA 2021 advisory on fentanyl and buprenorphine starts; ASAM 2020 focused update)
FENTANYL_COWS = 13
FENTANYL_WAIT_HOURS = 24
COWS_MINIMUM = 5  # below this, with recent use, a standard start fails
METHADONE_SWITCH_MG = 40  # ASAM 2020: standard switch tolerated at about 30-40 mg or less
METHADONE_SWITCH_RECENT_HOURS = 72
FIRST_DOSE_MAX_MG = 4  # label: 2-4 mg, then reassess
DAY1_MAX_MG = 8  # label: up to 8 mg on day 1
#: The usual maintenance range. FDA's notice of 27 Dec 2024 (89 FR 105613) and the 2025 label
#: changes removed the 16 mg "target" and say more than 24 mg a day may be appropriate for some
#: patients (notably after fentanyl): above the range is discussed, never failed.
MAINTENANCE_RANGE_MG = (4, 24)
LOW_DOSE_FIRST_MAX_MG = 1
LOW_DOSE_OVERLAP_DAYS = 7  # the full agonist stops after about a week of overlap (7-10 days)

# ---------------------------------------------------------------- extended-release naltrexone
NALTREXONE_MIN_DAYS = 7  # under this, a start is critical whatever the opioid
#: Opioid-free days before extended-release naltrexone (FDA label: 7-10 days; up to 14 after
#: methadone or buprenorphine). A patch counts as long-acting.
NALTREXONE_FREE_DAYS: dict[str, int] = {
    "short_acting": 7,
    "fentanyl": 7,
    "long_acting": 10,
    "fentanyl_patch": 10,
    "methadone": 14,
    "buprenorphine": 14,
}

# ---------------------------------------------------------------- methadone starts
#: Methadone accumulates: with a half-life of about a day or more, each day's level rises for
#: 4-5 days on the same dose (TIP 63; SAMHSA 2007 expert panel). The first two weeks are the
#: period of highest overdose risk, more so with benzodiazepines or another full agonist.
METHADONE_STEADY_STATE_DAYS = 5
METHADONE_HIGH_RISK_DAYS = 14
METHADONE_START_MG = 30  # TIP 63: first dose 10-30 mg, day 1 at most 40 mg
METHADONE_TARGET_MG = 80  # a usual maintenance dose after titration (60-120 mg)
METHADONE_TITRATION_DAYS = 28  # 5-10 mg every 3-5 days from the start to maintenance

# ---------------------------------------------------------------- tapers
LONG_TERM_MONTHS = 12.0  # CDC 2022's "a year or more"
LONG_TERM_MONTHLY_LIMIT = 10.0  # CDC 2022 Rec 5: 10% a month or slower after a year or more
SHORT_TERM_WEEKLY_LIMIT = 10.0  # CDC 2016 tapering guide: about 10% a week after shorter use
SHORT_TERM_MONTHLY_LIMIT = SHORT_TERM_WEEKLY_LIMIT * MONTH_DAYS / 7
LONG_TERM_WEEKLY_LIMIT = LONG_TERM_MONTHLY_LIMIT * 7 / MONTH_DAYS
#: The Chronic Pain and Opioid Addiction article (seed A) allows 10-25% a week; shown as that
#: article's figure, never used to pass a step.
SEED_A_WEEKLY_RANGE = (10.0, 25.0)
TAIL_FRACTION = 0.3  # below 30% of the start, steps should slow down (CDC 2016)
FINAL_STOP_FRACTION = 0.1  # the last step stops from 10% of the start or less
#: "About a tenth": tablets rarely give exactly 10%, so a stop from up to 12.5% (an eighth) passes.
FINAL_STOP_LEEWAY = 1.25
RATE_LEEWAY = 1.05  # a step may exceed the limit by 5% of itself
TOO_FAST_ERROR_RATIO = 2.5  # a step over 2.5x the limit is an error
TOO_FAST_CRITICAL_RATIO = 5.0  # ... over 5x, critical

# ---------------------------------------------------------------- daily dose (MME)
CAUTION_MME = 50.0  # CDC 2022 Rec 4: at 50 MME/day or more, reassess benefit and risk; offer naloxone
HIGH_MME = 90.0  # CDC 2022 Rec 4: avoid, or justify, 90 MME/day or more

# ---------------------------------------------------------------- dependence and follow-up
DEPENDENCE_MONTHS = 1  # regular daily use for weeks is enough for physical dependence
FOLLOW_UP_AFTER_CHANGE_DAYS = 28  # CDC 2022 Rec 7: within 1-4 weeks of a start or dose change
TAPER_FOLLOW_UP_DAYS = 30  # CDC 2022 Rec 5 (supporting text): at least monthly during a taper

# ---------------------------------------------------------------- risk that raises severity
#: FDA Drug Safety Communication, 19 Dec 2019: "the elderly" are at higher risk of breathing
#: problems with gabapentinoids; 65 is this project's reading of "elderly".
OLDER_AGE = 65

#: Opioid kinds from the one that needs the longest wait to the shortest.
SLOWEST_FIRST = ("methadone", "fentanyl_patch", "long_acting", "fentanyl", "short_acting")


def slowest_kind(kinds: Iterable[str]) -> str | None:
    """The kind that sets the wait before a buprenorphine or naltrexone start (None for none)."""
    ordered = sorted(
        (k for k in kinds if k != "buprenorphine"),
        key=lambda k: SLOWEST_FIRST.index(k) if k in SLOWEST_FIRST else len(SLOWEST_FIRST),
    )
    return ordered[0] if ordered else None


def naltrexone_days_needed(kinds: Iterable[str]) -> int:
    """Opioid-free days extended-release naltrexone needs after all of ``kinds``."""
    return max((NALTREXONE_FREE_DAYS.get(k, NALTREXONE_MIN_DAYS) for k in kinds), default=NALTREXONE_MIN_DAYS)


#: "Increase the opioid dose" for a patient whose only opioid is buprenorphine raises the
#: buprenorphine by a quarter, in divided doses through the day, to at most 32 mg: ASRA 2021
#: perioperative buprenorphine advisory (Kohan L et al., Reg Anesth Pain Med 2021;46:840-859):
#: "increased and/or divided doses of buprenorphine" with close monitoring when multimodal
#: analgesia is not enough (grade C); the FDA's 2024 label notice lifted the 24 mg ceiling wording
#: (CLINICAL-REFERENCE, corrections). The quarter is the same step as a full agonist's increase.
BUP_RAISE_FACTOR = 1.25
BUP_RAISE_MOST_MG = 32.0
