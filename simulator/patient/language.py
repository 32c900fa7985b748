"""How the engine reads what the trainee types: statement kinds and stigmatising words.

A thin seam over :mod:`simulator.patient.understanding` so the engine depends on one
function that tests can reason about.
"""

from __future__ import annotations

from functools import lru_cache

from simulator.patient.understanding import Statement, classify_statement


@lru_cache(maxsize=1024)
def classify(text: str) -> Statement:
    """Classify a trainee's words (validation, empathy, stigma); cached, deterministic."""
    return classify_statement(text)
