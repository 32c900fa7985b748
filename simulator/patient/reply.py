"""What the patient says to a question: one home for the rules that make replies sound like a
person and keep the story straight (issue 19).

- Consistency: once a fact is disclosed, a later answer on the same intent never takes it back
  (a guarded answer chosen at low rapport gives way to the answer that disclosed it).
- The chart: when the trainee names what the chart shows, a fact with a ``confronted`` reply is
  answered with it (and disclosed), never with a denial.
- Facets: a follow-up ("why?", "since when?") gets the answer's facet, or what a person says
  when they have nothing more precise ("I couldn't tell you exactly").
- Wordings: an answer given again uses its next wording; "like I said" only when this intent
  was answered with those words before; words already said to a different question are never
  said again to another (the patient refers back instead).

Pure functions over the scenario's interview and what has been said; the session applies them.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from simulator.clinical.drugs import KNOWN_NON_OPIOIDS
from simulator.patient import persona
from simulator.patient.understanding.frames import (
    asks_about_guns,
    asks_if_has,
    asks_other_means_too,
    asks_other_medicines,
    asks_to_give_up_means,
    is_reflection,
    offers,
    opens_visit,
    tells_plan,
)
from simulator.patient.understanding.text import NUMBER_WORDS
from simulator.scenario.expressions import compiled
from simulator.scenario.models import Answer, Interview

# What a person says to a follow-up the case has no words for, by facet (several, used in turn).
NO_FACET: dict[str, tuple[str, ...]] = {
    "why": (
        "I couldn't tell you exactly why. It's just how it's been.",
        "I don't really know why, honestly.",
    ),
    "when": ("I couldn't tell you exactly when.", "I don't remember the exact date, sorry."),
    "how_often": ("I couldn't say exactly how often. It varies.", "I haven't kept count, to be honest."),
    "how_much": ("I couldn't give you an exact amount.", "I'm not sure exactly how much, honestly."),
    "who": ("I'd rather not name anyone.", "Nobody you'd know."),
    "more": ("There's not much more to it than that.", "That's really all there is to it."),
    # "Why didn't you mention that?", with no words of the case for it
    "why_not_told": ("I suppose I didn't want you to think badly of me.",
                     "I didn't think it mattered, honestly."),
    # "Did you know that?" after the chart named, with no words of the case for it
    "aware": ("I hadn't really thought about it like that.", "Not in so many words, no."),
}
# Said instead of words already given to another question.
ALREADY_TOLD = (
    "That's the same thing I was telling you about before.",
    "It's what I told you a minute ago.",
    "Same as I said earlier, really.",
)

_CHART = re.compile(
    r"\b(?:pdmp|prescription (?:monitoring|drug monitoring|database|records?)|monitoring programme|"
    r"monitoring program|the (?:database|registry|records?|chart|notes|system|report)|"
    r"(?:records?|chart|notes|database|report|pharmacy|system|results?|computer|screen) "
    r"(?:(?:is|are|was|were) )?"
    r"(?:shows?|showing|says?|saying|has|lists|listing|mentions?|flags?|flagging|notes|indicates?|"
    r"indicating)|"
    r"urine|uds|drug (?:screen|test)|tox(?:icology)? screen|test (?:came back|shows|showed|was)|"
    # shorthand of a result read out: "Tox back. Oxy neg, fent pos." (round 11)
    r"tox(?:icology)? (?:back|result|results|came)|(?:fent|fentanyl|oxy\w*|opiates?|benzos?|cocaine|thc|"
    r"buprenorphine|bup|morphine|methadone) (?:pos|positive|neg|negative)|"
    r"according to (?:the|your) (?:records?|chart|notes|pdmp|database|pharmacy|results?)|"
    r"i can see (?:here|(?:from|in|on) (?:the|your)|(?:that )?the (?:ward|hospital|clinic|pharmacy))|"
    r"i (?:saw|see|read|noticed|can see|have seen|'ve seen)(?: (?:here|it|that))? (?:in|on|from) "
    r"(?:the|your) (?:notes|records?|chart|file|letter|results?|report|discharge)|"
    r"it says (?:here|in|that|you|your)|"
    r"(?:discharge|clinic|gp|hospital) (?:letter|summary|record|records|notes|paperwork)|"
    r"(?:tested|came back|was|were) positive for|the ward (?:sent|gave|discharged)|"
    r"(?:letter|summary|note|notes|file|entry|referral)(?: (?:from|by|of) (?:\S+ ){1,3}?| )"
    r"(?:says?|shows?|mentions?|states?)|"
    r"(?:wrote|noted|documented|recorded|charted) (?:that|you|a|an|down)|"
    # "looking back through your notes", "the nurse documented yawning"
    r"(?:in|on|according to|from) (?:your|the) (?:(?:medication|medicine|drug|meds?|repeat|prescription) )?"
    r"list\b|"
    r"(?:looking|looked|look|going|went|reading|read) (?:back )?(?:through|at|over) (?:your|the) "
    r"(?:notes|records|chart|file|prescribing record)|"
    r"(?:nurse|doctor|gp|team|ward|triage|paramedics?) (?:has |had )?"
    r"(?:documented|noted|recorded|charted))\b",
    re.I,
)


# What the chart shows him doing, which is also a plain question ("Have you ever had a
# prescription filled early?"): the chart only when not asked him yes or no (round 11).
_DEED = re.compile(
    # "four refills were collected five, six days before they were due" (round 11)
    r"\b(?:(?:collected|picked up|filled|dispensed) (?:\S+ ){0,4}?(?:before (?:it was|they were) due|early)|"
    r"early (?:fills?|refills?)|filled early|second prescriber|another prescriber|"
    # "there is a hydrocodone from another doctor in June, in another pharmacy" (round 11)
    r"(?:from|by|at|in) (?:another|a different|a second|a other|other) "
    r"(?:doctor|prescriber|gp|clinic|pharmacy)|"
    r"urgent[- ]care(?! (?:line|centre|center|service|team|number|desk|clinician|practitioner)))\b",
    re.I,
)
_ASKED_YES_NO = re.compile(
    r"^\W*(?:(?:and|so|ok(?:ay)?|right|also|now|just)[,\s]+)*(?:have|has|had|did|do|does|were|was|are|is|would|"
    r"could|can|any|ever)\b[^.!]*\?\s*$",
    re.I,
)

_DENIAL = re.compile(
    r"^(?:no|never|nope|nothing|not really|none)\b|^i (?:don't|do not|never|haven't|have not)\b", re.I
)


def denies(words: str) -> bool:
    """Whether a reply starts by denying ("No. Never.", "I don't ...")."""
    return bool(_DENIAL.match(words.strip()))


def names_the_chart(text: str) -> bool:
    """Whether ``text`` puts what the chart shows to the patient (PDMP, urine result, fills)."""
    if _CHART.search(text):
        return True
    return bool(_DEED.search(text)) and not _ASKED_YES_NO.match(text.strip())


@dataclass(frozen=True)
class Reply:
    text: str
    answer: Answer | None  # the scenario answer given (None: the deflection)
    index: int | None
    reveals: tuple[str, ...]  # facts this reply discloses (some may already be disclosed)
    repeat: bool  # the same answer as last time on this intent ("like I said")
    affect: str = ""
    confronted: str | None = None  # the fact whose confronted reply was given


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _in_turn(options: Sequence[str], said: Mapping[str, Any], seed: str) -> str:
    """The first of ``options`` not said yet; all said: the one after a stable start."""
    for option in options:
        if _norm(option) not in said:
            return option
    return options[zlib.crc32(seed.encode()) % len(options)]


# A condition on what the patient has disclosed ("'learns_fentanyl' in revealed").
_AFTER_DISCLOSURE = re.compile(r"'[a-z0-9_]+'\s+in\s+revealed\b")


def consistent_answer(
    interview: Interview, intent: str, rapport: int, context: Mapping[str, Any], revealed: Collection[str]
) -> Answer | None:
    """The answer to give: the first that holds, unless it would take back a disclosed fact
    that another answer of this intent tells; then that answer (its rapport bar waived)."""
    answer = persona.choose_answer(interview, intent, rapport, context)
    if answer is not None and answer.when is not None and _AFTER_DISCLOSURE.search(answer.when):
        # written for after a disclosure ("'learns_fentanyl' in revealed"): what he knows now
        # stands; the answer of before (his old belief) is never brought back (round 11)
        return answer
    answers = persona.answers_for(interview, intent)
    for other in answers:
        told = [f for f in other.reveals if f in revealed]
        if not told or (answer is not None and set(told) <= set(answer.reveals)):
            continue
        if other.when is not None and not compiled(other.when).holds(context):
            continue
        return other
    return answer


_WORD = re.compile(r"[a-z][a-z'-]{2,}|\d+")
# Words of a chart question that say nothing about which fact it is.
_CHART_WORDS = frozenset(
    """about again also another anything been before can't could does explain from have here
    into just know last like made make mean month months more much only other over pdmp
    prescription prescriptions record records report
    result results says screen shows showed shown some tell test tested than that their them
    then there these they this those urine what when where which while with would your you're
    database chart notes system drug drugs tablet tablets tab tabs pill pills medicine medication
    happened idea show documented noted recorded prescribing dispensing letter summary file paperwork
    entry review""".split()
)
# Words too common in any patient's story to tell one charted fact from another on their own
# ("back", "day"): a fact is never chosen on one of these (issue 19, round 5).
_COMMON = frozenset(
    """the and for you are was were but not all any can had has her his him how its our out
    she too who why yes did get got say see saw way well good bad back pain day days week weeks
    year years time times take taking took taken one two three four five six seven eight nine ten
    first since still ever never always every same said told went come came done need think
    feel felt thing things really little lot sure know use used using bit night nights morning
    mornings evening today tonight yesterday every each now then after before between during
    about with from into over what when where which that this these those there their them they
    have been being would could should your what's happened happen
    help understand explain mean tell talk""".split()  # the trainee's own asking ("can you help
    # me understand that?") names no fact: "help" matched the sertraline that "helps a little" (round 13)
)
# The same thing said in the chart's words and in the patient's ("four prescribers" - "other
# doctors"), and numbers as figures or words ("12 tabs" - "the twelve").
_SAME_AS = {
    "prescriber": "doctor", "prescribers": "doctor", "doctors": "doctor", "gps": "doctor",
    "clinics": "doctor", "walk-in": "doctor", "pharmacies": "pharmacy", "chemist": "pharmacy",
    "chemists": "pharmacy", "refill": "fill", "refills": "fill", "fills": "fill", "filled": "fill",
    "opioids": "opioid", "fentanyl": "fentanyl", "benzo": "benzodiazepine",
    "benzos": "benzodiazepine", "benzodiazepines": "benzodiazepine", "alprazolam": "benzodiazepine",
    "xanax": "benzodiazepine", "diazepam": "benzodiazepine", "overdosed": "overdose",
    "overdoses": "overdose", "falls": "fall", "fell": "fall", "increases": "increase",
    "increased": "increase", "doses": "dose", "withdrawals": "withdrawal",
    # clinicians' shorthand for the same drugs and amounts ("no bup Rx", "90 mme")
    "bup": "buprenorphine", "subutex": "buprenorphine", "suboxone": "buprenorphine",
    "oxy": "oxycodone", "oxys": "oxycodone", "mme": "milligram", "mgs": "milligram",
    "milligrams": "milligram",
}
_NUMBERS = {str(n): w for n, w in enumerate(NUMBER_WORDS)}


def _fact_words(text: str) -> set[str]:
    """The words of ``text`` that can tell charted facts apart, in one form."""
    words = set()
    for word in _WORD.findall(text.lower().replace("\u2019", "'")):
        word = _NUMBERS.get(word, word)
        if word in _CHART_WORDS or (word in _COMMON and word not in _NUMBERS.values()):
            continue
        word = _SAME_AS.get(word, word)
        if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "ous")):
            word = word[:-1]
        words.add(word)
    return words


_CASE_WORDS: dict[int, tuple[Interview, dict[str, int]]] = {}
# A dose or how often, read out: the regimen ("10 mg", "ten milligrams", "four times a day", "twice daily").
_REGIMEN_SAID = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|ten|fifteen|twenty|thirty|forty|fifty|sixty|eighty)\s*"
    r"(?:mg|mcg|milligrams?|micrograms?)\b|\b(?:once|twice|\w+ times) (?:a|per|each) day\b"
    r"|\b(?:once|twice) daily\b",
    re.I,
)
_REGIMEN_WORDS: dict[int, tuple[Interview, frozenset[str]]] = {}


def _regimen_words(interview: Interview) -> frozenset[str]:
    """The words of what he says he is prescribed ("Oxycodone, the 10 milligram ones"): the
    record read out in them ("the prescription record shows oxycodone 10 mg four times a day") is
    his regimen, never a charted fact about misuse (round 12)."""
    cached = _REGIMEN_WORDS.get(id(interview))
    if cached is not None and cached[0] is interview:
        return cached[1]
    words: set[str] = set()
    for answer in persona.answers_for(interview, "opioid.regimen"):
        words |= _fact_words(" ".join((answer.text, *answer.wordings)))
    frozen = frozenset(words)
    _REGIMEN_WORDS[id(interview)] = (interview, frozen)
    return frozen
_CASE_NAMES: dict[int, tuple[Interview, frozenset[str]]] = {}


def _names(interview: Interview) -> frozenset[str]:
    """The names in the patient's story (people, places, months): kept capitalised after "like I said"."""
    cached = _CASE_NAMES.get(id(interview))
    if cached is not None and cached[0] is interview:
        return cached[1]
    texts = [spec.confronted for spec in interview.facts.values() if spec.confronted]
    keys = [*interview.answers, *(persona.topic_intent(t.id) for t in interview.topics)]
    for key in keys:
        for answer in persona.answers_for(interview, key):
            texts.extend((answer.text, *answer.wordings))
            texts.extend(str(v) for v in answer.facets.model_dump().values() if v)
    names = persona.names_in(texts)
    _CASE_NAMES[id(interview)] = (interview, names)
    return names


