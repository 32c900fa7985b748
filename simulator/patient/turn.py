"""Turn what a trainee types into an action: a question with an intent, or a statement.

The interpretation happens once, when the trainee types, and the resulting action
records the intent it was taken to mean, so replaying a session never depends on the
language model's version. With a :class:`~simulator.patient.dialogue.Conversation`, short
follow-ups ("and the pills?", "why?", "anything else?") are resolved against what came
before; without one (the stateless ``intents`` command) they are left unresolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from simulator.patient import dialogue, grounding, persona, reply
from simulator.patient.language import classify
from simulator.patient.understanding import CONFIDENCE_THRESHOLD, Match, match_question
from simulator.patient.understanding.compound import split_turn
from simulator.patient.understanding.concepts import asks_about_injury
from simulator.patient.understanding.frames import (
    NALOXONE,
    asks_what_holds_back,
    frame_intent,
    is_reflection,
    offers,
    offers_naloxone,
    opens_visit,
    tells_plan,
)
from simulator.patient.understanding.normalise import normalise_turn
from simulator.patient.understanding.questionnaires import asks_how_often, form_item, screen_item
from simulator.patient.understanding.text import NUMBER_WORDS
from simulator.patient.words import FUNCTION_WORDS as _FUNCTION_WORDS
from simulator.patient.words import content as _content
from simulator.patient.words import stem as _stem
from simulator.scenario import vocabulary as vocab
from simulator.scenario.models import Interview
from simulator.scenario.textlimits import clean_text, too_long

_QUESTION_STARTS = (
    "how",
    "what",
    "when",
    "where",
    "why",
    "who",
    "which",
    "do",
    "does",
    "did",
    "have",
    "has",
    "are",
    "is",
    # "was that wi the tablets", "were you on your own" without a mark (round 13)
    "was",
    "were",
    "can",
    "could",
    "would",
    "will",
    "tell",
    "any",
    "anything",
    "ever",
    "so",
    "and",
    # chat spellings and imperatives clinicians type without a question mark
    "whats",
    "hows",
    "wheres",
    "whos",
    "whens",
    "u",
    "r",
    "you",
    "describe",
    "talk",
    "explain",
    # more chat spellings ("wat do u do then", "wen was ur last one", "y not")
    "wat",
    "wot",
    "wht",
    "wats",
    "wots",
    "wen",
    "wer",
    "whr",
    "hw",
    "y",
    "hv",
    "hav",
    "ru",
    "cud",
    "wud",
    # question words as they are mistyped
    "wher",
    "whre",
    "waht",
    "whta",
    "hwo",
    "wehre",
    "whn",
)
# The words that make a line a question even after a filler ("ok and wher exactly is the pain"),
# unlike "you", "so", "and" or "tell", which start statements as often as questions.
_ASKING_WORDS = frozenset(
    "how what when where why who which do does did have has are is was were can could would will wher whre "
    "waht "
    "whta hwo wehre whn whats hows wheres whos whens".split()
)
# Offering a seat, however it is put ("take a load off", "pull up a chair", "get comfy"): small talk.
_SEAT = (r"(?:take|have|grab|pull up) a (?:seat|chair|pew|load off)|take a load off|sit (?:yourself )?down|"
         r"make yourself (?:comfortable|comfy|at home)|get (?:comfy|comfortable)")
# "See you Thursday" leaves; "I see you take Xanax", "I can see you've been struggling" do not.
_SEE_YOU = (r"(?<!\bi )(?<!\bcan )(?<!\bcould )see you(?![\u2019'])"
            r"(?! (?:have|are|were|look|seem|feel|been|struggl|take|use|got|had|do|did|went|go|in|on|from))")
_SOCIAL = re.compile(
    r"^\s*(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|morning|afternoon|"
    r"nice to (?:meet|see) you|pleased to meet you|welcome|come (?:on )?in|take a seat|"
    r"have a seat|ey up|eh up|ay up|you(?:'re| are) (?:most |very )?welcome|" + _SEAT
    + r")\b|\b(?:thanks|thank you|thank u|thx|thnx|thanx|ty|tysm|ta|cheers|bye|goodbye|cheerio|"
    + _SEE_YOU + r"|see ya|cya|take care)\b"
    # who the trainee is, said without a greeting ("im dr fraser, one of the gp registrars here": it
    # had read as who prescribes them; round 13)
    r"|^\s*(?:(?:ok(?:ay)?|right|so|and)[\s,]+)?(?:i'?m|i am|my name is|my name's)\s+"
    r"(?:(?:dr\.?|doctor|nurse|sister|prof\.?|professor)\s+[a-z]|"
    r"(?:[a-z]+,?\s+)?(?:one of the|the|a|an|your)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:doctors?|registrars?|nurses?|pharmacists?|students?|consultants?|gps?|residents?|"
    r"interns?|practitioners?|physicians?|locums?|anaesthetists?|psychiatrists?|house officers?)\b)",
    re.I,
)
# Closing the interview ("OK. That's it.", "we're done", "that's all for today"): a statement.
_CLOSING = re.compile(
    r"^(?:(?:ok(?:ay)?|right|alright|good|great|fine)[\s,.!-]*)?(?:that'?s|that is|we'?re|we are|i'?m|"
    r"that'?s me|we'?ll)\s+(?:it|all|everything|done|finished|all done|me done|leave it there|"
    r"stop there)(?:\s+(?:then|for (?:now|today)|from me|here))?[\s.!]*$",
    re.I,
)
# Checking the line on a call ("Can you hear me?", "is the video working?"), with nothing else asked.
_CALL_CHECK = re.compile(
    r"^(?:[^?]{0,160}?[,.!]\s*)?(?:can|could) you (?:hear|see) me"
    r"(?: (?:ok(?:ay)?|alright|all right|now|properly|clearly))?\s*\?(?:\s+[^?]*[.!]?)?\s*$"
    # "Hi, is that Daniela? It's the pharmacist ...": who is on the phone
    r"|^(?:(?:hi|hello|hiya|morning|afternoon)\W+)?is (?:that|this) (?:mr |mrs |ms |miss |dr )?"
    r"(?!right|ok|okay|true|so|it|all|fair|correct|everything|enough|the|a|an|normal|usual)[a-z]+\s*\?"
    r"(?:\s+[^?]*[.!]?)?\s*$"
    r"|^(?:is|are) (?:the |my )?(?:sound|video|camera|audio|connection|line) "
    r"(?:ok(?:ay)?|working|alright)\s*\?\s*$",
    re.I,
)
# Asking a pet's name ("Oh, what's her name?" about the dog): small talk, answered socially.
_PET_NAME = re.compile(
    r"^(?:oh,?\s+|and\s+)?what(?:'s| is) (?:her|his|its|their|the (?:dog|cat|puppy)'s|"
    r"your (?:dog|cat|puppy)'s) name\W*$",
    re.I,
)
# Taking his details ("Can I take your name please?", "could you confirm your date of birth?").
_DETAILS = re.compile(
    r"\b(?:can|could|may) (?:i|you) (?:take|have|get|confirm|give me) (?:your )?(?:full )?"
    r"(?:name|date of birth|"
    r"dob|address|postcode|phone number|contact number)(?: please)?\W*$",
    re.I,
)
# ("I can see you've been struggling" is not a goodbye)
_GOODBYE = re.compile(
    r"\b(?:bye|goodbye|" + _SEE_YOU + r"|see ya|cya|"
    # "right, cheerio the noo", "ta-ra", "bye for now", "farewell" (round 13)
    r"cheerio|ta[- ]ra|tata|farewell|so long|catch you later|laters|"
    r"take care)\b",
    re.I,
)
# Asking permission to begin ("Is it OK if I ask you some questions?"): framing, not a question
# about the patient's care; he agrees. Only for generic objects (questions, things, a chat).
_PERMISSION = re.compile(
    r"\b(?:is it|would it be|will it be|are you)\s+(?:ok(?:ay)?|alright|all right|fine|happy|"
    r"comfortable)\s+(?:if i|for me to|to|with me)\b|\b(?:(?:do|would) you )?mind (?:if i|me)\b|"
    # "hiya, I'm Sam, one of the nurses, ok if I ask a few things?"
    r"(?:^|[,;.!-]\s*)(?:(?:are |r )?(?:you|u) )?(?:ok(?:ay)?|alright|all right|fine|happy)\s+"
    r"(?:if i|for me to|to)\b|"
    r"\b(?:can|could|may) i\b",
    re.I,
)
# Leave asked to tell him something ("Can I share some thoughts about the plan?", "may I tell you what
# I'm thinking?"): his leave, never his thoughts asked (round 11).
_LEAVE_TO_TELL = re.compile(
    r"^(?:\w+\W+){0,3}?(?:can|could|may|shall) (?:i|we) (?:share|tell you|explain|offer|suggest|put|give you|"
    r"run|go over)\b.{0,40}\b(?:thoughts?|ideas?|what i think|what i'm thinking|what we think|"
    r"the plan|a plan|my (?:view|opinion|suggestion|thinking)|some (?:options|information|ideas))"
    r"(?: (?:with you|about (?:the|your|this|that) \w+|on (?:the|your|this|that) \w+|by you|past you))?\W*$",
    re.I,
)
_GENERIC_ASK = re.compile(
    r"\b(?:ask(?:ing)?|go(?:ing)? through|run(?:ning)? through|hav(?:e|ing) a (?:chat|talk)|"
    r"talk(?:ing)? (?:to|with) you)\s+(?:you\s+)?(?:a\s+few|some|a\s+couple\s+of|a\s+number\s+of|"
    r"a\s+bit|a\s+few\s+more|some\s+more)?\s*(?:questions|things|about things)?\s*"
    r"(?:with you\s*)?(?:today|first|now|then|about how you are|about your health)?\s*"
    # "... a few things before the consultant comes?"
    r"(?:before (?:the |your )?\w+(?: \w+)? (?:comes?|arrives?|gets here|sees you|comes in)"
    r"|while we wait)?\s*\??$"
    # "u ok to chat for 5 min?"
    r"|\b(?:chat|talk|have a (?:chat|word|talk))(?: (?:to|with) (?:you|u))?(?: for (?:a |an )?"
    r"(?:few |couple of |\d+ |five |two |ten )?(?:min(?:ute)?s?|moments?|bit|sec(?:ond)?s?))?\s*\??$",
    re.I,
)
# A framing clause that names what the question is NOT about ("Before we get to the dose,
# tell me about the back"): dropped before matching, so its words cannot pull the answer.
_FRAMING = re.compile(
    r"^(?:(?:ok(?:ay)?|right|so|now|well)[\s,.!-]*)*(?:(?:before we (?:get|come|move|go|turn|talk|dive|look)"
    r"(?: on| back)? (?:to|into|onto|about|at)|"
    r"(?:leaving|setting|putting) (?:aside )?[^,]{1,40}? aside|leaving aside|setting aside|"
    r"forgetting)\s[^,;]{1,40}[,;]\s*"
    # a change of subject that names none (round 9): "On a different note, ...", "Switching gears -"
    r"|(?:changing the subject(?: a (?:bit|little))?|on a (?:different|separate|other|lighter|related) note|"
    r"switching (?:gears|topics|tack)|to change (?:tack|the subject)|moving on(?: a (?:bit|little))?)"
    r"\s*[,;:.\u2013\u2014-]+\s*)",
    re.I,
)

# Leave to ask generic questions, however it is put ("is it ok if i ask you a few questions before
# the doctor comes in?", "I go through a few standard questionnaires with everyone - is that ok?").
_LEAVE = re.compile(
    r"\b(?:is (?:that|it|this)|would (?:that|it) be|that)\s+(?:ok(?:ay)?|alright|all right|fine)\b"
    r"|\b(?:do|would) you mind\b|\b(?:can|could|may) i\b"
    r"|\bif (?:that's|that is) (?:ok(?:ay)?|alright|all right)\b"
    # "few quick qs ok?": the leave asked with one word at the end
    r"|[\s,.-](?:ok(?:ay)?|alright|all right|yeah)\s*\?\s*$"
    r"|(?:^|[.!]\s+)(?:is it |is that )?(?:ok(?:ay)?|alright|all right) (?:to|if i) "
    r"(?:ask|go through|run through)\b",
    re.I,
)
_GENERIC_QUESTIONS = re.compile(
    r"\b(?:a few|some|sum|a couple of|couple of|a number of|few|several|standard|routine|usual|more|the|"
    r"quick|few quick)\s+"
    r"(?:\w+\s+)?(?:questions|qs|questionnaires|forms|screening questions|checks|assessment)\b"
    r"(?!\s+(?:about|on|regarding)\s+"
    r"(?!you\b|yourself\b|how you|your health\b|things\b|everything\b))"
    # "is it ok if i take a history first?": the whole history, nothing in particular
    r"|\b(?:take|took|taking|get|do|go through)\s+(?:a\s+|your\s+)?(?:quick\s+|full\s+|brief\s+)?"
    r"(?:history|histroy|hx)\b(?:\s+(?:first|now|from you|today))?\W*$",
    re.I,
)
_ASKS_THE_PATIENT = re.compile(r"\b(?:your|you've|you're|do you|have you|are you)\b", re.I)


def _asks_to_begin(text: str) -> bool:
    """Leave to go through generic questions, and nothing asked of the patient's care."""
    if not (_LEAVE.search(text) and _GENERIC_QUESTIONS.search(text)):
        return False
    rest = _PURPOSE.sub("", _GENERIC_QUESTIONS.sub("", text))
    return not _ASKS_THE_PATIENT.search(rest)


# What the questions are for ("some questions for your operation"): not a question of its own.
_PURPOSE = re.compile(
    r"\b(?:for|before|about|ahead of) your (?:operation|surgery|procedure|anaesthetic|anesthetic|visit|"
    r"appointment|admission|care|records?|notes)\b",
    re.I,
)


# "Thanks, that's everything from me. Any questions?": closing, with the floor offered.
_FLOOR = re.compile(r"^(?:(?:do you have |have you got |got )?any (?:questions|queries)(?: for me)?"
                    r"|(?:is there )?anything you(?:'d| would)? (?:like|want) to ask(?: me)?)\W*$", re.I)
_ENDING = re.compile(
    r"\b(?:that'?s (?:everything|all|it)(?: from me| for (?:now|today))?|we'?re (?:all )?done|"
    r"i'?m done|that'?s me done)\b",
    re.I,
)


def _closes_with_questions(text: str) -> bool:
    sentences = [s.strip() for s in _SENTENCE.split(text) if s.strip()]
    if len(sentences) < 2 or not _FLOOR.match(sentences[-1]):
        return False
    return bool(_ENDING.search(" ".join(sentences[:-1])))


_TRAILING_MORE = re.compile(
    r"\s*[-\u2013,;.:]+\s*(?:can you |could you )?(?:tell me|say) (?:a (?:bit|little) )?more"
    r"(?: about (?:that|it|this|them))?\W*$",
    re.I,
)

_ACKNOWLEDGE = re.compile(
    r"^(?:|yes|yeah|yep|no|nope|ok|okay|right|sure|fine|i see|got it|alright|mm+|hmm+|ah|oh|"
    r"great|good|cool|understood|of course|fair enough)$"
)

# A confident intent must be one of the intents of the question's NEIGHBOURS nearest training
# phrasings (same features as the topics); otherwise the patient asks back. Chosen on the dev
# sets: 5 removed one wrong answer in each dev set and cost no right one (3 and 10 no better).
NEIGHBOURS = 5
# ... unless the model is at least this sure ("who prescribes the oxy?" at 0.96 was asked back
# because its nearest phrasings were about the regimen).
SURE_ALONE = 0.9
# ... and the neighbours' veto of the classifier's reading holds only below this probability
# (round 8, swept on whole turns, tune half / check half of the dev files, wrong / answered:
# 0.9 71/1215 56/755; 0.6 70/1217 55/758; 0.5 70/1220 56/758; 0.45 70/1222 56/758). Sure
# readings the veto sent back ("Where do you have pain at the moment?" at 0.68) are answered.
AGREED_ALONE = 0.5

# Case topics: a question goes to a topic when it is nearer the topic's phrasings than any
# core phrasing by TOPIC_MARGIN, or nearly as near (TOPIC_MIN_MARGIN) while the core model is
# unsure. Calibrated on the development conversations of bench/data/realistic_turns.yaml.
TOPIC_MARGIN = 0.05
TOPIC_MIN_MARGIN = -0.03  # -0.06 until issue 19: on all dev sets 2 fewer wrong, 1 fewer right
# A question that leans on the one before ("does she know?") is read together with it, and
# answered only when the pair is read with at least this confidence and as one of the intents
# the question alone was closest to (so the earlier question cannot simply pull it over).
CONTEXT_SURE = 0.5
# Stateless "and the X?" stands alone only when the model is at least this sure of X by itself.
STANDALONE_FRAGMENT = 0.6
# A reflection names a topic not yet spoken of ("So your son thinks you're hooked.") only when the
# model is at least this sure of it (round 5's figure; it was applied at the bar): "It sounds like
# the evening tablet has started doing a different job" is no question about his job.
REFLECTION_SURE = 0.6
# A typed line that is not a question is still read as one when the model is at least this sure.
STATEMENT_AS_QUESTION = 0.6
# A fragment of one or two words ("side effects?", "booze?") is answered only when the model is
# at least this sure of it (and its nearest phrasings agree); else the patient asks back.
FRAGMENT_SURE = 0.5
# A single word typed without a question mark ("etoh", "alcohol") is asked when the model is this sure.
SURE_WORD = 0.8
# Below that, a fragment the model has some idea about gets "did you mean ..." suggestions.
FRAGMENT_HINT = 0.2


@dataclass(frozen=True)
class Interpretation:
    action: dict[str, Any]
    understood_as: str  # what the trainee is shown ("Understood as: ...")
    confidence: float
    alternatives: tuple[str, ...] = ()  # intents to offer as "did you mean ...?"
    # question | statement | empathy | stigma | social (the `intents` command's "kind")
    kind: str = "question"
    needs_context: bool = False  # a follow-up that the conversation so far would resolve


def _agreed(m: Match, text: str) -> Match:
    """``m`` if its intent is among the intents of the question's nearest training phrasings,
    else unsure: a classifier that disagrees with every close example is guessing."""
    if m.intent is None or m.open or m.confidence >= AGREED_ALONE:
        return m
    from simulator.patient.understanding.topics import core_neighbours

    if m.intent in core_neighbours(text, NEIGHBOURS):
        return m
    return Match(None, m.confidence, ((m.intent, m.confidence), *m.alternatives[:2]), False)


# The last use as the point a gap is counted from ("You take strip how many hour after last use?"):
# the question is about what came after it, not the last dose (round 13)
_AFTER_LAST = re.compile(
    r"\b(?:after|since|from) (?:your |the |my |his |her )?last (?:use|dose|one|hit|go|fix|tablet|pill|"
    r"blues?|using|used)\b",
    re.I,
)
_GAP = re.compile(r"\bhow (?:many|much|long|soon)\b", re.I)


