"""Grounding a reading in the case: the patient's own words on each topic as evidence.

The topic classifier is project-wide and reads the words alone. A clinician's question, though,
usually names something in this patient's story ("Physio, why did you stop?", "the forklift", "the
group"), and the patient's answers on each topic hold those words. So an unsure reading (below the
classifier's bar) is answered when the patient's answer on its best topic shares at least
``RESCUE_WORDS`` of the question's content words and the answers on the next likely topics share
fewer: a second, independent source names the same reading, as a clinical concept does
(``understanding.concepts``). Measured on the development conversations (docs/INTENTS.md, round 10).
A question that names a date the patient's answers give on one topic only ("Tell me what happened in
July.") asks about that topic, where the classifier read it as an open question or not at all
(``dated``). The other way round, doubting a fairly sure reading whose answer holds none of the
question's words, cost as many right answers as wrong ones it stopped (and asked back on a suicide
screen), so it is not done.
"""

from __future__ import annotations

import re

from simulator.patient.understanding import Match
from simulator.patient.words import content, stem
from simulator.scenario.models import Interview

# The classifier's probability an unsure best reading needs before the case's words may carry it.
RESCUE_FLOOR = 0.15
# Content words of the question (stemmed, three letters or more) the topic's answer must hold.
RESCUE_WORDS = 2
_FACETS = ("why", "when", "how_often", "how_much", "who", "more")
# A date in the question ("Tell me what happened in July."): a month, a year, a day of the week.
_DATE = re.compile(
    r"\b(?:january|february|march|april|june|july|august|september|october|november|december|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?:19|20)\d\d)\b",
    re.I,
)
# Readings a dated question is pulled to by its open words, not by what it names.
_OPEN_READINGS = frozenset({"goals.concerns"})
DATED_BELOW = 0.9
_cache: dict[int, tuple[Interview, dict[str, frozenset[str]], dict[str, str]]] = {}


def _read(interview: Interview) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """The case's answers read once per interview: each intent's stemmed content words (every
    wording and facet included) and its answers' words as said (text and wordings, lower case)."""
    hit = _cache.get(id(interview))
    if hit is not None and hit[0] is interview:
        return hit[1], hit[2]
    words: dict[str, frozenset[str]] = {}
    said: dict[str, str] = {}
    for intent, answers in interview.answers.items():
        texts = [t for a in answers for t in (a.text, *a.wordings, *(a.facets.get(f) for f in _FACETS)) if t]
        words[intent] = frozenset(stem(w) for t in texts for w in content(t) if len(w) > 2)
        said[intent] = " ".join(t for a in answers for t in (a.text, *a.wordings)).lower()
    if len(_cache) > 64:
        _cache.clear()
    _cache[id(interview)] = (interview, words, said)
    return words, said


def answer_words(interview: Interview) -> dict[str, frozenset[str]]:
    """For each intent the case answers, the stemmed content words of all its answers (every
    wording and facet included)."""
    return _read(interview)[0]


def _shared(text: str, interview: Interview, intents: list[str]) -> list[int]:
    asked = {stem(w) for w in content(text) if len(w) > 2}
    answers = answer_words(interview)
    return [len(asked & answers.get(i, frozenset())) for i in intents]


def dated(m: Match, text: str, interview: Interview) -> Match:
    """"Tell me what happened in July.": a question that names a date the patient's answers give on
    one topic only, read by the classifier as an open question (or not at all), asks about that topic."""
    dates = {d.lower() for d in _DATE.findall(text)}
    open_reading = m.intent is None or (m.intent in _OPEN_READINGS and m.confidence < DATED_BELOW)
    if not dates or not open_reading:
        return m
    texts = _read(interview)[1]
    holding = [i for i, words in texts.items() if dates & set(re.findall(r"[a-z0-9]+", words))]
    if len(holding) != 1 or holding[0] == m.intent:
        return m
    others = tuple((i, p) for i, p in ((m.intent, m.confidence), *m.alternatives) if i and i != holding[0])
    return Match(holding[0], max(m.confidence, 0.45), others[:3], False)


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



# Words of a time question that say when, not what ("Since when has the fog been a problem?").
_TIME_FRAME = frozenset(
    stem(w) for w in (
        "since when long start started starting begin began begun first notice noticed problem problems "
        "issue thing things going been happen happened come came time ago year years month months week "
        "weeks day days kick kicked get got bad worse think thinking feel feeling want need try use using "
        "take taking make do doing say tell know"
    ).split()
)


def time_subject(text: str, interview: Interview, exclude: frozenset[str]) -> str | None:
    """"When did the fog start?", "Since when have the night sweats been a problem?": the one topic
    (not in ``exclude``, the pain's and the tablets' history that time words pull the classifier
    to) whose answers hold every word the time question names, or None."""
    named = {stem(w) for w in content(text) if len(w) > 2} - _TIME_FRAME
    if not named:
        return None
    words = answer_words(interview)
    if any(named & words.get(i, frozenset()) for i in exclude):
        return None  # "How long since the fusion?": the pain's own story names it
    # the topic whose `when` says when the named thing began ("The fog's got worse the last year")
    holding = [i for i in words if i not in exclude and _when_holds(interview, i, named)]
    return holding[0] if len(holding) == 1 else None


def _when_holds(interview: Interview, intent: str, named: set[str]) -> bool:
    for answer in interview.answers.get(intent, []):
        said = answer.facets.get("when")
        if said and named <= {stem(w) for w in content(said) if len(w) > 2}:
            return True
    return False


# Words of a facet question that say which facet, not what of ("Who's got the key?").
_FACET_FRAME = frozenset(
    stem(w) for w in "who whom whose why when how often much many got get have has does did hold".split()
)


def facet_named_by(text: str, interview: Interview, intent: str, facet: str) -> bool:
    """Whether the words ``text`` names (not its facet's frame) are all in the patient's words for
    ``facet`` of ``intent`` ("Who's got the key?" after where the tablets are kept: his `who` there
    says who holds the key)."""
    named = {stem(w) for w in content(text) if len(w) > 2} - _FACET_FRAME
    if not named:
        return False
    for answer in interview.answers.get(intent, []):
        said = answer.facets.get(facet)
        if said and named <= {stem(w) for w in content(said) if len(w) > 2}:
            return True
    return False