def _case_spread(interview: Interview) -> dict[str, int]:
    """In how many of the case's answers each word occurs (its commonness in this patient's story)."""
    cached = _CASE_WORDS.get(id(interview))
    if cached is not None and cached[0] is interview:
        return cached[1]
    spread: dict[str, int] = {}
    keys = [*interview.answers, *(persona.topic_intent(t.id) for t in interview.topics)]
    for key in keys:
        for answer in persona.answers_for(interview, key):
            for word in _fact_words(" ".join((answer.text, *answer.wordings))):
                spread[word] = spread.get(word, 0) + 1
    _CASE_WORDS[id(interview)] = (interview, spread)
    return spread


# A word of this many of the case's answers is a word of the patient's own story ("tramadol",
# "taper"): a question that uses one is never small talk to decline.
STORY_WORD = 2


# Words of when, in any story ("on Sunday"): never what a question is about.
_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday weekend weekday january february
    march april may june july august september october november december month week hour minute
    tomorrow later earlier""".split()
)


def names_his_story(interview: Interview, text: str) -> bool:
    """Whether ``text`` uses a word of the patient's own story (his medicine, his plan)."""
    spread = _case_spread(interview)
    return any(
        spread.get(w, 0) >= STORY_WORD for w in _fact_words(text) if "'" not in w and w not in _CALENDAR
    )


# A single word shared with a fact names it only when it occurs in at most this many of the
# case's answers; a word of the patient's whole story ("oxycodone", "every") needs another.
RARE_IN_CASE = 2
# ... or, for a medicine other than an opioid that no other charted fact names, in at most this many.
UNIQUE_IN_CASE = 4


def _fact_scores(interview: Interview, text: str) -> list[tuple[float, str]]:
    """Charted facts with a ``confronted`` reply, best first, scored by the distinctive words the
    turn shares with each: a word of several facts counts less, and so does a word of much of
    the patient's story ("buprenorphine" in a buprenorphine case), while a word of none of his
    answers ("fentanyl" on the urine result) counts more. A single shared word counts only when
    it is rare in the case's story; a small number (one to nine: days, doses, times) never
    names a fact, a larger one ("twelve tabs") may."""
    mine = _fact_words(text)
    common = _case_spread(interview)
    regimen = _regimen_words(interview)
    texts = {f: _fact_words(f"{spec.summary} {spec.confronted}")
             for f, spec in interview.facts.items() if spec.confronted}
    spread: dict[str, int] = {}
    for words in texts.values():
        for word in words:
            spread[word] = spread.get(word, 0) + 1
    scored = []
    for fact, words in texts.items():
        shared = {w for w in mine & words if w not in _SMALL_NUMBERS}
        score = sum(1.0 / (spread[w] * (1 + common.get(w, 0)) ** 0.5) for w in shared)
        if len(shared) == 1:
            word = next(iter(shared))
            # "oxycodone" alone does not name a fact; a medicine only one fact names does
            # ("sertraline on the list"), unless it runs through the whole story
            unique = spread[word] == 1 and common.get(word, 0) <= UNIQUE_IN_CASE and word in KNOWN_NON_OPIOIDS
            if word not in _NUMBERS.values() and common.get(word, 0) > RARE_IN_CASE and not unique:
                score = 0.0
            elsewhere = not _fits_source(interview, fact, _sources(text))
            if word in regimen and (_REGIMEN_SAID.search(text) or elsewhere):
                # his own medicine alone names no fact when the turn reads out his regimen ("shows
                # oxycodone 10 mg, four times a day") or another part of the chart than the fact's
                # (the urine test, for the urgent-care script of the record)
                score = 0.0
        scored.append((round(score, 3), fact))
    return sorted(scored, key=lambda sf: (-sf[0], sf[1]))


_SMALL_NUMBERS = frozenset(_NUMBERS[str(n)] for n in range(10))

# What part of the chart a turn names, and what part a charted fact's words are about: a urine
# test, the prescribing and dispensing record, the notes and letters (round 11: "your urine test
# showed the hydrocodone and nothing else" is the test, never the urgent-care supply of the record).
_SOURCES = {
    "test": re.compile(r"\b(?:urine|uds|drug (?:screen|test)|tox\w*|screens?|tested|tests?|positive|negative|"
                       r"samples?)\b", re.I),
    "record": re.compile(r"\b(?:pdmp|prescription (?:record|database|monitoring)|prescribing record|"
                         r"fill(?:s|ed)?|refill(?:s|ed)?|dispens\w*|pharmac(?:y|ies|ist)|prescribers?|"
                         r"suppl(?:y|ies)|collected|database|registry|"
                         # a script written elsewhere is on the prescribing record (round 12)
                         r"scripts?|urgent[- ]care)\b", re.I),
    "notes": re.compile(r"\b(?:notes|letter|discharge|documented|referral)\b", re.I),
}


def _sources(text: str) -> set[str]:
    return {kind for kind, words in _SOURCES.items() if words.search(text)}


def _fits_source(interview: Interview, fact: str, turn_sources: set[str]) -> bool:
    """Whether the charted ``fact`` is about the part of the chart the turn names (any, when the
    turn names none)."""
    if not turn_sources:
        return True
    spec = interview.facts[fact]
    return bool(_sources(f"{spec.summary} {spec.confronted}") & turn_sources)


# A fact of the part of the chart named, second on the turn's words, is named when it scores this.
SOURCE_SURE = 0.3


def _named(interview: Interview, text: str, ranked: Sequence[str] = ()) -> str | None:
    """The one charted fact the turn's words name, or None (nothing shared, or a tie that the
    intents the turn reads as, nearest first in ``ranked``, do not settle)."""
    scored = _fact_scores(interview, text)
    sources = _sources(text)
    named = [f for s, f in scored if s >= 0.5 and _fits_source(interview, f, sources)]
    if len(named) > 1 and ranked:  # "four fills early, plus a script from urgent care": the one the
        # turn reads as first ("early fills"), the other owned when asked of later (round 12)
        told = [f for f in named if any(f in a.reveals for a in persona.answers_for(interview, ranked[0]))]
        if len(told) == 1:
            return told[0]
    if scored and sources and not _fits_source(interview, scored[0][1], sources):
        fitting = [(s, f) for s, f in scored if s >= SOURCE_SURE and _fits_source(interview, f, sources)]
        if fitting:
            return fitting[0][1]
    if not scored or scored[0][0] < 0.5:
        return None
    tied = [f for s, f in scored if s == scored[0][0]]
    if len(tied) == 1:
        return tied[0]
    for intent in ranked:  # "four fills five days early": the fact the early-refills answer tells
        told = [f for f in tied if any(f in a.reveals for a in persona.answers_for(interview, intent))]
        if len(told) == 1:
            return told[0]
    return None


def confronted_fact(
    interview: Interview, intent: str, text: str, context: Mapping[str, Any], ranked: Sequence[str] = ()
) -> str | None:
    """The fact whose ``confronted`` reply answers ``text`` (asked as ``intent``) when it names
    the chart: the fact the turn's own words name ("UDS showed fentanyl" -> the pills sold as
    oxycodone) when an answer of ``intent`` tells it or none tells any, else the first fact an
    answer of ``intent`` tells."""
    if not names_the_chart(text):
        return None
    own: list[str] = []
    for answer in persona.answers_for(interview, intent):
        if answer.when is not None and not compiled(answer.when).holds(context):
            continue
        own.extend(f for f in answer.reveals if f in interview.facts and interview.facts[f].confronted)
    named = _named(interview, text, [intent, *ranked])
    if named is not None and (named in own or not own):
        return named
    sources = _sources(text)
    fitting = [f for f in own if _fits_source(interview, f, sources)]
    if own and not fitting and sources:
        # the urine test named under an intent whose fact is the prescribing record: the one
        # charted fact of that part of the chart, if the case has one
        fitting = [f for f, spec in interview.facts.items()
                   if spec.confronted and _fits_source(interview, f, sources)][:2]
        if len(fitting) != 1:
            fitting = []
    return (fitting or own or [None])[0]


def named_fact(
    interview: Interview, text: str, ranked: Sequence[str] = ()
) -> tuple[str, list[str]] | None:
    """(fact, intents) when ``text`` puts the chart to the patient and its words name one
    confronted fact ("the ward sent you home with twelve oxycodone"): the fact, and the intents
    whose answers tell it."""
    if not names_the_chart(text):
        return None
    fact = _named(interview, text, ranked)
    if fact is None:
        return None
    # the intents whose answer tells the fact first (its story), then those telling it too; the
    # case's own topics first in each ("the urine test")
    keys = [*(persona.topic_intent(t.id) for t in interview.topics), *interview.answers]
    first = [i for i in keys if any(a.reveals[:1] == [fact] for a in persona.answers_for(interview, i))]
    also = [i for i in keys if any(fact in a.reveals for a in persona.answers_for(interview, i))]
    intents = list(dict.fromkeys([*first, *also]))
    return (fact, intents) if intents else None


def facts_named(interview: Interview, text: str) -> frozenset[str]:
    """Every charted fact ``text`` names when it puts the chart to the patient ("four fills five
    days early, plus a hydrocodone script from urgent care"): each stays named, and owned, for the
    rest of the interview (round 12)."""
    cached = _NAMED_IN.get((id(interview), text))
    if cached is not None and cached[0] is interview:
        return cached[1]
    found = frozenset(f for score, f in _fact_scores(interview, text) if score >= 0.5) if names_the_chart(
        text) else frozenset()
    if len(_NAMED_IN) > NAMED_CACHE:
        _NAMED_IN.clear()
    _NAMED_IN[(id(interview), text)] = (interview, found)
    return found


# Each turn's named facts, read once (every later turn looks back over the interview for them).
_NAMED_IN: dict[tuple[int, str], tuple[Interview, frozenset[str]]] = {}
NAMED_CACHE = 4096


_OPENER = re.compile(r"^(?:\(.*?\)\s*)?(?:(?:and|but|so|yes|yeah|no|okay|ok|right)\b[,.]?\s*)+", re.I)
_PLAIN = frozenset("""the and for you your that this with was were are have has had from what when
    does did fit match right correct fair enough about been there then they them just like""".split())


def _owned_again(interview: Interview, words: str, question: str, said: Mapping[str, Any]) -> str:
    """What he says when the chart is named again after he has owned it: the sentence of what he
    said that the turn is about, "like I said" (never "that's the same thing I was telling you")."""
    asked = {w for w in _WORD.findall(question.lower()) if w not in _PLAIN}
    sentences = [_OPENER.sub("", x).strip() for x in _SENTENCE_END.split(words.strip())]
    sentences = [x for x in sentences if len(x.split()) >= 4] or [words.strip()]
    best = max(sentences, key=lambda x: len(asked & set(_WORD.findall(x.lower()))))
    again = persona.repeat_text(interview.repeat_prefix, best[0].upper() + best[1:], _names(interview))
    return again if _norm(again) not in said else _in_turn(ALREADY_TOLD, said, words)


