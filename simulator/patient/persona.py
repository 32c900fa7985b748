"""The virtual patient: which answer to give, rapport, disclosure and affect.

Pure rules over the scenario's interview data; the session calls these and records
the results. Nothing here knows about the UI or the state machine.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.scenario.expressions import compiled
from simulator.scenario.models import Answer, Interview, Topic

# Rapport effects (points on a 0-100 scale). Documented in docs/AUTHORING.md.
VALIDATE_FIRST = 10
VALIDATE_AGAIN = 2
EMPATHY_EARLY = 5  # for the first three empathic statements
EMPATHY_LATER = 1
STIGMA_PENALTY = -15
# Below this rapport the patient volunteers nothing more when asked "anything else?".
VOLUNTEER_MIN = 35

OFF_TOPIC_REPLY = "I'd rather keep to why I'm here, if that's all right."


def clamp(value: int) -> int:
    return max(0, min(100, value))


TOPIC_PREFIX = "topic."


def topic_intent(topic_id: str) -> str:
    """The intent id a case topic is asked and scored under: ``topic.<id>``."""
    return TOPIC_PREFIX + topic_id


def find_topic(interview: Interview, intent: str) -> Topic | None:
    """The case topic ``intent`` names (``topic.<id>``), if the scenario declares it."""
    if not intent.startswith(TOPIC_PREFIX):
        return None
    wanted = intent[len(TOPIC_PREFIX) :]
    return next((t for t in interview.topics if t.id == wanted), None)


def answers_for(interview: Interview, intent: str) -> list[Answer]:
    """The scenario's answers for a core intent or a case topic (empty if it has none)."""
    topic = find_topic(interview, intent)
    if topic is not None:
        return list(topic.answers)
    return list(interview.answers.get(intent, ()))


def choose_answer(
    interview: Interview, intent: str, rapport: int, context: Mapping[str, Any]
) -> Answer | None:
    """The first answer for ``intent`` whose rapport threshold and condition both hold."""
    for answer in answers_for(interview, intent):
        if answer.min_rapport is not None and rapport < answer.min_rapport:
            continue
        if answer.when is not None and not compiled(answer.when).holds(context):
            continue
        return answer
    return None


# A repeated answer is lower-cased after "Like I said, " ("Like I said, because the last time
# ..."), unless its first word is "I", a name of the patient's story ("Dee", "Hillside", "Dr.",
# a month), or an abbreviation ("A&E", "UDS") (round 11).
_KEEPS_CAPITAL = re.compile(r"^(?:I|I'\w+|Dr|Mr|Mrs|Ms|Miss|[A-Z][A-Z&]+\w*)$")


# Without the case's names, only these everyday first words are lower-cased.
_COMMON_STARTS = frozenset(
    """a about after all also an and any as at because before both but by did do does don't during each
    either even every exactly few first for from get getting he her his how if in into is it it's just
    last like maybe mine more most mostly my never no nobody none not nothing now of on once one only or
    other our out over since so some sometimes still that that's the their them then there there's these
    they this those three to twice two under up very was we well were what when where which while who
    why with without yeah yes you your""".split()
)


def repeat_text(prefix: str, text: str, names: Collection[str] | None = None) -> str:
    """How the patient says an answer again: 'Like I said, ...'. With the ``names`` of his story,
    the first letter is lower-cased unless it starts "I", a name or an abbreviation; without
    them, only when the first word is an everyday one."""
    if not text:
        return text
    said = prefix.strip(" ,;:-")
    if said and said.lower() in text.lower():
        # an answer that already says it ("Beer at weekends, like I said.") says it once (round 13)
        text = re.sub(rf",?\s*\b{re.escape(said)}\b,?", "", text, count=1, flags=re.I).strip()
        text = text[:1].upper() + text[1:]
    word = text.split(" ", 1)[0].strip(",.;:!?-()\"")
    if names is None:
        keep = word.lower() not in _COMMON_STARTS
    else:
        keep = bool(_KEEPS_CAPITAL.match(word)) or word in names
    first = text[0] if keep else text[0].lower()
    return f"{prefix}{first}{text[1:]}"


