"""What a clinician reading the visits after a dangerous plan would notice (issue 20, the outside
check): each test plays a plan through its visits and asserts what the trainee reads there."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def _at_plan(case: str) -> Session:
    scenario = load_scenario(ROOT / "scenarios" / f"{case}.yaml")
    actions, _ = load_actions(ROOT / "scenarios" / "playthroughs" / f"{case}.expert.yaml")
    upto = next(i for i, a in enumerate(actions) if a.get("type") == "plan")
    return Session.replay(scenario, actions[: upto + 1])


def _play(case: str, plan: dict, choose: tuple[str, ...] = ()) -> Session:
    """The expert's session of ``case`` with ``plan`` instead of the expert's, followed to the end of
    the course; at each visit the first offered choice of ``choose``, else the first offered."""
    at_plan = _at_plan(case)
    session = Session.replay(at_plan.scenario, [*at_plan.actions[:-1], {**at_plan.actions[-1], **plan}])
    while not session.finished:
        state = session.state
        if state.phase == "visit" and state.decision and state.name not in session.data.decisions:
            ids = [c.id for c in session.choices()]
            session.apply({"type": "decide", "choice": next((c for c in choose if c in ids), ids[0])})
        session.apply({"type": "advance"})
    return session


STOP = {"opioid": "stop_abruptly", "taper": None, "moud": "none", "induction": "none"}


def test_the_visit_log_names_the_day_of_the_return_to_use_it_was_read_with() -> None:
    """An abrupt stop in OUD: the return to use on day 2 brings the crisis visit, whose decision
    (buprenorphine that day) takes the return out of the course after it. The log of what the trainee
    read still names the day, not "on day ."."""
    session = _play("clbp-moderate-oud", STOP)
    (crisis,) = [v for v in session.visits.log() if v["event"] == "return_to_use"]
    assert re.search(r"on day 2\b", crisis["text"]), crisis["text"]
    assert not re.search(r"day \.", " ".join(v["text"] for v in session.visits.log()))


FAST = {"opioid": "taper", "taper": {"percent": 50, "interval_days": 7, "basis": "original", "pauses": False}}


def test_pausing_a_taper_at_a_visit_holds_the_dose_that_visit_showed() -> None:
    """A step due on the visit's day is in what the visit shows; "pause the taper" there holds that
    dose (it does not undo the step the trainee read about, doubling the dose by the next visit)."""
    session = _play("tramadol-taper", FAST, choose=("urgent_help",))
    log = session.visits.log()
    call = next(v for v in log if v["state"] == "taper_call")
    assert call["chosen"] == "urgent_help" and "30 MME a day of tramadol" in call["text"]
    after = next(v for v in log if v["day"] > call["day"])
    assert "60 MME" not in after["text"] and "30 MME a day of tramadol" in after["text"]
    points = {p["day"]: p["mme"] for p in session.visits.points()}
    assert points[call["day"]] == points[after["day"]] == 30
