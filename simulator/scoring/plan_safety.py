"""Plan safety for scoring: the session-level helpers live in :mod:`simulator.engine.plan_safety`."""

from simulator.engine.plan_safety import patient_facts, plan_choices, safety_findings

__all__ = ["patient_facts", "plan_choices", "safety_findings"]
