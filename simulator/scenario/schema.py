"""JSON Schema export for editors (generated from the models; never edited by hand)."""

from __future__ import annotations

import json

from simulator.scenario.models import Scenario


def schema_text() -> str:
    """The scenario JSON Schema as formatted text."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Opioid care simulator scenario (format 1)"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"