def _after_last_use(text: str, interview: Interview | None) -> str | None:
    """The one case topic a gap question counted from the last use names by its words, or None."""
    if interview is None or not _GAP.search(text) or not _AFTER_LAST.search(text):
        return None
    asked = _stems_of(_AFTER_LAST.sub(" ", text)) - {_stem(w) for w in _GENERIC}
    named = [t.id for t in interview.topics
             if asked & _stems_of(" ".join((t.label or "", t.question, *t.phrasings)))]
    return persona.topic_intent(named[0]) if len(named) == 1 else None


def match_turn(text: str, interview: Interview | None = None) -> Match:
    """The core intent model's match, with the scenario's case topics competing alongside, and
    the clinical concepts of the words when the model is unsure (``understanding.concepts``)."""
    m = _match_turn(text, interview)
    reason = interview.visit_reason if interview is not None else None
    if reason and m.intent in (None, "goals.concerns") and opens_visit(text):
        # "What brings you in today?": the reason for the visit, as the case names it (round 13)
        others = tuple((i, p) for i, p in ((m.intent, m.confidence), *m.alternatives) if i and i != reason)
        return Match(reason, max(m.confidence, CONFIDENCE_THRESHOLD), others[:3], False, concept=True)
    if (m.intent == "opioid.last_dose" or (m.intent is None and not m.off_topic)) and (
        after := _after_last_use(text, interview)
    ) is not None:
        others = tuple((i, p) for i, p in ((m.intent, m.confidence), *m.alternatives) if i and i != after)
        return Match(after, max(m.confidence, CONFIDENCE_THRESHOLD), others[:3], False, concept=True)
    if m.intent == "opioid.last_dose" and _LAST_SEEN.search(text) and not _DOSE_WORDS.search(text):
        # "When did you last see your counsellor?": the last visit, never the last dose (round 12)
        others = [(i, p) for i, p in m.alternatives if i != "opioid.last_dose"]
        if others and others[0][1] >= LAST_SEEN_OTHER:
            return Match(others[0][0], max(others[0][1], CONFIDENCE_THRESHOLD), tuple(others[1:3]), False,
                         concept=True)
        return Match(None, m.confidence, tuple(others[:3]), m.off_topic)
    return m


def _match_turn(text: str, interview: Interview | None) -> Match:
    m = _classified(text, interview)
    # "Would you go along with physio ...?": the frame decides (of each part of a compound turn)
    framed = frame_intent(text) if len(split_turn(text)) < 2 else None
    topic = (m.intent or "").startswith(persona.TOPIC_PREFIX)
    if framed in _ANY_MEDICINE and topic and interview is not None:
        if m.intent == persona.topic_intent(_medicine_topic(text, interview) or ""):
            framed = None  # the case's topic on the medicine named stands ("How are you taking the Xanax?")
    if framed is not None and framed != m.intent:
        others = tuple((i, p) for i, p in ((m.intent, m.confidence), *m.alternatives) if i and i != framed)
        return Match(framed, max(m.confidence, CONFIDENCE_THRESHOLD), others[:3], False, concept=True)
    subject = _time_subject(m, text, interview)
    if subject is not None:
        others = tuple((i, p) for i, p in ((m.intent, m.confidence), *m.alternatives) if i and i != subject)
        return Match(subject, max(m.confidence, CONFIDENCE_THRESHOLD), others[:3], False, concept=True)
    if m.confidence >= SURE_ALONE and not m.open:
        return m
    from simulator.patient.understanding import prepare
    from simulator.patient.understanding.concepts import concept_intent, decisive_intent
    from simulator.patient.understanding.text import normalise

    # the words as typed (shorthand expanded) first: the spelling corrector may have bent a
    # clinical word it does not know ("weaning" -> "meaning")
    readings = (normalise(text), prepare(text))
    concept = next((c for c in map(decisive_intent, readings) if c), None)
    if (m.intent or "").startswith(persona.TOPIC_PREFIX) and concept is None:
        return m  # a case topic stands, unless a set phrase names another ("previous anaesthetics")
    if m.open and concept is None:
        return m  # an open question is answered as one, unless a set phrase names the topic ("in yourself")
    rejected = m.alternatives[0] if m.intent is None and m.alternatives else None
    if concept is None and m.intent in _WHEN_TOPICS and _PAIN_WORDS.search(readings[0]) is None:
        # "When did the anxiety start?": a time question asks when the thing it names began, not
        # the pain's history that time words pull the classifier to
        named = next((c for c in map(concept_intent, readings) if c), None)
        if named is not None and named in {i for i, _p in m.alternatives}:
            concept = named
    if concept is None and m.intent is None:  # "How much beer?" is no small talk, whatever the model says
        concept = next((c for c in map(concept_intent, readings) if c), None)
        if rejected is not None and rejected[1] >= PART_SURE and concept != rejected[0]:
            # a likely reading only its neighbours doubted is not overruled by a topic word
            # ("Which dose of buprenorphine ...": the dose, not views on buprenorphine)
            concept = None
    if concept is None or concept == m.intent:
        return m
    others = tuple((i, p) for i, p in ((m.intent, m.confidence), *m.alternatives) if i and i != concept)
    return Match(concept, max(m.confidence, CONFIDENCE_THRESHOLD), others[:3], False, concept=True)


# The last time he saw or spoke to someone ("When did you last see your counsellor?"), not a dose.
_LAST_SEEN = re.compile(
    r"\blast (?:see|saw|seen|speak|spoke|spoken|talk|talked|visit|visited|meet|met|hear from|heard from|"
    r"go to see|went to see|have an appointment|had an appointment)\b",
    re.I,
)
_DOSE_WORDS = re.compile(r"\b(?:take|took|taken|use|used|dose|doses|films?|tablets?|pills?|strips?|patch\w*|"
                         r"hits?|shots?|drinks?)\b", re.I)
# How sure the next reading of such a question must be to be taken instead.
LAST_SEEN_OTHER = 0.1

# Below this the classifier's reading of a time question as the pain's history may give way to what
# the question names (``_time_subject``).
TIME_SUBJECT_BELOW = 0.9
# Readings that time words alone pull the classifier to, and the words that make them the pain's.
_WHEN_TOPICS = frozenset({"pain.duration", "opioid.duration"})
_PAIN_WORDS = re.compile(r"\b(?:pain\w*|hurt\w*|ache\w*|aching|sore\w*|injur\w*|back|neck|knee|hip|"
                         r"shoulder|leg|ankle|arm|foot|joint\w*|tablets?|pills?|oxy\w*|morphine|opioids?|"
                         r"medication|meds|tramadol|buprenorphine|fentanyl|codeine|painkillers?)\b", re.I)


def _time_subject(m: Match, text: str, interview: Interview | None) -> str | None:
    """"When did the fog start?", "Since when has the fog been a problem?": a time question the
    classifier reads (or nearly reads) as the pain's or the tablets' history, naming no pain and no
    tablets, asks when what it names began: the one topic whose answers hold its words."""
    best = m.intent or (m.alternatives[0][0] if m.alternatives else None)
    if interview is None or best not in _WHEN_TOPICS or m.confidence >= TIME_SUBJECT_BELOW:
        return None
    if _PAIN_WORDS.search(text) is not None:
        return None
    return grounding.time_subject(text, interview, _WHEN_TOPICS)


# Core readings that are about any medicine he takes, which a case topic on one named medicine beats.
_ANY_MEDICINE = frozenset({"opioid.regimen", "opioid.as_prescribed", "opioid.other_substances",
                           "opioid.side_effects", "pain.prior_treatments"})
# Medicines other than his opioid, each by its family (brand, generic and class words alike).
_MEDICINES = {
    **dict.fromkeys(("alprazolam", "xanax", "benzo", "benzos", "benzodiazepine", "benzodiazepines",
                     "diazepam", "valium", "lorazepam", "ativan", "clonazepam", "klonopin"),
                    "benzodiazepine"),
    **dict.fromkeys(("paracetamol", "acetaminophen", "tylenol", "panadol"), "paracetamol"),
    **dict.fromkeys(("sertraline", "zoloft", "antidepressant", "antidepressants"), "sertraline"),
    **dict.fromkeys(("gabapentin", "neurontin", "pregabalin", "lyrica"), "gabapentinoid"),
    **dict.fromkeys(("ibuprofen", "naproxen", "nsaid", "nsaids", "anti-inflammatory", "anti-inflammatories"),
                    "nsaid"),
    **dict.fromkeys(("zopiclone", "zolpidem", "ambien"), "z-drug"),
}
_MEDICINE_WORD = re.compile(r"[a-z][a-z-]+")
_OTHER_SUBSTANCES = re.compile(
    r"\b(?:alcohol|drink\w*|drugs?|cocaine|cannabis|weed|heroin|anything else|apart from|besides|"
    r"other than)\b",
    re.I)


def _families(text: str) -> set[str]:
    return {_MEDICINES[w] for w in _MEDICINE_WORD.findall(text.lower()) if w in _MEDICINES}


def _medicine_topic(text: str, interview: Interview) -> str | None:
    """The one case topic about a medicine the question names ("the Xanax" -> the alprazolam topic),
    or None."""
    asked = _families(text)
    if not asked or _OTHER_SUBSTANCES.search(text):  # "Any benzos, alcohol or street drugs?": all of them
        return None
    topics = [t.id for t in interview.topics if asked & _families(" ".join((t.label or "", t.question)))]
    return topics[0] if len(topics) == 1 else None


def _classified(text: str, interview: Interview | None) -> Match:
    """The classifier's match (checked against its nearest phrasings) and the case topics."""
    m = _agreed(match_question(text), text)
    if interview is not None:
        m = grounding.grounded(grounding.dated(m, text, interview), text, interview)
    if interview is None or not interview.topics:
        return m
    from simulator.patient.understanding.topics import topic_index

    key = tuple((t.id, (t.question, *t.phrasings)) for t in interview.topics)
    named = _medicine_topic(text, interview)
    unsure_of_medicine = m.intent is None and not m.off_topic and bool(m.alternatives) and (
        m.alternatives[0][0] in _ANY_MEDICINE)  # "still taking the tylenol they told u to take?" (round 12)
    if named is not None and (m.intent in _ANY_MEDICINE or unsure_of_medicine):
        # "How are you taking the Xanax?": the case's own topic on that medicine, not his opioid's
        others = tuple((i, p) for i, p in ((m.intent, m.confidence), *m.alternatives) if i)
        return Match(persona.topic_intent(named), max(m.confidence, CONFIDENCE_THRESHOLD), others[:3], False)
    scores = topic_index(key).scores(text)
    best = scores[0]
    intent = persona.topic_intent(best.topic)
    sure = best.score >= CONFIDENCE_THRESHOLD  # a topic, too, is never answered unsure
    if m.off_topic and best.margin < TOPIC_MARGIN and not (sure and best.margin >= TOPIC_MIN_MARGIN):
        # small talk unless a case topic is as near as any core phrasing ("What's made you decide
        # now, after all these years?": his reason, round 12)
        return m
    if sure and (best.margin >= TOPIC_MARGIN or (best.margin >= TOPIC_MIN_MARGIN and m.intent is None)):
        others = tuple((i, p) for i, p in ((m.intent, m.confidence), *m.alternatives) if i)
        return Match(intent, best.score, others[:3], False)
    if m.intent is None and best.margin >= TOPIC_MIN_MARGIN - 0.1:
        # offered first, as likely as the best core reading (not a certainty that would crowd
        # out every other option)
        alts = [(intent, max((p for _i, p in m.alternatives), default=m.confidence)), *m.alternatives]
        return Match(None, m.confidence, tuple(alts[:3]), m.off_topic)
    return m


