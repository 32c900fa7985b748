"""Plan safety for scoring: the session-level helpers live in :mod:`simulator.engine.plan_safety`."""

from simulator.engine.plan_safety import (
    case_findings,
    patient_facts,
    plan_choices,
    plan_label,
    safety_findings,
    variables_from,
)

__all__ = [
    "case_findings", "patient_facts", "plan_choices", "plan_label", "safety_findings", "variables_from"
]
