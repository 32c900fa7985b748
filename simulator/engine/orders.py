"""Orders placed in a session and the results they bring to later visits.

An order is placed with the plan (day 0, ``plan.orders``) or with a visit decision's choice
(``orders:`` of the choice, on that visit's day). Its result arrives ``days`` later: the case's
own ``orders.<id>.days`` or the order's usual time (:mod:`simulator.clinical.orders`). Only orders
the case gives a result (``orders:`` in the scenario file) have one; the others are recorded.
Nothing is stored: like the course, all of it is derived from the action log.
"""

from __future__ import annotations

from typing import Any

from simulator.clinical.orders import BY_ID

# A session (engine.session.Session, or a plan sweep's view of one with ``data`` and
# ``scenario``); not imported, so that the session, the visits and this module form no cycle.
Session = Any


def _visit_day(session: Session, name: str) -> int:
    visits = getattr(session, "visits", None)
    if visits is not None and visits.enabled:
        day = visits.day_of(name)
        if day is not None:
            return day
    return (session.scenario.state(name).week or 0) * 7


def placed(session: Session) -> list[tuple[int, str]]:
    """Every order placed so far, as (day placed, order id), in order."""
    out: list[tuple[int, str]] = []
    plan = session.data.plan
    if plan is not None:
        out += [(0, o) for o in getattr(plan, "orders", ())]
    for state_name, choice_id in session.data.decisions.items():
        state = session.scenario.state(state_name)
        for choice in state.decision.choices if state.decision else ():
            if choice.id == choice_id:
                day = _visit_day(session, state_name)
                out += [(day, o) for o in choice.orders]
    return out


def result_day(session: Session, order_id: str, placed_on: int) -> int | None:
    """The day the result of an order placed on ``placed_on`` arrives (None: no result)."""
    result = session.scenario.orders.get(order_id)
    if result is None:
        return None
    days = result.days if result.days is not None else BY_ID[order_id].result_days
    return placed_on + days


def arrived(session: Session, day: int) -> frozenset[str]:
    """Orders whose results have arrived by ``day``."""
    found = set()
    for placed_on, order_id in placed(session):
        when = result_day(session, order_id, placed_on)
        if when is not None and when <= day:
            found.add(order_id)
    return frozenset(found)


def new_results(session: Session, after: int, day: int) -> list[str]:
    """The result texts that arrived after day ``after`` and by ``day`` (shown at that visit)."""
    out: list[str] = []
    for placed_on, order_id in placed(session):
        when = result_day(session, order_id, placed_on)
        if when is not None and after < when <= day:
            text = session.scenario.orders[order_id].text
            if text not in out:
                out.append(text)
    return out


def variables(session: Session, day: int) -> dict[str, Any]:
    """``orders`` (placed so far) and ``results`` (arrived by ``day``)."""
    done = placed(session)
    if not done:
        return {"orders": frozenset(), "results": frozenset()}
    results = {o for when, o in done if (r := result_day(session, o, when)) is not None and r <= day}
    return {"orders": frozenset(o for _, o in done), "results": frozenset(results)}


def visit_results(session: Session, state_name: str, day: int) -> list[str]:
    """The results shown at the visit ``state_name`` on ``day``: those that arrived since the
    visit before it (or since the plan)."""
    before = 0
    for name in session.data.visited:
        if name == state_name:
            break
        if session.scenario.state(name).phase == "visit":
            before = _visit_day(session, name)
    return new_results(session, before, day)
