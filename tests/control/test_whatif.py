"""What if through the application layer: the choices the debrief panel offers and their replays,
headless (the panel only renders what :class:`simulator.control.whatif.WhatIf` returns)."""

from __future__ import annotations

import pytest
from fixtures.cases import case
from fixtures.scenario_text import POOR, SCENARIO

from simulator.control.whatif import CannotReplay, WhatIf
from simulator.engine.playthrough import play


@pytest.fixture
def whatif() -> WhatIf:
    return WhatIf(play(case(SCENARIO), POOR), SCENARIO)


def test_a_decision_changed_by_its_point_replays_and_leaves_the_session_as_it_was(whatif):
    index = next(i for i, p in enumerate(whatif.points) if p.kind == "decision")
    result = whatif.change(index, "offer_moud")
    assert "tx.no_dismissal" not in result.critical
    assert whatif.session.data.decisions == {"week1_withdrawal": "discharge"}


def test_the_expert_plan_is_found_beside_the_case_and_replays(whatif):
    assert whatif.can_try_expert and whatif.expert_plan["moud"] == "buprenorphine"
    assert "tx.mat_for_oud" not in whatif.expert().critical


def test_a_change_the_engine_refuses_is_a_reason_not_a_crash(whatif):
    whatif.expert_plan = {"type": "plan", "opioid": "taper"}  # a taper with no step size
    with pytest.raises(CannotReplay) as refused:
        whatif.expert()
    assert "step size" in refused.value.message
    assert not WhatIf(whatif.session).can_try_expert  # no case file: no expert plan to offer
