"""A scenario's content hash: stored with each session, so resuming can tell the case changed."""

from __future__ import annotations

import hashlib

from simulator.scenario.models import Scenario


def content_hash(scenario: Scenario) -> str:
    """SHA-256 of the scenario's validated content (layout and comments in the file do not count).

    A case with variants hashes its whole file's data, so every seed of one file has the same
    hash (the seed is stored on its own); a case without them hashes as it always has."""
    variant = scenario._variant
    own = model_hash(scenario)
    if scenario.variants and variant is not None and variant.model_hash == own:
        return str(variant.file_hash)
    return own


def model_hash(scenario: Scenario) -> str:
    """SHA-256 of the validated model itself (for a case without variants, its content hash)."""
    dump = scenario.model_dump_json(exclude={"variants"} if not scenario.variants else None)
    return hashlib.sha256(dump.encode("utf-8")).hexdigest()