_GREETING_PREFIX = re.compile(
    r"^\s*(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|morning|afternoon|evening|" + _SEAT + r")"
    r"(?:\s+(?:there|again|mr|mrs|ms|miss|dr)\.?)?(?:\s+[A-Z][\w'-]*)?\s*[,!.-]+\s*",
    re.I,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
# a dash between spaces after a greeting or an introduction moves on to the question ("morning,
# I'm one of the residents - how are things?"); elsewhere a dash is inside the question ("Loss of
# control - using more than you planned - and any failed attempts?")
_DASH = re.compile(r"\s+[-\u2013\u2014]+\s+")
_OK_WITH_YOU = re.compile(
    r"(?:\bis that|\bif that(?:'s| is)|\bwould that be|\bhope that's)\s+(?:ok(?:ay)?|alright|all right|fine)"
    r"(?: with you)?\W*$",
    re.I,
)
# Leave asked before news or a plan ("I have some difficult news to share, is now an okay time?",
# "I'd like to share what I think happened, if that's okay with you?").
_GOOD_TIME = re.compile(
    r"\b(?:is (?:now|this|it) (?:an? )?(?:ok(?:ay)?|good|alright|all right) time|"
    r"(?:i'd|i would) like to (?:share|tell you|explain|go through|talk about)[^?]{0,80}"
    r"(?:if that's|if that is|is that) (?:ok(?:ay)?|alright|all right)(?: with you)?)\W*$",
    re.I,
)
_INTRODUCES = re.compile(r"\b(?:i'm|i am|my name is|this is|me again)\b", re.I)


def _sentences(text: str) -> list[str]:
    pieces = _SENTENCE.split(text)
    if len(pieces) == 1:
        parts = _DASH.split(text, maxsplit=1)
        if len(parts) == 2 and (_SOCIAL.search(parts[0]) or _INTRODUCES.search(parts[0])):
            return parts
    return pieces
# "The thing that happened last week, ..., explain it to me.": a request at the end asks.
_REQUEST_END = re.compile(
    r"\b(?:explain (?:it|that|this)(?: to me)?|tell me (?:about it|more|what happened)|describe (?:it|that)|"
    r"talk me through (?:it|that))\W*$",
    re.I,
)
_REQUEST = re.compile(r"^(?:tell me|talk me through|describe|explain|walk me through)\b", re.I)
# Words that lead into a request without changing it ("first tell me ...", "but now, describe ...").
_REQUEST_LEAD = re.compile(r"^(?:(?:first(?:ly)?|first of all|for now|now|but|ok(?:ay)?|right|then|just|"
                           r"so|and|before that|instead)\W+)+", re.I)
# "Give me an example of when you last felt like that.": a request, asked without a question mark.
_EXAMPLE = re.compile(r"^(?:(?:ok(?:ay)?|so|and|right)\W+)?(?:(?:can|could) you )?(?:give me|think of) "
                      r"(?:an|one|a recent|some) examples?\b", re.I)
_NO_SPACE = re.compile(r"([a-z][,.;!?])(?=[A-Za-z]{2,})")
_ABBREVIATION = re.compile(r"\b(?:dr|mr|mrs|ms|mx|prof|st|e\.g|i\.e|etc|vs)\.$", re.I)


# Words of a question that only point back at the sentence before ("Has anything like that crossed
# your mind?", "Has that been the case for you?"): the sentence before says what is asked.
_POINTING_BACK = frozenset(
    "crossed mind case true apply applies applied similar experienced yourself".split()
)


def _last_question(text: str) -> str:
    """The last sentence of ``text`` when it is a question after other sentences, else ``text``."""
    sentences: list[str] = []
    for piece in _sentences(text):
        if sentences and _ABBREVIATION.search(sentences[-1]):
            sentences[-1] += " " + piece  # "Dr. Novak" is not two sentences
        elif piece.strip():
            sentences.append(piece)
    asked_last = _first_word(sentences[-1]) in _QUESTION_STARTS if sentences else False
    if len(sentences) > 1 and not sentences[-1].endswith("?") and asked_last:
        before = " ".join(sentences[:-1])
        if _SOCIAL.search(before) or _INTRODUCES.search(before):
            return sentences[-1]  # "hi daniel, im one of the residents. hows the ankle doing"
    if (
        len(sentences) > 1
        and sentences[-1].endswith("?")
        and not any(p.endswith("?") for p in sentences[:-1])
    ):
        last = sentences[-1]
        # "The record shows a script from urgent care. What was that about?": the question
        # points back at the sentence before it (or the sentence before puts the chart to the
        # patient: "UDS showed fentanyl. Any idea how?"), so the whole turn is what is asked.
        if dialogue.is_anaphoric(last) and len([w for w in _content(last) if w not in _POINTING_BACK]) <= 1:
            return text
        before = " ".join(sentences[:-1])
        if not _content(last) and not (_SOCIAL.search(before) or _INTRODUCES.search(before)):
            return text  # "... a funny turn last week, sweating and shaking. What happened?"
        if reply.names_the_chart(" ".join(sentences[:-1])):
            return text
        return last
    return text


# A further part of a compound turn that is not among the things the whole turn was read as is
# answered only when the model is at least this sure of it on its own.
PART_SURE = 0.5
# A question followed by examples is vague when the model is less sure of it alone than this
# (round 7: the model trained on more voices reads "How you are feeling after that?" as mood
# at 0.63; the examples after it, "Sweats, runny nose", say what is asked).
EXAMPLES_HEAD_SURE = 0.7


# A topic put first, then asked about ("The drinking, how much at the worst?") (round 11).
_FRONTED = re.compile(
    r"^(?:(?:and|so|now|ok(?:ay)?|right)[,\s]+)*(?:the|your|that|this|those|these) [\w' -]{1,30}\??$", re.I
)
# The thing put first in a question ("The pain - where is it", "Your work, how is it").
_FRONT_TOPIC = re.compile(r"^((?:the|your|that|this) [\w'-]+(?: [\w'-]+)?)\s*(?:[-\u2013\u2014,:])\s*", re.I)
_FACET_LEADS = frozenset({"how", "when", "why", "who", "what", "which", "where"})


def _asked_after_chart(text: str, whole: Match, interview: Interview | None) -> Match | None:
    """"Pharmacy record says one pharmacy only, no early fill. You take exactly like the doctor
    writes, yes?": the chart put first sets the scene; the question after it is what is asked, when
    the model reads it alone as a topic of its own and the whole turn is not sure of another (the
    chart's words pull the whole turn to the chart's topic, round 13)."""
    sentences = [p for p in _sentences(text) if p.strip()]
    if len(sentences) < 2 or not sentences[-1].rstrip().endswith("?") or whole.confidence >= SURE_ALONE:
        return None
    if not reply.names_the_chart(" ".join(sentences[:-1])) or not _content(sentences[-1]):
        return None
    last = match_turn(sentences[-1], interview)
    if last.intent is None or last.open or last.intent == whole.intent or last.confidence < PART_SURE:
        return None
    return last


def _front_the_topic(parts: list[str], matches: list[Match], interview: Interview | None) -> None:
    """"The pain - where is it, and since when already?": a later part that names nothing the
    model can place asks about the thing put first (round 13); ``parts`` and ``matches`` in place."""
    fronted = _FRONT_TOPIC.match(parts[0])
    if fronted is None:
        return
    for k in range(1, len(parts)):
        if matches[k].intent is None or matches[k].confidence < CONFIDENCE_THRESHOLD:
            parts[k] = f"{fronted.group(1)} {parts[k]}"
            matches[k] = match_turn(parts[k], interview)


def _sure_parts(parts: list[str], matches: list[Match], whole: Match) -> list[Match]:
    """The parts answered, one per intent: each must be one of the things the whole turn was read
    as, or be sure on its own (so a fragment cut loose from its sentence cannot pull the answer
    elsewhere)."""
    near = {whole.intent, *(i for i, _p in whole.alternatives)}
    found: list[Match] = []
    for n, (part, m) in enumerate(zip(parts, matches, strict=True)):
        if not _content(part):  # "And you yourself, ever any trouble with ...": no question of its own
            continue
        if n and _SCALE_ONLY.match(part):
            continue  # "The craving, how strong? Zero to ten.": the scale of the part before, not the pain
        if n and _IT.search(part) and not set(_content(part)) - _FACET_ONLY:
            # "Tell me about the turn - when was it, and how long did it last?": how long the turn
            # lasted, a facet of the first part; never a topic of its own (round 13)
            continue
        if m.intent is None or m.open or m.confidence < CONFIDENCE_THRESHOLD:
            continue
        if m.intent not in near and m.confidence < PART_SURE and frame_intent(part) != m.intent:
            continue  # (a part read by its frame is a rule, not a guess)
        if (whole.intent not in (None, m.intent) and whole.confidence >= _WHOLE_SURE
                and m.confidence < whole.confidence
                and asked_facet(_ROUGHLY.sub("", part), whole.intent) is not None
                and frame_intent(part) != m.intent
                and not set(_content(part)) - _FACET_ONLY - _HIS_THINGS):
            # "Roughly how many tablets are there, and where are they kept?": how many of the tablets
            # the whole turn asks of (kept at home), never his regimen (round 13)
            continue
        if all(f.intent != m.intent for f in found):
            found.append(m)
    return found


def _best_part(text: str, interview: Interview | None) -> tuple[Match, tuple[str, ...]]:
    """The match of ``text`` and, for several questions in one turn ("How's your sleep? Any
    falls?"), the intents of its further parts that are answered too (each read on its own)."""
    whole = match_turn(text, interview)
    asked = _asked_after_chart(text, whole, interview)
    if asked is not None:
        return asked, ()
    parts = split_turn(text)
    if len(parts) < 2:
        return whole, ()
    if _FRONTED.match(parts[0]) and all(_first_word(p) in _FACET_LEADS for p in parts[1:]):
        return whole, ()  # "And the drinking, how much were you having?": one question, its topic first
    matches = [match_turn(part, interview) for part in parts]
    _front_the_topic(parts, matches, interview)
    if _narrowed(parts, matches, whole):
        return whole, ()
    examples = _examples_decide(parts, matches)
    if examples is not None:
        return examples, ()
    found = _sure_parts(parts, matches, whole)
    if not found:
        return whole, ()
    if len(found) == 1:
        framed = _framed_part(parts, found[0], whole, interview)
        if framed is not None:
            return framed
        best = found[0] if whole.intent is None or found[0].confidence > whole.confidence else whole
        return best, ()
    return found[0], tuple(m.intent for m in found[1:] if m.intent)[:2]


# A whole turn read surely enough that a further part asking only a facet belongs to it.
_WHOLE_SURE = 0.75
# The things any answer about his medicines is of ("how many tablets?").
_HIS_THINGS = frozenset({"tablets", "tablet", "pills", "pill", "ones", "roughly", "approximately", "exactly",
                         "there", "left", "altogether", "total"})
# A part that only names a scale ("Zero to ten?", "out of 10?", "on a scale of one to ten?").
_SCALE_ONLY = re.compile(
    r"^\W*(?:(?:and|so|like|say)\W+)?(?:(?:on )?a scale (?:of )?|from )?"
    r"(?:(?:0|zero|nought|1|one)\s*(?:-|\u2013|to)\s*(?:10|ten)|(?:out of|/)\s*(?:10|ten))\W*$", re.I)
# A scale named anywhere in the turn ("how strong is the craving, out of ten?").
_SCALE_NAMED = re.compile(
    r"\b(?:(?:0|zero|nought|1|one)\s*(?:-|\u2013|to)\s*(?:10|ten)|out of (?:10|ten)|/10)\b", re.I)
_ROUGHLY = re.compile(r"^\W*(?:(?:and|so|roughly|about|approximately|just)\W+)+", re.I)
# Words of a further part that only ask a facet of what the part before named ("how long did it
# last?", "how often does that happen?", "when did it start?").
_FACET_ONLY = frozenset({
    "long", "last", "lasted", "often", "much", "many", "exactly", "start", "started", "begin", "began",
    "happen", "happens", "happened", "ago", "time", "times", "usually", "roughly", "about", "first",
    "stop", "stopped", "end", "ended", "go", "went", "away", "come", "came", "get", "got",
})


# A further part asking who of the thing just asked ("does anyone in the house know how to use
# it?", "is your son able to use it?"): its who, whatever its first word.
_ANYONE = re.compile(
    r"^(?:and |also |so )?(?:(?:does|do|did|is|are|has|have|would|could|can) )?(?:anyone|anybody|someone|"
    r"somebody|any of (?:them|your family)|your (?:son|daughter|wife|husband|partner|brother|sister|mum|"
    r"mother|dad|father|family|kids|children|friend|sponsor))\b",
    re.I,
)


# "Your partner knows how to use it?" right after the naloxone: who can use the kit (round 12),
# never his partner in general.
_KNOWS_HOW = re.compile(
    r"\b(?:knows?|know|knew|learn(?:t|ed)?|trained|shown|taught|able) (?:how )?to (?:use|give|spray|do) "
    r"(?:it|one|them|that|the (?:spray|kit|naloxone|narcan))\b",
    re.I,
)


def _who_can_use_it(turn: _Turn) -> Interpretation | None:
    conv = turn.conversation
    last = conv.last if conv is not None else None
    if conv is None or last is None or last[1] != "safety.naloxone" or not _KNOWS_HOW.search(turn.focus):
        return None
    facet = "who" if dialogue.unsaid_facet(conv, "safety.naloxone", "who") else None
    return _follow(turn, "safety.naloxone", facet, CONFIDENCE_THRESHOLD)


def _part_asks_facet(turn: _Turn, action: dict[str, Any]) -> str | None:
    """A further part of a compound turn that asks a facet of the first part's answer and leans on
    it ("Do you have naloxone at home, and does anyone in the house know how to use it?", "When
    did you last use, and why?"): that facet, said after the answer, when the case has words for it
    not said yet (round 12)."""
    intent = action.get("intent")
    conv = turn.conversation
    if conv is None or not intent or action.get("facet") or action.get("confronts"):
        return None
    parts = split_turn(turn.focus)
    if len(parts) < 2:
        return None
    for part in parts[1:]:
        facet = asked_facet(part, intent)
        if facet is None and _ANYONE.match(dialogue.core_words(part)) and _IT.search(part):
            facet = "who"
        if facet is None or facet == "more":
            continue
        content = [w for w in _content(part) if w not in _GENERIC]
        if not (dialogue.is_anaphoric(part) or _IT.search(part) or not content):
            continue
        alone = match_turn(part, turn.interview)
        knows_how = facet == "who" and _KNOWS_HOW.search(part) is not None
        if alone.intent not in (None, intent) and alone.confidence >= PART_SURE and not knows_how:
            continue  # a question of its own ("does your daughter know how to use it?" is the kit's who)
        if intent in action.get("also", ()) or not dialogue.unsaid_facet(conv, intent, facet):
            continue
        if knows_how and action.get("also"):  # (not also how she and her daughter get on)
            action["also"] = [i for i in action["also"] if i != alone.intent]
        return facet
    return None


def _is_examples(part: str) -> bool:
    """A part that only lists examples ("Sweating, diarrhoea?", "cramps or shakes"): no question
    word of its own and nothing asked of the patient."""
    words = dialogue.core_words(part).split()
    listing = {"and", "or", "like", "such", "as", "eg", "e", "g", "maybe", "any"}
    return (
        1 <= len(words) <= 6
        and words[0] not in _QUESTION_STARTS
        and not any(w in _FUNCTION_WORDS and w not in listing or "'" in w for w in words)
    )


def _examples_decide(parts: list[str], matches: list[Match]) -> Match | None:
    """"How you are feeling since then? Sweating, diarrhoea": a vague question (the model unsure
    of it alone, or an open one) followed by examples asks about what the examples name."""
    head = matches[0]
    if head.intent is not None and not head.open and head.confidence >= EXAMPLES_HEAD_SURE:
        return None
    for part, m in zip(parts[1:], matches[1:], strict=True):
        sure = m.intent is not None and not m.open and m.confidence >= CONFIDENCE_THRESHOLD
        if sure and _is_examples(part):
            return m
    return None


# A part that offers the answers it expects ("You swallow, you smoke, you inject?", "Burning, aching,
# stabbing?") or a guess at who or which ("The surgeon himself?") after a question (round 13).
_ASKS_ITSELF = frozenset("how what when where why who which do does did have has are is was were can could "
                         "would will any anything ever and also so tell".split())
_ITEM_CUT = re.compile(r"\s*,\s*(?:or\s+)?|\s+or\s+", re.I)
_GUESS = re.compile(r"^(?:the|your|a|an|his|her|their|my|that|this)\s+[\w'-]+(?:\s+[\w'-]+){0,2}\W*$", re.I)
_WHO_WHICH = re.compile(r"\b(?:who|which|whom|whose)\b", re.I)
# A question left open for the examples after it to fill ("or help something else also? Mood,
# sleep?"): the examples are what the question asks about, not questions of their own.
_OPEN_SLOT = re.compile(r"\b(?:something|anything) else\b|\bother (?:things?|ways?|reasons?)\b|"
                        r"\b(?:what|which) (?:kind|sort|type)s?\b", re.I)


def _option_list(part: str) -> bool:
    """A part that only lists answers to choose from, two or more of a few words each."""
    words = dialogue.core_words(part).split()
    if not words or words[0] in _ASKS_ITSELF:
        return False
    items = [i for i in _ITEM_CUT.split(part.strip(" ?.!")) if i.strip()]
    return len(items) >= 2 and all(1 <= len(i.split()) <= 3 for i in items)


def _family(intent: str | None) -> str:
    return (intent or "").split(".", 1)[0]


def _narrowed(parts: list[str], matches: list[Match], whole: Match) -> bool:
    """A question followed only by the answers it expects ("How do you take them? You swallow, you
    smoke, you inject?", "Pain is how? Burning, aching, stabbing?"), by a guess at its who ("Who told
    you this? The surgeon himself?") or by examples of what it leaves open ("... or something else
    also? Mood, sleep?") is one question: the whole turn's reading, when it is one of the parts'
    and the head question does not ask a thing of another kind on its own (round 13)."""
    if len(parts) != 2 or whole.intent is None or whole.confidence < CONFIDENCE_THRESHOLD or whole.open:
        return False
    head, tail = parts
    m_head, m_tail = matches
    if _option_list(tail):
        head_apart = m_head.intent is not None and m_head.confidence >= PART_SURE
        other_kind = head_apart and _family(m_head.intent) != _family(whole.intent)
        if m_tail.intent == whole.intent and not other_kind:
            return True
        open_slot = bool(_OPEN_SLOT.search(head))
        return m_head.intent == whole.intent and whole.confidence >= SURE_ALONE and open_slot
    if _GUESS.match(tail) and _WHO_WHICH.search(head) and _first_word(head) in _FACET_LEADS:
        return m_tail.intent == whole.intent
    return False


def _framed_part(
    parts: list[str], found: Match, whole: Match, interview: Interview | None
) -> tuple[Match, tuple[str, ...]] | None:
    """A part read by its frame is asked too ("what's helped the back in the past, and would you be
    up for the pain course now?": what helped, and the treatment offered), after what the whole
    turn was read as."""
    part = next((p for p in parts if frame_intent(p) == found.intent), None)
    if part is None or whole.intent is None or whole.intent == found.intent or not found.intent:
        return None
    return whole, (found.intent,)


def _options(m: Match) -> tuple[str, ...]:
    """The "did you mean" options of an unsure match: the nearest that make sense together."""
    ranked = [(m.intent, m.confidence)] if m.intent else []
    seen: set[str] = set()
    unique = []
    for intent, p in (*ranked, *m.alternatives):
        if intent not in seen:
            seen.add(intent)
            unique.append((intent, p))
    return dialogue.suggestions(unique)


def _question_text(intent: str, interview: Interview | None) -> str:
    topic = persona.find_topic(interview, intent) if interview is not None else None
    return topic.question if topic is not None else vocab.intent_question(intent)


def _first_word(text: str) -> str:
    first = text.lower().replace("\u2019", "'").split(" ", 1)[0].strip(",.!")
    if first in ("you're", "you've", "you'd"):  # "You're not a junkie, I know that.": a statement
        return first
    return first.split("'", 1)[0] if first.endswith(("'s", "'re", "'ve", "'d")) else first


@dataclass(frozen=True)
class _Turn:
    """One typed turn on its way through the stages: as typed, and the part that is asked."""

    text: str
    focus: str
    looks_like_question: bool
    conversation: dialogue.Conversation | None
    interview: Interview | None

    @property
    def say(self) -> dict[str, Any]:
        return {"type": "say", "text": self.text}

    @property
    def unclear(self) -> dict[str, Any]:
        return {"type": "ask", "intent": None, "text": self.text, "via": "free"}

    @property
    def words(self) -> list[str]:
        return dialogue.core_words(self.focus).split()


def interpret(
    text: str,
    conversation: dialogue.Conversation | None = None,
    interview: Interview | None = None,
) -> Interpretation:
    """Decide whether ``text`` is a question (and which intent) or a statement.

    With ``conversation``, follow-ups are resolved against it; with only ``interview`` (the
    stateless ``intents`` command) the case topics are matched but follow-ups stay unresolved.
    The stages, in order (the first that decides wins): statements and stigmatising words, the
    focus of the turn (framing, greeting, normalisation), greetings, follow-ups, dialogue acts,
    fragments, questions that lean on the turn before, and the question itself (compound parts,
    topic classification, asking back).
    """
    if too_long(text):  # refused by the engine with the same message; not worth interpreting
        return Interpretation({"type": "say", "text": text}, too_long(text) or "", 0.0, kind="statement")
    text = " ".join(clean_text(text).split())
    text = _NO_SPACE.sub(r"\1 ", text)  # "hi marcus,im the NP today.whats going on"
    if conversation is not None:
        interview = conversation.interview
    offered = _naloxone_offered(text, conversation, interview)
    if offered is not None:
        return offered
    # "The pharmacy records show fills six days early.": putting the chart to the patient asks him.
    looks = _looks_asked(text)
    said_back = (is_reflection(text) or tells_plan(text)) and not _ends_asking(text) and (
        not reply.names_the_chart(text)
        # a summary that names what the chart showed after he has owned it (round 11)
        or (conversation is not None
            and reply.owned_already(conversation.interview, text, conversation.revealed))
    )
    reading = _statement(text, looks and not said_back)
    if reading is not None:
        return reading
    if said_back:
        return _said_back(text, conversation, interview)
    focus, looks = _focus(text, looks)
    turn = _Turn(text, focus, looks, conversation, interview)
    stages = (_questionnaire_stage, _hard_moment, _social, _whole_story, _probe_stage, _echo_stage,
              _follow_up_stage, _act_stage, _fragment, _contentless_stage)
    for stage in stages:
        reading = stage(turn)
        if reading is not None and reading.action.get("items"):
            return reading  # a questionnaire item is its own answer, whatever was asked before
        if reading is not None:
            return _facet_named(turn, reading)
    return _facet_named(turn, _question(turn))


# What an offer points back at when naloxone was just talked about ("Your daughter can learn to use
# it. Is OK for you?", "I'll get you a fresh one", "would you want some?").
_OFFERED_THING = re.compile(r"\b(?:it|one|ones|some|two|three|them|a couple|a spare|another)\b", re.I)
# Anything else offered or asked about in the same words is that, not naloxone.
_OTHER_OFFER = re.compile(
    r"\b(?:ask|talk|tell|discuss|explain|go through|start|switch|taper|reduc\w*|cut|stop|refer\w*|"
    r"physio\w*|buprenorphine|methadone|suboxone|dose|tablets?|pills?|oxy\w*|morphine|tramadol|fentanyl|"
    r"patch\w*|appointment|test|sample|examine|look at)\b",
    re.I,
)
# A reading this sure of another topic is that topic, whatever was said before.
OFFER_OTHERWISE_SURE = 0.8


def _naloxone_offered(
    text: str, conversation: dialogue.Conversation | None, interview: Interview | None
) -> Interpretation | None:
    """Naloxone offered ("I'd like you to have a naloxone spray at home. Would that be okay?", or
    "would you be ok with us giving you one?" after the spray was named, in the turn or the one
    before): asked as naloxone, answered by taking it (``reply.OFFERED``), never by whether he has
    one or with the overdose (round 11)."""
    if not offers(text) or persona.aimed(classify(text).stigma_terms):
        return None
    if not offers_naloxone(text):
        if NALOXONE.search(text) or conversation is None or not _OFFERED_THING.search(text):
            return None
        before = conversation.history[-1][0] if conversation.history else ""
        last = conversation.last
        talked = (last is not None and last[1] == "safety.naloxone") or bool(NALOXONE.search(before))
        if not talked or _OTHER_OFFER.search(text):
            return None
        alone = match_question(text)
        if alone.intent not in (None, "safety.naloxone") and alone.confidence >= OFFER_OTHERWISE_SURE:
            return None
    action = {"type": "ask", "intent": "safety.naloxone", "text": text, "via": "free"}
    return Interpretation(action, _question_text("safety.naloxone", interview), 1.0)


SCREEN = "safety.suicidal_thoughts"
# The screen's next items asked right after it: a plan, how he would do it, acting on it.
_SCREEN_GOES_ON = re.compile(
    r"\bhow (?:you )?(?:would|might|could|will|'d) (?:you )?(?:do|go about) (?:it|this|that)\b"
    r"|\b(?:made|make|making|have|got|had|any|some|a) (?:\w+ )?plans?\b"
    r"(?! (?:for|about) (?:the|your|a) (?:taper|treatment|pain|medicines?|tablets|operation|week))",
    re.I,
)


def _facet_named(turn: _Turn, reading: Interpretation) -> Interpretation:
    """A question on a topic already answered that asks one of its facets by its first words
    ("Why you stop it?", "And why for one month?", "Why are you so careful with them?"), however
    it was resolved: that facet, not the same answer again."""
    action = reading.action
    intent = action.get("intent")
    conv = turn.conversation
    current = action.get("facet")
    if conv is None or action.get("type") != "ask" or current not in (None, "more", "who"):
        return reading
    last = next((i for _t, i in reversed(conv.history) if i is not None), None)
    if current != "who" and last is not None and last != intent:
        # "Who's got the key?" after where he keeps them: his `who` there
        facet = asked_facet(turn.focus, last)
        if facet is not None and grounding.facet_named_by(turn.focus, conv.interview, last, facet):
            return _follow(turn, last, facet, reading.confidence)
    if last == SCREEN and intent != SCREEN and "?" in turn.text and _SCREEN_GOES_ON.search(turn.focus):
        # "Did you think already how you would do it, some plan?" just after the thoughts: the
        # screen's next item, never his plans for the treatment (round 12)
        return _follow(turn, SCREEN, None, max(reading.confidence, CONFIDENCE_THRESHOLD))
    if intent is None:
        return reading
    if (current is None and intent not in _SCORED and _SCALE_NAMED.search(turn.focus)
            and dialogue.unsaid_facet(conv, intent, "how_much")):
        # "The craving, how strong? Zero to ten.": how much, in the case's words ("An eight"), not
        # the pain's score (round 13)
        return replace(reading, action={**action, "facet": "how_much"})
    knows = _known_by(turn, intent, reading.confidence)
    if knows is not None:
        return knows
    if current == "who":
        return reading
    return _facet_in_words(turn, reading, intent, conv)


def _facet_in_words(
    turn: _Turn, reading: Interpretation, intent: str, conv: dialogue.Conversation
) -> Interpretation:
    """The facet of ``intent`` a question asks in its words (why, when, how much...), after the
    readings that look back at what he held back or just said."""
    action = reading.action
    held = _held_back(turn, intent)
    if held is not None:
        return held
    pointed = _points_back_why(turn, reading)
    if pointed is not None:
        return pointed
    just = _facet_of_answer_just_given(turn, intent)
    if just is not None:
        return _follow(turn, just[0], just[1], reading.confidence)
    bare = _bare_facet_first(turn, intent)
    if bare is not None:
        return replace(reading, action={**action, "facet": bare})
    facet = facet_in_clauses(turn.focus, intent)
    own = _own_facet_again(turn, intent, conv)
    if own is not None:
        return replace(reading, action={**action, "facet": own})
    if _RELATIVE_TIME.match(dialogue.core_words(turn.focus)) and _times_itself(conv, intent):
        facet = "when"  # "How long after the last one does the sickness start?": its `when`, asked or not
    elif facet is None or intent not in conv.asked:
        return reading
    if action.get("facet") == "more" and not dialogue.unsaid_facet(conv, intent, facet):
        return reading  # what it asks beats "more of the same", when he has words for it
    return replace(reading, action={**action, "facet": facet})


def _own_facet_again(turn: _Turn, intent: str, conv: dialogue.Conversation) -> str | None:
    """The question the topic itself asks, asked again just after its answer ("How many a day are you
    getting through?" right after what he takes, "One day take how many tablet?"): the facet that
    says just that ("About three a day"), when the case has words for it not yet said, not the whole
    answer again in other words (round 13)."""
    last = conv.last
    if last is None or last[1] != intent:
        return None
    facet = facet_in_clauses(turn.focus, intent, own=True)
    if facet is None or intent not in _FACET_IS_THE_QUESTION.get(facet, ()):
        return None
    return facet if dialogue.unsaid_facet(conv, intent, facet) else None


# Words that only compare with what he has just said ("how much less?", "how much better now?"): a
# facet question made of them asks about the answer just given, whatever topic the words lean to.
_COMPARING = frozenset(
    "less more better worse longer shorter fewer higher lower stronger weaker sooner later now exactly "
    "roughly about".split()
)
# A question of how long after or before something another thing comes ("how long after the last one
# does it start?", "how soon after you missed it did it come on?"): when, in relation to something.
_RELATIVE_TIME = re.compile(
    r"^(?:and |so )?how (?:long|many hours|many days|soon|late|quickly|fast) (?:after|before|into)\b"
    r"|^(?:and |so )?how late\b"
)
# A `when` that answers such a question tells a lapse of time ("Four or five hours after the last one").
_LAPSE = re.compile(r"\b(?:after|before|hours?|days?|minutes?|past)\b", re.I)


def _times_itself(conv: dialogue.Conversation, intent: str) -> bool:
    """Whether the patient's `when` on ``intent`` tells a lapse of time, not yet said."""
    return dialogue.unsaid_facet(conv, intent, "when") and bool(
        _LAPSE.search(dialogue.facet_text(conv, intent, "when")))


# A state of what he just spoke of, asked how long ("off it", "sober", "stopped"): no thing of its own.
_STATE_OF_IT = frozenset("off without sober clean dry stopped quit it that them been".split())


def _facet_of_answer_just_given(turn: _Turn, intent: str) -> tuple[str, str] | None:
    """A facet question on the answer just given, read by its first clause (round 13): "Who else?
    Only urgent care?" right after where else he got them asks its `who`, even where who is what the
    topic itself asks; "How much less? Give me numbers." after how the tablets work now asks how much
    less, not the pain score the words lean to. Never a new topic asked in a facet's words ("how long
    have you had the pain?" after the regimen): its words must only compare with what he said."""
    conv = turn.conversation
    last = conv.last if conv is not None else None
    if conv is None or last is None:
        return None
    clauses = [c for c in _CLAUSE.split(turn.focus) if c.strip()]
    first = dialogue.core_words(clauses[0]) if clauses else ""
    facet = next((f for f, rx in _FACET_WORDS if rx.match(first)), None)
    if facet is None or facet == "more" or not dialogue.unsaid_facet(conv, last[1], facet):
        return None
    if intent != last[1] and _RELATIVE_TIME.match(first) and _times_itself(conv, last[1]):
        return last[1], "when"  # "How many hours after the last tablet does that come on?" after it
    if intent == last[1]:
        if intent in _FACET_IS_THE_QUESTION.get(facet, ()) and _ELSE_OF.search(first):
            return intent, facet  # "who else?" after who: more of who, the facet
        return None
    if facet == "when" and all(w in _STATE_OF_IT for w in _content(first) if w not in _GENERIC):
        # "And you're off it how long?" right after the drink: how long of what he just said, never
        # the pain's duration the words lean to (round 13)
        return last[1], facet
    if intent in _FACET_IS_THE_QUESTION.get(facet, ()):
        return None  # "how long have you had the pain?" after the regimen: the pain's duration
    # ("how much, and since when has it gone up?" after the wine: a bare facet first, then more of it)
    if all(w in _COMPARING for w in _content(first) if w not in _GENERIC):
        return last[1], facet
    return None


def _bare_first(turn: _Turn) -> bool:
    """Whether the turn opens with a facet alone, in a clause of its own ("How much, and is that every
    night?", "Why more? ..."): nothing in it but the facet's words and words that compare."""
    clauses = [c for c in _CLAUSE.split(turn.focus) if c.strip()]
    if len(clauses) < 2:
        return False
    first = dialogue.core_words(clauses[0])
    if not any(rx.match(first) for _f, rx in _FACET_WORDS):
        return False
    return all(w in _COMPARING for w in _content(first) if w not in _GENERIC)


def _bare_facet_first(turn: _Turn, intent: str) -> str | None:
    """A bare facet asked first and its topic named after it ("Why more? What do you expect a higher
    dose will give you?", "How much - the wine, I mean?"): that facet of the topic named, asked
    before or not, when the patient has words for it that tell nothing he has not disclosed (round 13)."""
    conv = turn.conversation
    if conv is None:
        return None
    if not _bare_first(turn):
        return None
    first = dialogue.core_words(_CLAUSE.split(turn.focus.strip())[0])
    facet = next((f for f, rx in _FACET_WORDS if rx.match(first)), None)
    if facet is None or intent in _FACET_IS_THE_QUESTION.get(facet, ()):
        return None
    answer = reply.consistent_answer(conv.interview, intent, conv.rapport, conv.context, conv.revealed)
    if answer is None or not dialogue.unsaid_facet(conv, intent, facet):
        return None
    return facet if set(answer.reveals) <= set(conv.revealed) else None


_ELSE_OF = re.compile(r"\b(?:else|other|others|besides|apart from|only|exactly|specifically)\b")
# Intents whose answer is itself a score out of ten.
_SCORED = frozenset({"pain.severity", "goals.readiness"})


def _held_back(turn: _Turn, intent: str) -> Interpretation | None:
    """"Is there anything that stops you acting on those thoughts?" after he has told of them: what
    more he says of the thoughts (his son, the fright that brought him in), when he has words for it;
    else who he has (support.people, as the frame reads it) (round 11)."""
    conv = turn.conversation
    if conv is None or intent not in ("support.people", SCREEN) or not asks_what_holds_back(turn.focus):
        return None
    if SCREEN not in conv.asked or not dialogue.unsaid_facet(conv, SCREEN, "more"):
        return None
    answer = reply.consistent_answer(conv.interview, SCREEN, conv.rapport, conv.context, conv.revealed)
    if answer is None or reply.is_denial(answer.text):
        return None
    return _follow(turn, SCREEN, "more")


# Whether someone knows where it is or how to use it ("Does your son know where the naloxone is?"):
# who knows, the `who` of the answer (round 11).
_KNOWS_WHERE = re.compile(
    r"\b(?:does|do|would|will|did) (?:your \w+|anyone|anybody|someone|somebody|he|she|they|any of them)"
    r"(?: else)?(?: at home)? know (?:where (?:it|they|the \w+|your \w+|that|those|this) "
    r"(?:is|are|'s|was|were|lives?|kept)|how to (?:use|give|work)|about (?:it|them|the \w+))\b",
    re.I,
)
def _known_by(turn: _Turn, intent: str, confidence: float = 0.0) -> Interpretation | None:
    """"Does your son know where the naloxone is?", "does anyone at home know how to use it?": the
    `who` of the answer it asks about, or of the one just given when it points back at it (not when
    the turn names a thing of its own: "Do you have naloxone, and does your daughter know how to use
    it?" after where he keeps his tablets asks of the naloxone; round 13)."""
    conv = turn.conversation
    if conv is None or not _KNOWS_WHERE.search(turn.focus):
        return None
    parts = split_turn(turn.focus)
    if len(parts) > 1 and not _KNOWS_WHERE.search(parts[0]):
        return None  # "Do you have naloxone, and does your daughter know how to use it?": both parts
    last = conv.last
    own = last is not None and last[1] != intent and confidence >= SURE_ALONE
    if (last is not None and not own and _POINTS_AT_IT.search(turn.focus)
            and dialogue.unsaid_facet(conv, last[1], "who")):
        return _follow(turn, last[1], "who", CONFIDENCE_THRESHOLD)
    if dialogue.unsaid_facet(conv, intent, "who"):
        return _follow(turn, intent, "who", CONFIDENCE_THRESHOLD)
    return None


# "And why now, what's brought them on?" right after the thoughts: why of what he just told, whatever
# topic the words alone lean to (his worries, here), when the question points back at it (round 11).
_POINTS_AT_IT = re.compile(r"\b(?:them|it|that|this|these|those|they)\b", re.I)


def _points_back_why(turn: _Turn, reading: Interpretation) -> Interpretation | None:
    conv = turn.conversation
    last = conv.last if conv is not None else None
    intent = reading.action.get("intent")
    if conv is None or last is None or last[1] == intent:
        return None
    if reading.confidence >= SURE_ALONE or not _POINTS_AT_IT.search(turn.focus):
        return None
    if facet_in_clauses(turn.focus, last[1]) != "why" or not dialogue.unsaid_facet(conv, last[1], "why"):
        return None
    content = [w for w in _content(turn.focus) if w not in _GENERIC and w not in {"now", "brought", "bring"}]
    if len(content) > 1:
        return None
    return _follow(turn, last[1], "why")


def _looks_asked(text: str) -> bool:
    """Whether a turn is put as a question: a question mark, the chart put to the patient ("The
    pharmacy records show fills six days early."), or a question word first, in the last sentence
    of several ("Is very understandable. I respect this a lot." is not asked)."""
    if "?" in text or reply.names_the_chart(text) or _REQUEST_END.search(text) or _EXAMPLE.match(text):
        return True
    if re.match(_SEAT, text, re.I):  # "Have a seat, get comfy.": offered, not asked
        return False
    if _THANKING.search(text):  # "You did very well, thank you for honest talking.": said, not asked
        return False
    sentences = [p for p in _SENTENCE.split(text) if p.strip()]
    last = sentences[-1] if len(sentences) > 1 else text
    if _first_word(last) in _QUESTION_STARTS:
        return True
    # "OK, we'll come back to that. First tell me about the back pain.": a request after the aside
    if _REQUEST.match(_REQUEST_LEAD.sub("", last.strip())):
        return True
    # "Before the bup, what were you using": a question after a clause that sets the scene
    clause = last.rsplit(",", 1)[-1].strip()
    if clause != last.strip() and len(clause.split()) >= 3 and _first_word(clause) in _ASKING_LEAD:
        return True
    # "That turn last week - tell me what it was like.": a request after what it is about (round 13)
    request = _TOPIC_THEN.split(last)[-1].strip()
    return request != last.strip() and len(request.split()) >= 3 and bool(_REQUEST.match(request))


# Where a request is put after what it is about: a comma, a colon or a dash between spaces.
_TOPIC_THEN = re.compile(r"\s*[,;:]\s+|\s+[-\u2013\u2014]+\s+")
_CLAUSES = re.compile(r"[,;:]\s*|\s+(?:and|but)\s+", re.I)
# Words that open a question in a clause of its own (not "you", which opens statements as often).
_ASKING_LEAD = frozenset({"what", "how", "when", "why", "who", "where", "which", "whats", "hows", "do", "did",
                          "does", "have", "has", "are", "were", "is", "was", "can", "could", "would"})
_THANKING = re.compile(r"\b(?:thank you|thanks) (?:for|so much|very much)\b", re.I)


_NEGATED = re.compile(r"\b(?:no|not|never|nobody|nothing|none|neither|nor|without)\b|n't\b", re.I)


def _denied_in(turn: _Turn) -> str | None:
    """A topic a summary or reflection says back that the patient denied when asked ("cravings in
    the evenings" after "I wouldn't say craving"): he puts it right rather than agree."""
    conv = turn.conversation
    if conv is None or turn.interview is None:
        return None
    # the whole of what is said back ("So to sum up: ... Fair?" is more than its tag)
    for clause in _CLAUSES.split(re.sub(r"[.!?]\s+", ", ", turn.text)):
        if len(_content(clause)) < 2 or _NEGATED.search(clause):
            continue  # ("a urine result nobody explained to you" says his no back: agreed)
        intent = match_turn(clause, turn.interview).intent
        if intent is None or intent not in conv.asked:
            continue
        answer = reply.consistent_answer(conv.interview, intent, conv.rapport, conv.context, conv.revealed)
        if answer is not None and (reply.is_denial(answer.text) or _denied_within(answer.text, clause)):
            return intent
    return None


# Words a summary and a denial share that say nothing of what was denied ("take", "them").
_DENIAL_GENERIC = frozenset("take taken took taking tak use used using have had get got them they it".split())
# The same thing said in other words: "a few extra" is what "I've never taken more" denies.
_SAME_THING = {"extra": "more", "extras": "more", "additional": "more", "additionally": "more",
               "vomited": "sick", "vomiting": "sick", "vomit": "sick", "early": "early", "sooner": "early"}


# A sentence in which he denies something of his own ("I've never taken more."), not of others
# ("None of those were hurt in the crash.").
_OWN_DENIAL = re.compile(r"^(?:i(?:'ve| have)? never|i (?:don't|do not|didn't|did not|haven't|have not|"
                         r"wouldn't)|never|no)\b", re.I)


def _denied_within(answer: str, clause: str) -> bool:
    """Whether a sentence of ``answer`` after its first denies what ``clause`` says ("a few extra on
    the bad days" after "Four a day, as written. I've never taken more.") (round 11)."""
    def words(text: str) -> set[str]:
        found = {_SAME_THING.get(w, w) for w in re.findall(r"[a-z][a-z']+", text.lower())}
        kept = {w for w in found if w == "more" or (w not in _FUNCTION_WORDS and w not in _DENIAL_GENERIC)}
        return {_stem(w) for w in kept} - {"never", "i've", "not", "no"}

    mine = words(clause)
    for sentence in re.split(r"(?<=[.!?])\s+", answer.strip())[1:]:
        if _OWN_DENIAL.match(sentence) and mine & words(sentence):
            return True
    return False


# The people in a patient's story, as a summary or a question names them.
_KIN = (r"son|daughter|grandson|granddaughter|wife|husband|partner|brother|sister|mother|father|mum|dad|"
        r"nephew|niece|uncle|aunt|friend|girlfriend|boyfriend")
# Numbers as words, as alternatives in a pattern: one to ten, one to twelve (understanding.text).
_TEN = "|".join(NUMBER_WORDS[1:11])
_TWELVE = "|".join(NUMBER_WORDS[1:13])
# Details a summary may get wrong, by kind: a year, a month, a day of the week, a score out of ten.
_DETAIL_KINDS = (
    re.compile(r"\b(?:19|20)\d\d\b"),
    re.compile(r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
               r"december)\b", re.I),
    re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I),
    re.compile(rf"\b(?:\d+|{_TEN})(?= out of (?:10|ten)\b)", re.I),
    # who it was, and which part hurts (round 10: "your grandson" after "my granddaughter")
    re.compile(rf"\b(?:{_KIN})\b", re.I),
    re.compile(r"\b(?:left|right)(?= (?:ankle|knee|hip|shoulder|leg|arm|foot|hand|wrist|elbow|side)\b)",
               re.I),
)
# Round 11: how long ("lasted one week" after "about a day each time", "3 months supply" after
# "a month's worth", "for about a year" after "the last few weeks"), the pain score said plainly
# ("pain is 8 now" after "a six") and which way it is going ("getting worse" after "improving").
_AMOUNT = {"a": "1", "an": "1", **{w: str(n) for n, w in enumerate(NUMBER_WORDS[1:13], start=1)},
           "couple": "few", "several": "few", "few": "few"}
