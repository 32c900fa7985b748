"""``python -m simulator intents SCENARIO [--replies]``: how typed turns are read, statelessly.

One JSON object a line for every non-empty input line (SPEC section 5):
``{"question", "intent", "confidence", "kind"}`` and, with ``--replies``, ``"reply"``: what the
patient would say to that turn as the first question of a fresh interview.

Stateless: every line is read on its own. A follow-up that needs the conversation so far
("why?", "anything else?", "tell me more") and a question the model is not sure of both have
``intent`` null. The scenario's case topics are matched (as ``topic.<id>``). ``kind`` is one of
question, statement, empathy, stigma, social.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TextIO

from simulator.patient.turn import interpret
from simulator.scenario.models import Scenario
from simulator.scenario.textlimits import clean_text, too_long

KINDS = ("question", "statement", "empathy", "stigma", "social")


def run(scenario: Scenario, lines: Iterable[str], out: TextIO, replies: bool = False) -> int:
    """Write one JSON line per non-empty input line; return the exit status (0)."""
    for number, line in enumerate(lines, 1):
        question = clean_text(line.rstrip("\r\n"))  # bytes that were not UTF-8 become U+FFFD
        if not question.strip():
            continue
        if too_long(question):  # the same cap as a typed turn, said on stderr like other problems
            print(f"<stdin>:{number}:1: error: {too_long(question)}", file=sys.stderr)
            record = {"question": question[:80] + "…", "intent": None, "confidence": 0.0, "kind": "statement"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        result = interpret(question, interview=scenario.interview)
        intent = result.action.get("intent") if result.action["type"] == "ask" else None
        record = {
            "question": question,
            "intent": intent,
            "confidence": round(result.confidence, 3),
            "kind": result.kind,
        }
        if replies:
            record["reply"] = fresh_reply(scenario, result.action)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
    return 0


def fresh_reply(scenario: Scenario, action: dict) -> str:
    """What the patient says to ``action`` as the first turn of a new interview."""
    from simulator.engine.session import Session

    session = Session(scenario)
    for _ in range(len(scenario.flow.states)):
        if session.phase == "interview":
            break
        session.apply({"type": "advance"})
    session.apply(action)
    return session.data.transcript[-1].text
