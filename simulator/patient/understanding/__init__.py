"""Free-text understanding for the virtual patient interview (pure Python, no Qt).

- ``match_question(text)``: the interview intent (SPEC section 4) a trainee's question asks
  about, with a confidence, the next best alternatives and whether it is off-topic.
- ``classify_statement(text)``: validating, empathic and stigmatising statements, with the
  person-first alternative for every stigmatising term.
- ``intent_ids()``: the stable intent ids.
- ``run_intents(lines, out)``: the body of ``python -m simulator intents SCENARIO``.

The model is one project-wide model built from ``phrasings.yaml`` (see ``docs/INTENTS.md``);
it is loaded once, lazily, from files in this package. Nothing is downloaded, ever.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from .statements import Statement, StigmaHit, classify_statement

__all__ = [
    "INTENT_IDS",
    "Match",
    "Statement",
    "StigmaHit",
    "classify_statement",
    "intent_ids",
    "match_question",
    "run_intents",
]

# SPEC section 4, in its order, plus the intents added by issue 9 (sleep, falls, grief and loss,
# safe storage and the household, goals for function, side effects, other medical history).
# phrasings.yaml must cover exactly these (a test checks it).
INTENT_IDS: tuple[str, ...] = (
    "pain.location",
    "pain.duration",
    "pain.severity",
    "pain.character",
    "pain.function",
    "pain.trend_on_opioids",
    "pain.new_sites",
    "pain.allodynia",
    "pain.prior_treatments",
    "opioid.regimen",
    "opioid.duration",
    "opioid.prescriber",
    "opioid.as_prescribed",
    "opioid.early_refills",
    "opioid.other_sources",
    "opioid.route",
    "opioid.non_pain_use",
    "opioid.craving",
    "opioid.cut_down",
    "opioid.time_spent",
    "opioid.tolerance",
    "opioid.withdrawal",
    "opioid.last_dose",
    "opioid.other_substances",
    "opioid.overdose",
    "opioid.side_effects",
    "life.obligations",
    "life.relationships",
    "life.activities_given_up",
    "life.hazardous_use",
    "life.health_harm",
    "life.sleep",
    "history.substance_use",
    "history.family",
    "history.mental_health",
    "history.trauma",
    "history.grief",
    "history.medical",
    "goals.concerns",
    "goals.readiness",
    "goals.treatment_views",
    "goals.function",
    "safety.naloxone",
    "safety.suicidal_thoughts",
    "safety.falls",
    "safety.storage",
    "support.people",
)

# Below this probability the patient asks what the trainee means (intent None), unless the best
# intent has a clear lead (below). Calibrated (issue 9) on the development parts of
# bench/data/realistic_turns.yaml and bench/data/heldout.yaml, trading a wrong answer for asking
# back; never on the held-out conversations or heldout_fresh.yaml. Re-calibrated to 0.35 by the
# follow-up on all the development conversations; round 2 kept 0.35 (never tuned on realistic_heldout2.yaml).
# Round 7 re-calibrated to 0.5 after training on the voices file (the new model is surer of
# itself: on the nine development conversation files, 2,104 turns, 0.4 / 0.45 / 0.5 gave
# 102 / 96 / 87 wrong for 1,538 / 1,529 / 1,522 of 1,755 answered, the least cost at 0.5 as
# bench/abstention.py weighs it; the round-start model gave 115 / 1,544 at 0.35 and 98 / 1,501 at 0.5).
CONFIDENCE_THRESHOLD = 0.45
# Issue 19: no match below the threshold is ever answered, on any path (the "clear lead" rule
# that accepted 0.15-0.35 matches is gone; on the dev sets it cost no right answer).
# ... nor with a lead over the next intent below this (bench/abstention.py: the margin curve).
MIN_MARGIN = 0.0
# The off-topic class wins when it is the most probable class and at least this probable.
OFF_TOPIC_THRESHOLD = 0.30
# An open question ("how have you been?") is answered with the main concern only at this
# probability; below it the patient asks what is meant (open wording is the vaguest there is).
OPEN_THRESHOLD = 0.5
# Questions shorter than this many letters are never matched ("ok", "?").
MIN_LETTERS = 2


@dataclass(frozen=True)
class Match:
    """What a free-text question was taken to mean.

    ``confidence`` is always the model's probability for the best on-topic intent, whether or
    not it was accepted; ``alternatives`` are the next best intents (up to three; when the
    intent is None they are the best three, for a "did you mean ..." prompt). ``open`` marks
    an open question ("how have you been?"), answered with the patient's main concern.
    """

    intent: str | None
    confidence: float
    alternatives: tuple[tuple[str, float], ...]
    off_topic: bool
    open: bool = False
    concept: bool = False  # read by its clinical concept (``concepts``), the classifier unsure


_lock = threading.Lock()
_model = None


def _get_model():
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                # Belt and braces: nothing here touches a hub, but make any accident fail fast.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                from .model import load_or_build

                _model = load_or_build()
    return _model


def prepare(text: str) -> str:
    """``text`` as the model reads it: lower-cased, shorthand expanded, typos corrected."""
    return _get_model().prepare(text)


def intent_ids() -> tuple[str, ...]:
    """The stable interview intent ids of SPEC section 4."""
    return INTENT_IDS


def match_question(text: str) -> Match:
    """Match a trainee's free-text question to an interview intent."""
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return Match(None, 0.0, (), False)
    model = _get_model()
    probs = model.proba([text])[0]
    order = probs.argsort()[::-1]
    ranked = [(model.classes[i], float(probs[i])) for i in order]
    on_topic = [(c, p) for c, p in ranked if c in _INTENT_SET]
    best, best_p = on_topic[0]
    top, top_p = ranked[0]
    best3 = tuple((c, round(p, 3)) for c, p in on_topic[:3])
    if top == _OFF_TOPIC and top_p >= OFF_TOPIC_THRESHOLD:
        return Match(None, round(best_p, 3), best3, True)
    if top == _OPEN and top_p >= OPEN_THRESHOLD:
        return Match(OPEN_ANSWER, round(top_p, 3), best3, False, open=True)
    second_p = on_topic[1][1] if len(on_topic) > 1 else 0.0
    if best_p < CONFIDENCE_THRESHOLD or best_p - second_p < MIN_MARGIN:  # never answered unsure (issue 19)
        return Match(None, round(best_p, 3), best3, top == _OFF_TOPIC)
    return Match(best, round(best_p, 3), tuple((c, round(p, 3)) for c, p in on_topic[1:4]), False)


_INTENT_SET = frozenset(INTENT_IDS)
_OFF_TOPIC = "__off_topic__"
_OPEN = "__open__"
# The intent an open question is answered with: the patient says what is on their mind.
OPEN_ANSWER = "goals.concerns"


def run_intents(lines: Iterable[str], out: TextIO) -> int:
    """For every non-empty line, write {"question", "intent", "confidence"} as one JSON line."""
    from simulator.scenario.textlimits import typed_lines

    for question, too_long in typed_lines(lines):
        if too_long:
            record = {"question": question[:80] + "…", "intent": None, "confidence": 0.0}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        m = match_question(question)
        record = {"question": question, "intent": m.intent, "confidence": round(m.confidence, 3)}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()
    return 0
