"""Grounding a reading in the case: the patient's own words on each topic as evidence.

The topic classifier is project-wide and reads the words alone. A clinician's question, though,
usually names something in this patient's story ("Physio, why did you stop?", "the forklift",
"the group"), and the patient's answers on each topic hold those words. So an unsure reading
(below the classifier's bar) is answered when the patient's answer on its best topic shares at
least ``RESCUE_WORDS`` of the question's content words and the answers on the next likely topics
share fewer: a second, independent source names the same reading, as a clinical concept does
(``understanding.concepts``). Measured on the development conversations (docs/INTENTS.md,
round 10). The other way round, doubting a fairly sure reading whose answer holds none of the
question's words, cost as many right answers as wrong ones it stopped (and asked back on a suicide
screen), so it is not done.
"""

from __future__ import annotations

from simulator.patient.understanding import Match
from simulator.patient.words import content, stem
from simulator.scenario.models import Interview

# The classifier's probability an unsure best reading needs before the case's words may carry it.
RESCUE_FLOOR = 0.15
# Content words of the question (stemmed, three letters or more) the topic's answer must hold.
RESCUE_WORDS = 2
_FACETS = ("why", "when", "how_often", "how_much", "who", "more")
_cache: dict[int, tuple[Interview, dict[str, frozenset[str]]]] = {}


def answer_words(interview: Interview) -> dict[str, frozenset[str]]:
    """For each intent the case answers, the stemmed content words of all its answers (every
    wording and facet included)."""
    hit = _cache.get(id(interview))
    if hit is not None and hit[0] is interview:
        return hit[1]
    words: dict[str, frozenset[str]] = {}
    for intent, answers in interview.answers.items():
        texts = [t for a in answers for t in (a.text, *a.wordings, *(a.facets.get(f) for f in _FACETS)) if t]
        words[intent] = frozenset(stem(w) for t in texts for w in content(t) if len(w) > 2)
    if len(_cache) > 64:
        _cache.clear()
    _cache[id(interview)] = (interview, words)
    return words


def _shared(text: str, interview: Interview, intents: list[str]) -> list[int]:
    asked = {stem(w) for w in content(text) if len(w) > 2}
    answers = answer_words(interview)
    return [len(asked & answers.get(i, frozenset())) for i in intents]


def grounded(m: Match, text: str, interview: Interview) -> Match:
    """An unsure match whose best reading the case's answers support, and only it: that reading;
    any other match as it is."""
    if m.intent is not None or m.off_topic or m.open or not m.alternatives:
        return m
    if m.alternatives[0][1] < RESCUE_FLOOR:
        return m
    ranked = list(m.alternatives[:3])
    shared = _shared(text, interview, [i for i, _p in ranked])
    if shared[0] < RESCUE_WORDS or any(n >= shared[0] for n in shared[1:]):
        return m
    intent, p = ranked[0]
    return Match(intent, p, tuple(ranked[1:]), False)