def names_in(texts: Sequence[str]) -> frozenset[str]:
    """The capitalised words of ``texts`` that are not first in a sentence: the names of a story."""
    names = set()
    for text in texts:
        for sentence in re.split(r"[.!?][\"')]*\s+|\s+-\s+|[(\"]", text):
            for word in re.findall(r"\b[A-Z][\w'&.]*", sentence)[1:] if sentence[:1].isupper() else \
                    re.findall(r"\b[A-Z][\w'&.]*", sentence):
                names.add(word.rstrip("."))
                names.add(word.rstrip(".").split("'")[0])
    return frozenset(n for n in names if n and n != "I")


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


# The patient's reaction to the tone of stigmatising words, by how they land (StigmaHit
# category), when the scenario gives none of its own. Said instead of an answer.
DEFAULT_STIGMA_REACTIONS = {
    "label": ("That's a hard word to hear. I came here because I'm struggling, not to be called names."),
    "accusation": (
        "I'm not trying to con anybody. If you've already made your mind up about me, I don't "
        "know why I bothered coming."
    ),
    "test": "Clean? I'm not dirty. I'd rather you just told me what the test showed.",
}
# The better question to ask, for an accusation in plain words ("you're just after the high?").
ACCUSATION_ALTERNATIVE = (
    "ask openly and without blame, e.g. 'Do you ever take them for reasons other than pain?'"
)
STIGMA_AFFECT = {
    "label": "Hurt; goes quiet and looks down.",
    "accusation": "Defensive; arms folded, jaw tight.",
    "test": "Guarded; the warmth has gone from the conversation.",
}
# Which reaction wins when one turn has several kinds of stigmatising words.
_STIGMA_ORDER = ("accusation", "label", "test")


def aimed(hits: Sequence[Any]) -> tuple[Any, ...]:
    """The stigmatising words aimed at the patient (not "a family history of drug abuse")."""
    return tuple(h for h in hits if h.category != "others")


def stigma_reaction(
    interview: Interview | None, categories: Sequence[str], said: Collection[str] = ()
) -> tuple[str, str]:
    """What the patient says, and how they seem, on hearing stigmatising words: the case's
    lines for the kind in turn (the first not yet ``said``, normalised words), so a second
    accusation gets other words; the last once all are said."""
    present = [c for c in _STIGMA_ORDER if c in categories] or ["label"]
    category = present[0]
    own = interview.stigma_reactions.lines(category) if interview is not None else []
    fresh = [line for line in own if " ".join(line.lower().split()) not in said]
    words = (fresh or own[-1:] or [DEFAULT_STIGMA_REACTIONS[category]])[0]
    return words, STIGMA_AFFECT[category]


def lay_label(interview: Interview | None, intent: str) -> str:
    """How the patient names a topic when asking what the trainee meant."""
    if interview is not None:
        topic = find_topic(interview, intent)
        if topic is not None:
            return topic.label or topic.question.rstrip("?").lower()
    from simulator.scenario.vocabulary import question_bank

    return question_bank().get("lay", {}).get(intent, "that")


def ask_back(interview: Interview, options: Sequence[str]) -> str:
    """The patient asks what was meant, naming the two topics it most likely is about."""
    labels = list(dict.fromkeys(lay_label(interview, o) for o in options[:2]))
    if not labels or "{options}" not in interview.ask_back:
        return interview.not_understood
    if len(labels) == 1:
        joined = labels[0]
    else:
        joined = ", ".join(labels[:-1]) + " or " + labels[-1]
    # Plain replacement, never str.format: the template comes from a scenario file.
    return interview.ask_back.replace("{options}", joined)


def reply_to_statement(
    kinds: frozenset[str],
    text: str = "",
    interview: Interview | None = None,
    stigma: Sequence[str] = (),
    said: Collection[str] = (),
) -> str:
    """The patient's reaction to something the trainee said."""
    if "stigma" in kinds:
        return stigma_reaction(interview, stigma, said)[0]
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