def owned_already(interview: Interview, text: str, revealed: Collection[str]) -> bool:
    """Whether the charted facts ``text`` names are all ones the patient has already owned or
    told (a summary that says back "the test shows fentanyl" after he has heard it): said back to
    him, not put to him again."""
    named = _named(interview, text)
    if named is not None:
        return named in revealed
    sources = _sources(text)
    fitting = [f for f, spec in interview.facts.items()
               if spec.confronted and _fits_source(interview, f, sources)]
    return bool(sources) and bool(fitting) and all(f in revealed for f in fitting)


def _offered_or_told(
    interview: Interview,
    intent: str,
    rapport: int,
    context: Mapping[str, Any],
    revealed: Collection[str],
    said: Mapping[str, str | None],
    question: str,
    patient_name: str,
) -> Reply | None:
    """His answer when the question offers him something (naloxone, letting the tablets go), tells
    him a plan and asks his view, or asks about guns: not the intent's answer (rounds 11-12)."""
    if intent in OFFERED and offers(question):
        return _accepts(interview, intent, rapport, context, revealed, said, question, patient_name)
    if intent in _VIEWS:
        told = views_of_news(interview, question)
        if told is not None:  # "Now my plan. ... How do you think?": his reaction to that plan (round 12)
            return Reply(reaction(interview, patient_name, "news." + told, said), None, None, (), False)
    if intent == "safety.storage" and asks_to_give_up_means(question):
        # asked to let the spare tablets go: he agrees, in his words (round 11)
        return Reply(reaction(interview, patient_name, "means_offer", said), None, None, (), False)
    if intent == "safety.storage" and asks_about_guns(question):
        return _about_guns(interview, rapport, context, revealed, said, question, patient_name)
    if intent in _MEDICINES_ASKED and asks_other_medicines(question):
        return _other_medicines(interview, rapport, context, revealed, said)
    return None


# Asked of medicines besides his own (over the counter, herbal; round 13): the medicines he takes, and
# no herbal or shop remedies, never his drinking.
_MEDICINES_ASKED = frozenset({"opioid.other_substances", "opioid.regimen"})
NO_OTHER_MEDICINES = "Nothing herbal, nothing from the shops like that."


def _other_medicines(
    interview: Interview,
    rapport: int,
    context: Mapping[str, Any],
    revealed: Collection[str],
    said: Mapping[str, str | None],
) -> Reply | None:
    answer = consistent_answer(interview, "opioid.regimen", rapport, context, revealed)
    if answer is None:
        return None
    index = persona.answers_for(interview, "opioid.regimen").index(answer)
    if _norm(answer.text) in said or _norm(f"{answer.text} {NO_OTHER_MEDICINES}") in said:
        # his medicines told already: the no alone, as said before when it was
        again = any(_norm(NO_OTHER_MEDICINES) in words for words in said)
        words = persona.repeat_text(interview.repeat_prefix, NO_OTHER_MEDICINES, _names(interview)) \
            if again else NO_OTHER_MEDICINES
        return Reply(words, answer, index, (), again, answer.affect)
    return Reply(f"{answer.text} {NO_OTHER_MEDICINES}", answer, index, tuple(answer.reveals), False,
                 answer.affect)


def _items_reply(
    interview: Interview,
    intent: str,
    items: Sequence[str],
    facet: str | None,
    said: Mapping[str, str | None],
    patient_name: str,
) -> Reply | None:
    """Each questionnaire item's own answer, never the mood history again (round 12)."""
    heard = dict(said)
    words = []
    for item in items:
        line = screen_reply(interview, item, facet, heard, patient_name)
        if line is not None:
            words.append(line)
            heard[_norm(line)] = intent
    return Reply(" ".join(words), None, None, (), False) if words else None


# The chart named as showing what he did not do ("no early fill", "never early", "one pharmacy
# only"): it agrees with him (round 13).
_CHART_CLEARS = re.compile(
    r"\b(?:no|never|not|none|nothing)\b(?:\s+[\w-]+){0,2}?\s+(?:early|before (?:it was|they were) due|"
    r"(?:other|second|another|different) (?:prescribers?|doctors?|pharmac(?:y|ies)|clinics?))\b|"
    r"\b(?:one|a single|the same) (?:pharmacy|prescriber|doctor)(?: only)?\b|\bonly (?:one|the one) "
    r"(?:pharmacy|prescriber|doctor)\b",
    re.I,
)
_BARE_DENIAL = re.compile(r"^\s*(?:no|never|nope|none|nothing)\b[.,!-]*\s*", re.I)


def chart_clears(text: str) -> bool:
    """Whether ``text`` puts the chart to him as showing nothing against him ("Pharmacy record says
    one pharmacy only, no early fill.")."""
    return names_the_chart(text) and bool(_CHART_CLEARS.search(text))


def compose(
    interview: Interview,
    intent: str,
    *,
    rapport: int,
    context: Mapping[str, Any],
    revealed: Collection[str],
    answered_with: Mapping[str, int],
    said: Mapping[str, str | None],
    facet: str | None = None,
    confronts: str | None = None,
    question: str = "",
    patient_name: str = "",
    items: Sequence[str] = (),
) -> Reply:
    """The patient's reply to ``intent`` (with ``facet``, or confronted with the chart's ``confronts``),
    asked in the words of ``question`` when the trainee typed it; questionnaire ``items`` read
    aloud ("phq9.tired") are answered from the case's questionnaires where it has written them."""
    if facet is None and confronts is None and question:
        offered = _offered_or_told(
            interview, intent, rapport, context, revealed, said, question, patient_name
        )
        if offered is not None:
            return offered
    if items and confronts is None:
        screened = _items_reply(interview, intent, items, facet, said, patient_name)
        if screened is not None:
            return screened
    if confronts is not None and confronts in interview.facts and interview.facts[confronts].confronted:
        words = interview.facts[confronts].confronted
        if _norm(words) in said:  # the chart named again: he owns it again, as he said it
            words = _owned_again(interview, words, question, said)
        return Reply(words, None, None, (confronts,), False, confronted=confronts)
    answer = consistent_answer(interview, intent, rapport, context, revealed)
    if answer is None:
        return Reply(interview.deflection, None, None, (), False)
    index = persona.answers_for(interview, intent).index(answer)
    if facet in (None, "more") and question and _never_tried(interview, intent, answer, question):
        # the thoughts not told yet: the no alone, never the thoughts he has not spoken of
        lines = NEVER_TRIED if any(f in revealed for f in answer.reveals) else NEVER_TRIED[1:]
        return Reply(_in_turn(lines, said, intent), answer, index, (), False, answer.affect)
    if facet is not None:
        own = answer.facets.get(facet)
        kind = _no_facet_kind(facet, question)
        # said already: "like I said" with the same words, never "I couldn't tell you when" (but
        # "tell me more" again: there is no more to it)
        fresh = bool(own) and _norm(own) not in said
        if own and ((kind == facet and (facet != "more" or fresh)) or (kind == "aware" and fresh)):
            return _say(interview, intent, [own], said, answer, index, answer.reveals, answer.affect)
        if kind == facet and _TELLS.get(facet) is not None and _TELLS[facet].search(answer.text):
            # "How many times?" after "Twice, back when I was using": he said it; never "it varies"
            wordings = [answer.text, *answer.wordings]
            return _say(interview, intent, wordings, said, answer, index, answer.reveals, answer.affect)
        if kind in _COUNTED and is_denial(answer.text):
            # "How often?" after "No, nothing like that.": the no again, never "it varies" (which
            # would tell of thoughts, or use, he has just denied)
            no = _SENTENCE_END.split(answer.text.strip(), maxsplit=1)[0]
            again = persona.repeat_text(interview.repeat_prefix, no, _names(interview))
            return Reply(again, answer, index, (), True, answer.affect)
        lines = list(NO_FACET[kind])
        return Reply(_in_turn(lines, said, intent), answer, index, (), False, answer.affect)
    if intent == interview.visit_reason and interview.visit_reason_says and opens_visit(question):
        # "What brings you in today?": the reason in a few words of his own, the detail (and what
        # it discloses) left for the questions on it (round 13)
        return _say(interview, intent, [interview.visit_reason_says], said, answer, index, (), answer.affect)
    wordings = [fit_to_question(w, intent, question) for w in (answer.text, *answer.wordings)]
    return _say(interview, intent, wordings, said, answer, index, answer.reveals, answer.affect, question)


# His view of treatment, or his readiness, asked of news told in the same turn (round 12).
_VIEWS = frozenset({"goals.treatment_views", "goals.readiness"})
_OPTION_WORDS = re.compile(
    r"\b(?:buprenorphine|suboxone|subutex|methadone|naltrexone|tapentadol|duloxetine|gabapentin|pregabalin|"
    r"physio\w*|cbt|counsell\w*|patch\w*|injection|sublocade|buvidal|detox|rehab)\b",
    re.I,
)


def views_of_news(interview: Interview | None, text: str) -> str | None:
    """The kind of news ``text`` tells before asking his view of it ("Here's my thinking: we keep
    your buprenorphine going ... How does that sound?"), or offers as a question ("Would you be
    content for us to continue the present dose?": good news); None when it tells none, or when it
    puts to him an option his own views speak of (his views then, in his words)."""
    t = text.replace("\u2019", "'").strip()
    parts = [p for p in _NEWS_SENTENCE.split(t) if p.strip()]
    if len(parts) > 1 and parts[-1].rstrip().endswith("?"):
        told = news_kind(" ".join(parts[:-1]))
    elif offers(t):
        told = "good" if news_kind(t.rstrip(" ?") + ".") == "good" else None
    else:
        told = None
    if told not in ("plan", "action") or interview is None:
        return told  # (good news, a refusal, a taper or a diagnosis is reacted to, whatever it names)
    own = " ".join(a.text for i in _VIEWS for a in persona.answers_for(interview, i))
    named = {w.lower() for w in _OPTION_WORDS.findall(t)}
    if named & {w.lower() for w in _OPTION_WORDS.findall(own)}:
        return None
    return told


def _about_guns(
    interview: Interview,
    rapport: int,
    context: Mapping[str, Any],
    revealed: Collection[str],
    said: Mapping[str, str | None],
    question: str,
    patient_name: str,
) -> Reply | None:
    """Guns at home asked of (round 12): his own words for it (``reactions.firearms``), or his
    storage answer when that speaks of guns, else a plain no; never where his tablets are kept
    read as a gun. The storage answer follows when the turn asks of his tablets or other means too."""
    answer = consistent_answer(interview, "safety.storage", rapport, context, revealed)
    if answer is not None and asks_about_guns(answer.text):
        return None  # the case's storage answer is about the gun itself
    words = reaction(interview, patient_name, "firearms", said)
    if answer is None or not asks_other_means_too(question):
        return Reply(words, None, None, (), False)
    index = persona.answers_for(interview, "safety.storage").index(answer)
    rest = _say(interview, "safety.storage", [answer.text, *answer.wordings], said, answer, index,
                answer.reveals, answer.affect)
    return replace(rest, text=f"{words} The tablets? {rest.text}")


# An answer that denies ("No, nothing like that.", "Never.", "I don't drink."): a follow-up asking
# how often, how much, when, who or why of it has nothing to count (patient.reply.compose).
_DENIAL = re.compile(
    # ("Nothing's prescribed. I buy blues ...", "Nobody's mentioned it" tell something: not denials)
    r"^\s*(?:no\b|nope\b|never\b|not (?:really|at all|once|ever|me)\b|nothing\b(?!'s)|none\b|nobody\b(?!'s)|"
    r"i (?:don't|do not|haven't|have not|never|wouldn't|didn't|did not)\b|i've never\b)",
    re.I,
)
_COUNTED = frozenset({"how_often", "how_much", "when", "who", "why"})


def is_denial(words: str) -> bool:
    """Whether an answer denies what it was asked ("No, nothing like that.", "I wouldn't say craving.")."""
    return bool(_DENIAL.match(words))
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# An answer that already says how often, how much or when: a follow-up the case has no facet
# for is answered by it again ("like I said"), not by a line that says he couldn't tell.
_COUNT = (r"\b(?:once|twice|\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|"
          r"a few|several|every|each|times?)\b")
