"""A scenario's content hash: stored with each session, so resuming can tell the case changed."""

from __future__ import annotations

import hashlib

from simulator.scenario.models import Scenario


def content_hash(scenario: Scenario) -> str:
    """SHA-256 of the scenario's validated content (layout and comments in the file do not count)."""
    return hashlib.sha256(scenario.model_dump_json().encode("utf-8")).hexdigest()