_DURATION = re.compile(
    rf"\b(\d+|an?|{_TWELVE}|few|couple|several)"
    r"(?: of)?\s+(?:more |whole |full |long |odd )?(hour|day|week|month|year)s?\b", re.I)
# "four a day", "twice a week", "once a month": how often, never how long
_RATE_BEFORE = re.compile(rf"(?:\d+|{_TEN}|twelve|once|twice|"
                          r"times|tablets?|pills?|blues?|ones|tabs|drinks?|cans?|pints?|per)\s*$", re.I)
_SCORE_SAID = re.compile(r"\bpain(?:'s| is| was| at| of| now| today)*\s+(?:about |around |at |an? )?"
                         rf"(\d+|{_TEN})\b(?!\s*(?:%|mg|tablets?|pills?|"
                         r"hours?|days?|weeks?|months?|years?|times?|a day))", re.I)
_SCORE_TOLD = re.compile(r"\b(?:an?|at|score of|about|around|maybe)\s+"
                         rf"({_TEN}|[1-9]|10)\b"
                         r"(?!\s*(?:%|mg|tablets?|pills?|hours?|days?|weeks?|months?|years?|"
                         r"times?|a day|o'clock|in the|at night))"
                         rf"|\b(\d+|{_TEN})"
                         r"(?:/10| out of (?:10|ten))",
                         re.I)
_DIRECTION = re.compile(
    r"\b(?:getting|got|gets|growing|becoming|been|it's|it is|pain's|pain is|is now)\s+"
    r"(?:(?:a|much|far|a lot|a little|a bit|any|no)\s+(?:bit\s+|little\s+|lot\s+)?)?(better|worse)\b"
    r"|\b(worsening|improving|improved|easing|settling)\b",
    re.I,
)


# The time of year (round 12): "you fell in the summer" after "Just the one in October".
_SEASON_OF = {
    **dict.fromkeys(("december", "january", "february", "winter"), "winter"),
    **dict.fromkeys(("march", "april", "may", "spring"), "spring"),
    **dict.fromkeys(("june", "july", "august", "summer"), "summer"),
    **dict.fromkeys(("september", "october", "november", "autumn"), "autumn"),
}
_SEASON = re.compile(r"\b(?:january|february|march|april|june|july|august|september|october|november|"
                     r"december|winter|spring|summer|autumn)\b", re.I)