_TELLS = {
    "how_often": re.compile(_COUNT, re.I),
    "how_much": re.compile(
        _COUNT + r"|\b(?:milligrams?|mg|tablets?|pills?|films?|cans?|beers?|bottles?)\b", re.I
    ),
    "when": re.compile(
        r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december|"
        r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|ago|since|"
        r"last (?:week|month|year|night)|(?:19|20)\d\d)\b",
        re.I,
    ),
}
# "Did you know that?" after what the chart shows, "were you aware?", "what do you make of that?":
# about the fact just named, answered from its thread (patient.dialogue._aware).
AWARE = re.compile(
    r"^(?:did|do|had|have) (?:you|u) (?:know|known|realise|realize|realised|realized|notice|noticed|"
    r"suspect|suspected)(?: (?:about |of )?(?:that|this|it|any of (?:that|this)))?"
    r"(?: (?:was|is|were|are) (?:in|on) (?:the|your|my) (?:notes|records?|chart|file|system|letter)"
    r"| (?:would|will|might|could) (?:show|come) up(?: (?:on|in) (?:there|the \w+))?)?"
    r"(?: before| already)?$"
    r"|^(?:were|are) (?:you|u) aware(?: of (?:that|this|it))?$|^(?:you|u) (?:knew|know)(?: that| this)?$"
    r"|^any idea(?: about (?:that|this|it))?$|^did that surprise (?:you|u)$|^does that surprise (?:you|u)$"
    r"|^what do (?:you|u) make of (?:that|this|it)$|^how do (?:you|u) feel about (?:that|this|it)$"
    r"|^what do (?:you|u) think (?:about|of) (?:that|this|it)$",
    re.I,
)


def asks_if_aware(text: str) -> bool:
    """Whether ``text`` asks if the patient knew what was just said ("did you know that?")."""
    words = " ".join(re.sub(r"[^\w\s']+", " ", text.replace("\u2019", "'")).split()).lower()
    words = re.sub(r"^(?:(?:ok(?:ay)?|right|so|and|well|um+|hmm+)\s+)+", "", words)
    return bool(AWARE.match(words))


_NOT_TOLD = re.compile(r"\bwhy (?:didn't|didnt|did not|haven't|havent|wouldn't|wouldnt) (?:you|u) "
                       r"(?:mention|tell|say|bring)", re.I)


def _no_facet_kind(facet: str, question: str) -> str:
    """Which of NO_FACET's lines a follow-up with no words of the case gets: by its facet, and
    by how it was asked ("did you know that?", "why didn't you mention it?")."""
    if facet == "more" and asks_if_aware(question):
        return "aware"
    if facet == "why" and _NOT_TOLD.search(question):  # the case's `why` is why he did it, not why untold
        return "why_not_told"
    return facet if facet in NO_FACET else "more"


# A yes or a no that opens an answer fits one way of asking its question: "Do you take them as
# prescribed?" "Yes. I count them." Asked the other way round ("do you ever take more than the
# label says?") the same yes says the opposite of the rest of the answer, so it is left off and
# the rest speaks for itself. One entry per intent a trainee commonly asks both ways round.
_ASKED_THE_OTHER_WAY: dict[str, re.Pattern[str]] = {
    "opioid.as_prescribed": re.compile(
        r"\b(?:more than|extra|too many|higher (?:dose|than)|overuse|overdo|exceed\w*|double up"
        r"|misus\w*|differently|not as (?:prescribed|directed|written)|other than"
        # "any doses above what's prescribed, or closer together?", "top up beyond the label" (round 12)
        r"|above|beyond|closer together|sooner than|ahead of (?:time|schedule)|top(?:ping)? up)\b",
        re.I,
    ),
    # "Do you always use Elm Street Pharmacy?", "is Dr Haddad the only one who prescribes?": asked
    # whether it is always the one place, his "No. Never." (to other sources) would say it is not
    # (round 13)
    "opioid.other_sources": re.compile(
        r"\b(?:always|only|just|all (?:from|at|through))\b[^?]{0,50}?\b(?:pharmac(?:y|ies)|chemists?|"
        r"pharmacist|doctors?|gp|prescribers?|surgery|practice|clinic)\b"
        r"|\b(?:the )?(?:one|single|same) (?:pharmacy|chemist|prescriber|doctor|gp)\b",
        re.I,
    ),
}
# The opening said the other way round, where the answer's yes or no is turned, not dropped: "do you
# always use the one pharmacy?" is answered "Yes, always." for his "No. Never." to other sources, and
# "No." for his "Yes, a mate's sometimes." (round 13).
_TURNED = {"opioid.other_sources": ("Yes, always.", "No.")}
_OPENING_YES_NO = re.compile(
    r"^(?:(?:mostly|mainly|largely|pretty much),?\s+)?(?:yes|yeah|yep|(?:no|nope)(?:[.,!;]?\s+(?:never|not "
    r"once|not ever)\b)?)\b[.,!;]?\s+", re.I
)


_OPENING_YES = re.compile(r"^(?:yes|yeah|yep)[.!;]\s+(?=\S)", re.I)
# How things are, said first ("Good. My wife is behind me..."), and a question that asks who.
_OPENING_HOW = re.compile(r"^(?:good|fine|okay|ok|alright|all right|not bad|not great)[.!;]\s+(?=\S)", re.I)
_WHO_ASKED = re.compile(r"^(?:(?:and|so|ok(?:ay)?)\W+)?who(?:'s|se|m)?\b", re.I)
# A question that asks what, how or which, never yes or no ("And how many do you take?").
_WH_QUESTION = re.compile(
    r"^(?:(?:and|so|ok(?:ay)?|right|but|now)[,\s]+)*(?:how|what|when|where|which|who|why)\b", re.I
)


# A worry written as the answer to "what worries you?" ("That the pain will get worse.") said to
# "what brings you in?" or "what's the problem today?" names the worry as one.
_WORRY_ASKED = re.compile(
    r"\b(?:worr\w*|concern\w*|afraid|scared|fear\w*|frighten\w*|anxious|nervous|bother\w*|troubl\w*|"
    r"on your mind|keeps? you (?:up|awake))\b",
    re.I,
)
_WORRY_OPENING = re.compile(r"^(?:(Two|Three) things\.\s+)?That\b")


def _as_a_worry(words: str, question: str) -> str:
    opening = _WORRY_OPENING.match(words)
    if opening is None or not question or _WORRY_ASKED.search(question):
        return words
    rest = words[opening.end():]
    if opening.group(1):
        return f"{opening.group(1)} things worry me. That{rest}"
    return f"I'm worried that{rest}"


def fit_to_question(words: str, intent: str, question: str) -> str:
    """``words`` without an opening yes or no when ``question`` asks ``intent`` the other way round;
    a worry said as one when the question did not ask what worries him."""
    if intent == "goals.concerns":
        return _as_a_worry(words, question)
    how = _OPENING_HOW.match(words)
    if how is not None and question and _WHO_ASKED.match(question.strip()):
        # "Who's at home with you?" is not answered "Good." (round 12): who, without how it is
        rest = words[how.end():]
        return rest[:1].upper() + rest[1:]
    if question and denies(words) and chart_clears(question):
        # "Pharmacy record says one pharmacy only, no early fill ...?": a bare "No." agrees with the
        # chart that clears him rather than sounding like denying it (round 13)
        rest = _BARE_DENIAL.sub("", words, count=1)
        return f"That's right. {rest[:1].upper() + rest[1:]}".strip()
    yes = _OPENING_YES.match(words)
    if yes is not None and question and _WH_QUESTION.match(question.strip()):
        # "How many are you taking?" is not answered "Yes." (round 11)
        rest = words[yes.end():]
        return rest[:1].upper() + rest[1:]
    return asked_other_way(words, intent, question)


def asked_other_way(words: str, intent: str, question: str) -> str:
    """``words`` with their opening yes or no dropped, or turned, when ``question`` asks ``intent``
    the other way round (also for a further part of a compound turn: "Who prescribes it, and do you
    always use Elm Street Pharmacy?")."""
    other_way = _ASKED_THE_OTHER_WAY.get(intent)
    if not question or other_way is None or not other_way.search(question):
        return words
    opening = _OPENING_YES_NO.match(words)
    if opening is None:
        return words
    rest = words[opening.end():]
    turned = _TURNED.get(intent)
    if turned is not None:
        said_no = opening.group(0).strip().lower().startswith("no")
        return f"{turned[0] if said_no else turned[1]} {rest}".strip()
    return rest[:1].upper() + rest[1:]


# What he is offered and takes, by the intent it is about (round 11): "I'd like you to have a naloxone
# spray at home. Would that be okay?" is answered with a yes in his own words (the case's
# ``reactions.naloxone_offer``, else his persona's), never with whether he has one ("No, I don't know
# what that is." sounds like a refusal). Asked in the same turn whether he has one, he says that first.
OFFERED = {"safety.naloxone": "naloxone_offer"}


def _accepts(
    interview: Interview,
    intent: str,
    rapport: int,
    context: Mapping[str, Any],
    revealed: Collection[str],
    said: Mapping[str, str | None],
    question: str,
    patient_name: str,
) -> Reply:
    words = reaction(interview, patient_name, OFFERED[intent], said)
    if not asks_if_has(question):
        return Reply(words, None, None, (), False)
    answer = consistent_answer(interview, intent, rapport, context, revealed)
    if answer is None or _norm(answer.text) in said:
        return Reply(words, None, None, (), False)
    index = persona.answers_for(interview, intent).index(answer)
    return Reply(f"{answer.text} {words}", answer, index, tuple(answer.reveals), False, answer.affect)


# The screen asked item by item ("Have you thought about how you might do this?", "... any intention
# of acting on them?") after he has said no: a short no, as a person says it, not the whole first
# answer again after "like I said" (round 11). An item about something done ("have you ever done
# anything to end your life?") also gets the sentence of his answer about what he did (the overdose
# that was not on purpose), when it has one.
SCREENS = frozenset({"safety.suicidal_thoughts"})
NO_AGAIN = ("No, never got as far as that.", "No. Nothing like that.", "No, I haven't.", "No, not at all.")
_DONE_ASKED = re.compile(
    r"\b(?:ever (?:done|tried|attempted|made|started)|attempt\w*|tried to|done anything|prepared|"
    r"before\W*$|in your lifetime)\b",
    re.I,
)
_DONE_TOLD = re.compile(r"\b(?:overdos\w*|on purpose|meant (?:it|to)|attempt\w*|tried)\b", re.I)


# Asked whether he ever tried ("have you ever tried to harm yourself before?") when he has told of
# thoughts and nothing in his answers tells of an attempt: he never has; his thoughts said again would
# read as a first attempt (round 11).
_TRIED_ASKED = re.compile(
    r"\b(?:tried|attempted|try|attempt) (?:to )?(?:harm|hurt|kill|end|take)\b|\bsuicide attempts?\b|"
    r"\b(?:attempted|tried) suicide\b|\bever (?:harmed|hurt) yourself\b",
    re.I,
)
NEVER_TRIED = ("No. I've never done anything. It's been the thoughts, that's all.", "No, never.")


def _never_tried(interview: Interview, intent: str, answer: Answer, question: str) -> bool:
    if intent not in SCREENS or not _TRIED_ASKED.search(question) or is_denial(answer.text):
        return False
    told = " ".join(t for a in persona.answers_for(interview, intent)
                    for t in (a.text, *a.wordings, *(a.facets.get(f) for f in ("more", "when", "why"))))
    return not _DONE_TOLD.search(told)


def _no_again(
    interview: Interview, intent: str, answer: Answer, said: Mapping[str, Any], question: str
) -> str:
    sentences = _SENTENCE_END.split(answer.text.strip())
    if _DONE_ASKED.search(question):
        done = next((x for x in sentences[1:] if _DONE_TOLD.search(x)), None)
        if done is not None:
            line = f"No. {done}"
            if _norm(line) not in said:
                return line
    first = sentences[0]
    told = persona.repeat_text(interview.repeat_prefix, first.rstrip(".") + ".")
    return _in_turn((told, *NO_AGAIN), said, intent)


# How he puts right a detail a summary got wrong.
CORRECTION_LEAD = "Not quite - "


def _say(
    interview: Interview,
    intent: str,
    wordings: list[str],
    said: Mapping[str, str | None],
    answer: Answer,
    index: int,
    reveals: Sequence[str],
    affect: str,
    question: str = "",
) -> Reply:
    fresh = [w for w in wordings if _norm(w) not in said]
    if fresh and question and intent in said.values() and is_reflection(question) and not is_denial(fresh[0]):
        # a summary of what he told, with a detail wrong: put right in other words (round 13)
        right = persona.repeat_text(CORRECTION_LEAD, fresh[0], _names(interview))
        return Reply(right, answer, index, tuple(reveals), False, affect)
    if fresh:
        return Reply(fresh[0], answer, index, tuple(reveals), False, affect)
    if any(said.get(_norm(w)) == intent for w in wordings):  # this topic, in these words: honest
        if intent in SCREENS and is_denial(wordings[0]) and question:
            no = _no_again(interview, intent, answer, said, question)
            return Reply(no, answer, index, (), True, affect)
        # a summary said back with a detail wrong: he puts it right ("Not quite - three a day ..."),
        # never "like I said" as if it had been asked again (round 13)
        correcting = question and is_reflection(question) and not is_denial(wordings[0])
        lead = CORRECTION_LEAD if correcting else interview.repeat_prefix
        again = persona.repeat_text(lead, wordings[0], _names(interview))
        return Reply(again, answer, index, tuple(reveals), True, affect)
    # Said before, but to another question: refer back rather than say the same words again.
    return Reply(_in_turn(ALREADY_TOLD, said, intent), answer, index, tuple(reveals), False, affect)


