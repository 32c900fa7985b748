"""What if, for a finished session: the choices it offers to change and their replays.

The debrief's What-if panel renders these and forwards the trainee's pick; the replay itself is
:func:`simulator.scoring.whatif.replay_what_if` (through the same engine). The recorded session
is never changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulator.engine.actions import ActionError
from simulator.engine.session import Session
from simulator.scoring.whatif import (
    Change,
    ChangePoint,
    WhatIfResult,
    change_points,
    expert_plan,
    replay_what_if,
)


class CannotReplay(Exception):
    """A change the engine refuses, with the reason in the trainee's words (``message``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class WhatIf:
    """The what-if choices of ``session`` and their replays; ``scenario_file`` finds the expert plan
    shipped beside the case (none for a case without one)."""

    def __init__(self, session: Session, scenario_file: str | Path | None = None) -> None:
        self.session = session
        self.points: list[ChangePoint] = change_points(session)
        self.expert_plan: dict[str, Any] | None = expert_plan(scenario_file) if scenario_file else None

    @property
    def can_try_expert(self) -> bool:
        """There is an expert plan to try, and the session made a plan to replace."""
        return self.expert_plan is not None and self.session.data.plan is not None

    def replay(self, change: Change) -> WhatIfResult:
        """The session replayed with ``change``; :class:`CannotReplay` when the engine refuses it."""
        try:
            return replay_what_if(self.session.scenario, self.session.actions, change)
        except ActionError as exc:
            raise CannotReplay(exc.message) from None
        except ValueError as exc:
            raise CannotReplay(str(exc)) from None

    def change(self, index: int, value: Any) -> WhatIfResult:
        """Replay with the ``index``-th change point set to ``value``."""
        point = self.points[index]
        return self.replay(Change(point.kind, point.key, value))

    def expert(self) -> WhatIfResult:
        """Replay with the expert's whole plan in place of the trainee's."""
        if self.expert_plan is None:
            raise CannotReplay("No expert plan is available for this case.")
        return self.replay(Change("whole_plan", "", self.expert_plan))