# Who is at home (round 12): "you live with your daughter" after "I live on my own".
_ALONE = re.compile(r"\b(?:live[sd]?|living|at home) "
                    r"(?:on (?:my|your|his|her) own|alone|by (?:my|your|him|her)self)"
                    r"|\b(?:at home|in the house) it'?s just (?:me|you)\b", re.I)
_LIVES_WITH = re.compile(r"\b(?:live[sd]?|living) with\b", re.I)


# How many a day, and how many are left (round 13): "about 4 a day" after "about three a day".
_COUNT = re.compile(
    rf"\b(\d+|{_TWELVE}|wan)\s+(?:(?:tablets?|pills?|ones?|of them)\s+)?"
    r"(a day|per day|a night|a week|left)\b",
    re.I,
)


def _counts(text: str) -> set[str]:
    return {f"{_AMOUNT.get(m.group(1).lower(), '1' if m.group(1).lower() == 'wan' else m.group(1))} "
            f"{m.group(2).lower().replace('per ', 'a ')}" for m in _COUNT.finditer(text)}


def _household(text: str) -> set[str]:
    return {"alone"} if _ALONE.search(text) else {"with"} if _LIVES_WITH.search(text) else set()


def _seasons(text: str) -> set[str]:
    return {_SEASON_OF[m.group(0).lower()] for m in _SEASON.finditer(text)}


def _durations(text: str) -> set[str]:
    found = set()
    for m in _DURATION.finditer(text):
        if _RATE_BEFORE.search(text[: m.start()]) and m.group(1).lower() in ("a", "an"):
            continue
        found.add(f"{_AMOUNT.get(m.group(1).lower(), m.group(1))} {m.group(2).lower()}")
    return found


def _scores(text: str, told: bool) -> set[str]:
    rx = _SCORE_TOLD if told else _SCORE_SAID
    return {_AMOUNT.get(v.lower(), v) for m in rx.finditer(text) for v in m.groups() if v}


def _directions(text: str) -> set[str]:
    return {"worse" if (m.group(1) or m.group(2)).lower().startswith("wors") else "better"
            for m in _DIRECTION.finditer(text)}


def _details(kind: Any, text: str, told: bool) -> set[str]:
    if kind is _durations or kind is _directions or kind is _seasons or kind is _household or kind is _counts:
        return kind(text)
    if kind is _scores:
        return _scores(text, told)
    return {m.group(0).lower() for m in kind.finditer(text)}


_ALL_DETAIL_KINDS: tuple[Any, ...] = (*_DETAIL_KINDS, _durations, _scores, _directions, _seasons,
                                      _household, _counts)


def _agree(kind: Any, said: set[str], told: set[str]) -> bool:
    """Whether a detail said back is one he gave: the same, or for how long, "a few weeks" and
    "two or three weeks" alike (a few of the same unit)."""
    if said & told:
        return True
    if kind is not _durations:
        return False
    units = {d.split()[1] for d in told}
    return any(d.split()[1] in units and (d.startswith("few") or f"few {d.split()[1]}" in told) for d in said)


def _misremembered(turn: _Turn) -> tuple[str, str | None] | None:
    """A topic a summary says back with a detail other than the patient gave ("since 2019" after
    "since 2021", "the surgery is Friday" after "Thursday"): he puts it right rather than agree."""
    conv = turn.conversation
    if conv is None or turn.interview is None:
        return None
    asked_as: dict[str, list[str]] = {}  # the trainee's own words for each topic asked
    for text, intent in conv.history:
        asked_as.setdefault(intent, []).append(text)
    told = {}
    for intent in conv.asked:
        answer = reply.consistent_answer(conv.interview, intent, conv.rapport, conv.context, conv.revealed)
        if answer is not None:
            asked = " ".join((*asked_as.get(intent, ()), _question_text(intent, turn.interview)))
            facets = [str(v) for v in answer.facets.model_dump().values() if v]
            # (his words, the questions asked of them, and every detail he gave, his facets' too)
            told[intent] = (" ".join((answer.text, *answer.wordings)), asked,
                            " ".join((answer.text, *answer.wordings, *facets)))
    recency = {intent: n for n, (_text, intent) in enumerate(conv.history) if intent is not None}
    recent = [i for _t, i in conv.history[-3:] if i is not None and i in told]
    before = ""
    for clause in _CLAUSES.split(normalise_turn(turn.text)):  # (in plain words: "aboot 4 a day")
        # "... pain is 8 now and getting worse": a clause without its own subject is read with the one before
        subject = before if len(_content(clause)) < 3 else ""
        before = clause
        shared = {i: _other_detail(clause, *his, subject=subject) for i, his in told.items()}
        # "... for about five years": a topic not yet asked, when no asked one fits
        readings = [] if any(shared.values()) else _clause_readings(conv, clause, told)
        for intent, his in readings:
            loose = _other_detail(clause, *his, subject=subject, loose=True)
            shared[intent] = max(shared.get(intent, 0), loose)
            told[intent] = his
        # (agreeing on one kind of detail, "your daughter", does not make another right, "live with")
        wrong = tuple(k for k in _ALL_DETAIL_KINDS
                      if any(_other_detail(clause, *his, subject=subject, loose=True, kinds=(k,))
                             for his in told.values()))
        agreed = max((_other_detail(clause, *his, subject=subject, same=True,
                                    kinds=wrong or _ALL_DETAIL_KINDS)
                      for his in told.values()), default=0)
        if agreed and agreed >= max(shared.values(), default=0):
            continue  # "helped for a few weeks": what he said of the increases, whatever else took years
        for i in recent:  # what was just talked about is what a summary says back first
            shared[i] = shared.get(i, 0) * 2
        # the core topic the clause has most words of; a case topic only when no core one fits
        # (then the one asked last: "these thoughts for about a year" is the screen just asked)
        best = max(shared, key=lambda i: (shared[i] > 0, not i.startswith(persona.TOPIC_PREFIX), shared[i],
                                          recency.get(i, -1)), default=None)
        if best is not None and shared[best]:
            return best, _facet_holding(conv, best, clause)
    return None


# A summary's clause read alone, sure enough of one topic (or of each of the two it is nearest) to
# check it against his answer on it even when that topic has not been asked (round 12).
CLAUSE_READING = 0.2


def _clause_readings(
    conv: dialogue.Conversation, clause: str, told: dict[str, tuple[str, str, str]]
) -> list[tuple[str, tuple[str, str, str]]]:
    """The topics a summary's clause reads as on its own, with his words on each, asked or not ("...
    and you've been on them for about five years", the duration he was never asked; "So you live
    with your daughter", his household): a detail said back is checked against his answer all the same."""
    # its own words, without the check that ends the summary ("... five years. Did I get that right?")
    clause = re.sub(r"^(?:and|but|so)\s+", "", re.split(r"(?<=[.!?])\s+", clause.strip())[0], flags=re.I)
    if len(_content(clause)) < 2 or not re.search(r"\b(?:you|your|you've|you're)\b", clause, re.I):
        return []  # (what the clause says of him; "a little bit every few weeks" in a plan is not)
    match = match_turn(clause, conv.interview)
    ranked = [(match.intent, match.confidence)] if match.intent else list(match.alternatives[:2])
    found = []
    for best, prob in ranked:
        if best is None or prob < CLAUSE_READING or best.startswith(persona.TOPIC_PREFIX):
            continue
        if best in told:
            found.append((best, told[best]))
            continue
        answer = reply.consistent_answer(conv.interview, best, conv.rapport, conv.context, conv.revealed)
        if answer is None:
            continue
        facets = [str(v) for v in answer.facets.model_dump().values() if v]
        his = " ".join((answer.text, *answer.wordings))
        found.append((best, (his, _question_text(best, conv.interview), " ".join((his, *facets)))))
    return found


def _facet_holding(conv: dialogue.Conversation, intent: str, clause: str) -> str | None:
    """The facet of his answer that gives a detail of the kind ``clause`` gets wrong ("for about
    a year": the facet "The last few weeks."), when his answer itself gives none of that kind."""
    answer = reply.consistent_answer(conv.interview, intent, conv.rapport, conv.context, conv.revealed)
    if answer is None:
        return None
    own = " ".join((answer.text, *answer.wordings))
    facets = answer.facets.model_dump(by_alias=True)
    for kind in _ALL_DETAIL_KINDS:
        if not _details(kind, clause, False) or _details(kind, own, True):
            continue
        for name, words in facets.items():
            if words and _details(kind, str(words), True):
                return name
    return None


def _other_detail(
    clause: str, his: str, asked: str = "", details: str = "", subject: str = "", same: bool = False,
    loose: bool = False, kinds: tuple[Any, ...] = (),
) -> int:
    """How many content words ``clause`` shares with ``his`` words (and the question ``asked`` of
    them) when it names a detail of a kind his words give, but not his (0 when it names none, or his);
    with ``same``, when it names his (of ``kinds`` only, when given)."""
    for kind in kinds or _ALL_DETAIL_KINDS:
        said_here = _details(kind, clause, False)
        told = _details(kind, details or his, True) if said_here else set()
        if not told or _agree(kind, said_here, told) != same:
            continue
        named = {w for d in said_here for w in d.split()}
        words = {_stem(w) for w in _content(f"{subject} {clause}")
                 if len(w) > 2 and w not in _TIME_WORDS and "'" not in w and w not in _AMOUNT}
        words -= named | said_here
        words -= {_stem(w) for w in ("worse", "better", "getting", "improving", "easing")}
        shared = len(words & _stems_of(f"{his} {asked}"))
        # (loose: the clause itself reads as his answer's topic; a count of the same unit, "4 a day",
        # is only ever said of his own count)
        if shared or loose or (kind is _counts and {d.split(" ", 1)[1] for d in said_here}
                               & {d.split(" ", 1)[1] for d in told}):
            return max(shared, 1)
    return 0


def _stems_of(text: str) -> set[str]:
    """The stems of a text's content words ("i've", "you've" and numbers say nothing of a topic)."""
    return {_stem(w) for w in _content(text) if len(w) > 2 and "'" not in w and w not in _AMOUNT}


def _said_back(
    text: str, conversation: dialogue.Conversation | None, interview: Interview | None
) -> Interpretation:
    """A reflection, a summary or the plan told: a statement the patient confirms. A reflection
    that names a topic he has not spoken about yet ("So your son thinks you're hooked.", "you feel
    low a lot") is his cue to say it, in his own words (he never simply agrees with what he has
    not said); one about what he has said, or the plan, is confirmed."""
    focus, _looks = _focus(text, False)
    turn = _Turn(text, focus, False, conversation, interview)
    act = _act_stage(turn)
    if act is not None:  # "So you only want them to get high.": an accusation, not a reflection
        return act
    if is_reflection(text):
        denied = _denied_in(turn)
        if denied is not None:  # "... cravings in the evenings ...", after "I wouldn't say craving."
            # his answer again, as he gave it ("Like I said, my granddaughter ..."), not more of it
            return _follow(turn, denied)
        wrong = _misremembered(turn)
        if wrong is not None:  # the detail as he gave it: the facet that holds it, when only one does
            return _follow(turn, *wrong)
        match = match_turn(focus, interview)
        fresh = conversation is None or match.intent not in conversation.asked
        if interview is not None and _medicine_topic(focus, interview) is not None:
            fresh = False  # "Plan: regular paracetamol, ...": a medicine named in the plan, not his cue
        if match.intent is not None and fresh and match.confidence >= REFLECTION_SURE:
            return _answered(turn, match, ())
    return Interpretation(turn.say, "A reflection" if is_reflection(text) else "A statement", 1.0,
                          kind="statement")


def _statement(text: str, looks_like_question: bool) -> Interpretation | None:
    """Stigmatising words, validation and empathy by the word rules, closings, asking to begin."""
    statement = classify(text)
    say = {"type": "say", "text": text}
    if persona.aimed(statement.stigma_terms):
        if not looks_like_question:
            return Interpretation(say, "A statement: stigmatising words", 1.0, kind="stigma")
        action = {"type": "ask", "intent": None, "text": text, "via": "free"}
        return Interpretation(action, "Stigmatising words: the patient reacts to them", 1.0, kind="stigma")
    kinds = statement.kinds - {"stigma"}
    # (empathy said without a question mark is said, however it starts: "you did the right thing")
    if kinds and (not looks_like_question or "?" not in text):
        kind = "empathy" if "empathy" in kinds else "validation"
        shown = "A statement: " + ", ".join(k.replace("_", " ") for k in sorted(kinds))
        return Interpretation(say, shown, 1.0, kind=kind)
    if _CLOSING.match(text):
        return Interpretation({**say, "kind": "closing"}, "Closing the interview", 1.0, kind="closing")
    if _CALL_CHECK.search(text) or _PET_NAME.match(text) or _DETAILS.search(text):  # small talk
        return Interpretation(say, "A greeting or thanks", 1.0, kind="social")
    leave = _PERMISSION.search(text) and _GENERIC_ASK.search(text)
    # "Hi, I'm one of the residents, if that's alright?": who he is, and leave to go on
    leave = leave or bool(_INTRODUCES.search(text) and _OK_WITH_YOU.search(text))
    leave = leave or bool(_GOOD_TIME.search(text)) or bool(_LEAVE_TO_TELL.search(text))
    if leave or _asks_to_begin(text) or reply.asks_for_time(text):
        return Interpretation(say, "Asking to begin", 1.0, kind="social")
    if _closes_with_questions(text):
        return Interpretation({**say, "kind": "closing"}, "Closing the interview", 1.0, kind="closing")
    return None


# Reassurance after the question ("How much, roughly? No judgement.", "... Take your time."): not asked
_REASSURED = re.compile(
    r"(?<=\?)\s+(?:(?:there's |there are )?no (?:judge?ment|pressure|rush|right or wrong answers?|"
    r"wrong answers?)|take your time|be honest|honestly|just roughly|roughly is fine|a rough idea is fine|"
    r"a guess is fine|(?:it's |that's )?(?:ok|okay|fine) if you (?:don't|do not) know|don't worry|no worries)"
    r"(?: at all| here| from me)?[.!]*$",
    re.I,
)


# A question joined on after an acknowledgement ("ok and how did it happen", "right, but when"):
# the joining word is read off before the question word is looked for.
_JOINED = re.compile(r"^(?:(?:and|but|also|plus|then|so)[,\s]+)+", re.I)


def _ends_asking(text: str) -> str:
    """The request that ends a turn of several sentences with no question mark ("We'll get to that
    later, I promise. First tell me about the back pain."), or ""."""
    if "?" in text:
        return ""
    sentences = [p for p in _SENTENCE.split(text) if p.strip()]
    request = _REQUEST_LEAD.sub("", sentences[-1].strip()) if len(sentences) > 1 else ""
    return request if _REQUEST.match(request) else ""


def _focus(text: str, looks_like_question: bool) -> tuple[str, bool]:
    """The part of ``text`` that is asked, normalised, and whether the turn is a question.
    "Good afternoon. How can I help?": the question is the last sentence; the rest is framing."""
    asked = _REASSURED.sub("", text) if "?" in text else text
    request = _ends_asking(text)
    if request:  # "We'll come back to that, I promise. First tell me about the back.": the request
        asked = request
    focus = _FRAMING.sub("", _last_question(asked), count=1) or asked
    content = _TRAILING_MORE.sub("", focus)  # "You mentioned the sweats - tell me more": the sweats
    if content != focus and len(content.split()) >= 3:
        focus, looks_like_question = content.rstrip(" ,;.-") + "?", True
    if focus != text and _first_word(focus) in _QUESTION_STARTS:
        looks_like_question = True
    greeted = _GREETING_PREFIX.sub("", focus, count=1)
    if greeted != focus and greeted.strip().endswith("?"):  # "Good morning Ruth, how can I help?"
        focus = greeted
    normalised = normalise_turn(focus)  # "0-10?", "hx of OD?", "ok so, ..."
    if normalised != " ".join(focus.split()):
        looks_like_question = (
            looks_like_question or normalised.endswith("?")
            or _first_word(_JOINED.sub("", normalised)) in _ASKING_WORDS
            or bool(_REQUEST.match(normalised))  # "Now, tell me about this business with the chemist."
        )
        focus = normalised
    return focus, looks_like_question


# Small talk about the weather or the journey ("Cold one out there today, eh?", "Did you find us
# okay?"), asked with a greeting: part of the greeting, never a question about his history (round 12).
# ("how are you?", "how are things?" are left to the model: he tells what troubles him, as a patient does)
_HOW_GOES = r"\bhow(?:'s| is) (?:it going|it goin|life|tricks)\b[^?]{0,20}\?*\s*$"
_SMALL_TALK = re.compile(
    r"\b(?:cold|hot|wet|grey|miserable|lovely|nice|beautiful|freezing|chilly|rainy|snowy|windy|warm|"
    r"bitter|glorious) (?:one|day|morning|afternoon|evening|out there|outside)\b|\bweather\b|"
    r"\b(?:traffic|parking)\b|\bfind (?:us|the (?:place|clinic|surgery|ward|room))\b|"
    # "It's nithering out there, isn't it?", "parky out, eh?" (round 13): the weather, however it is said
    r"\b(?:it(?:'s| is)|bit) (?:\w+ )?(?:nithering|parky|perishing|baltic|bitter|raw|grim|freezing|"
    r"chucking it down|tipping it down|pouring|teeming|siling)\b|"
    r"\b(?:out there|outside)(?: today| this morning)?,? (?:isn't it|int it|eh|innit|hey)\b|"
    # "How is the body today?" (Ghanaian English, round 13): how he is, asked with the greeting
    r"^(?:[^?]*[.!,]\s*)?how(?:'s| is) the body(?: today| this morning| now)?\W*$|"
    # "hiya mr mensah, how's it going?": how he is, asked with the greeting (round 13)
    + _HOW_GOES,
    re.I,
)
_HOW_GOING = re.compile(r"^\W*" + _HOW_GOES, re.I)
# Small talk about his things or his people that asks nothing of his care ("Is that a Spurs
# scarf? Did you see the game?", "Your son, how old is he now? What school is he at?") (round 13).
_CHITCHAT = re.compile(
    r"\bis (?:that|this) (?:an? |your )?[\w' -]{0,25}?(?:keyring|key ring|key-ring|shirt|scarf|jersey|"
    r"badge|tattoo|bag|hat|cap|mug|jacket|umbrella)\b|"
    r"\b(?:were|was|did) you (?:at|go to|get to|watch|see|catch) the (?:match|game|footy|football|fight|"
    r"derby)\b|\b(?:who|what team) do you support\b|"
    r"\b(?:what|which) age (?:is|are) (?:she|he|they|your \w+)\b|\bhow old (?:is|are) (?:she|he|they|"
    r"your (?:son|daughter|kids|children|grandchildren|boy|girl|granddaughter|grandson))\b|"
    r"\b(?:she|he)(?:'s| is) what age\b|\b(?:which|what) school (?:(?:is|does|do|did) )?(?:she|he|they|"
    r"your (?:son|daughter|kids|children|boy|girl|granddaughter|grandson))\b|\bwhat year is (?:she|he)\b",
    re.I,
)