# ----------------------------------------------------------------------------- reactions

# Default reactions by persona: each patient gets one set (by name), so two cases never share
# the same stock line; a case's own ``interview.reactions`` come first.
_PERSONAS: tuple[dict[str, tuple[str, ...]], ...] = (
    {  # plain-spoken
        "empathy": ("Yeah. It's been a lot.", "Thanks. Not many people ask.", "It's not been easy, no."),
        "validation": (
            "Thank you. Most people act like I'm making it up.", "It helps to hear that.", "Good. Thanks."
        ),
        "greeting": ("Hi. Thanks for seeing me.", "Hi."),
        "thanks": ("No, thank you. It helps to talk about it.", "Sure."),
        "closing": ("Okay. Thanks, doctor.", "Right. Thanks."),
        "statement": ("Okay.", "Right.", "Mm-hm."),
        "reflection": ("Yeah. That's about it.", "Pretty much, yeah. It's been getting to me.",
                       "Yeah, that's it. I hadn't put it like that, but yeah."),
        "permission": ("Yeah, go ahead.", "Sure, go on."),
        "apology": ("Okay. It's fine.", "Yeah. Forget it."),
        "news.diagnosis": (
            "Hang on. So what does that mean for me?", "I wasn't expecting that. What happens now?",
            "Right. That's a lot to take in."),
        "news.refusal": ("Oh. So what am I meant to do when it's bad?",
                         "That's not what I wanted to hear. What do I do instead, then?",
                         "Right. I get it, I suppose. I just don't know how I'll manage."),
        "news.taper": ("Down? I'm worried how I'll cope, to be honest. How slow are we talking?",
                       "Okay. If it's slow, maybe. As long as I'm not just left in agony.",
                       "Right. I'll give it a go, if we can stop if it gets bad."),
        "news.good": ("Oh, thank God. That's a weight off.", "Really? That's a relief, honestly.",
                      "Good. That's good to hear."),
        "news.action": ("Would you? Thanks, that'd help a lot.", "Cheers. I appreciate that.",
                        "Thanks. One less thing to worry about."),
        "news.safety": ("Okay. I didn't know that. I'll be careful.", "Right, got it. I'll watch that.",
                        "Fair enough. I hadn't thought about it like that."),
        "news.plan": (
            "Okay. I can give that a go.", "Right. And if it doesn't work?", "Okay. Sounds like a plan."),
        "understood": ("Yeah, I think so.", "Yeah, that makes sense."),
        "nervous": ("Don't worry about it. You're doing fine.", "Ha, you're all right. Take your time."),
        "humour": ("(Laughs.) Yeah.", "(Grins.) Fair point."),
        "teach_back": ("Okay. So ",),
        "no_plan": ("You haven't told me the plan yet, have you?",),
        "naloxone_offer": ("Yeah, fine. Show me how it works.",
                           "Yeah, okay. Better to have it and not need it."),
        "means_offer": ("Yeah. Probably better they're not in the house.", "Okay. I can do that."),
        "firearms": ("No. No guns in the house.", "No, nothing like that. No guns."),
        "understanding": ("That I'm hooked on them, I guess? That I can't just stop.",
                          "That I can't control it. Like an addict, I suppose."),
    },
    {  # formal
        "empathy": ("It has been hard. Thank you for saying so.", "I appreciate that.", "Yes. It has."),
        "validation": (
            "That means a lot. I was worried you'd think I was exaggerating.",
            "Thank you. I'm glad you see it that way.",
            "That is a relief to hear.",
        ),
        "greeting": ("Hello. Thank you for fitting me in.", "Hello."),
        "thanks": ("Thank you for listening.", "Not at all."),
        "closing": ("Thank you. I'll see you then.", "Thank you, doctor."),
        "statement": ("I see.", "All right.", "Yes."),
        "reflection": ("Yes, that's a fair way to put it.", "That's right. It has been weighing on me.",
                       "Yes. That's exactly it, really."),
        "permission": ("Of course, go ahead.", "Yes, that's fine."),
        "apology": ("Thank you for saying so.", "All right. Let's carry on."),
        "news.diagnosis": ("I see. That isn't what I expected to hear. What would that mean?",
                           "Oh. I hadn't thought of it that way. What do we do about it?",
                           "That's a lot to take in, doctor."),
        "news.refusal": ("Oh. I see. Then what do I do when the pain is bad?",
                         "That's difficult to hear. What would you suggest instead?",
                         "I understand. I'm not sure how I'll manage, though."),
        "news.taper": (
            "Slowly, you said. I'm frightened of the pain coming back, but if it's done carefully I'm "
                       "willing.", "All right. How slowly would we go?",
                       "As long as we can pause if it gets too much. I can live with slowly."),
        "news.good": ("Oh, that is a relief. Thank you.", "Thank goodness. I was dreading the opposite.",
                      "That's good news. Thank you for telling me."),
        "news.action": ("Thank you. That would be a great help.", "That's kind of you. Thank you.",
                        "I'd appreciate that very much."),
        "news.safety": (
            "Yes. I'll be careful about that.", "Thank you. I hadn't realised.",
            "All right. I'll remember that."),
        "news.plan": (
            "All right. That sounds sensible.", "Thank you. I can follow that.",
            "Yes. I'd like to try that."),
        "understood": ("Yes, I think so.", "Yes, that's clear."),
        "nervous": (
            "That's quite all right. We all start somewhere.", "You're doing very well, don't worry."),
        "humour": ("(Smiles.) Yes, I suppose so.", "(Laughs.) Quite."),
        "teach_back": ('Let me see. ',),
        "no_plan": ("I don't think you've told me the plan yet, doctor.",),
        "naloxone_offer": ("Yes, that's fine. Will you show me how to use it?",
                           "Yes, I'd rather have it in the house than not."),
        "means_offer": ("Yes. I think that would be sensible.", "Yes, I can do that."),
        "firearms": ("No. There are no guns in the house.", "No, none at all."),
        "understanding": ("I suppose it means I've become dependent on them. Addicted, if I'm honest.",
                          "That the tablets have some control over me. I'm not sure beyond that."),
    },
    {  # guarded, few words
        "empathy": (
            "Yeah... some days are worse than others.", "Thanks. I don't usually talk about it.", "Yeah."
        ),
        "validation": ("Finally someone believes me.", "Thanks. That actually helps.", "Okay. Good."),
        "greeting": ("Hey. Yeah, thanks.", "Hey."),
        "thanks": ("Sure. Thanks.", "Yeah."),
        "closing": ("Okay. See you.", "Okay."),
        "statement": ("Mm.", "Okay.", "Right."),
        "reflection": ("Yeah. Something like that.", "I suppose so, yeah. It's a lot.", "Yeah."),
        "permission": ("Yeah, okay.", "Go on, then."),
        "apology": ("It's fine. Forget it.", "Yeah, okay. Let's move on."),
        "news.diagnosis": (
            "Great. So now what?", "That's not what I came in for.", "Right. So what happens now?"),
        "news.refusal": ("Great. So what am I supposed to do?", "Figures. So that's it, then?",
                         "Right. So I just put up with it?"),
        "news.taper": ("Down. Right. And what happens when it gets bad?",
                       "I've tried coming down before. It didn't go well.", "Slowly, yeah? Not all at once?"),
        "news.good": ("Oh. Okay. Good. That's... good.", "Really? Right. That's a relief, actually.",
                      "Good. I thought you'd say the opposite."),
        "news.action": ("Would you? Okay. Thanks.", "Right. Thanks for that.", "Okay. Thanks."),
        "news.safety": ("Yeah. Okay.", "Right. I'll watch it.", "Okay. Didn't know that."),
        "news.plan": ("Okay. We'll see.", "If you think it'll work.", "Fine. I'll try it."),
        "understood": ("Yeah. I think so.", "Yeah."),
        "nervous": ("You're fine. Can't be worse than my week.", "Don't worry. You're doing all right."),
        "humour": ("(Half a smile.) Yeah.", "(Snorts.) Yeah, right."),
        "teach_back": ('So ',),
        "no_plan": ("What plan? You haven't said one yet.",),
        "naloxone_offer": ("Yeah, okay. If you think I need it.", "Fine. I'll take it. Show me how."),
        "means_offer": ("...Yeah. Okay.", "Fine. If you think so."),
        "firearms": ("No. No guns.", "No."),
        "understanding": ("That I'm an addict. That's what it means, isn't it?", "Addiction. I know."),
    },
)


_GREETING = re.compile(
    r"^\s*(?:hi|hiya|hello|hey|morning|afternoon|evening|good (?:morning|afternoon|evening|day)|"
    r"(?:nice|pleased|lovely) to meet you|welcome)\b"
    # an introduction is a greeting too ("im the paramedic practitioner from the gp surgery")
    r"|\b(?:i'?m|i am|my name is|my name's|it'?s|this is)\b.{0,30}\b(?:doctor|dr|nurse|gp|registrar|"
    r"pharmacist|student|"
    r"practitioner|consultant|worker|psychologist|physician|interpreter|anaesthetist|resident|locum)\b",
    re.I,
)
_THANKS = re.compile(r"\b(thanks|thank you|cheers)\b", re.I)
# Leave asked to go on ("ok if I ask a few things?", "do you mind if I ask some questions?"):
# the patient gives it, after the greeting when there is one.
_LEAVE_ASKED = re.compile(
    r"\b(?:(?:is it|would it be|are you|is that)\s+)?(?:ok(?:ay)?|alright|all right|fine|happy)\s+"
    r"(?:if i|for me to|to|with me)\b|\b(?:(?:do|would) you )?mind if i\b|\b(?:do|would) you mind\b|"
    r"\b(?:can|could|may) i (?:ask|go through|"
    r"run through|take|get|have|share (?:some|my|a few) (?:thoughts|ideas))\b"
    r"|[\s,.-](?:is it |it is |is that |that )?(?:ok(?:ay)?|alright|all right)\s*\?\s*$"
    # "is now an okay time?", "..., if that's okay with you?" (round 10)
    r"|\bis (?:now|this|it) (?:an? )?(?:ok(?:ay)?|good|alright|all right) time\b"
    r"|\bif that(?:'s| is) (?:ok(?:ay)?|alright|all right)(?: with you)?\s*\?\s*$",
    re.I,
)
# Time asked for, on the phone or at the bedside ("Have you got a minute?", "is now a good time?").
_TIME_ASKED = re.compile(
    r"(?:^|[.!?,]\s+)(?:(?:have )?(?:you|u) )?got a (?:minute|moment|sec|second|few minutes)\s*\??$"
    r"|(?:^|[.!?,]\s+)(?:is )?(?:now|this) (?:a )?(?:good|ok|okay|bad|convenient) time"
    r"(?: to (?:talk|chat))?\s*\??$"
    r"|(?:^|[.!?,]\s+)(?:can|could) (?:you|u) (?:talk|speak)"
    r"(?: (?:now|right now|for a (?:minute|moment)))?\s*\??$"
    # "Shall we begin directly?", "can we get started, then?": leave to start the visit (round 12)
    r"|(?:^|[.!?,]\s+)(?:(?:so|ok(?:ay)?|right|good|great)\W+)?(?:shall|can|should|could) we "
    r"(?:begin|start|get started|get going|make a start|crack on|kick off)"
    r"(?:,? (?:then|now|directly|straight away|right away|shall we))?\s*\??$",
    re.I,
)


def asks_for_time(text: str) -> bool:
    """Whether ``text`` ends by asking for the patient's time ("Have you got a minute?") or leave
    to start ("Shall we begin?")."""
    return bool(_TIME_ASKED.search(text.strip()))


