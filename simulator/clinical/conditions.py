"""Structured chart conditions the safety rules read: QTc, sleep apnoea, lung, kidney and liver
disease, pregnancy and age (the chart's ``conditions:`` block).

Thresholds and sources:

- QTc (Krantz MJ et al., Ann Intern Med 2009;150:387-95, recommendation 4; guidance
  ``tx.methadone_qtc``): over 450 ms and up to 500 ms, discuss the risk with the patient and
  monitor more often; over 500 ms, consider reducing or stopping methadone, correcting
  contributing factors, or another treatment.
- Sleep-disordered breathing is a reason to offer naloxone (CDC 2022 Recommendation 8, as the
  clinical reference lists it: ``tx.naloxone``); untreated or suspected sleep apnoea in a
  patient on opioids should be assessed (AASM position statement on chronic opioid therapy and
  sleep, Rosen et al., J Clin Sleep Med 2019;15(11); ``tx.sleep_apnoea``).
- Age 65 or more: CDC 2022 Recommendation 8 lists older age among the reasons for caution.
"""

from __future__ import annotations

from simulator.clinical.rules import OLDER_AGE as OLDER_AGE  # the one age read as "older" (FDA 2019)

QTC_MONITOR_MS = 450  # above this: discuss the risk, monitor more often (Krantz rec. 4)
QTC_HIGH_MS = 500  # above this: consider reducing or stopping methadone (Krantz rec. 4)

SLEEP_APNOEA: tuple[tuple[str, str], ...] = (
    ("none", "No sleep apnoea"),
    ("suspected", "Suspected, not assessed"),
    ("untreated", "Diagnosed, untreated"),
    ("treated", "Diagnosed, treated (CPAP)"),
)
LUNG_DISEASE: tuple[tuple[str, str], ...] = (
    ("none", "No lung disease"),
    ("asthma", "Asthma"),
    ("copd", "COPD"),
    ("other", "Other chronic lung disease"),
)
ORGAN_FUNCTION: tuple[tuple[str, str], ...] = (
    ("normal", "Normal"),
    ("reduced", "Reduced"),
    ("failure", "Failure"),
)


def qtc_band(qtc_ms: float | None) -> str:
    """``unknown`` (no ECG), ``normal``, ``prolonged`` (over 450 ms) or ``high`` (over 500 ms)."""
    if qtc_ms is None:
        return "unknown"
    if qtc_ms > QTC_HIGH_MS:
        return "high"
    if qtc_ms > QTC_MONITOR_MS:
        return "prolonged"
    return "normal"


def label(choices: tuple[tuple[str, str], ...], value: str) -> str:
    """The words for a condition value."""
    return dict(choices).get(value, value.replace("_", " "))