_LEAD_IN = re.compile(r"^\s*(?:(?:well|oh|ah|ok(?:ay)?|right|so)[\s,.!]+)+", re.I)
def _questionnaire_stage(turn: _Turn) -> Interpretation | None:
    """PHQ-9 or GAD-7 items read aloud ("Feeling tired or having little energy?", "Trouble
    relaxing? Becoming easily annoyed?"): asked as his mood (history.mental_health) with the items,
    which his questionnaire answers; the sleep item is his sleep where the case answers that; "how
    often - several days, more than half the days...?" right after an item asks that item's
    frequency (round 12)."""
    if not turn.looks_like_question and "?" not in turn.text:
        return None
    reading = _form_stage(turn)
    if reading is not None:
        return reading
    sleeps = turn.interview is None or bool(turn.interview.answers.get("life.sleep"))
    pieces = (turn.focus, *_ITEM_SPLIT.split(turn.text))
    items = list(dict.fromkeys(i for p in pieces if (i := screen_item(p, answers_sleep=False))))
    facet = None
    conv = turn.conversation
    if not items and conv is not None and conv.history and asks_how_often(turn.focus):
        items, facet = [i for i in (screen_item(conv.history[-1][0], sleeps),) if i], "how_often"
    also = []
    if "phq9.sleep" in items and sleeps:  # his sleep, as he answers it
        items.remove("phq9.sleep")
        also = ["life.sleep"]
    if not items:
        return None
    action: dict[str, Any] = {"type": "ask", "intent": "history.mental_health", "text": turn.text,
                              "via": "free", "items": items}
    if also:
        action["also"] = also
    if facet is not None:
        action |= {"facet": facet, "follow_up": True}
    return Interpretation(action, _question_text("history.mental_health", turn.interview), 1.0)


def _form_stage(turn: _Turn) -> Interpretation | None:
    """An item of a misuse or screening questionnaire read aloud (CAGE-AID, DAST-10, AUDIT-C, the
    Opioid Risk Tool, PC-PTSD-5, the COWS asked): the interview intent a correct patient answers it
    with ("Have you engaged in illegal activities to get drugs?" is where else he gets them). Only a
    turn whose every question is an item of one intent; anything else asked with it goes the usual
    way (round 13). The chart put to him ("The nurse noted yawning and a runny nose") is his chart."""
    if reply.names_the_chart(turn.text):
        return None
    conv = turn.conversation
    before, after_withdrawal = "", False
    if conv is not None and conv.history:
        before, last = conv.history[-1]
        after_withdrawal = last == "opioid.withdrawal"
    asked = [p for p in _ITEM_SPLIT.split(turn.text) if "?" in p] or [turn.focus]
    found = [form_item(p, before, after_withdrawal) for p in asked]
    if not found or any(f is None for f in found):
        whole = form_item(turn.focus, before, after_withdrawal)
        if whole is None or len(asked) > 1:
            return None
        found = [whole]
    intents = {intent for _item, intent in found if intent}
    if len(intents) != 1:
        return None
    intent = intents.pop()
    action: dict[str, Any] = {"type": "ask", "intent": intent, "text": turn.text, "via": "free"}
    facet = asked_facet(turn.focus, intent)  # "How often do you have a drink containing alcohol?"
    if facet not in (None, "more"):
        action["facet"] = facet
    return Interpretation(action, _question_text(intent, turn.interview), 1.0)


# Where a turn reading several items aloud is cut into them ("Trouble relaxing? Restless?").
_ITEM_SPLIT = re.compile(r"(?<=[?.!])\s+")


def _social(turn: _Turn) -> Interpretation | None:
    # the social words are in what is left once framing and fillers are read off ("ok thx")
    opening = _LEAD_IN.sub("", turn.text)
    asked = [p for p in _sentences(turn.text) if p.strip().endswith("?")]
    if asked and any(_CHITCHAT.search(p) for p in asked) and all(
        _CHITCHAT.search(p) or not _content(_CHITCHAT.sub("", p)) or len(p.split()) <= 4 for p in asked
    ):  # his keyring, the match, his daughter's school: a friendly word, no history (round 13)
        declined = {**turn.unclear, "off_topic": True}
        return Interpretation(declined, "Small talk, not about the patient's care", 1.0, kind="social")
    first = turn.conversation is None or not turn.conversation.history
    if first and _HOW_GOING.match(opening):  # "how's it going?" to open: how he is, a greeting (round 13)
        return Interpretation({**turn.say, "kind": "greeting"}, "A greeting with small talk", 1.0,
                              kind="social")
    if turn.looks_like_question and _SOCIAL.match(opening):
        # every question small talk and no request among the other sentences ("hiya mr mensah, how's it
        # going? im dr fraser, one of the gp registrars here"; round 13)
        sentences = _sentences(turn.text)
        asked = [p for p in sentences if p.strip().endswith("?")]
        told = [p for p in sentences if p.strip() and not p.strip().endswith("?")]
        if asked and all(_SMALL_TALK.search(p) for p in asked) and not any(
            _REQUEST.match(_REQUEST_LEAD.sub("", p.strip())) for p in told
        ):
            return Interpretation({**turn.say, "kind": "greeting"}, "A greeting with small talk", 1.0,
                                  kind="social")
    if not _SOCIAL.search(turn.focus) or turn.looks_like_question:
        return None
    if _GOODBYE.search(turn.text):
        return Interpretation({**turn.say, "kind": "closing"}, "Closing the interview", 1.0, kind="closing")
    return Interpretation(turn.say, "A greeting or thanks", 1.0, kind="social")


# "When did all this start?", "how long has the whole thing been going on?": the whole story of
# what is being talked about, not the last answer's facet (round 13).
_WHOLE_STORY = re.compile(
    r"^\W*(?:(?:and|so|ok(?:ay)?|right)[,\s]+)*"
    r"(?:when did|when has|how long (?:has|have|ago did)|since when (?:has|have|did)?)"
    r"\s*(?:all (?:of )?(?:this|that|these|it)|the whole (?:thing|business|story)|everything)\s+"
    r"(?:start|begin|began|started|kick off|been going on|going on|happen)\w*\W*$",
    re.I,
)
# The story's own history, by what the last answer was about.
_STORY_START = {"opioid": "opioid.duration", "pain": "pain.duration"}


def _whole_story(turn: _Turn) -> Interpretation | None:
    conv = turn.conversation
    if conv is None or conv.last is None or not _WHOLE_STORY.match(turn.focus):
        return None
    intent = _STORY_START.get(_family(conv.last[1]))
    if intent is None or turn.interview is None or not persona.answers_for(turn.interview, intent):
        return None
    action: dict[str, Any] = {"type": "ask", "intent": intent, "text": turn.text, "via": "free"}
    return Interpretation(action, _question_text(intent, turn.interview), CONFIDENCE_THRESHOLD)


def _follow_up_stage(turn: _Turn) -> Interpretation | None:
    if not (turn.looks_like_question or len(turn.text.split()) <= 4):
        return None
    follow = dialogue.detect_follow_up(turn.focus)
    if follow is None and turn.conversation is not None:
        # "Thank you. I'll write to Dr Lindqvist today - is there anything you wanted to ask me?":
        # the floor offered after the dash, whatever was told before it (round 13)
        pieces = _DASH.split(turn.text)
        told_first = len(pieces) > 1 and "?" not in " ".join(pieces[:-1])
        tail = dialogue.detect_follow_up(pieces[-1]) if told_first else None
        follow = tail if tail is not None and tail.kind in ("else", "ask_me") else None
    if follow is None or dialogue.stands_alone(follow, turn.conversation):
        return None
    return _follow_up(turn.text, follow, turn.conversation, turn.interview)


_WHEN_WORDS = frozenset("night day morning evening time today yesterday week month year exactly".split())
# Time words a summary's clause shares with any dated answer ("since 2019"): not what it is about.
_TIME_WORDS = _WHEN_WORDS | frozenset("since ago until last years months weeks days".split())


def _follow(turn: _Turn, intent: str, facet: str | None = None, confidence: float = 1.0) -> Interpretation:
    """``turn`` read as a follow-up on ``intent`` (its ``facet``, when one is asked). A facet asked
    by a verb his answer on ``intent`` does not hold but another answer on what he just spoke of
    does is that answer's ("why did you keep them?" after "about forty tablets, in the drawer" on
    the suicide screen: why he kept them, of where he keeps his tablets; round 12)."""
    conv = turn.conversation
    if facet is not None and conv is not None and conv.last is not None and intent == conv.last[1]:
        intent = dialogue.facet_told_elsewhere(conv, turn.focus, intent, facet) or intent
    action: dict[str, Any] = {"type": "ask", "intent": intent, "text": turn.text, "via": "free",
                              "follow_up": True}
    if facet is not None:
        action["facet"] = facet
    return Interpretation(action, _question_text(intent, turn.interview), confidence)


def _more_if_unsaid(conv: dialogue.Conversation, intent: str) -> str | None:
    """"more" when the patient has more to say on ``intent`` than he has said, else None."""
    return "more" if dialogue.unsaid_facet(conv, intent, "more") else None


def _echo_stage(turn: _Turn) -> Interpretation | None:
    """A short question that asks a facet of the patient's last answer in his own words ("who
    found you?" after "My partner found me on the bathroom floor", or in the words of the facet
    itself): that answer's facet, whatever the words alone would be read as (support, here).
    Only when the answer has the facet, not yet said."""
    conv = turn.conversation
    last = conv.last if conv is not None else None
    if conv is None or last is None or not conv.last_reply or not turn.looks_like_question:
        return None
    facet = asked_facet(turn.focus, last[1])
    content = [w for w in _content(turn.focus) if w not in _GENERIC]
    if facet is None and _ECHOED_PHRASE.match(turn.focus) and 0 < len(content) <= 2:
        return _echoed(turn, last[1], content)
    if facet is None or len(content) > 3 or not dialogue.unsaid_facet(conv, last[1], facet):
        return None
    if not content and not dialogue.is_anaphoric(turn.focus):
        return None  # "when is it at its strongest?" points back; "how often?" alone is a follow-up
    # the words he just said, and the words of the facet itself ("who found you?" - "Nobody found
    # me. I was on my own."); or who came to his help in the story just told ("who helped you then?")
    rescued = facet == "who" and all(_stem(w) in _RESCUE or w in _TIME_WORDS for w in content)
    if not rescued and not _echoes(conv, last[1], facet, content):
        return None
    return _follow(turn, last[1], facet)


# Who came to his help in what he has just told (the overdose): "who helped you?", "who has helped you
# then?", "who was with you?", "who called the ambulance?" ask its `who`, not who supports him (round 11).
_RESCUE = frozenset(_stem(w) for w in (
    "help helped helping find found save saved rescue rescued revive revived call called ambulance wake woke "
    "woken give gave given brought bring round there then with you came come sorted looked after "
    "paramedics naloxone spray").split())


# "With the tablets?" after "I had a couple on Saturday, with the tablets": his own words said back
# as a question ask him to go on about them.
_ECHOED_PHRASE = re.compile(
    r"^(?:(?:and|so|what|oh)\W+)?(?:with|on|at|in|after|before|from|on top of|alongside) "
    r"(?:the|your|those|that|a|an)? ?[\w' -]{2,30}\?\s*$",
    re.I,
)


def _echoed(turn: _Turn, intent: str, content: list[str]) -> Interpretation | None:
    conv = turn.conversation
    assert conv is not None
    said = {_stem(w) for w in dialogue.core_words(conv.last_reply).split()}
    if not all(_stem(w) in said for w in content):
        return None
    return _follow(turn, intent, _more_if_unsaid(conv, intent))


# "Not even once?", "Even on the days when you feel low?", "Are you sure?": the answer just given,
# probed; he says it again (round 10), never asks which topic was meant.
_PROBE = re.compile(
    r"^(?:(?:and|but|so|ok(?:ay)?|right|never)\W+)?(?:not even\b|even (?:on|when|with|if|at|after|in|during|"
    r"though|now|then|once|a little|a bit|sometimes|occasionally)\b|not once\b|never\W*$|not at all\W*$|"
    r"(?:are|r) (?:you|u) sure(?: about that)?\W*$|(?:you|u) sure\W*$|really\W*$|honestly\W*$|"
    r"nothing at all\W*$|none at all\W*$)",
    re.I,
)


def _probe_stage(turn: _Turn) -> Interpretation | None:
    conv = turn.conversation
    last = conv.last if conv is not None else None
    if last is None or not _PROBE.match(dialogue.core_words(turn.text)) or len(turn.text.split()) > 12:
        return None
    return _follow(turn, last[1])


def _act_stage(turn: _Turn) -> Interpretation | None:
    return _act(turn.text, turn.focus, turn.looks_like_question) if len(turn.words) >= 3 else None


def _concept_agrees(text: str, m: Match) -> bool:
    """The classifier's reading (at the bar or above) is the clinical concept the words name ("live
    alone?", "main worry?"): two readings agree, so a terse question is answered."""
    if m.intent is None or m.confidence < CONFIDENCE_THRESHOLD:
        return False
    from simulator.patient.understanding import prepare
    from simulator.patient.understanding.concepts import concept_intent

    return concept_intent(prepare(text)) == m.intent


def _fragment(turn: _Turn) -> Interpretation | None:
    """"side effects?" is a terse question; "stuff", "that", "the tablets?" are too little to
    answer without guessing."""
    words = turn.words
    if len(words) > 2 or _ACKNOWLEDGE.match(" ".join(words)):
        return None
    listed = _next_in_list(turn)
    if listed is not None:
        return listed
    fragment = match_turn(turn.focus, turn.interview) if words else None
    if (
        fragment is not None
        and fragment.intent is not None
        and not fragment.open
        and (fragment.confidence >= FRAGMENT_SURE or fragment.concept
             or _concept_agrees(turn.focus, fragment))
        and (turn.looks_like_question or len(words) == 2
             or fragment.concept or fragment.confidence >= SURE_WORD)
    ):
        return Interpretation(
            {"type": "ask", "intent": fragment.intent, "text": turn.text, "via": "free"},
            _question_text(fragment.intent, turn.interview),
            fragment.confidence,
        )
    action = turn.unclear
    options: tuple[str, ...] = ()
    if fragment is not None and not fragment.off_topic and fragment.confidence >= FRAGMENT_HINT:
        options = _options(fragment)
        action["suggestions"] = list(options)
    return Interpretation(action, "Not clear enough to answer", 0.0, options)


# Questions read from a form as a list ("Family history of substance use? Alcohol? Illegal
# drugs? Prescription drugs?", the Opioid Risk Tool): a bare substance after one of these stays on it.
_LISTING = frozenset({"history.family", "history.substance_use"})
_SUBSTANCE_ITEM = re.compile(
    r"^(?:and |or |any )?(?:alcohol|drink|drinking|illegal drugs|illicit drugs|street drugs|"
    r"prescription (?:drugs|medicines|medication|pills)|cannabis|cocaine|heroin|drugs)\??$",
    re.I,
)


def _next_in_list(turn: _Turn) -> Interpretation | None:
    last = turn.conversation.last if turn.conversation is not None else None
    if last is None or last[1] not in _LISTING or not _SUBSTANCE_ITEM.match(" ".join(turn.words)):
        return None
    return _follow(turn, last[1], confidence=CONFIDENCE_THRESHOLD)


def _contentless_stage(turn: _Turn) -> Interpretation | None:
    # "What did you do about it?": no topic of its own; read with the turn before it.
    if turn.looks_like_question and dialogue.is_anaphoric(turn.focus) and not _content(turn.focus):
        alone = match_turn(turn.focus, turn.interview)
        if alone.intent is not None and not alone.open and alone.confidence >= SURE_ALONE:
            return None  # "Where is it?" is where it hurts, whatever was asked before
        return _contentless(turn.text, turn.focus, turn.conversation, turn.interview)
    return None


# A question put without its question mark ("benzos - how much", "are you still taking that").
_ASKS_SOMETHING = re.compile(r"\b(?:how|what|when|which|why|who|(?:are|do|did|have|were) you)\b", re.I)


def _question(turn: _Turn) -> Interpretation:
    """The question itself: its parts, read by the topic classifier; else the turn before helps;
    else a statement, a decline or asking back."""
    match, also = _best_part(turn.focus, turn.interview)
    topic = match.intent is not None and match.intent.startswith(persona.TOPIC_PREFIX)
    if topic and turn.interview is not None and _ASKS_SOMETHING.search(turn.focus) and (
        match.intent == persona.topic_intent(_medicine_topic(turn.focus, turn.interview) or "")
    ):
        topic = False  # "benzos - how much": the classifier's probability, carried to the medicine's topic
    if match.intent is not None and not turn.looks_like_question and (
        match.confidence < STATEMENT_AS_QUESTION or topic
    ):  # a case topic's score is a similarity, not a probability: a statement stays one
        return Interpretation(turn.say, "A statement", 1.0, kind="statement")
    # the chart put to the patient in a fact's words is about that fact, whatever came before
    chart = _chart_named(turn, match) if match.intent is None else None
    if chart is not None:
        return chart
    leaning = _leaning(turn, match)
    if leaning is not None:
        return leaning
    uses = _who_can_use_it(turn)
    if uses is not None:
        return uses
    if _THAT_TIME.search(turn.focus) and _near_last(turn, match):
        anchored = _facet_of_last(turn, anchored=True)
        if anchored is not None:
            return anchored
    if match.intent is not None:
        answered = _answered(turn, match, also)
        facet = _part_asks_facet(turn, answered.action)
        if facet is not None:
            answered.action["with_facet"] = facet
        return answered
    both = _both_named(turn, match)
    if both is not None:
        return _answered(turn, both[0], both[1])
    facet = _facet_of_last(turn)
    if facet is not None:
        return facet
    if not turn.looks_like_question:
        return Interpretation(turn.say, "A statement", 1.0, kind="statement")
    return _unanswered(turn, match)


# ("or" asks which, as often as both: "is it the tramadol you miss, or the relief?")
_COORDINATOR = re.compile(r"\s*/\s*|\s+(?:and|&)\s+", re.I)
# How sure the reading of each side must be, alone.
BOTH_SURE = 0.3


def _best_reading(m: Match) -> str | None:
    if m.intent is not None:
        return m.intent
    return m.alternatives[0][0] if m.alternatives and m.alternatives[0][1] >= BOTH_SURE else None


def _both_named(turn: _Turn, match: Match) -> tuple[Match, tuple[str, ...]] | None:
    """"Impact on work / relationships?", "hows it affecting work and home": unsure between its two
    best readings because it asks both, one on each side of an "and", "or" or slash. Both are
    answered, as the parts of a compound turn are, instead of asking which was meant."""
    if len(match.alternatives) < 2 or match.off_topic or not turn.looks_like_question:
        return None
    pair = {match.alternatives[0][0], match.alternatives[1][0]}
    if any(i.startswith(persona.TOPIC_PREFIX) for i in pair):
        return None
    for cut in _COORDINATOR.finditer(turn.focus):
        left, right = turn.focus[: cut.start()], turn.focus[cut.end():]
        if not _content(left) or not _content(right):
            continue
        first = _best_reading(match_turn(left, turn.interview))
        second = _best_reading(match_turn(right, turn.interview))
        if first is not None and second is not None and first != second and {first, second} == pair:
            p = dict(match.alternatives)[first]
            return Match(first, p, tuple(a for a in match.alternatives if a[0] != first), False), (second,)
    return None