# ("I can see you've been struggling" is not a goodbye)
_CLOSING = re.compile(
    r"\b(bye|goodbye|see you(?![\u2019'])(?! (?:have|are|were|look|seem|feel|been|struggl))|take care)\b"
    # leaving, back later ("I'll be back tomorrow morning", "the doctor soon come"; round 12)
    r"|\b(?:cheerio|ta[- ]ra|tata|farewell|so long|catch you later|laters)\b"  # (round 13)
    r"|\btek care\b|\b(?:i'?ll|i will|we'?ll|we will) (?:meet|see you|see each other|catch up) again\b"
    r"|\b(?:i'?ll|i will|we'?ll|we will) (?:be|come|pop|drop) (?:back|by|round)\b[^.!?]{0,40}\b"
    r"(?:tomorrow|later|this (?:afternoon|evening)|in (?:a|an|the|\d+|a few) \w+|after|once|when)\b",
    re.I,
)
# Taking back words that hurt ("Sorry, that came out wrong."): the patient accepts it, cautiously.
_APOLOGY = re.compile(
    r"\b(?:that came out (?:\w+ )?wrong|i didn'?t mean (?:it|that|you|to)|"
    r"that was (?:unfair|wrong of me|out of line)|"
    r"i shouldn'?t have (?:said|asked)|i apologi[sz]e|(?:i'?m )?sorry(?:,)? (?:about|for) (?:that|saying))\b",
    re.I,
)


def is_apology(text: str) -> bool:
    """Whether ``text`` takes back words that hurt ("Sorry, that came out wrong.")."""
    return bool(_APOLOGY.search(text))


def statement_kind(kinds: Collection[str], text: str) -> str:
    """Which reaction a statement gets: apology (words taken back), news told to him (its kind:
    "news.refusal", ...), validation, empathy, greeting, permission (leave asked to go on;
    "greeting+permission" with a greeting), closing, thanks, reflection (a summary or reflection
    said back: the patient confirms it), the trainee's nerves or a joke, statement. A kind the
    reading of the turn gave (``understood``, ``teach_back``, ``feelings``) is taken as it is."""
    for given in _GIVEN_KINDS:
        if given in kinds:
            return given
    if _APOLOGY.search(text):
        return "apology"
    if asks_leave_to_speak(text):  # "I have some good news and some less good news. Can I tell you?"
        return "greeting+permission" if _GREETING.search(text) else "permission"
    news = news_kind(text)
    if news is None and offers(text):  # "Would you be content for us to continue the present dose?"
        news = "good" if news_kind(text.rstrip(" ?") + ".") == "good" else None
    reflected = is_reflection(text)
    if news in _STRONG_NEWS and not (reflected and news in _HEARD_BACK and not _HIS_OWN_NEWS.search(text)):
        return "news." + news
    if news in ("action", "plan", "safety") and _CONSENT_ASKED.search(text.replace("\u2019", "'").strip()):
        return "news." + news  # "I'll sort out a new kit for you. Would that be okay?": the offer
    if "validate_pain" in kinds:
        return "validation"
    if "empathy" in kinds:
        return "empathy"
    return _social_kind(kinds, text, news, reflected)


def _social_kind(kinds: Collection[str], text: str, news: str | None, reflected: bool) -> str:
    """:func:`statement_kind` once the words are neither an apology, strong news, validation nor
    empathy: leave asked, a greeting, a closing, thanks, other news, a reflection, nerves, a joke."""
    if _LEAVE_ASKED.search(text) or _LEAVE_TO_SPEAK.search(text) or asks_for_time(text):
        return "greeting+permission" if _GREETING.search(text) else "permission"
    if _GREETING.search(text):
        return "greeting"
    if "closing" in kinds or _CLOSING.search(text):
        return "closing"
    if _THANKS.search(text):
        return "thanks"
    if news is not None and not reflected:
        return "news." + news
    if reflected:
        return "reflection"
    if _NERVOUS.search(text):
        return "nervous"
    if _HUMOUR.search(text):
        return "humour"
    return "statement"


# His agreement asked for what he was just told, as the last words ("You agree or not?", "OK or not?",
# "that sound ok?", "Are you happy with that?"): the plan put to him, not leave to go on (round 13).
AGREEMENT_ASKED = (
    r"(?:(?:do|would) )?you (?:agree|accept)(?: (?:with|to) (?:that|this|it|me|the plan|my plan))?"
    r"(?: or not)?"
    r"|agree(?: or not)?|(?:ok(?:ay)?|good|can|fine|alright|all right) or not"
    r"|(?:(?:does|do|would) )?(?:that|this|it|the plan|that plan) (?:sounds?|seems?) "
    r"(?:ok(?:ay)?|good|alright|"
    r"all right|fine|reasonable|sensible|fair|like a plan)(?: (?:to|for|with) you)?(?: or not)?"
    r"|(?:are|would) you (?:be )?(?:ok(?:ay)?|happy|alright|all right|fine|comfortable) (?:with|about) "
    r"(?:that|this|it|the plan|that plan|doing that)(?: or not)?"
    r"|you (?:ok(?:ay)?|happy|alright|fine) with (?:that|this|it|the plan)(?: or not)?"
    r"|what do you say|deal"
)
# Consent asked for what was just offered, as the last sentence ("Is that alright with you?").
_CONSENT_ASKED = re.compile(
    r"(?:^|[.!?]\s+)(?:(?:so|and|ok(?:ay)?)\W+)*(?:(?:is|would) (?:that|this|it) (?:be )?"
    r"(?:ok(?:ay)?|alright|all right|fine)(?: (?:with|for) you)?|is ok(?:ay)? (?:with|for) you"
    r"|(?:are|would) you (?:be )?(?:ok(?:ay)?|happy|alright|all right) with (?:that|this)|"
    + AGREEMENT_ASKED + r")\s*\?\s*$",
    re.I,
)
# Kinds the reading of a turn decides (simulator.patient.turn) and records on the action.
_GIVEN_KINDS = ("teach_back", "understood", "feelings", "greeting", "understanding")
# News that is the clinician's own act or finding, reacted to before the words around it ("I know
# that's not what you hoped for" after "I can't give you a month of oxycodone").
_STRONG_NEWS = frozenset({"refusal", "good", "diagnosis", "taper"})
# ... except a diagnosis or a taper said back as his own ("So you've been cutting down slowly").
_HEARD_BACK = frozenset({"diagnosis", "taper"})

# The clinician's own finding or proposal ("So instead of going up, I'd like to bring the dose down
# slowly"): news told, however the turn starts, never his words said back (round 12).
_HIS_OWN_NEWS = re.compile(
    r"\b(?:i(?:'d| would)? (?:like|want|suggest|propose|recommend|think|believe)|"
    r"i'?m (?:going to|afraid|worried|concerned)|i am (?:going to|afraid|worried|concerned)|"
    r"we(?:'ll|'d| will| would| can| could| should| need| are going| 're going)|let'?s|"
    r"my (?:plan|suggestion|recommendation))\b",
    re.I,
)

# Leave asked to say or ask something ("May I?", "Can I be honest with you?", "Can I share some
# thoughts about the plan?", "Quick intro, then straight to it, okay?"): he gives it (round 11).
_LEAVE_TO_SPEAK = re.compile(
    r"(?:^|[.!?,;]\s*)(?:(?:and|so|now|ok(?:ay)?|right)\W+)?(?:can|could|may|might) i\s*\?\s*$"
    r"|\b(?:can|could|may|might) i (?:just )?(?:ask (?:you )?(?:something|a (?:question|quick question|pers"
    r"onal "
    r"question|favour|few things)|one (?:more )?thing)|be (?:honest|frank|straight|blunt|direct)|share|tell"
    r" you|"
    r"explain|run (?:something|an idea|a few things|some ideas) (?:by|past) you|give you (?:my|some|a few)|"
    r"say something|offer (?:you )?(?:some|a|my)|suggest|go over|talk (?:to you |with you )?about "
    r"(?:the plan|what happens next|next steps|options|the options|where we go))\b[^?]*\?\s*$"
    # "Is it alright if I share what I'm thinking?", "Do you mind if I tell you my thoughts?" (round 12)
    r"|\b(?:(?:is it|would it be|are you) (?:ok(?:ay)?|alright|all right|fine|happy)|(?:do|would) you mind) "
    r"(?:if i|for me to|me)\b (?:just )?(?:share|tell you|say|explain|give you|run|go over|"
    r"talk (?:to you |with you )?about|offer|suggest|be (?:honest|frank|straight|blunt))\b[^?]*\?\s*$"
    r"|\b(?:intro\w*|introductions?|start|get (?:going|started)|straight (?:to|into) it|dive (?:in|straight"
    r" in)|"
    r"crack on|jump (?:in|straight in)|begin)\W+(?:ok(?:ay)?|alright|all right|yeah)\s*\?\s*$",
    re.I,
)
def asks_leave_to_speak(text: str) -> bool:
    """Whether ``text`` ends asking leave to say or ask something ("May I?", "Can I be honest?")."""
    return bool(_LEAVE_TO_SPEAK.search(text.replace("\u2019", "'").strip()))


# The trainee's own nerves ("Sorry, I'm a bit nervous, it's my first week"): he puts him at ease.
_NERVOUS = re.compile(
    r"\b(?:i'?m|i am) (?:a (?:bit|little) |so |really |quite )?(?:nervous|new (?:here|at this)|still learni"
    r"ng)\b"
    r"|\b(?:it'?s|this is) my (?:first|second) (?:week|day|rotation|placement|time)\b",
    re.I,
)
# A joke or a laugh ("Haha, my grandmother also hid her medicine in the biscuit tin."): he smiles.
_HUMOUR = re.compile(
    r"^\W*(?:ha(?:ha)+|ha|hah|heh|lol|lmao)\b|\b(?:only |just )?(?:joking|kidding|teasing)\b|"
    r"\bi approve\b|\b(?:very )?festive\b|[\U0001F600-\U0001F64F]",
    re.I,
)

# News told to the patient, by kind (round 11: a flat "Okay." to "I can't give you more oxycodone"
# or "you should NOT stop your buprenorphine" was the testers' first complaint). Read per sentence;
# the first kind in this order that any sentence has is the turn's.
_MODAL = (r"(?:we(?:'ll| will| need| should| could| can| are going| 're going| want| would)|"
          # "The hydrocodone should come down slowly" (round 11)
          r"(?:the|your) (?:dose|doses|oxy\w*|hydrocodone|morphine|tramadol|opioids?|tablets|pills|codeine|"
          r"methadone|fentanyl|tapentadol) (?:should|will|needs? to|has to|have to|is going to)|"
          r"i(?:'d| would| think| want| "
          r"suggest| recommend| propose)|let'?s|the plan|need to|going to|plan to|would like to|suggest|rec"
          r"ommend|"
          # "Here's what I'm thinking: we taper off ...", "My plan: ..." (round 12)
          r"i'?m thinking|i am thinking|my (?:plan|thinking|suggestion)|"
          # "De doctor can bring it down slow slow" (round 12)
          r"(?:the|de|your) doctors? (?:can|could|will|would|is going to|may))")
_OPIOID = (r"(?:more|any ?more|oxy\w*|opioids?|opiates?|morphine|tramadol|codeine|fentanyl|hydromorphone|"
           r"tapentadol|tablets?|pills?|dose|doses|month|slow.release|long.acting|higher|extra|early|script"
           r"s?|"
           r"prescriptions?|supply|painkillers?|stronger)")
