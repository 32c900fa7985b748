"""Turn what a trainee types into an action: a question with an intent, or a statement.

The interpretation happens once, when the trainee types, and the resulting action
records the intent it was taken to mean, so replaying a session never depends on the
language model's version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.patient.language import classify
from simulator.patient.understanding import match_question
from simulator.scenario import vocabulary as vocab
from simulator.scenario.textlimits import clean_text, too_long

_QUESTION_STARTS = (
    "how", "what", "when", "where", "why", "who", "which", "do", "does", "did", "have", "has",
    "are", "is", "can", "could", "would", "will", "tell", "any", "ever", "so",
)


@dataclass(frozen=True)
class Interpretation:
    action: dict[str, Any]
    understood_as: str  # what the trainee is shown ("Understood as: ...")
    confidence: float
    alternatives: tuple[str, ...] = ()  # intents to offer as "did you mean ...?"


def interpret(text: str) -> Interpretation:
    """Decide whether ``text`` is a question (and which intent) or a statement."""
    if too_long(text):  # refused by the engine with the same message; not worth interpreting
        return Interpretation({"type": "say", "text": text}, too_long(text) or "", 0.0)
    text = clean_text(text)
    text = " ".join(text.split())
    statement = classify(text)
    looks_like_question = text.endswith("?") or text.lower().split(" ", 1)[0] in _QUESTION_STARTS
    if statement.kinds - {"stigma"} and not looks_like_question:
        kinds = sorted(statement.kinds - {"stigma"})
        return Interpretation({"type": "say", "text": text}, "A statement: " + ", ".join(
            k.replace("_", " ") for k in kinds), 1.0)
    match = match_question(text)
    if match.intent is not None:
        return Interpretation(
            {"type": "ask", "intent": match.intent, "text": text, "via": "free"},
            vocab.intent_question(match.intent),
            match.confidence,
        )
    if not looks_like_question:
        return Interpretation({"type": "say", "text": text}, "A statement", 1.0)
    if match.off_topic:
        return Interpretation(
            {"type": "ask", "intent": None, "text": text, "via": "free", "off_topic": True},
            "Not about the patient's care", match.confidence,
        )
    return Interpretation(
        {"type": "ask", "intent": None, "text": text, "via": "free"},
        "Not understood - try rephrasing", match.confidence,
        tuple(intent for intent, _p in match.alternatives),
    )