# "Who gave you the naloxone that time?", "how long after that did the sickness start?": a question
# anchored in the story just told (round 9)
_THAT_TIME = re.compile(
    r"\b(?:that (?:time|night|day|morning|evening|weekend|episode|occasion)|at the time|back then|"
    r"on that occasion|after that|before that)\b",
    re.I,
)


def _near_last(turn: _Turn, match: Match) -> bool:
    """Whether the story just told is the reading, or one of the readings near it ("Who was your
    doctor back then?" is the prescriber, not who found him)."""
    last = turn.conversation.last if turn.conversation is not None else None
    near = {match.intent, *(i for i, _p in match.alternatives[:3])}
    return last is not None and (match.intent is None or last[1] in near)


# A facet question this short ("why'd you stop?", "who treated you?") leans on the last answer.
SHORT_FACET_WORDS = 3


def _facet_of_last(turn: _Turn, anchored: bool = False) -> Interpretation | None:
    """A question that asks a facet by its first word and that the model cannot place alone ("When
    do you notice that most?" after the cravings): the facet of the answer just given, when the
    patient has words for it not yet said; else it is asked back as before. A question ``anchored``
    in the story just told ("Who found you that time?") is its facet, whatever its other words."""
    conv = turn.conversation
    last = conv.last if conv is not None else None
    if conv is None or last is None or not turn.looks_like_question:
        return None
    facet = asked_facet(turn.focus, last[1])
    if facet is None and len(turn.words) <= 3:  # "worst when?", "that time, how long?"
        facet = facet_in_clauses(turn.focus, last[1])
    if facet is None or not dialogue.unsaid_facet(conv, last[1], facet):
        return None
    # words of a topic of their own ("When they make the operation?") are not this answer's facet
    content = [w for w in _content(turn.focus) if w not in _GENERIC]
    # "Why'd you drop it?": one verb about "it" is still about the answer just given
    # ("why'd you stop?" after swimming given up, "who treated you?" after his depression: a facet
    # question of three words, one of them a verb, is about the answer just given; round 12)
    short = len(content) <= 1 and len(turn.words) <= SHORT_FACET_WORDS
    about_it = anchored or (len(content) <= 1 and bool(_IT.search(turn.focus))) or short or _bare_first(turn)
    if not about_it and not _echoes(conv, last[1], facet, content):
        return None
    return _follow(turn, last[1], facet, CONFIDENCE_THRESHOLD)


# "that" or "it" standing for what was just said ("that was meant to last", "did it help?"), not
# pointing at a thing of its own ("that film").
_POINTS_BACK = re.compile(
    r"\b(?:that|it|this)\b(?=\s+(?:was|is|were|would|will|did|has|had|might|could|should|helped|happened)\b"
    r"|\s*[?.!]*\s*$)"
    r"|\b(?:what's|whats|what is|how's|hows|how is|is|was|does|did) it\b",  # "what's it like in the morning?"
    re.I,
)
_YOUR_PEOPLE = re.compile(
    r"\byour (?:son|daughter|kids|children|wife|husband|partner|mum|mother|dad|father|sister|brother|family|"
    r"grandchildren|grandkids|friends?)\b",
    re.I,
)
_IT = re.compile(r"\b(?:it|that|this|them|those)\b", re.I)
# Someone the patient has just spoken of, asked about ("is she ok?", "how is he now?").
_SOMEONE_HE_NAMED = re.compile(r"\b(?:she|he|her|him|they|them)\b", re.I)
_PERSON = re.compile(rf"\b(?:{_KIN}|kids?|children|grandchildren|grandkids|baby|sponsor|cousin|she|he)\b",
                     re.I)
# Words that ask about timing, frequency or strength without naming a topic ("When do you notice
# that most?", "How often would you say that happens?").
_GENERIC = frozenset(
    "notice noticed most worst usually normally start starts started begin begins began come comes kick "
    "kicks get gets find happen happens strongest strong worse bad would say roughly exactly "
    "reckon tend tends typically generally often times much many long time since "
    # "how soon after ... did it come on?" (round 13)
    "soon after before into quickly fast".split()
)


def _echoes(conv: dialogue.Conversation, intent: str, facet: str, content: list[str]) -> bool:
    """Whether every word of ``content`` is one the patient just said, or one of the facet's own."""
    answer = reply.consistent_answer(conv.interview, intent, conv.rapport, conv.context, conv.revealed)
    told = answer.text if answer is not None and intent in conv.asked else ""  # his words on it so far
    words = f"{conv.last_reply} {told} {dialogue.facet_text(conv, intent, facet)}"
    said = {_stem(w) for w in dialogue.core_words(words).split()}
    return all(_stem(w) in said for w in content if w not in _WHEN_WORDS)


def _chart_named(turn: _Turn, match: Match) -> Interpretation | None:
    """A turn not understood as a question that puts a charted fact to the patient ("I can see
    the ward sent you home with twelve oxycodone - how are you getting on?"): he owns the fact."""
    if turn.conversation is None or turn.interview is None:
        return None
    ranked = [i for i in (match.intent, *(i for i, _p in match.alternatives)) if i]
    named = reply.named_fact(turn.interview, turn.text, ranked)
    if named is None:
        return None
    fact, intents = named
    nearest = [i for i in ranked if i in intents]  # the telling intent nearest the words
    intent = (nearest or intents)[0]
    action = {"type": "ask", "intent": intent, "text": turn.text, "via": "free", "confronts": fact}
    return Interpretation(action, _question_text(intent, turn.interview), CONFIDENCE_THRESHOLD)


def _leaning(turn: _Turn, match: Match) -> Interpretation | None:
    """A question the model is unsure of that leans on the one before ("does she know?"): read
    together with it, and answered only as one of the intents it alone was closest to. A turn not
    put as a question never leans ("That'd scare anybody. Good on you for taking it seriously." is
    said, not the last story asked again; round 13)."""
    conversation = turn.conversation
    if (
        match.intent is not None
        or not turn.looks_like_question
        or match.confidence >= CONFIDENCE_THRESHOLD
        or conversation is None
        or conversation.last is None
        or not dialogue.is_anaphoric(turn.text)
        or len(turn.words) < 3
    ):
        return None
    combined = match_turn(f"{conversation.last[0]} {turn.focus}", turn.interview)
    alone = {i for i, _p in match.alternatives}
    if combined.intent is None or combined.concept:  # a concept of the turn before is not this turn's
        return None
    if combined.confidence < CONTEXT_SURE or combined.intent not in alone:
        return None
    return _follow(turn, combined.intent, confidence=combined.confidence)


def _answered(turn: _Turn, match: Match, also: tuple[str, ...]) -> Interpretation:
    assert match.intent is not None
    interview = turn.interview
    match = _other_than_said(turn, match)
    action: dict[str, Any] = {"type": "ask", "intent": match.intent, "text": turn.text, "via": "free"}
    if also:
        action["also"] = list(also)
    if turn.conversation is not None and interview is not None:
        conv = turn.conversation
        ranked = [i for i, _p in match.alternatives]
        fact = reply.confronted_fact(interview, match.intent, turn.text, conv.context, ranked)
        named = reply.named_fact(interview, turn.text, [match.intent, *ranked])
        if named is not None and match.intent not in named[1]:
            # The chart named with a fact the intent read does not tell ("the discharge record
            # says 12 tabs on the 28th"): the fact is owned, under the intent read when the
            # model is sure of it, else under the intent that tells the fact.
            if match.confidence >= SURE_ALONE:
                fact = named[0]
            else:
                chart = _chart_named(turn, match)
                if chart is not None:
                    return chart
        if fact is None:
            fact = _named_before(conv, match.intent)
        if fact is not None and (fact not in conv.revealed or _would_deny(conv, match.intent)):
            action["confronts"] = fact  # the chart is never denied, even named a second time
        if match.intent in conv.asked and not _has_news(conv, match.intent) and (
            _MORE_ABOUT.search(turn.text) or _more_to_say(conv, match.intent)
        ):  # "You mentioned the long tablets - tell me more"; "Is it locked?" right after storage
            action["facet"] = "more"
    understood = " / ".join(_question_text(i, interview) for i in (match.intent, *also))
    return Interpretation(action, understood, match.confidence)


# A question on a topic already answered that asks for one of its facets by its first words
# ("And why are you so sure of that?", "How many hours after the last one does it start?"):
# the answer's facet, not the same answer again. Not where the facet is what the intent asks.
_FACET_WORDS = (
    ("why", re.compile(r"^(?:and |but |so )?(?:why|how come|what makes you|"
                       # "What made you go back?" after the cut-down story (round 13)
                       r"what made (?:you|him|her|them|it|that)|"
                       r"what (?:caused|causes|brought on)|"
                       r"what makes (?:it|the pain) (?:worse|better))\b", re.I)),
    ("when", re.compile(r"^(?:and |so )?(?:when|since when|from when|what time|at what time|"
                        # "How late before it starts?", "how soon after you'd missed it?" (round 13)
                        r"how (?:long|many hours|many days|soon|late|quickly|fast) (?:after|before|into)|"
                        r"how late\b|"
                        # "How long have you been off it?", "and you're off it how long?" (round 13)
                        r"how long (?:have you been |are you |you(?:'ve| have)? been |you(?:'re| are) )?"
                        r"(?:off|without|sober|clean|dry|stopped|quit)\b(?: (?:it|that|them))?$|"
                        r"you(?:'re| are|'ve been| have been| been) (?:off|without|sober|clean|dry|stopped)"
                        r"(?: (?:it|that|them))? how long$)\b", re.I)),
    ("how_often", re.compile(r"^(?:and |so )?(?:how often|how many times|how frequently)\b", re.I)),
    ("how_much", re.compile(r"^(?:and |so )?how (?:much|many)\b", re.I)),
    ("who", re.compile(r"^(?:and |so )?(?:who|from whom)\b", re.I)),
)
_FACET_IS_THE_QUESTION = {
    "when": {"pain.duration", "opioid.duration", "opioid.last_dose"},
    "how_often": {"opioid.regimen"},
    "how_much": {"opioid.regimen"},
    "who": {"opioid.prescriber", "support.people", "opioid.other_sources", "history.family"},
}


def asked_facet(text: str, intent: str) -> str | None:
    """The facet of ``intent`` that ``text`` asks for by its first words, if any."""
    words = dialogue.core_words(text)
    for facet, rx in _FACET_WORDS:
        if rx.match(words):
            return None if intent in _FACET_IS_THE_QUESTION.get(facet, ()) else facet
    return None


# Where a facet is asked further into the turn: at the head of a later clause ("Physiotherapy, why
# did you stop?", "Sweats and aches. When does that start?") or as its last words ("Beer, in one
# weekend how much?", "This feeling, from when?"), and in formal words ("with what frequency").
_CLAUSE = re.compile(r"\s*(?:[,;:.!?]+|\s[-\u2013\u2014]+\s)\s*")
_FACET_LAST = (
    ("why", re.compile(r"\b(?:why|how come)$")),
    ("when", re.compile(r"\b(?:from|since) when$|\bwhen(?: was that| did (?:it|that|this) start)?$")),
    # the gap asked anywhere in the clause ("You take strip how many hour after last use?", round 13)
    ("when", re.compile(r"\bhow (?:long|many hours?|many days?|many minutes?|soon) (?:after|before)\b")),
    ("how_often", re.compile(r"\bhow often$|\bhow many times$")),
    # ("One day take how many tablet?": the thing counted after it; round 13)
    ("how_much", re.compile(r"\bhow much$|"
                            r"\bhow many(?: (?:tablets?|pills?|films?|patch(?:es)?|cans?|drinks?))?$")),
)
_FACET_FORMAL = (
    ("how_often", re.compile(r"^(?:and |so )?(?:with what (?:frequency|regularity)|how regularly)\b")),
    ("when", re.compile(r"^(?:and |so )?(?:at )?(?:which|what) time of (?:the )?day\b")),
    # "And was that a week after the dose went up, or before?": when it was, put as a yes or no (round 13)
    ("when", re.compile(r"^(?:and |so )?(?:was|were|did) (?:that|it|this|they|these)\b[^,;]{0,60}?"
                        r"\b(?:after|before)\b")),
)


def facet_in_clauses(text: str, intent: str, own: bool = False) -> str | None:
    """The facet of ``intent`` that ``text`` asks for by the first words of any of its clauses or by
    its last words, if any (``own``: also the facet that is what the intent itself asks)."""
    clauses = [c for c in _CLAUSE.split(text) if c.strip()]
    found = None
    for clause in clauses:
        words = _ROUGHLY.sub("", dialogue.core_words(clause))  # ("Roughly how many are there?")
        for facet, rx in (*_FACET_WORDS, *_FACET_FORMAL):
            if rx.match(words):
                found = facet
                break
        if found:
            break
    if found is None and clauses:
        tail = dialogue.core_words(clauses[-1])
        found = next((facet for facet, rx in _FACET_LAST if rx.search(tail)), None)
    if found is None or (not own and intent in _FACET_IS_THE_QUESTION.get(found, ())):
        return None
    return found


# "Any pain anywhere else?", "What else are you on?" after the answer they continue: the rest
# of the list, not the same answer again with "like I said".
_OTHER_OF = {"pain.location": "pain.new_sites", "opioid.regimen": "opioid.other_substances"}
_OTHER_THAN = re.compile(r"\b(?:else|elsewhere|other|others|another|apart from|besides|as well|too)\b", re.I)


def _other_than_said(turn: _Turn, match: Match) -> Match:
    conv = turn.conversation
    more = _OTHER_OF.get(match.intent or "")
    if conv is None or more is None or match.intent not in conv.asked or not _OTHER_THAN.search(turn.focus):
        return match
    return Match(more, match.confidence, match.alternatives, False, concept=match.concept)


_MORE_ABOUT = re.compile(
    r"\b(?:tell me (?:a (?:bit|little) )?more|say more|more about (?:that|it|this|them))\b", re.I
)


def _named_before(conv: dialogue.Conversation, intent: str) -> str | None:
    """A charted fact the trainee put to him earlier in the interview that an answer of
    ``intent`` tells and he has not yet owned ("who else has given you pain pills?" after the
    urgent-care script was read out): he owns it now rather than deny it (round 12)."""
    told = [f for a in persona.answers_for(conv.interview, intent) for f in a.reveals]
    if not told:
        return None
    named: set[str] = set()
    for text, _intent in conv.history:
        named |= reply.facts_named(conv.interview, text)
    owned = [f for f in dict.fromkeys(told) if f in named and f not in conv.revealed
             and conv.interview.facts.get(f) is not None and conv.interview.facts[f].confronted]
    return owned[0] if owned else None


def _would_deny(conv: dialogue.Conversation, intent: str) -> bool:
    answer = reply.consistent_answer(conv.interview, intent, conv.rapport, conv.context, conv.revealed)
    return answer is None or reply.denies(answer.text)


def _more_to_say(conv: dialogue.Conversation, intent: str) -> bool:
    """Asked again right after its answer, with its ``more`` facet not yet said."""
    last = conv.last
    return last is not None and last[1] == intent and dialogue.unsaid_facet(conv, intent, "more")


def _has_news(conv: dialogue.Conversation, intent: str) -> bool:
    return dialogue.has_news(conv, intent)


# "that" or "it" pointing at what was just said ("was that with the tablets?", "is it worse then?")
_THAT_OR_IT = re.compile(r"\b(?:that|it|this)\b", re.I)


_LINKING = frozenset("along together same time also with then there".split())


def _in_his_words(conv: dialogue.Conversation | None, intent: str, focus: str) -> bool:
    """Whether every content word of ``focus`` (one at least) is one he said on ``intent``."""
    content = [w for w in _content(focus) if w not in _GENERIC and w not in _LINKING and len(w) > 2]
    if conv is None or not content or intent not in conv.asked:
        return False
    answer = reply.consistent_answer(conv.interview, intent, conv.rapport, conv.context, conv.revealed)
    told = answer.text if answer is not None else ""
    said = {_stem(w) for w in dialogue.core_words(f"{conv.last_reply} {told}").split()}
    return all(_stem(w) in said for w in content)


def _facet_sharing(conv: dialogue.Conversation | None, intent: str, focus: str) -> str | None:
    """The unsaid facet of the answer on ``intent`` that shares most content words with ``focus``."""
    if conv is None:
        return None
    asked = _stems_of(focus)
    best, shared = None, 0
    for facet in ("when", "how_much", "how_often", "who", "why", "more"):
        if not dialogue.unsaid_facet(conv, intent, facet):
            continue
        n = len(asked & _stems_of(dialogue.facet_text(conv, intent, facet)))
        if n > shared:
            best, shared = facet, n
    return best


def _unanswered(turn: _Turn, match: Match) -> Interpretation:
    """Not understood: asked back (with options that go together) or declined as small talk."""
    last = turn.conversation.last if turn.conversation is not None else None
    if match.off_topic and last is not None and dialogue.is_anaphoric(turn.focus):
        # "What is it about the word that bothers you?": it points back at the conversation, so
        # it is not small talk; when the pair reads as a topic, ask what is meant (never decline).
        combined = match_turn(f"{last[0]} {turn.focus}", turn.interview)
        if combined.intent is not None and not combined.off_topic and combined.confidence >= CONTEXT_SURE:
            options = _options(combined)
            action = {**turn.unclear, "suggestions": list(options)}
            return Interpretation(action, "Not clear enough to answer", match.confidence, options)
    if match.off_topic and last is not None and _POINTS_BACK.search(turn.focus):
        # "Did you know that was meant to last?" points back at what he just said: never small talk
        options = (last[1],)
        return Interpretation({**turn.unclear, "suggestions": list(options)}, "Not clear enough to answer",
                              match.confidence, options)
    if match.off_topic and last is not None and _SOMEONE_HE_NAMED.search(turn.focus) and _PERSON.search(
        turn.conversation.last_reply or ""
    ):  # "oh bless her. is she ok?" after the granddaughter: the story he just told, not small talk
        return _follow(turn, last[1], _more_if_unsaid(turn.conversation, last[1]), CONFIDENCE_THRESHOLD)
    if match.off_topic and _YOUR_PEOPLE.search(turn.focus):
        # "Is your son coming home for Christmas?": his family is never small talk to decline
        options = dialogue.suggestions([(i, p) for i, p in match.alternatives if not i.startswith("opioid.")])
        action = {**turn.unclear, "suggestions": list(options)} if options else turn.unclear
        return Interpretation(action, "Not clear enough to answer", match.confidence, options)
    if match.off_topic and turn.interview is not None and reply.names_his_story(turn.interview, turn.text):
        # "How are you finding the tramadol taper?": his own story is never small talk
        options = dialogue.suggestions([(i, p) for i, p in match.alternatives])
        action = {**turn.unclear, "suggestions": list(options)} if options else turn.unclear
        return Interpretation(action, "Not clear enough to answer", match.confidence, options)
    if match.off_topic:
        declined = {**turn.unclear, "off_topic": True}
        return Interpretation(declined, "Not about the patient's care", match.confidence, kind="social")
    if last is not None and last[1].startswith(persona.TOPIC_PREFIX) and _IT.search(turn.focus) and (
        len(turn.words) <= 8 and dialogue.is_anaphoric(turn.focus)
    ):  # "You take it together with the oxycodone?" just after the alprazolam: that topic (round 12)
        return _follow(turn, last[1], _more_if_unsaid(turn.conversation, last[1]), CONFIDENCE_THRESHOLD)
    if (last is not None and turn.looks_like_question and _THAT_OR_IT.search(turn.focus)
            and len(turn.words) <= 8 and _in_his_words(turn.conversation, last[1], turn.focus)):
        # "was that wi the tablets?" just after the drink: it points back at what he just told, in
        # his own words, so it asks about that (round 13); the facet that shares its words
        # ("tablet" - "my bedtime tablet after"), else the answer again
        return _follow(turn, last[1], _facet_sharing(turn.conversation, last[1], turn.focus),
                       CONFIDENCE_THRESHOLD)
    injury = asks_about_injury(turn.focus)
    options = dialogue.suggestions([(i, p) for i, p in match.alternatives
                                    if not (injury and i == SCREEN)])
    if last is not None and dialogue.is_anaphoric(turn.focus) and len(turn.words) <= 8:
        # "did that change anything?" leans on what was just said: that topic is the first option
        options = tuple(dict.fromkeys((last[1], *options)))[:2]
    action = turn.unclear
    if options:
        action["suggestions"] = list(options)
    return Interpretation(action, "Not clear enough to answer", match.confidence, options)


