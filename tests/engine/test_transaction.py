"""Session.apply is a transaction: a recorder that fails leaves no trace, whatever kept state."""

from __future__ import annotations

import pytest
from fixtures.scenario_text import EXPERT, SCENARIO

from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.scenario.loader import load_scenario


class Broken(Exception):
    pass


class WithCollaborator(Session):
    """A session with extra state of its own, as a course model or tracker would keep."""

    def __init__(self, scenario, scorer=None) -> None:
        self.steps_entered: list[str] = []
        super().__init__(scenario, scorer)

    def _entered(self, *args, **kwargs) -> None:
        super()._entered(*args, **kwargs)
        self.steps_entered.append(self.state.name)


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


def test_a_failing_recorder_rolls_back_every_kind_of_state_and_nothing_is_heard(scenario):
    expert = load_actions(EXPERT)[0]
    session = WithCollaborator(scenario)
    heard: list = []
    session.subscribe(heard.append)
    fail = {"now": False}

    def recorder(action):
        if fail["now"]:
            raise Broken("the disk is full")

    session.add_recorder(recorder)
    data = session.data
    for action in expert:
        before = (
            session.state.name,
            session.actions,
            list(session.steps_entered),
            session.context(),
            len(heard),
        )
        fail["now"] = True
        with pytest.raises(Broken):
            session.apply(action)
        after = (
            session.state.name,
            session.actions,
            list(session.steps_entered),
            session.context(),
            len(heard),
        )
        assert after == before, action
        assert session.data is data  # views holding session.data see the rollback
        fail["now"] = False
        session.apply(action)
    assert session.finished
    assert session.steps_entered == [
        "interview",
        "assessment",
        "plan",
        "week2_bup",
        "week8_stable",
        "debrief",
    ]
    assert session.context() == Session.replay(scenario, expert).context()
