"""The playthrough format in docs/REFERENCE.md covers every action and field the engine accepts."""

import re
from pathlib import Path

from simulator.commands.playthrough_reference import MODELS, playthrough_reference
from simulator.engine import actions as act
from simulator.scenario import vocabulary as vocab

ROOT = Path(__file__).resolve().parents[1]


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    nxt = text.find("\n### ", start + len(heading))
    return text[start: nxt if nxt != -1 else len(text)]


def test_every_action_type_and_field_is_documented_in_reference_md():
    text = (ROOT / "docs" / "REFERENCE.md").read_text(encoding="utf-8")
    assert "# Playthrough files" in text
    assert set(MODELS) == set(act.ACTION_TYPES)
    for name, model in MODELS.items():
        section = _section(text, f"### `type: {name}`")
        for field in model.model_fields:
            if field != "type":
                assert f"| `{field}` |" in section, f"{name}.{field} is not documented"
    taper = _section(text, "### `taper` (inside `type: plan`)")
    assert "| `percent` | number | yes |  | more than 0, at most 100 | `plan.taper_percent` |" in taper


def test_every_guard_variable_named_is_a_real_expression_variable():
    named = set(re.findall(r"\| `((?:plan|dx)\.[a-z_]+)` \|", playthrough_reference()))
    assert named and named <= set(vocab.base_variables())


def test_allowed_values_come_from_the_vocabulary():
    plan = _section(playthrough_reference(), "### `type: plan`")
    for opioid in vocab.ids(vocab.OPIOID_PLANS):
        assert f"`{opioid}`" in plan
