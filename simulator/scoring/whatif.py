"""What-if replay: change one plan field or one visit decision and replay the session.

The replay goes through the same engine as the session itself: it copies the recorded action
log, changes one action (the plan, or the decision at one visit), replays the copy with
:meth:`Session.replay`, then plays the follow-up on to the debrief. The recorded session and
its log are never touched.

After the change the path through the visits may differ. At a visit the trainee also reached,
the replay keeps the trainee's own response; at a visit they never saw, it takes the response
that ends with the best score (so the difference shows the effect of the change, not of a
careless response). Each visit's response and who chose it are reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.engine.actions import ActionError
from simulator.engine.playthrough import load_actions
from simulator.engine.session import Session
from simulator.engine.visit_text import DEFAULT_CHOICES, choice_text
from simulator.errors import ProblemsError
from simulator.scenario import vocabulary as vocab
from simulator.scenario.models import Scenario
from simulator.scoring.debrief import build_debrief
from simulator.scoring.rubric import score

MAX_STEPS = 40  # visits are few; this only stops a flow that loops


@dataclass(frozen=True)
class Option:
    value: Any
    label: str


@dataclass(frozen=True)
class ChangePoint:
    """Something in the session the trainee can change: a plan field or a visit decision."""

    kind: str  # "plan" | "decision"
    key: str  # plan field id, or the visit state's name
    label: str
    current: str  # the label of what the trainee did
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Change:
    """One change: ``kind`` "plan" (``key`` a field below), "decision" (``key`` a visit state),
    or "whole_plan" (``value`` a complete plan action, e.g. the expert's)."""

    kind: str
    key: str
    value: Any


@dataclass(frozen=True)
class VisitResponse:
    visit: str  # the visit's title, with its day
    response: str
    by: str  # "you", "changed", "best response"


@dataclass
class WhatIfResult:
    session: Session
    score: int
    max_score: int
    critical: list[str]  # guidance ids
    critical_titles: list[str] = field(default_factory=list)  # what the trainee reads
    responses: list[VisitResponse] = field(default_factory=list)


#: The plan fields a trainee can change, with the values offered (id, label, plan changes).
PLAN_FIELDS: dict[str, tuple[str, tuple[tuple[str, str, dict[str, Any]], ...]]] = {
    "opioid": (
        "Opioid plan",
        tuple((cid, text, {"opioid": cid}) for cid, text in vocab.OPIOID_PLANS),
    ),
    "taper": (
        "Taper speed",
        (
            ("slow", "10% every 4 weeks", {"opioid": "taper", "taper": {"percent": 10, "interval_days": 28}}),
            ("weekly10", "10% every week", {"opioid": "taper", "taper": {"percent": 10, "interval_days": 7}}),
            ("weekly25", "25% every week", {"opioid": "taper", "taper": {"percent": 25, "interval_days": 7}}),
            ("weekly50", "50% every week", {"opioid": "taper", "taper": {"percent": 50, "interval_days": 7}}),
        ),
    ),
    "moud": (
        "Medication for OUD",
        tuple((cid, text, {"moud": cid}) for cid, text in vocab.MOUD),
    ),
    "induction": (
        "Buprenorphine start",
        (
            (
                "early",
                "Standard start at COWS 3, 12 hours after the last dose",
                {"induction": "standard", "induction_cows": 3, "induction_wait_hours": 12},
            ),
            (
                "ready",
                "Standard start at COWS 10, 12 hours after the last dose",
                {"induction": "standard", "induction_cows": 10, "induction_wait_hours": 12},
            ),
            ("low_dose", "Low-dose start overlapping the opioid", {"induction": "low_dose"}),
        ),
    ),
    "nonopioid": (
        "Non-opioid care",
        (
            ("none", "None", {"nonopioid": []}),
            ("physical", "Physiotherapy and CBT for pain", {"nonopioid": ["physiotherapy", "cbt"]}),
            (
                "full",
                "Physiotherapy, CBT for pain and duloxetine",
                {"nonopioid": ["physiotherapy", "cbt", "duloxetine"]},
            ),
        ),
    ),
    "naloxone": (
        "Naloxone",
        (("yes", "Naloxone offered", {"naloxone": True}), ("no", "No naloxone", {"naloxone": False})),
    ),
    "setting": (
        "Care setting",
        tuple((cid, text, {"setting": cid}) for cid, text in vocab.SETTINGS),
    ),
    "followup_days": (
        "Follow-up",
        tuple((str(d), f"Review after {d} days", {"followup_days": d}) for d in (2, 7, 14, 30, 90)),
    ),
}


def change_points(session: Session) -> list[ChangePoint]:
    """What the trainee may change in a session: the plan's fields and each decision made."""
    points: list[ChangePoint] = []
    plan = session.data.plan
    steps = _timeline_steps(session)
    if plan is not None:
        recorded = plan.model_dump(mode="json")
        for key, (title, options) in PLAN_FIELDS.items():
            current = next(
                (text for _, text, changes in options if _matches(recorded, changes)), "something else"
            )
            points.append(
                ChangePoint(
                    "plan",
                    key,
                    f"Plan: {title} (timeline step {steps.get('plan', '?')})",
                    current,
                    tuple(Option(cid, text) for cid, text, _ in options),
                )
            )
    for contact_state, choice_id in session.data.decisions.items():
        state = session.scenario.state(contact_state)
        if state.decision is None:
            continue
        texts = {c.id: c.text for c in (*state.decision.choices, *DEFAULT_CHOICES)}
        points.append(
            ChangePoint(
                "decision",
                contact_state,
                f"Decision: {session.visits.title(state)} (timeline step {steps.get(contact_state, '?')})",
                texts.get(choice_id, choice_id),
                tuple(Option(c.id, c.text) for c in state.decision.choices),
            )
        )
    return points


def _timeline_steps(session: Session) -> dict[str, int]:
    """The timeline's step number (1-based) of the last plan and of each visit's decision."""
    steps: dict[str, int] = {}
    decided = iter(session.data.decisions)
    for n, action in enumerate(session.actions, start=1):
        if action["type"] == "plan":
            steps["plan"] = n
        elif action["type"] == "decide":
            steps[next(decided, "")] = n
    return steps


def _matches(recorded: Mapping[str, Any], changes: Mapping[str, Any]) -> bool:
    for key, value in changes.items():
        have = recorded.get(key)
        if isinstance(value, dict):
            if not isinstance(have, dict) or any(have.get(k) != v for k, v in value.items()):
                return False
        elif isinstance(value, list):
            if sorted(have or []) != sorted(value):
                return False
        elif have != value:
            return False
    return True


def changed_plan(plan: Mapping[str, Any], key: str, value: Any) -> dict[str, Any]:
    """The plan action with field ``key`` set to the offered ``value``, kept consistent."""
    title, options = PLAN_FIELDS[key]
    changes = next((c for cid, _, c in options if cid == value), None)
    if changes is None:
        raise ValueError(f"{value!r} is not an offered value for {title}")
    new = {**dict(plan), **changes, "type": "plan"}
    if new.get("opioid") == "taper" and not new.get("taper"):
        new["taper"] = {"percent": 10, "interval_days": 28}
    if new.get("opioid") != "taper":
        new.pop("taper", None)
    if new.get("moud") == "buprenorphine" and new.get("induction", "none") == "none":
        new.update({"induction": "standard", "induction_cows": 10, "induction_wait_hours": 12})
    if new.get("moud") == "methadone" and new.get("methadone_route", "none") == "none":
        new["methadone_route"] = "otp"
    if new.get("moud") == "naltrexone_xr" and not new.get("naltrexone_free_days"):
        new["naltrexone_free_days"] = 7
    if new.get("moud") == "none":
        for k in ("induction", "induction_cows", "induction_wait_hours", "methadone_route"):
            new.pop(k, None)
    return new


def replay_what_if(scenario: Scenario, actions: Sequence[Mapping[str, Any]], change: Change) -> WhatIfResult:
    """Replay a copy of ``actions`` with ``change`` made, on to the debrief."""
    log = [dict(a) for a in actions]
    original = Session.replay(scenario, log)
    own = dict(original.data.decisions)
    index, new_action = _changed_action(original, log, change)
    session = Session.replay(scenario, [*log[:index], new_action])
    changed = {change.key: change.value} if change.kind == "decision" else {}
    if change.kind == "decision":
        own.pop(change.key, None)
    if session.phase == "plan":  # the plan was replaced: move on into the follow-up
        _advance(session)
    finished = _finish(scenario, session, own, changed)

    report = build_debrief(finished)
    responses = []
    for name, choice in finished.data.decisions.items():  # in the order the visits came
        state = scenario.state(name)
        text = choice_text(state, choice)
        by = "changed" if name in changed else ("you" if own.get(name) == choice else "best response")
        responses.append(VisitResponse(finished.visits.title(state), text, by))
    titles = [item.title for item in report.critical_items()]
    return WhatIfResult(finished, report.score, report.max_score, report.critical, titles, responses)


def _changed_action(
    original: Session, log: list[dict[str, Any]], change: Change
) -> tuple[int, dict[str, Any]]:
    if change.kind in ("plan", "whole_plan"):
        plans = [i for i, a in enumerate(log) if a.get("type") == "plan"]
        if not plans:
            raise ValueError("this session has no plan to change")
        i = plans[-1]
        if change.kind == "whole_plan":
            return i, {**dict(change.value), "type": "plan"}
        return i, changed_plan(log[i], change.key, change.value)
    if change.kind == "decision":
        probe = Session(original.scenario)
        for i, action in enumerate(log):
            if action.get("type") == "decide" and probe.state.name == change.key:
                return i, {"type": "decide", "choice": change.value}
            probe.apply(action)
        raise ValueError(f"no decision was made at {change.key!r}")
    raise ValueError(f"unknown kind of change {change.kind!r}")


def _advance(session: Session) -> bool:
    try:
        session.apply({"type": "advance"})
    except ActionError:
        return False
    return True


def _finish(
    scenario: Scenario, session: Session, own: Mapping[str, str], fixed: Mapping[str, str]
) -> Session:
    """Play on to the debrief: fixed or own responses where there are, else the best one."""
    for _ in range(MAX_STEPS):
        if session.finished:
            return session
        state = session.state
        if state.decision is not None and state.name not in session.data.decisions:
            ids = [c.id for c in session.choices()]
            choice = fixed.get(state.name) or own.get(state.name)
            if choice not in ids:
                choice = _best(scenario, session, own, fixed, ids)
            session.apply({"type": "decide", "choice": choice})
        if not _advance(session):
            return session
    return session


def _best(
    scenario: Scenario, session: Session, own: Mapping[str, str], fixed: Mapping[str, str], ids: list[str]
) -> str:
    best, best_score = ids[0], None
    for choice in ids:
        trial = Session.replay(scenario, [*session.actions, {"type": "decide", "choice": choice}])
        _advance(trial)
        total = score(scenario, _finish(scenario, trial, own, fixed).context())
        if best_score is None or total > best_score:
            best, best_score = choice, total
    return best


def expert_plan(scenario_file: str | Path) -> dict[str, Any] | None:
    """The plan of the expert playthrough shipped beside a scenario file, if there is one."""
    path = Path(scenario_file)
    candidate = path.parent / "playthroughs" / f"{path.stem}.expert.yaml"
    if not candidate.is_file():
        return None
    try:
        actions, _ = load_actions(candidate)
    except (ProblemsError, OSError):
        return None
    plans = [a for a in actions if isinstance(a, dict) and a.get("type") == "plan"]
    return dict(plans[-1]) if plans else None