_ACT_READING = {
    "accusation": ("accusation", "An accusation: the patient reacts to it", "stigma"),
    "empathy": ("empathy", "A statement: empathy", "empathy"),
    "validation": ("validate_pain", "A statement: validation", "validation"),
}


def _act(text: str, focus: str, looks_like_question: bool) -> Interpretation | None:
    """An accusation in plain words ("just after the high?"), or empathy or validation the word
    rules missed, read by the dialogue-act classifier (understanding.acts)."""
    from simulator.patient.understanding.acts import classify_act

    act = classify_act(focus)
    # the greeting read off ("Hi, I'm one of the doctors - ok if we start?"), unless what is left
    # asks a question of its own ("Hello, nice to meet you. What is the problem today?")
    if act is None and focus != text and frame_intent(focus) is None and classify_act(text) == "social":
        act = "social"
    if act == "social":  # a greeting that asks to begin is framing, question mark or not (round 7)
        return Interpretation({"type": "say", "text": text}, "A greeting or thanks", 1.0, kind="social")
    if act is None or (act != "accusation" and looks_like_question):
        return None
    if act == "accusation" and reply.names_the_chart(text):
        return None  # the chart put to the patient is a question about it, not an accusation
    kind, shown, reported = _ACT_READING[act]
    return Interpretation({"type": "say", "text": text, "kind": kind}, shown, 1.0, kind=reported)


def _follow_up(
    text: str,
    follow: dialogue.FollowUp,
    conversation: dialogue.Conversation | None,
    interview: Interview | None,
) -> Interpretation:
    action: dict[str, Any] = {"type": "ask", "intent": None, "text": text, "via": "free"}
    if conversation is None:
        # Stateless: "and the X?" may still stand alone; everything else needs the thread.
        if follow.kind == "about":
            alone = match_turn(follow.rest, interview)
            if alone.intent is not None and alone.confidence >= STANDALONE_FRAGMENT:
                action["intent"] = alone.intent
                return Interpretation(action, _question_text(alone.intent, None), alone.confidence)
        return Interpretation(action, "A follow-up: needs the conversation so far", 0.0, needs_context=True)
    resolution = dialogue.resolve_follow_up(follow, conversation, lambda t: match_turn(t, interview))
    if resolution.intent is not None:
        action.update(intent=resolution.intent, follow_up=True)
        if resolution.facet is not None:
            action["facet"] = resolution.facet
        return Interpretation(action, _question_text(resolution.intent, interview), resolution.confidence)
    if resolution.nothing_more:
        action["nothing_more"] = True
        return Interpretation(action, "Anything else: nothing more to tell", 1.0)
    last = conversation.last
    options: tuple[str, ...] = ()
    if last is not None:
        options = (last[1], *dialogue.RELATED.get(last[1], ()))[:3]
    elif follow.kind == "about":
        options = dialogue.suggestions(match_turn(follow.rest, interview).alternatives)
    if options:
        action["suggestions"] = list(options)
    return Interpretation(action, "Not clear enough to answer", 0.0, options)


def _contentless(
    text: str,
    focus: str,
    conversation: dialogue.Conversation | None,
    interview: Interview | None,
) -> Interpretation:
    """A question made only of pronouns and verbs ("what did you do about it?"): answered when
    it and the trainee's turn before it (a question or a statement) are read with confidence
    together, else the patient asks what is meant; stateless, it needs the conversation."""
    action: dict[str, Any] = {"type": "ask", "intent": None, "text": text, "via": "free"}
    previous = conversation.history[-1][0] if conversation is not None and conversation.history else None
    if previous is None:
        if conversation is None:
            needs = "A follow-up: needs the conversation so far"
            return Interpretation(action, needs, 0.0, needs_context=True)
        return Interpretation(action, "Not clear enough to answer", 0.0)
    combined = match_turn(f"{previous} {focus}", interview)
    sure = combined.intent is not None and not combined.concept and combined.confidence >= CONTEXT_SURE
    if sure and not combined.open:
        action.update(intent=combined.intent, follow_up=True)
        return Interpretation(action, _question_text(combined.intent, interview), combined.confidence)
    last = conversation.last if conversation is not None else None
    ranked = [i for i in (combined.intent, *(i for i, _p in combined.alternatives)) if i]
    if last is not None:
        ranked.insert(0, last[1])
    options = tuple(dict.fromkeys(ranked))[:3]
    if options:
        action["suggestions"] = list(options)
    return Interpretation(action, "Not clear enough to answer", combined.confidence, options)


# ----------------------------------------------------------------------------- the hard moments (round 11)

# "Does that make sense?", "Is that clear?", "Are you with me?": understanding checked, not a topic.
_UNDERSTOOD = re.compile(
    r"^(?:(?:ok(?:ay)?|so|right|and|now)\W+)*(?:"
    r"(?:does|did|do) (?:that|this|it|all (?:that|this)|that all|this all|everything|the plan|that plan|thi"
    r"s plan|"
    r"any of (?:that|this)|what i(?:'ve| have)? (?:just )?said)(?: all)? (?:make|makes) (?:sense|any sense)"
    r"(?: (?:so far|to you|now|at all))*"
    r"|(?:is|was) (?:that|this|it|everything|all (?:that|this)|the plan) (?:clear|understandable|ok(?:ay)? "
    r"so far)"
    r"(?: (?:so far|to you|enough))?"
    r"|(?:are you|you) (?:with me|following(?: me)?|still with me)(?: so far)?"
    r"|(?:got|get) (?:it|that|all that)|makes? sense|clear|understood|with me"
    r"|(?:do|did) you (?:understand|follow)(?: (?:that|this|all (?:that|this)|me|what i(?:'ve| have)? said))?"
    r"(?: (?:so far|ok(?:ay)?))?"
    # "..., and do you have any questions about that?" (round 13)
    r")(?:,? (?:and|or) (?:do you have |have you got |are there )?any (?:questions|worries)(?: (?:about|on) "
    r"(?:that|this|it))?)?\W*$",
    re.I,
)
# "Tell me back the plan", "in your own words, what is the plan?", "how would you describe the plan
# to your partner tonight?": teach-back, answered with the plan in his words.
_TEACH_BACK = re.compile(
    r"\b(?:tell|say|explain|repeat|run|give|talk|walk|read)(?:\s+(?!your\b|my\b)[\w']+){0,3}? back\b"
    r"|\bin your (?:own )?words\b|\bwhat(?:'s| is) your understanding of\b|\bteach.?back\b"
    r"|\b(?:describe|explain|tell|say|put)\b[^?.]{0,30}\b(?:to (?:your|a|someone|somebody|them|him|her)\b)"
    # "Tell me what you've understood.", "how would you put it to your son tonight?" (round 11)
    r"|\bwhat (?:you(?:'ve| have)?|you) (?:understood|understand|took away|made of (?:it|that|all that))\b",
    re.I,
)
_PLAN_WORDS = re.compile(
    r"\b(?:plan|what we(?:'ve| have)? (?:agreed|decided|discussed|talked about|said)|what (?:i|we)(?:'ve| h"
    r"ave)? "
    r"(?:said|explained|told you|gone through|been through)|what (?:happens|you(?:'re| are) going to do|you"
    r"'ll do) "
    r"(?:next|now|from here)|the (?:(?:two|three|different|main) )?(?:options|choices|changes|next steps)|"
    # "what we will do with the tramadol now", "what you've understood" (round 11)
    r"what (?:we|i|you)(?:'ll| will| are going to| 're going to) do\b|understood|understand|took away|"
    r"(?:put|explain|describe) (?:it|that|this|all this|all that) to (?:your|a|someone|somebody))\b",
    re.I,
)
# "How do you feel about that?", "What's going through your head?", "What do you make of all that?":
# his view of what he was just told, when he was just told something.
_FEELINGS = re.compile(
    r"^(?:(?:ok(?:ay)?|so|right|and|now|well)\W+)*(?:"
    r"how (?:are|do) you feel(?:ing)? (?:about|hearing) (?:it|that|this|all (?:of )?(?:that|this)|what i(?:"
    r"'ve)? "
    r"(?:just )?said|the plan|that plan|this plan)"
    r"|how does (?:that|this|it|all (?:of )?(?:that|this)|the plan) (?:feel|sound|sit|land)(?: (?:to hear|w"
    r"ith you|"
    r"for you|to you))?"
    r"|how (?:is|was) (?:that|this) (?:for you|to hear)"
    r"|what(?:'s| is) going (?:through|on in) your (?:head|mind)(?: (?:right )?now)?"
    r"|what (?:do|did) you (?:think|make) (?:of|about) (?:it|that|this|all (?:of )?(?:that|this)|what i(?:'"
    r"ve)? "
    r"(?:just )?said|the plan|that plan|this plan)"
    r"|what are your thoughts(?: (?:on|about) (?:that|this|it|the plan))?|(?:any )?thoughts"
    r"|what(?:'s| is) your (?:reaction|take)(?: (?:to|on) (?:that|this|it))?"
    # bare, after what the turn told ("... and I see you in one week. How do you think?"; round 12)
    r"|(?:what|how) do you think|how does (?:that|this|it) sound"
    r")(?:,? (?:and|or) (?:what|any) (?:questions|worries) (?:do you have|have you got|come to mind))?\W*$",
    re.I,
)
# Consent asked for what was just offered ("Is that alright with you?", "Is OK for you?").
_CONSENT = re.compile(
    r"^(?:(?:so|and|ok(?:ay)?)\W+)*(?:(?:is|would) (?:that|this|it) (?:be )?(?:ok(?:ay)?|alright|all right|"
    r"fine)(?: (?:with|for) you)?|is ok(?:ay)? (?:with|for) you"
    r"|(?:are|would) you (?:be )?(?:ok(?:ay)?|happy|alright|all right) with (?:that|this)"
    # "It is okay for you?" (round 12)
    r"|(?:it|that|this) (?:is|'s) (?:ok(?:ay)?|alright|all right|fine)(?: (?:with|for) you)?"
    # "You agree or not?", "OK or not?", "that sound ok?" (round 13)
    r"|how does that sound|or not|" + reply.AGREEMENT_ASKED + r")\W*$",
    re.I,
)
_OFFERED = frozenset({"action", "plan", "safety", "good"})
# The trainee's own worry for him ("I'm worried about you.", "Honestly, I'm quite concerned for you").
_WORRIED_FOR_HIM = re.compile(
    r"^(?:[\w,' ]{0,20}[,.]\s*)?(?:i'?m|i am) (?:really |quite |a (?:bit|little) |very |genuinely |so )?"
    r"(?:worried|concerned|scared|frightened) (?:about|for) you\W*$",
    re.I,
)
# News that is never a question, however its last sentence starts ("So more morphine may not help").
_TOLD = frozenset({"diagnosis", "refusal", "taper", "good", "safety"})


# His understanding of the diagnosis asked ("What do you understand by opioid use disorder?", "What
# does addiction mean to you?"): what it means to him (round 12).
_WHAT_HE_UNDERSTANDS = re.compile(
    r"^(?:(?:ok(?:ay)?|so|and|now|right)\W+)*(?:what do you (?:understand|know|think of) "
    r"(?:by|about|of|when you hear)|what does|what would) (?:the (?:term|words?|phrase) )?(?:an? )?"
    r"(?:opioid use disorder|oud|"
    r"(?:opioid )?addiction|being addicted|dependence|being dependent)(?: mean to you)?\W*$",
    re.I,
)


def _his_view(turn: _Turn, sentences: list[str]) -> Interpretation | None:
    """His view asked ("How do you feel about that?", "Thoughts?"): about what this turn told first
    ("There's a medicine called buprenorphine ... What do you think of that?" asks his view of it,
    not of the news before), else about the news before."""
    assert turn.conversation is not None
    checks = [p for p in sentences[:-1] if _UNDERSTOOD.match(dialogue.core_words(p))]
    # ("Does that make sense? What do you think?": the check asks of the news before, as he does;
    # round 13)
    before = " ".join(p for p in sentences[:-1] if p not in checks)
    earlier = [text for text, _intent in turn.conversation.history]
    told = reply.news_kind(before) if before else None
    if told is not None and reply.views_of_news(turn.interview, turn.text) is not None:
        # the plan told and his view asked in one turn ("Now my plan. ... How do you think?"): his
        # view of the treatment, in his reaction to that plan (round 12)
        action = {"type": "ask", "intent": "goals.treatment_views", "text": turn.text, "via": "free"}
        return Interpretation(action, _question_text("goals.treatment_views", turn.interview), 1.0)
    if told is None and (not before or reply.about_the_news(before)):  # "I know that's a lot to hear."
        told = reply.recent_news(earlier)
    if told is not None:
        return Interpretation({**turn.say, "kind": "feelings"}, "His view of what he was just told", 1.0,
                              kind="statement")
    if before and not reply.about_the_news(before):
        # "Options: buprenorphine or methadone. Thoughts?": his view of what the turn put to him
        whole = match_turn(turn.text, turn.interview)
        if whole.intent is not None and not whole.open:
            return _answered(turn, whole, ())
    return None


def _hard_moment(turn: _Turn) -> Interpretation | None:
    """The hard moments of a consultation that are no question about his history: understanding
    checked ("Does that make sense?"), teach-back ("Tell me back the plan"), his view asked after
    news ("How do you feel about that?"), leave asked to say something ("May I?"), and a goodbye
    with praise ("See you Thursday. You did well today.")."""
    sentences = [p for p in _sentences(turn.text) if p.strip()]
    focus = dialogue.core_words(sentences[-1] if sentences else turn.focus)
    if _TEACH_BACK.search(turn.text) and _PLAN_WORDS.search(turn.text):
        return Interpretation({**turn.say, "kind": "teach_back"}, "Teach-back: the plan in his words", 1.0,
                              kind="statement")
    if _WHAT_HE_UNDERSTANDS.match(focus):
        # "What do you understand by opioid use disorder?": what it means to him, not a topic (round 12)
        return Interpretation({**turn.say, "kind": "understanding"}, "What the diagnosis means to him", 1.0,
                              kind="statement")
    tail = _DASH.split(sentences[-1])[-1] if sentences else ""  # "... carefully - does that make sense?"
    if (_UNDERSTOOD.match(focus) or _UNDERSTOOD.match(dialogue.core_words(tail))) and "?" in turn.text:
        return Interpretation({**turn.say, "kind": "understood"}, "Checking he has understood", 1.0,
                              kind="statement")
    # (in the words the turn is read in: "whit d'ye think" is "what do you think"; round 13)
    plain = dialogue.core_words(normalise_turn(sentences[-1])) if sentences else focus
    if (_FEELINGS.match(focus) or _FEELINGS.match(plain)) and turn.conversation is not None:
        feelings = _his_view(turn, sentences)
        if feelings is not None:
            return feelings
    if "?" not in turn.text and _WORRIED_FOR_HIM.search(turn.text):
        # "I'm worried about you.": the trainee's concern, said to him, not what worries him
        shown = "A statement: concern for him"
        return Interpretation({**turn.say, "kind": "empathy"}, shown, 1.0, kind="empathy")
    if "?" not in turn.text and turn.conversation is not None and reply.about_the_news(turn.text):
        # "I know that's disappointing. You look frustrated.": about the news just told, not asked
        if reply.recent_news([text for text, _intent in turn.conversation.history], 1) is not None:
            return Interpretation(turn.say, "About the news just told", 1.0, kind="statement")
    # (a last sentence opened by a question word asks, mark or not: "how would you feel about ...")
    asked_last = bool(sentences) and _first_word(sentences[-1]) in _ASKING_WORDS
    # (a request read as the question it is, "I should be most grateful if you could describe what
    # happened when the pharmacy was unable to supply your morphine", is asked, not told: round 12)
    asked_indirectly = turn.focus.endswith("?") and normalise_turn(turn.text).endswith("?")
    if "?" not in turn.text and not asked_last and not asked_indirectly and not _REQUEST.match(
        turn.text
    ) and reply.news_kind(turn.text) in _TOLD:
        # "... the morphine itself makes the pain more sensitive. So more morphine may not help.": told
        return Interpretation(turn.say, "News told to the patient", 1.0, kind="statement")
    if offers(turn.text) and reply.views_of_news(turn.interview, turn.text) == "good":
        # "Would you be content for us to continue the present dose?": good news offered, his
        # readiness for it in his reaction to it (round 12)
        action = {"type": "ask", "intent": "goals.readiness", "text": turn.text, "via": "free"}
        return Interpretation(action, _question_text("goals.readiness", turn.interview), 1.0)
    offered = reply.news_kind(" ".join(sentences[:-1])) if len(sentences) > 1 else None
    if offered in _OFFERED and _CONSENT.match(focus):
        if offered in ("plan", "action") and reply.views_of_news(turn.interview, turn.text) is None:
            # "My plan: physio again, maybe the sertraline. You agree or not?" naming what his own
            # views speak of: his readiness for it, in his words (round 13)
            action = {"type": "ask", "intent": "goals.readiness", "text": turn.text, "via": "free"}
            return Interpretation(action, _question_text("goals.readiness", turn.interview), 1.0)
        # "I'll get you a fresh kit before you leave. Is that alright with you?": what he was offered
        return Interpretation(turn.say, "An offer: his reaction to it", 1.0, kind="statement")
    reading = match_turn(focus, turn.interview).intent if reply.asks_leave_to_speak(turn.text) else None
    if reply.asks_leave_to_speak(turn.text) and not (reading or "").startswith(persona.TOPIC_PREFIX):
        # (a question the case has words for stays one: "Can I explain the two options?")
        return Interpretation(turn.say, "Asking leave to go on", 1.0, kind="social")
    if "?" not in turn.text and _GOODBYE.search(turn.text) and not reply.is_apology(turn.text):
        return Interpretation({**turn.say, "kind": "closing"}, "Closing the interview", 1.0, kind="closing")
    return None