_NEWS_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("refusal", re.compile(
        r"\b(?:can'?t|cannot|can not|won'?t|will not|not (?:going|able) to|unable to|n'?t be able to|not go"
        r"nna|"
        r"not in a position to|not prepared to)\b[^.!?]{0,40}?\b(?:give|prescrib\w*|increas\w*|rais\w*|put "
        r"(?:you|the "
        r"dose|it) up|up (?:the|your) dose|go up|going up|writ\w*|renew\w*|refill\w*|continu\w*|suppl\w*|pr"
        r"ovid\w*|"
        r"offer\w*|start (?:you on)?|move (?:you)?|switch (?:you)?|change (?:you)?)\b[^.!?]{0,60}?\b"
        + _OPIOID + r"\b"
        r"|\bno (?:more|further|extra) (?:oxy\w*|opioids?|morphine|tablets|pills|early (?:scripts|fills|ref"
        r"ills)|"
        r"increases?)\b"
        r"|\b(?:won'?t|will not|not) be (?:increasing|giving|prescribing|raising|going up|renewing|switching|"
        r"moving)\b"
        # the less good news ("the first days will still hurt; I don't want to promise you no pain")
        # "I'm not going to put the oxycodone up today" (round 12)
        r"|\b(?:not (?:going to|gonna|able to)|won'?t|will not|can'?t|cannot)\s+(?:be\s+)?(?:put(?:ting)?|"
        r"push(?:ing)?|bump(?:ing)?|turn(?:ing)?)\s+(?:the |your )?(?:[\w-]+\s+){0,2}up\b"
        r"|\b(?:less good|bad|not so good|harder|tougher) news\b|\b(?:can'?t|cannot|won'?t|don'?t want to) "
        r"promise (?:you )?(?:no pain|it won'?t hurt|it'?ll be painless)", re.I)),
    ("good", re.compile(
        r"(?<!less )(?<!not so )\bgood news\b|\b(?:this|it|that)(?:'s| is)? (?:not|n't|isn'?t) (?:an? )?(?:"
        r"addiction|sign of addiction)\b"
        r"|\b(?:is|are)n'?t (?:an? )?addict(?:ion|ed)?\b|(?:\bnot|n'?t) mean (?:that )?you(?:'re| are)? (?:"
        r"an? )?addict"
        # "you're not an addict", "ye're no an addict", "I don't think you're addicted" (round 13)
        r"|\b(?:you|ye)(?:'re| are|re)? (?:not|no|nae|never|definitely not|certainly not) (?:an? )?"
        r"(?:addict(?:ed)?|junkie)\b"
        r"|\b(?:don'?t|do not|wouldn'?t|would not) (?:think|say|call|consider) (?:that )?"
        r"(?:you(?:'re| are)? )?(?:an? )?addict(?:ed)?\b"
        r"|\byou (?:should(?: not|n'?t)|don'?t need to|do not need to|won'?t (?:need|have) to|don'?t have to|"
        r"do not have to) (?:stop|come off|give up)\b|\bno need to (?:stop|come off)\b"
        r"|\b(?:keep|keeping) (?:it|them|your \w+|the \w+) going\b"
        r"|\byou can (?:keep|stay on|carry on)\b", re.I)),
    ("diagnosis", re.compile(
        r"\b(?:i think|i'?m worried|i am worried|i'?m concerned|i am concerned|it looks like|it sounds like|"
        r"this (?:is|looks|sounds|fits|meets)|that (?:fits|meets|looks like|sounds like)|"
        r"that(?:'s| is) (?:called|what we call)|we call (?:this|it)|"
        r"what you(?:'re| are) describing|you have|you'?ve got|you meet|the results? show|(?:is|are) likely"
        r"|may be|"
        r"might be|could be|i'?m afraid)\b.{0,80}\b(?:opioid use disorder|addiction|addicted|hyperalgesia|"
        r"making (?:your|the) pain worse|serotonin (?:syndrome|toxicity)|precipitated withdrawal|"
        r"(?:very )?unwell if you stop|dangerous to stop|not safe to stop)\b"
        r"|\b(?:high|real|serious|big|great) risk of (?:dying|death|overdos\w*|another overdose|an overdose"
        r")\b"
        r"|\bitself (?:may |might |can |could |is )?(?:make|makes|making) (?:the |your )?pain\b", re.I)),
    ("taper", re.compile(
        r"\b" + _MODAL + r"\b[^.!?]{0,40}?\b"
        r"(?:(?:bring|bringing|come|coming|cut|cutting|step|stepping|go|going) "
        r"(?:(?:it|the dose|them|the \w+|your dose|you) )?down|reduc\w*|lower\w*|decreas\w*|wean\w*|taper\w*|"
        r"come off|coming off|get you off)\b", re.I)),
    ("safety", re.compile(
        r"\b(?:don'?t|do not|never|avoid|try not to)\b[^.!?]{0,30}?\b(?:mix\w*|combin\w*|drink\w*|alcohol|b"
        r"eer|"
        r"wine|driv\w*|use alone|using alone|take (?:them|it) (?:with|alone)|stop\w* (?:it |them |the \w+ )?"
        r"(?:suddenly|all at once|abruptly|cold turkey)|double up|share)\b"
        r"|\b(?:slow|stop|affect) (?:your|the) breathing\b|\bnever use alone\b"
        r"|\b(?:keep|store|lock) (?:them|it|the \w+)(?: up)? (?:locked|out of reach|somewhere safe|in a (?:"
        r"locked|safe))",
        re.I)),
    ("action", re.compile(
        r"\b(?:i(?:'ll| will|'m going to| am going to|'m| am)) (?:also |personally |just )?(?:write|writing"
        r"|ring|"
        r"ringing|call|calling|phone|phoning|refer|referring|arrange|arranging|sort|sorting|organi[sz]\w*|b"
        r"ook|"
        r"booking|send|sending|get you|getting you|give you|giving you|print|printing|make sure|contact|con"
        r"tacting|"
        r"email|emailing|chase|chasing|liaise|(?:speak|speaking|talk|talking) (?:to|with) (?:the|your|dr|do"
        r"ctor))\b",
        re.I)),
    ("good", re.compile(
        r"\byou did nothing wrong\b|\byou(?:'ve| have)n'?t done anything wrong\b|\bnot your fault\b|"
        # "I'm not accusing you of anything, those tests can miss oxycodone", "Allow me to reassure you:
        # ... not in itself indicative of addiction", "continue the present dose" (round 12)
        r"\b(?:let me|allow me to|can i|i want to|i'?d like to|i can) reassure you\b|"
        r"\bnot (?:in itself |necessarily |on its own )?(?:indicative of|a sign of|the same (?:thing )?as) "
        r"(?:an? )?addiction\b|"
        r"\b(?:continue|keep|carry on with|stay on|keep you on) (?:the|your) (?:present|current|same|usual) "
        r"(?:dose|medication|medicine|prescription|tablets|regimen)\b|"
        r"\b(?:i'?m|i am) not (?:accusing|blaming|judging) you\b|\b(?:tests?|results?|screens?) (?:can|could|"
        r"do|does|often|sometimes) (?:miss|be wrong|get it wrong|give (?:a )?false)\b|"
        r"\b(?:it'?s|this is|that'?s) (?:completely |totally |very |perfectly )?normal\b|\b(?:really |very "
        r"|highly )?"
        r"treatable\b|\bnothing to (?:be )?(?:ashamed|embarrassed) (?:of|about)\b", re.I)),
    # what he is to do ("You should keep taking your buprenorphine every morning")
    ("plan", re.compile(
        r"^(?:(?:ok(?:ay)?|so|right|now|and)\W+)*you(?:'ll| will| should| need to| must| can)\s+"
        r"(?:keep|carry on|"
        r"continue|stay on|take|start|book|see|get|use|come back|ring|call)\b"
        # the plan announced ("Now my plan.", "Here's my thinking: ..."; round 12)
        r"|^(?:(?:ok(?:ay)?|so|right|now|and)\W+)*(?:here'?s |here is |this is )?(?:my|the|our) "
        r"(?:plan|thinking|suggestion)\b(?!\s+(?:is to ask|was))"
        r"|^(?:(?:ok(?:ay)?|so|right|now|and)\W+)*here'?s what "
        r"(?:i'?m thinking|i think|i'?d (?:like|suggest)|we(?:'ll| will| can) do)\b"
        # the plan in the present tense ("I explain: because fentanyl, we do low dose start ...",
        # "We start regular paracetamol and stop the oxycodone on Friday"; round 13)
        r"|^(?:(?:ok(?:ay)?|so|right|now|and|then|first|next)\W+)*(?:i explain\W+)?"
        r"(?:because [^,.;:]{1,30},\s*)?"
        r"(?:then |first |next )?we (?:do|start|give|try|switch|begin|stop|reduce|keep|make|change|put|refer|"
        r"book|restart|add|increase|lower|taper|swap|continue)\b(?! you think\b)", re.I)),
)
_NEWS_SENTENCE = re.compile(r"(?<=[.!?])\s+")
# What someone else thinks or says ("Your son thinks you might be addicted."): told of, not news.
_SOMEONE_ELSES = re.compile(
    r"\b(?:your \w+|he|she|they|someone|somebody|people|others|the (?:doctor|consultant|surgeon|team|nurse))"
    r"(?: (?:really|still|also))? "
    r"(?:thinks?|says?|said|feels?|felt|believes?|believed|reckons?|reckoned|worries|worried|told you|"
    r"mentioned|suggested|wonders?)\b",
    re.I,
)


def news_kind(text: str) -> str | None:
    """The kind of news ``text`` tells the patient (diagnosis, refusal, taper, good, action, safety,
    plan), or None. A question asks, it tells nothing: only sentences not put as questions count."""
    t = text.replace("\u2019", "'")
    told = [s for s in _NEWS_SENTENCE.split(t)
            if s.strip() and not s.rstrip().endswith("?") and not _SOMEONE_ELSES.search(s)]
    for kind, pattern in _NEWS_KINDS:
        if any(pattern.search(s) for s in told):
            return kind
    if any(tells_plan(s) for s in told):
        return "plan"
    return None


def _lines_of(interview: Interview, patient_name: str) -> list[str]:
    """Every reaction line the patient has (the case's own and the persona's defaults)."""
    lines = [line for kind in _PERSONAS[0] for line in _own_lines(interview, kind)]
    return lines + [line for lines_ in _persona(patient_name).values() for line in lines_]


def _own_lines(interview: Interview, kind: str) -> list[str]:
    """The case's own lines for a reaction ``kind`` ("news.taper": its ``reactions.news.taper``)."""
    group, _, sub = kind.partition(".")
    lines = getattr(interview.reactions, group, None)
    if sub:
        lines = getattr(lines, sub, None)
    return list(lines) if isinstance(lines, list) else []


def _persona(patient_name: str) -> dict[str, tuple[str, ...]]:
    return _PERSONAS[zlib.crc32(patient_name.encode()) % len(_PERSONAS)]


def reaction(
    interview: Interview, patient_name: str, kind: str, said: Mapping[str, Any], text: str = ""
) -> str:
    """The patient's own words for a turn of ``kind`` (empathy, validation, greeting, thanks,
    closing, statement, permission; "greeting+permission" says both), in turn: the case's own
    lines, else the persona's defaults. A line said within a pair ("Hi. Of course, go ahead.")
    counts as said. A greeting that names the time of day says the trainee's ("Good afternoon"
    is answered "Good afternoon", whatever the case wrote)."""
    within = {**said, **{_norm(line): None for line in _lines_of(interview, patient_name)
                         if any(_norm(line) in key for key in said)}}
    if kind == "statement" and _ABOUT_HIM.search(text):
        # a filler to words about what he does or keeps is never a yes ("Yes, all right." to
        # "... and whether you keep any naloxone in the house" reads as owning it; round 12)
        lines = [line for line in _own_lines(interview, kind) or _persona(patient_name).get(kind, ())
                 if not _AFFIRMING.search(line)]
        words = _in_turn(lines or ["Mm."], within, kind)
    else:
        words = " ".join(_reaction(interview, patient_name, k, within) for k in kind.split("+"))
    named = _TIME_OF_DAY.search(text) or _TIME_GREETING.search(text)
    if named is not None:
        words = _TIME_OF_DAY.sub(lambda m: m.group(0)[:5] + named.group(1).lower(), words)
    elif kind.startswith("greeting"):
        # the app does not know the hour: he names no time of day the trainee did not ("Good morning"
        # to "afternoon, Mrs Alvarez" or to "hiya"; round 13)
        words = _TIME_OF_DAY.sub("Hello", words)
    if kind.startswith("greeting") and _NOT_A_DOCTOR.search(text) and not _A_DOCTOR.search(text):
        # "I'm Sam, the practice pharmacist": not "Hello, doctor." (round 13)
        words = _DOCTOR_ADDRESSED.sub("", words)
    return words


_TIME_OF_DAY = re.compile(r"\b[Gg]ood (morning|afternoon|evening)\b")
# "afternoon, Mrs Alvarez", "morning all": the time of day named as the greeting itself
_TIME_GREETING = re.compile(r"^\W*(?:(?:hi|hello|hiya)\W+)?(morning|afternoon|evening)\b", re.I)
_INTRO = r"\b(?:i'?m|i am|my name is|my name's|this is)\b[^.?!;\u2013\u2014-]{0,40}?\b"
_NOT_A_DOCTOR = re.compile(_INTRO + r"(?:pharmacist|nurse|student|physio\w*|paramedic|practitioner|"
                           r"psychologist|counsellor|counselor|social worker|technician)\b", re.I)
_A_DOCTOR = re.compile(_INTRO + r"(?:dr|doctor|registrar|resident|consultant|gp|physician|fy[12]|"
                       r"house officer)\b",
                       re.I)
