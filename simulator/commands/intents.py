"""``python -m simulator intents SCENARIO [--conversation] [--replies]``: how typed turns are read.

One JSON object a line for every non-empty input line (SPEC section 5):
``{"question", "intent", "confidence", "kind"}`` and, with ``--replies``, ``"reply"``.

Without ``--conversation`` every line is read on its own (stateless): a follow-up that needs the
conversation so far ("why?", "anything else?", "tell me more") and a question the model is not
sure of both have ``intent`` null. With ``--replies`` each line is the first turn of a fresh
interview, applied through :meth:`~simulator.control.controller.SessionController.ask` (read alone,
``alone=True``), and the reply is what the patient says to it.

With ``--conversation`` the lines are one interview, in order, taken through
:meth:`~simulator.control.controller.SessionController.ask`, the path the interview screen
uses: follow-ups are read against the turns before and rapport and disclosure move. Each object
also carries ``options`` (the "did you mean" intents when the patient asked back) and ``also``
(intents of further parts of a compound question that were answered too).

With ``--conversation --visit STEP --actions FILE`` the playthrough FILE is played as far as the
follow-up visit STEP and the lines are questions asked there, in order, through
:meth:`~simulator.control.controller.SessionController.ask_at_visit` (the visit screen's path):
the same objects, the reply being what the patient says on that visit's day.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from simulator.control.controller import SessionController
from simulator.patient.turn import interpret
from simulator.scenario.models import Scenario
from simulator.scenario.textlimits import typed_lines

KINDS = ("question", "statement", "empathy", "validation", "stigma", "social", "closing")


def run(
    scenario: Scenario, lines: Iterable[str], out: TextIO, replies: bool = False, conversation: bool = False
) -> int:
    """Write one JSON line per non-empty input line; return the exit status (0)."""
    controller = SessionController.practice(scenario) if conversation else None
    for question, too_long in typed_lines(lines):  # the same cap as a typed turn
        if too_long:
            record: dict[str, Any] = {
                "question": question[:80] + "…", "intent": None, "confidence": 0.0, "kind": "statement"
            }
            if conversation:
                record.update(options=[], also=[])
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        if controller is not None:
            record = conversation_record(controller, question, replies)
        elif replies:  # the first turn of a fresh interview, through the controller, read alone
            record = conversation_record(SessionController.practice(scenario), question, True, alone=True)
            del record["options"], record["also"]
        else:
            result = interpret(question, interview=scenario.interview)
            intent = result.action.get("intent") if result.action["type"] == "ask" else None
            record = {
                "question": question,
                "intent": intent,
                "confidence": round(result.confidence, 3),
                "kind": result.kind,
            }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
    return 0


def run_at_visit(
    scenario: Scenario, scenario_path: str, actions_path: str, step: str, lines: Iterable[str], out: TextIO,
    replies: bool = False,
) -> int:
    """``--conversation --visit STEP --actions FILE``: the playthrough is played as far as the visit
    ``step``, and every line is a question asked there, in order, through
    :meth:`~simulator.control.controller.SessionController.ask_at_visit` (the path the visit screen
    uses: read as the interview reads a turn, answered from the visit's day). Same objects as
    ``--conversation``; the exit status (0)."""
    controller = SessionController.at_visit(scenario, scenario_path, actions_path, step)
    for question, too_long in typed_lines(lines):
        if too_long:
            continue
        out.write(json.dumps(conversation_record(controller, question, replies, at_visit=True),
                             ensure_ascii=False) + "\n")
    out.flush()
    return 0


def conversation_record(
    controller: SessionController, question: str, replies: bool, alone: bool = False, at_visit: bool = False
) -> dict[str, Any]:
    """One turn of an interview (or, ``at_visit``, of a follow-up visit) through the controller, as
    the JSON object SPEC section 5 gives."""
    outcome = controller.ask_at_visit(question) if at_visit else controller.ask(question, alone=alone)
    reading = outcome.interpretation
    record: dict[str, Any] = {
        "question": question,
        "intent": outcome.intent,
        "confidence": round(reading.confidence, 3),
        "kind": reading.kind,
        "options": list(outcome.options),
        "also": list(outcome.also),
    }
    if replies:
        refused = outcome.applied.message if outcome.applied else ""
        record["reply"] = outcome.reply if outcome.accepted else refused
    return record
