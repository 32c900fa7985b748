"""Issue 19, round 13: what the lead found playing whole interviews after the fixers' merges, fixed
as rules that hold for every case.

The turns are written for these tests, apart from the training phrasings and every benchmark file.
"""

from __future__ import annotations

import pytest
from fixtures.interview import bundled, talk

# ------------------------------------------- the trainee's own asking names no fact of the chart


@pytest.mark.parametrize("turn", [
    "the urine screen came back with no oxycodone in it - can you help me understand that?",
    "Your drug screen was negative for oxycodone. Could you explain that to me?",
])
def test_asking_for_help_to_understand_the_urine_result_is_about_the_urine_result(turn):
    scenario = bundled("oih-taper")
    said = talk(scenario).ask(turn)
    assert said.interpretation.action["intent"] == "topic.urine_test"
    assert "sertraline" not in said.reply  # "help" once named the sertraline that "helps a little"
    assert "test" in said.reply.lower()