_DOCTOR_ADDRESSED = re.compile(r",? doctor(?=[.!?])", re.I)
_ABOUT_HIM = re.compile(r"\b(?:you|your|yourself)\b", re.I)
_AFFIRMING = re.compile(r"^\W*(?:yes|yeah|yep|sure|that's right)\b|\b(?:yes|yeah)\W*$", re.I)


def _reaction(interview: Interview, patient_name: str, kind: str, said: Mapping[str, Any]) -> str:
    own = _own_lines(interview, kind)
    if not own:
        own = list(_persona(patient_name).get(kind, ("Okay.",)))
    elif kind.startswith("news.") and all(_norm(line) in said for line in own):
        # his own reactions to this news said, asked again how he feels: the persona's, not the same words
        own += _persona(patient_name).get(kind, ())
    return _in_turn(own, said, kind)


# ----------------------------------------------------------------------------- news in context (round 11)

# Words about the news just told ("I know that's not what you wanted to hear", "You seem
# frustrated. That's completely understandable."): he answers about the news, not with a stock
# thanks for the sympathy.
_ABOUT_THE_NEWS = re.compile(
    r"\b(?:(?:not )?what you (?:wanted|hoped|expected|were hoping|were expecting) (?:to hear|for)|"
    r"(?:hard|difficult|tough|a lot|a shock) to (?:hear|take in)|a lot to (?:process|take on board)|"
    r"you (?:seem|look|sound) (?:a (?:bit|little) )?(?:frustrated|upset|angry|disappointed|shocked|worried|"
    r"quiet|taken aback)|(?:completely |totally |very )?understandable|i know (?:that'?s|this is|it'?s) "
    r"(?:hard|difficult|a lot|a shock|not easy|disappointing))\b",
    re.I,
)
# How far back a "how do you feel about that?" reaches (trainee turns, none of them a question).
NEWS_REACH = 3


def about_the_news(text: str) -> bool:
    """Whether ``text`` speaks of news just told ("I know that's not what you wanted to hear")."""
    return bool(_ABOUT_THE_NEWS.search(text))


def recent_news(earlier: Sequence[str], reach: int = NEWS_REACH) -> str | None:
    """The kind of the news told in the trainee's last ``reach`` turns (``earlier``, oldest first),
    the latest first, as far back as a question; None when none of them told any."""
    for text in reversed(earlier[-reach:]):
        kind = news_kind(text)
        if kind is not None:
            return kind
        if "?" in text:  # a question in between ends what he was told
            return None
    return None


def in_context(kind: str, text: str, earlier: Sequence[str]) -> str:
    """``kind`` read with the trainee's turns before (``earlier``, oldest first): "how do you feel
    about that?" and words about the news just told ("I know that's not what you wanted to hear")
    get his reaction to that news (the next of its lines); without news, a plain statement."""
    if kind == "feelings":
        news = news_kind(text) or recent_news(earlier)
        return f"news.{news}" if news is not None else "statement"
    about_the_news = kind in ("empathy", "validation", "reflection", "statement", "apology")
    if about_the_news and _ABOUT_THE_NEWS.search(text):
        news = recent_news(earlier, 1)
        if news is not None:
            return f"news.{news}"
    return kind


# Teach-back: the plan said back in his words. The trainee's words turned round ("you should not stop
# your buprenorphine" -> "I should not stop my buprenorphine").
_SWAP = {
    "you're": "I'm", "you've": "I've", "you'll": "I'll", "you'd": "I'd", "your": "my", "yours": "mine",
    "yourself": "myself", "i'm": "you're", "i've": "you've", "i'll": "you'll", "i'd": "you'd", "my": "your",
    "mine": "yours", "myself": "yourself", "me": "you", "i": "you",
}
_SWAP_WORD = re.compile(r"\b(?:you(?:'re|'ve|'ll|'d)?|your(?:s|self)?|i(?:'m|'ve|'ll|'d)?|my(?:self)?|mine|"
                        r"me)\b"
                        r"(?: (?:am|are|was|were)\b)?", re.I)
_CLAUSE_START = re.compile(r"(?:^|[,;:.!-]|\b(?:and|but|so|if|that|when|then|because|or|until|unless|while|"
                           r"before|"
                           r"after|once))\s*$", re.I)
_IMPERATIVE = re.compile(r"^(?:please\s+)?(?:(don'?t|do not|never)\s+)?(take|keep|show|use|try|call|ring|"
                         r"come|"
                         r"bring|"
                         r"start|stop|avoid|make|mix|drink|drive|give|get|let(?!')|tell|ask|read|put|store|"
                         r"lock)"
                         r"\b", re.I)
# "Let's keep the dose where it is" said back: "We'll keep the dose where it is" (round 13).
_LETS = re.compile(r"^let'?s\b", re.I)
# The interview's own agenda ("Let's start with the morphine.", "Let's talk about sleep."): no plan.
_AGENDA = re.compile(
    r"^(?:(?:ok(?:ay)?|so|right|now|and|first)\W+)*let'?s (?:start|begin|kick off) (?:with|by)\b"
    r"|^(?:(?:ok(?:ay)?|so|right|now|and)\W+)*let'?s (?:talk|chat|move on|turn|go through|go over|look at|"
    r"have a "
    r"look|come back|get started|get going|begin|start)\b(?! (?:you|your|a|the) (?:on|dose|taper))",
    re.I,
)
# The options put to him before what he is asked of them ("There are two main routes: ... - what have
# you heard about buprenorphine?"): told, though the sentence ends asking (round 13).
_OPTIONS_TOLD = re.compile(
    r"\b(?:there are|we have|you have|i see|i'?d see) (?:two|three|a few|some|a couple of) "
    r"(?:main |real |possible )?"
    r"(?:options|routes|choices|ways forward|paths)\b|\bthe (?:two |main )?options are\b",
    re.I,
)
_ASKED_AFTER = re.compile(r"\s+[-\u2013\u2014]+\s+(?=[^-\u2013\u2014]*\?\s*$)")
_NEWS_LEAD = re.compile(r"^(?:(?:ok(?:ay)?|so|right|now|well|and|also)\W+)*"
                        r"(?:the (?:good|less good|bad|other) "
                        r"news(?: is)?(?: that)?\W*)?(?:i think (?:that )?|i'?m afraid (?:that )?)?", re.I)
# Reassurance is no part of the plan said back ("you did nothing wrong", "it is not addiction").
_REASSURANCE = re.compile(r"\b(?:addict\w*|wrong|fault|normal|treatable|ashamed|embarrassed)\b", re.I)
# Told news that is part of the plan (a diagnosis is not).
_PLAN_NEWS = frozenset({"refusal", "taper", "good", "action", "safety", "plan"})
TEACH_BACK_SENTENCES = 3


def _turned_round(sentence: str) -> str:
    """``sentence`` as the patient says it back: the pronouns turned round, an instruction as what
    he should do."""
    def swap(m: re.Match[str]) -> str:
        word, _, verb = m.group(0).partition(" ")
        low = word.lower()
        if low == "you":
            subject = bool(_CLAUSE_START.search(sentence[: m.start()])) or bool(verb)
            new = "I" if subject else "me"
        else:
            new = _SWAP[low]
        if verb:
            verb = {"am": "are", "are": "am", "was": "were", "were": "was"}.get(verb.lower(), verb)
            if new == "you" and verb == "were":
                verb = "were"
            elif new == "I" and verb in ("are", "am"):
                verb = "am"
            elif new == "I" and verb in ("was", "were"):
                verb = "was"
            return f"{new} {verb}"
        return new
    s = _NEWS_LEAD.sub("", sentence.strip())
    s = _LETS.sub("we'll", s)
    s = _SWAP_WORD.sub(swap, s)
    imperative = _IMPERATIVE.match(s)
    if imperative is not None:
        rest = s[imperative.start(2):]
        neg = imperative.group(1)
        never = bool(neg) and neg.lower() == "never"
        should = "I should never " if never else "I shouldn't " if neg else "I should "
        s = should + rest[:1].lower() + rest[1:]
    return s[:1].upper() + s[1:] if not s.startswith("I ") else s


def plan_told(earlier: Sequence[str]) -> list[str]:
    """The sentences of the trainee's earlier turns that told the plan (a limit, a taper, good
    news, what he will do, safety advice, the plan itself), oldest first."""
    told: list[str] = []
    for text in earlier:
        for sentence in _NEWS_SENTENCE.split(text.replace("\u2019", "'")):
            if sentence.rstrip().endswith("?") and _OPTIONS_TOLD.search(sentence):
                sentence = _ASKED_AFTER.split(sentence, maxsplit=1)[0].rstrip(" ,;:") + "."
                if not sentence.rstrip(".").strip() or "?" in sentence:
                    continue
                told.append(sentence.strip())
                continue
            if (sentence.strip() and not sentence.rstrip().endswith("?") and news_kind(sentence) in _PLAN_NEWS
                    and not _REASSURANCE.search(sentence) and not _AGENDA.search(sentence.strip())):
                told.append(sentence.strip())
    return told


def teach_back(
    interview: Interview, patient_name: str, earlier: Sequence[str], said: Mapping[str, Any]
) -> str:
    """The plan said back in his words when asked ("Tell me back the plan"): the last few sentences
    that told it, turned round; when no plan was told, he says so."""
    told = plan_told(earlier)[-TEACH_BACK_SENTENCES:]
    if not told:
        return _reaction(interview, patient_name, "no_plan", said)
    lead = _persona(patient_name)["teach_back"][0]
    back = [_turned_round(s) for s in told]
    back = [b if b.endswith((".", "!")) else b + "." for b in back]
    sentence_starts = lead.rstrip().endswith((".", "!", "?"))
    first = back[0] if sentence_starts or back[0].startswith("I ") else back[0][:1].lower() + back[0][1:]
    return lead + " ".join([first, *back[1:]])


def floor_question(interview: Interview, said: Mapping[str, Any]) -> str | None:
    """The patient's own next question, not asked yet (``interview.questions``), or None."""
    return next((q for q in interview.questions if _norm(q) not in said), None)


# ----------------------------------------------------------------------------- questionnaires (round 12)

# How often an item has bothered him over two weeks (0-3, the PHQ-9 and GAD-7 answers), said
# plainly in each persona's voice (the order of _PERSONAS); several lines each, said in turn, so
# two items with the same score never get the same words.
_HOW_OFTEN_LINES: tuple[dict[int, tuple[str, ...]], ...] = (
    {  # plain-spoken
        0: ("Not really, no.", "No, not that one.", "Nah, that's not me.", "No, I'm all right there."),
        1: ("Some days, yeah. Not most.", "A few days, maybe.",
            "Now and then. A few days in the fortnight."),
        2: ("More days than not, I'd say.", "Yeah, more than half the days.", "Most days, if I'm honest."),
        3: ("Nearly every day, to be honest.", "Yeah. Pretty much every day.", "Every day, near enough."),
    },
    {  # formal
        0: ("No, not really.", "No, I wouldn't say so.", "Not at all, no.",
            "No, that hasn't been a problem."),
        1: ("On several days, yes. Not most of them.", "Some days. Not often.",
            "Occasionally, yes. A few days."),
        2: ("More than half the days, I would say.", "On most days, yes.",
            "More often than not, I'm afraid."),
        3: ("Nearly every day, to be honest.", "Almost every day, yes.", "Every day, more or less."),
    },
    {  # guarded, few words
        0: ("No.", "Not really.", "No. Not that.", "Nah."),
        1: ("Some days.", "A few days. Not a lot.", "Sometimes."),
        2: ("Most days.", "More than half, probably.", "A lot of days, yeah."),
        3: ("Every day.", "Pretty much every day.", "Yeah. All the time."),
    },
)


def screen_reply(
    interview: Interview, item: str, facet: str | None, said: Mapping[str, Any], patient_name: str
) -> str | None:
    """His answer to a questionnaire ``item`` read aloud ("phq9.tired"): his own words for it, else
    how often in plain words in his persona's voice; asked how often ("several days, more than half
    the days, nearly every day?"), the frequency. None when the case has not written the item."""
    answer = interview.questionnaires.item(item)
    if answer is None:
        return None
    persona_index = zlib.crc32(patient_name.encode()) % len(_HOW_OFTEN_LINES)
    lines = list(_HOW_OFTEN_LINES[persona_index][answer.often])
    if facet is None and answer.says:
        if _norm(answer.says) in said:  # the same item read again: his answer again, as he said it
            return persona.repeat_text(interview.repeat_prefix, answer.says, _names(interview))
        return answer.says
    return _in_turn(lines, said, item)
