"""The virtual patient: which answer to give, rapport, disclosure and affect.

Pure rules over the scenario's interview data; the session calls these and records
the results. Nothing here knows about the UI or the state machine.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from simulator.scenario.expressions import Expression, parse
from simulator.scenario.models import Answer, Interview

# Rapport effects (points on a 0-100 scale). Documented in docs/AUTHORING.md.
VALIDATE_FIRST = 10
VALIDATE_AGAIN = 2
EMPATHY_EARLY = 5  # for the first three empathic statements
EMPATHY_LATER = 1
STIGMA_PENALTY = -15

OFF_TOPIC_REPLY = "I'd rather keep to why I'm here, if that's all right."


@lru_cache(maxsize=4096)
def compiled(source: str) -> Expression:
    """Parse an expression once (the loader has already checked it)."""
    return parse(source)


def clamp(value: int) -> int:
    return max(0, min(100, value))


def choose_answer(
    interview: Interview, intent: str, rapport: int, context: Mapping[str, Any]
) -> Answer | None:
    """The first answer for ``intent`` whose rapport threshold and condition both hold."""
    for answer in interview.answers.get(intent, ()):
        if answer.min_rapport is not None and rapport < answer.min_rapport:
            continue
        if answer.when is not None and not compiled(answer.when).holds(context):
            continue
        return answer
    return None


def repeat_text(prefix: str, text: str) -> str:
    """How the patient says an answer again: 'Like I said, ...'."""
    if not text:
        return text
    first = text[0].lower() if text[:2] != "I " and not text[:2] == "I'" else text[0]
    return f"{prefix}{first}{text[1:]}"


@dataclass(frozen=True)
class Affect:
    expression: str  # "guarded" | "wary" | "engaged" | "open"
    line: str


def affect_for(rapport: int) -> Affect:
    """How the patient seems at a given rapport."""
    if rapport < 30:
        return Affect("guarded", "Guarded and tense; short answers, little eye contact.")
    if rapport < 50:
        return Affect("wary", "A little wary, weighing what to say.")
    if rapport < 70:
        return Affect("engaged", "Engaged and talking more freely.")
    return Affect("open", "Open and at ease; sharing difficult things.")


def validate_effect(times_before: int) -> int:
    return VALIDATE_FIRST if times_before == 0 else VALIDATE_AGAIN


def empathy_effect(times_before: int) -> int:
    return EMPATHY_EARLY if times_before < 3 else EMPATHY_LATER


_GREETING = re.compile(r"^\s*(hi|hello|hey|good (morning|afternoon|evening)|nice to meet you)\b", re.I)
_THANKS = re.compile(r"\b(thanks|thank you|cheers)\b", re.I)
_CLOSING = re.compile(r"\b(bye|goodbye|see you|take care)\b", re.I)


def reply_to_statement(kinds: frozenset[str], text: str = "") -> str:
    """The patient's reaction to something the trainee said."""
    if "stigma" in kinds:
        return "That word stings. I came here for help, not to be judged."
    if "validate_pain" in kinds:
        return "Thank you. Most people act like I'm making it up."
    if "empathy" in kinds:
        return "Yeah. It's been a hard few years."
    if _GREETING.search(text):
        return "Hi. Thanks for seeing me."
    if _THANKS.search(text):
        return "No, thank you. It helps to talk about it."
    if _CLOSING.search(text):
        return "Okay. Thanks, doctor."
    return "Okay."
