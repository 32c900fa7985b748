"""Stage 1 of reading a turn: normalise what was typed before it is classified.

Turn-level rewrites the token normaliser of ``text.normalise`` cannot do: pain scales written as
numbers ("0-10?", "/10"), clinical shorthand that only makes sense as a phrase ("SI?", "w/d sx",
"hx of OD"), and a leading greeting or filler ("ok so, ...", "Hi Marcus, ..."). Each rule is one
(pattern, replacement) pair, applied in order, testable alone. Token shorthand (hx, sx, etoh, OD,
UDS, w/d, rx, bup, subs, oxy) and spelling against the domain vocabulary are the model's
``text.normalise`` and ``SpellCorrector``; :func:`normalise_turn` leaves words it has no rule for.
"""

from __future__ import annotations

import re
from typing import Any

from .text import NUMBER_WORDS

_SCOTS = {"ye": "you", "yer": "your", "tae": "to", "dae": "do", "aff": "off", "oot": "out", "whit": "what",
          "wi": "with", "aboot": "about", "hoose": "house", "d'ye": "do you", "the now": "now"}
# Scots words for home, children and the family round about (round 13): "whos at hame wi ye", "any
# weans come roond?", "any wee ones aboot the place", "gie", "yersel", "cannae", "nae bother"
_SCOTS_MORE = {"hame": "home", "weans": "children", "wean": "child", "bairns": "children", "bairn": "child",
               "wee ones": "children", "wee yins": "children", "wee 'uns": "children", "wee'uns": "children",
               "roond": "round", "doon": "down", "daein": "doing", "gie": "give", "gied": "gave",
               "hae": "have", "yersel": "yourself", "cannae": "can't", "dinnae": "don't", "didnae": "didn't",
               "wisnae": "wasn't", "isnae": "isn't", "nae": "no", "awfy": "very", "mibbe": "maybe"}
_CARIBBEAN = {"yuh": "you", "wid": "with", "tek": "take", "mek": "make", "deh": "is at"}
_TEXT = {"sum": "some", "thots": "thoughts", "urself": "yourself", "tabs": "tablets", "wud": "would",
         "b": "be", "2day": "today", "2moro": "tomorrow"}
_COMPARATIVE = {"bad": "worse", "good": "better", "big": "bigger"}
_PAST = {"tell": "told", "say": "said", "give": "gave"}


_AS_YOU = {"does": "do", "did": "did", "has": "have", "is": "are", "was": "were"}
_WH = r"(?:why|when|where|how(?: much| many| often| long)?|what|who)"
# what follows a clause put before the question: a comma and then the question's own verb
_NOT_A_CLAUSE = (r"(?![^?,]*,\s*(?:and\s+)?(?:did|do|does|have|has|had|are|is|was|were|can|could|would|will|"
                 r"what|how|who|where|why|which)\b)")


_OF_THE_DAY = {"of", "in", "during", "all", "through", "that", "this", "each", "every", "whole", "for", "per",
               "on", "by", "to", "at", "before", "after", "a", "one", "rest", "end", "time", "part", "half"}


def _the_day(m: re.Match[str]) -> str:
    """Scots "the day" is today ("how's the ankle the day?"); "during the day" is not."""
    return m.group(0) if m.group(1).lower() in _OF_THE_DAY else f"{m.group(1)} today"


def _comparative(m: re.Match[str]) -> str:
    word = m.group(1).lower()
    return _COMPARATIVE.get(word, word + "er")


def _swap(m: re.Match[str]) -> str:
    verb = "were" if m.group(2).lower() == "was" else m.group(2)
    return f"{m.group(1)} {verb} you"


def _simple(m: re.Match[str]) -> str:
    verb = m.group(1).lower()
    return "do you " + (verb + "e" if verb in ("lik", "hav") else verb)


def _past(m: re.Match[str]) -> str:
    return f"who {_PAST[m.group(1).lower()]} you"


# A very formal or official register, in the plain words the model was taught (round 9): "Have you at
# any point consumed your medication in excess of the prescribed quantity?" is "Have you ever taken
# your medication more than the prescribed amount?". Each phrase has one meaning in an interview.
_FORMAL = {
    "at any point": "ever", "at any time": "ever", "at any stage": "ever", "in excess of": "more than",
    "consume": "take", "consumes": "takes", "consumed": "taken", "consuming": "taking",
    "discontinue": "stop", "discontinued": "stopped", "discontinuing": "stopping",
    "cease": "stop", "ceased": "stopped", "ceasing": "stopping",
    "attempt to": "try to", "attempted to": "tried to",
    "endeavour to": "try to", "endeavoured to": "tried to", "endeavor to": "try to",
    "endeavored to": "tried to",
    "utilise": "use", "utilised": "used", "utilising": "using", "utilize": "use", "utilized": "used",
    "utilizing": "using", "obtain": "get", "obtained": "got", "obtaining": "getting",
    "procure": "get", "procured": "got", "prior to": "before", "subsequent to": "after",
    "experience": "have", "experienced": "had", "experiencing": "having", "discomfort": "pain",
    "with regard to": "about", "with respect to": "about", "regarding": "about", "pertaining to": "about",
    "in relation to": "about", "commence": "start", "commenced": "started", "commencing": "starting",
    "ingest": "take", "ingested": "taken", "ingesting": "taking", "reside": "live", "resides": "lives",
    "purchase": "buy", "purchased": "bought", "purchasing": "buying", "sufficient": "enough",
    "approximately": "about", "transpired": "happened", "transpire": "happen",
    "at present": "now", "presently": "now", "individuals": "people",
    "individual": "person", "kindly": "", "quantity": "amount", "quantities": "amounts",
    "the nature of": "what kind of", "the location of": "where", "the site of": "where",
    "the severity of": "how bad", "the intensity of": "how bad", "the frequency of": "how often",
    "the duration of": "how long", "indicate": "tell me", "specify": "tell me",
}


# longest first, so "the location of" is read before "location"; "consumed by the need" is no amount taken
_FORMAL_WORDS = (
    r"\b(?:" + "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in _FORMAL), key=len, reverse=True))
    + r")\b(?!\s+by\b)"
)


def _plain(m: re.Match[str]) -> str:
    return _FORMAL[" ".join(m.group(0).lower().split())]


RULES: tuple[tuple[str, re.Pattern[str], Any], ...] = tuple(
    (name, re.compile(pattern, re.I), replacement)
    for name, pattern, replacement in (
        # the patient called by name at the end ("how are you keeping, Ruth?", "any cravings, Mr
        # Hale?"): the name says nothing about what is asked (round 11)
        ("vocative", r",\s+(?:(?:mr|mrs|ms|miss|dr|mister)\.?\s+)?(?-i:[A-Z][a-z'-]+)"
         r"(?:\s+(?-i:[A-Z][a-z'-]+))?\s*(?=[?!.]*\s*$)", ""),
        # "How have things been with cravings lately?": the thing named is asked about (round 11)
        ("things with", r"\bhow(?:'s| is| are| have| has|'re)? (?:things|it|everything) (?:been )?"
         r"(?:going )?with (?=(?:the |your |any )?(?:cravings?|urges?|sleep|mood|withdrawals?|constipation|"
         r"nausea|anxiety|drinking|alcohol|appetite|energy|pain|back|knees?|neck|fog)\b)", "how are "),
        # "How are you keeping?" (Irish, Scottish, northern English): how he is (round 11)
        ("keeping", r"\bhow (?:are|have) you (?:been )?keeping\b", "how are you"),
        # "u" for "you" before every rule that names "you" ("back still giving u grief?", round 9)
        ("text you", r"\bu\b(?!\.)", "you"),
        # the patient named in the third person, as on a form or by an interpreter ("Does the patient
        # keep naloxone at home?", "the patient's mood?"): asked of him (round 9)
        ("the patient", r"\b(?:(does|did|has|is|was)|(can|could|would|will|should|may|might|had)) "
         r"(?:the |our |this )?(?:patient|pt)\b",
         lambda m: _AS_YOU.get((m.group(1) or "").lower(), m.group(2) or "") + " you"),
        ("the patient's", r"\b(?:the |our |this )?(?:patient's|pt's)", "your"),
        # "0-10?", "pain 0-10", "score /10", "out of 10?": the pain score.
        (
            "pain scale",
            r"^\s*(?:pain\s+|score\s+|rate\s+(?:it\s+)?)?(?:0|zero|nought)\s*(?:-|–|to)\s*10\s*\??\s*$",
            "How bad is the pain, from 0 to 10?",
        ),
        (
            "pain scale",
            r"^\s*(?:pain\s+|score\s+)?(?:out of|/)\s*10\s*\??\s*$",
            "How bad is the pain, from 0 to 10?",
        ),
        # A bare noun typed as a question ("cravings", "side effects"): asked about.
        ("bare craving", r"^\s*(?:any\s+)?cravings?\s*\??\s*$", "Do you get cravings?"),
        # Clinical shorthand for whole questions.
        ("rx'd", r"\brx'?d\b", "prescribed"),
        ("bup", r"\bbup\b", "buprenorphine"),
        ("other subs", r"\b(?:other|any other|illicit|illegal)\s+subs\b", "other substances"),
        ("pmhx", r"\bp/?m/?hx?\b", "past medical history"),
        ("psych hx", r"\bpsych(?:iatric)?\s+hx\b", "mental health history"),
        ("w/d sx", r"\bw/?d\s+sx\b", "withdrawal symptoms"),
        ("hx of", r"\bhx\s+of\b", "history of"),
        ("fhx", r"\bf/?hx\b", "family history"),
        ("sx", r"\bsx\b", "symptoms"),
        ("hx", r"\bhx\b", "history"),
        ("etoh", r"\betoh\b", "alcohol"),
        # "Main c/o today?", "worry re starting bup?", "tx pref?", "any n/v?" (round 9)
        ("c/o", r"\bc/o\b", "complaint"),
        ("re", r"(?<=\w) re:? (?=\w)", " about "),
        ("pref", r"\bprefs?\b", "preference"),
        ("n/v", r"\bn/v\b", "nausea or vomiting"),
        ("qs", r"\bqs\b", "questions"),
        ("uds", r"\buds\b", "urine drug screen"),
        # a result read out in shorthand: "Tox back. Oxy neg, fent pos." (round 11)
        ("tox", r"\btox\b(?! ?screen)", "urine drug screen"),
        ("fent", r"\bfent\b", "fentanyl"),
        ("pos neg", r"\b(?:(pos)|neg)\b\.?(?=[\s,;.?!]|$)",
         lambda m: "positive" if m.group(1) else "negative"),
        ("rx", r"\brx\b", "prescription"),
        ("subs", r"\bsubs\b", "suboxone"),
        ("oxy", r"\boxys?\b", "oxycodone"),
        ("SI", r"^\s*(?:any\s+)?SI\s*\??\s*$", "Any suicidal thoughts?"),
        # "any si hi", "SI/HI?": suicidal and homicidal ideation, screened together (round 11)
        ("SI HI", r"^\s*(?:any\s+)?(?:SI|suicidal ideation)\s*(?:/|,|&|\+|and|or)?\s*"
         r"(?:HI|homicidal ideation)\s*\??\s*$", "Any suicidal thoughts, or thoughts of harming anyone?"),
        # Second-language grammar, put as a first-language speaker would ask it.
        # "Since how much time you take the morphine?" (French, Spanish: depuis combien de temps)
        ("since how much time", r"^(and\s+)?since how (?:much time|long)(?: (?:do|did|are|have))? you "
         r"(?:take|taking|use|using|are taking|on)\b", r"\1how long have you been taking"),
        ("what arrived", r"^(and\s+)?what (?:arrived|passed)(?: exactly| then)?\s*\?*\s*$",
         r"\1what happened?"),
        ("how it goes", r"\bhow (it|that|this|things|everything) (?:goes|is going|go)\b", r"how is \1 going"),
        ("for to", r"\bfor to\b", "to"),
        # the chemist who said or told something is the pharmacist, not the shop ("What did the
        # chemist say about running out?"; round 13)
        ("chemist said",
         r"\bchemists?\b(?=\s+(?:say|said|says|tell|told|tells|explain\w*|mention\w*)\b)", "pharmacist"),
        ("chemist", r"\bchemist(?:'s|s)?\b", "pharmacy"),
        # "It is three years that you take it?" (Farsi, French, Italian word order): how long he has
        # been taking it (round 13)
        ("years that you",
         r"\bit(?:'s| is| has been|'s been) ((?:\w+ )?(?:years?|months?|weeks?|days?)) that you "
         r"(?:take|use|are taking|are using|have been taking|taking|using)\b"
         r"(?: (it|them|this|these|the \w+))?",
         lambda m: f"have you been taking {m.group(2) or 'it'} for {m.group(1)}"),
        # "The last time you were without it for some days, what happened?": a time put first as a
        # scene, not his last dose (round 13)
        ("the last time you",
         r"^((?:and|so|ok(?:ay)?)[,\s]+)?the last time (?:that )?you "
         r"(were|went|had|ran|stopped|missed|tried)\b(?=[^?]*,\s*(?:what|how)\b)", r"\1when you last \2"),
        # "You fall at work when?", "you take it how?": the question word last (round 13)
        ("wh last",
         r"^((?:and|so|ok(?:ay)?)[,\s]+)?you (?!(?:are|were|was|have|had|can|could|will|would|did|do)\b)"
         r"(\w+(?: [^?,]{1,40}?)?) (when|where|why|how)\s*\?(?=\s|$)",
         lambda m: f"{m.group(1) or ''}{m.group(3)} {'did' if m.group(3).lower() == 'when' else 'do'} you "
                   f"{m.group(2)}?"),
        ("at the mo", r"\bat the mo\b", "at the moment"),
        ("analgesia", r"\banalgesia\b", "pain relief"),
        ("analgesics", r"\banalgesics?\b", "painkillers"),
        # text speak ("any thots of ending things", "ok to ask sum qs?", "wud u b ok")
        ("text speak", r"\b(?:sum|thots|urself|tabs|wud|b|2day|2moro)\b",
         lambda m: _TEXT[m.group(0).lower()]),
        # Scots ("How many are ye on the now?", "Whit happened the time ye ran oot?")
        ("scots", r"\b(?:ye|yer|tae|dae|aff|oot|whit|wi|aboot|hoose|d'ye|the now)\b",
         lambda m: _SCOTS[m.group(0).lower()]),
        ("scots home and family",
         r"\b(?:" + "|".join(sorted(map(re.escape, _SCOTS_MORE), key=len, reverse=True)) + r")(?=\W|$)",
         lambda m: _SCOTS_MORE[m.group(0).lower()]),
        ("scots the day", r"\b(\w+) the day(?=\s*[?.!,]|\s*$)", _the_day),
        # "who's daein yer messages": the messages are the shopping in Scotland (round 13), only
        # where they are done or got ("read my messages" stays as it is)
        ("scots messages", r"\b(do|does|did|doing|done|get|gets|getting|got|fetch\w*|carry\w*) "
         r"(the|your|my|his|her|their) messages\b", r"\1 \2 shopping"),
        # a bare "aye" or "aye ok" is the yes of an acknowledgement; "aye, and when..." a yes before
        # the question (round 13)
        ("scots aye", r"^aye\b", "yes"),
        # Caribbean English ("Who deh home wid yuh?", "Yuh still tek de sleepin' tablet?"; round 12): "yuh"
        # only at the end of a clause, where it is "you" ("wid yuh"), not "your" ("in yuh head")
        # and before a verb, where it is "you" too ("Anything else yuh want me to tell her?", round 13)
        ("caribbean", r"\b(?:yuh(?=\s*(?:[?.!,]|$)|\s+(?:want|waan|need|still|know|have|did|do|can|think|"
         r"feel|like|get|go|tek|take|use|mean|remember)\b)|wid|tek|mek|deh(?= home\b))\b",
         lambda m: _CARIBBEAN[m.group(0).lower()]),
        ("since when you", r"^(and\s+)?since when (?:do |did |have )?you (?:take|taking|use|using|are taking|"
         r"have been taking|are on|on)\b", r"\1how long have you been taking"),
        ("how you were", r"\b(how(?: much| many| long| often)?|what|why|when|where) you (were|are|was)\b",
         _swap),
        # "How long you been on it?", "you got anyone at home?": the perfect without its "have" (round 9)
        ("perfect without have", r"(^|,\s*)(and\s+)?(" + _WH + r" )?you (been|got)\b" + _NOT_A_CLAUSE,
         r"\1\2\3have you \4"),
        # "How you holding up?", "what you taking now?": the progressive without its "are" (round 9)
        # ("when you ran out, did you ...": a clause before the question, left as it is)
        ("progressive without are", r"(^|,\s*)(and\s+)?(" + _WH + r") you (\w+ing)\b" + _NOT_A_CLAUSE,
         r"\1\2\3 are you \4"),
        ("question without do", r"(^|,\s*)(and\s+)?(why|when|where|how(?: much| many| often)?|what|who) you "
         r"(?!(?:were|are|was|do|did|have|had|will|would|can|could|should|think|mean)\b)(\w+)"
         + _NOT_A_CLAUSE,
         r"\1\2\3 do you \4"),
        # British idioms for pain: "is it giving you much gyp?", "is the back playing you up?"
        ("giving you gyp", r"\b(?:giving you (?:much |any |a lot of |some )?(?:gyp|jip|grief|bother)|"
         r"playing (?:you )?up|grumbling|niggling)\b", "hurting you"),
        ("who tell you", r"\bwho (tell|say|give)s? (you|to you)\b", _past),
        ("you are wanting", r"\b(?:you are|are you) (want|need|lik|hav)ing\b", _simple),
        ("more strong", r"\bmore (strong|weak|long|high|low|big|small|bad|good)\b", _comparative),
        ("formal register", _FORMAL_WORDS, _plain),
        # false friends of Spanish, Italian, Portuguese and French speakers (round 10): "molestar"
        # bothers, an "exam" is a test, a "preoccupation" a worry, to "pretend" is to intend
        # (only a pain or a thing that molests: "has anyone ever molested you?" is the abuse screen)
        ("molests you", r"\b(it|that|this|(?:the|your) (?!(?:man|men|person|people|boss)\b)\w+)"
         r"((?: still| always| a lot| much| really)*) molest(s|ing)? (you|u)\b",
         lambda m: f"{m.group(1)}{m.group(2)} bother{m.group(3) or ''} you"),
        ("exams", r"\b(urine|blood|drug|lab|the|your|my|these|those) exams?\b",
         lambda m: f"{m.group(1)} tests"),
        ("preoccupation", r"\bpreoccup(?:ation|ations|ies|y)\b", "worry"),
        ("preoccupied", r"\bpreoccupied\b", "worried"),
        ("pretend to", r"\b(do|did|does) (you|u) pretend to\b", lambda m: f"{m.group(1)} you intend to"),
    )
)
# Hedges around a question ("Sorry if this is a silly question, but ...", "..., if you don't mind me
# asking?"): politeness, not part of what is asked.
_HEDGE_START = re.compile(
    # sympathy before the question ("sorry to hear that. when did you break it"): said, not asked
    r"^(?:(?:oh,? )?(?:i'm |i am )?(?:so |really |very )?sorry to hear (?:that|this|it)(?: mate)?[.!,]*|"
    r"(?:oh,? )?(?:that|it) (?:sounds|must be|must have been) (?:really |so |pretty )?"
    r"(?:awful|rough|hard|tough|horrible|painful|grim|terrible|difficult|frightening|scary)[.!,]*|"
    r"sorry(?: if this is a (?:silly|stupid|daft|strange|personal) question)?|"
    r"would you mind telling me|could you (?:please |kindly )?tell me|can you tell me|"
    r"i hope you don'?t mind me asking|"
    r"if you don'?t mind me asking|forgive me(?: for asking)?|i was (?:just )?wondering|can i just ask|"
    r"just to ask|do you mind me asking)\s*[,.-]*\s*(?:but\s*,?\s*)?(?=\w)",
    re.I,
)
_HEDGE_END = re.compile(
    r"\s*[,-]*\s*(?:if you don'?t mind(?: me asking)?|if that'?s (?:ok(?:ay)?|alright|all right)|if i may|"
    r"sorry)"
    r"\s*(\?)?\s*$",
    re.I,
)
_FILLER = re.compile(
    r"^(?:(?:ok(?:ay)?|right|alright|so|um+|er+|erm|uh+|well|now|and so)\b[\s,.!-]*"
    # a yes before the next question ("aye, and how's the ankle the day", round 13); a yes before a
    # statement ("yes, you can") stays
    r"|(?:yes|yeah|yep|aye)\b[\s,.!-]*(?=(?:and |but )?(?:how|when|where|who|why|which|do|does|did|is|are|"
    r"have|has|can|could|would|any)\b))+(?=\w)",
    re.I,
)


# A question reported by an interpreter or on someone's behalf ("The doctor asks what medicines you
# are taking now.", "She wants to know if you take more than the prescription says."): asked directly.
_REPORTED = re.compile(
    r"^(?:(?:the (?:doctor|nurse|consultant|surgeon|team|pharmacist)|doctor|she|he|they|we)\s+"
    r"(?:asks|is asking|asked|wants to know|would like to know|wanted to know|wonders|is wondering|"
    r"would like to ask|needs to know|says she wants to know|says he wants to know)"
    # "I just wanted to check how you're getting on with the hydrocodone."
    r"|i (?:just )?(?:wanted|want|needed|need|would like|'d like) to (?:check|ask|know|see|find out)"
    r"(?: with you)?"
    r")(?:\s+you\b)?\s*[,:\u2013\u2014-]*\s*",
    re.I,
)
# The question embedded in a statement of the asker's wish or wonder (round 9): "I'm wondering how
# things are at home", "I'd be interested to hear whether ...", "I'd love to know what ...", "Let's
# talk a little about your sleep", "May I ask if ...", "Please ask him whether ...": what follows is
# asked, when it is about the patient (``_ABOUT_HIM``) and not the plan told ("Let's talk about what
# happens next", "I'm wondering if a referral might help" stay statements).
_WONDER = re.compile(
    r"^(?:(?:i'm|i am|i was|i've been)(?: (?:just|really|also|a bit|a little))? (?:wondering|curious)"
    r"(?: to (?:know|hear))?"
    r"|(?:i'd|i would|i'll|i will) be (?:interested|curious|keen|glad|grateful) to "
    r"(?:know|hear|learn|understand)"
    r"|(?:i'd|i would) (?:like|love|want) to "
    r"(?:hear|know|understand|learn|get a sense of|get an idea of|talk|ask)"
    r"|i (?:want|need|wanna) to (?:hear|understand|get a sense of|get an idea of)"
    r"|(?:let's|let us) (?:talk|chat|have a chat|have a talk|think)(?: for a (?:bit|minute|moment))?"
    r"|(?:may|might|can|could) i (?:just )?ask"
    # the formal register (round 12): "I wonder whether you have ever ...", "I should be most
    # grateful if you could describe for me what ...", "Might I trouble you to confirm ..."
    r"|i (?:just |do )?wonder(?:ed)?"
    r"|(?:i should|i would|i'd|i shall) be (?:most |very |so |extremely |really )?"
    r"(?:grateful|obliged) if you "
    r"(?:could|would|might|can)"
    r"(?: (?:tell|describe|explain|confirm|outline|share|say)(?: (?:to |for )?me)?"
    r"(?: (?:precisely|exactly|briefly|roughly|in your own words))?)?"
    r"|(?:may|might|could|can) i (?:trouble|ask|bother) you to (?:confirm|tell me|describe|explain|say)"
    r"(?: for me)?"
    r"|it would (?:help|be (?:good|useful|helpful)) (?:me )?to (?:know|hear|understand)"
    r"|(?:it'd|it will|it'll) be (?:good|useful|helpful) to (?:know|hear|understand)"
    r"|(?:(?:please|could you|can you|would you)\s+)?ask (?:him|her|them|the patient|the pt)(?: please)?)"
    r"(?:\s+you\b)?(?: (?:a (?:little|bit|little bit)|some|something))?(?: more)?(?: from you)?"
    r"\s*[,:\u2013\u2014-]*\s*",
    re.I,
)
_ABOUT_HIM = re.compile(
    r"\b(?:you|your|you're|you've|you'd|yourself|he|she|they|his|her|their)\b|^(?:if |whether )?there\b"
    r"|^(?:what|how|when|where|which|who|why)\b",
    re.I,
)
_PLAN_TOLD = re.compile(r"\b(?:we|us|our|plan|plans|next|options?|referral|refer|questions)\b", re.I)
_REPORTED_IF = re.compile(
    r"^(?:if|whether)\s+(?:(there) (is|are|was|were)|you(?:'(ve|re|d)| (have|had|are|were|can|could|will|"
    r"would|did|do|ever|still|might|may|should))?)\b\s*",
    re.I,
)
_CONTRACTED = {"ve": "have", "re": "are", "d": "would"}
_REPORTED_ABOUT = re.compile(r"^about\b", re.I)
_REPORTED_WH = re.compile(
    r"^((?:what|which|how much|how many|how often|how long|when|where|why|how)(?: \w+){0,2}?) "
    # the subject: you, or a short noun phrase ("how things are at home", "what the pain is like")
    r"(you|things|it|they|(?:the|your|those|these|that|this) \w+(?: \w+)?) "
    r"(are|is|were|was|have|has|had|can|will|would)\b(?! (?:you|it|they)\b)",
    re.I,
)


# A numbered or bulleted item read off a checklist ("1. Presenting complaint - what's brought you in
# today?", "Q3) Duration of opioid use?", "Three. A great deal of time is spent obtaining the
# opioid.", "Criterion 4: craving."): the number and the heading before a dash are not asked.
_COUNT = "|".join(NUMBER_WORDS[1:13] + "first second third fourth fifth sixth seventh eighth ninth tenth "
                  "eleventh".split())
_ITEM = re.compile(
    r"^\s*(?:(?:(?:q(?:uestion)?|item|criterion|number|no\.?)\s*)?(?:\d{1,2}|" + _COUNT + r")\s*[.):-]"
    r"|(?:question|item|criterion|number)\s+(?:\d{1,2}|" + _COUNT + r")\b[.,:-]?"
    r"|[a-h][.)]|[-*\u2022])\s+",
    re.I,
)
_HEADING = re.compile(r"^[A-Z][\w '/-]{2,40}?\s+[-\u2013:]\s+(?=\w)")


def _item(text: str) -> str:
    """A checklist item without its number and heading. An item read off a form is asked, whatever
    its grammar: "Three. A great deal of time is spent obtaining the opioid." asks whether it is so
    (round 12), so it is read with a question mark."""
    m = _ITEM.match(text)
    if m is None:
        return text
    rest = text[m.end():]
    rest = _HEADING.sub("", rest, count=1) or rest
    return rest if rest.endswith("?") else rest.rstrip(" .!") + "?"


def _asked_if(m: re.Match[str]) -> str:
    """ "if there is" -> "is there", "whether you've" -> "have you", "if you ever" -> "do you ever"."""
    if m.group(1):
        return f"{m.group(2)} there "
    verb = _CONTRACTED.get((m.group(3) or "").lower()) or (m.group(4) or "").lower()
    if verb in ("", "ever", "still"):
        return f"do you {verb} " if verb else "do you "
    return f"{verb} you "


_RELAYED = re.compile(r"\bask (?:him|her|them|the patient|the pt)\b", re.I)
_PRONOUNS = {"he": "you", "she": "you", "they": "you", "him": "you", "them": "you", "his": "your",
             "her": "your", "their": "your", "he's": "you're", "she's": "you're", "they're": "you're"}
_AGREEMENT = {"has": "have", "is": "are", "was": "were", "does": "do"}


def _second_person(text: str) -> str:
    """A relayed question about the patient put to him ("if he drinks" -> "if you drink")."""
    out = re.sub(r"\b(?:he|she|they|him|them|his|her|their|he's|she's|they're)\b",
                 lambda m: _PRONOUNS[m.group(0).lower()], text, flags=re.I)
    out = re.sub(r"\byou (has|is|was|does)\b", lambda m: "you " + _AGREEMENT[m.group(1).lower()], out,
                 flags=re.I)
    return re.sub(r"\byou (?!(?:was|does|has|is)\b)(\w+[^s\W])s\b", r"you \1", out)


# A fact put to him to confirm, in the asker's "I note" or "I gather" (round 12): "I note from the
# letter that the pain has been there for some years.", "Your employer does random drug testing, I
# gather.", "I'd imagine the evenings are the hardest." are asked ("... for some years?"), unless
# what is said is sympathy ("I imagine that's really hard").
_CHECKING = re.compile(
    r"^(?:i (?:note|notice|gather|understand|see|read|hear|learn) (?:from|in) (?:the|your|dr\.? [\w'-]+'s|"
    r"[\w'-]+'s) (?:(?:gp|clinic|hospital|discharge|referral) )?"
    r"(?:letter|notes?|referral|chart|records?|file|"
    r"summary)(?: that)?"
    r"|i (?:gather|take it)(?: that)?|i'?d imagine(?: that)?|i (?:would )?imagine(?: that)?"
    r"|i (?:suppose|presume)(?: that)?)\s+",
    re.I,
)
_CHECKING_END = re.compile(
    r",?\s*(?:i (?:gather|take it|presume|understand|believe|imagine)|i'd imagine)\s*[.!]*$", re.I
)
_SYMPATHY = re.compile(
    r"\b(?:hard|difficult|tough|frightening|scary|awful|horrible|upsetting|frustrat\w*|exhausting|"
    r"a lot|must be|must have|not easy|(?:that|it|this)(?:'s| is| was| has been))\b",
    re.I,
)


def _confirming(text: str) -> str | None:
    """A fact put to him to confirm, as the question it is; None when ``text`` is no such turn."""
    if text.rstrip().endswith("?"):
        return None
    m = _CHECKING.match(text)
    rest = text[m.end():] if m is not None else None
    if rest is None:
        end = _CHECKING_END.search(text)
        rest = text[: end.start()] if end is not None and end.start() > 0 else None
    if not rest or len(rest.split()) < 3 or _SYMPATHY.search(rest) or _PLAN_TOLD.search(rest):
        return None
    return rest.rstrip(" .!,") + "?"


def _direct(text: str) -> str:
    """A reported question asked directly, or ``text`` as it was."""
    confirming = _confirming(text)
    if confirming is not None:
        return confirming
    m = _REPORTED.match(text)
    if m is None:
        m = _WONDER.match(text)
        rest = text[m.end():] if m is not None else ""
        if m is None or not _ABOUT_HIM.search(rest) or _PLAN_TOLD.search(rest):
            return text
    rest = text[m.end():].strip()
    if not rest:
        return text
    if _RELAYED.search(m.group(0)):
        rest = _second_person(rest)
    if m_if := _REPORTED_IF.match(rest):
        rest = _asked_if(m_if) + rest[m_if.end():]
    elif _REPORTED_ABOUT.match(rest):
        rest = "tell me " + rest  # "... would like to know about the alprazolam, how you take it"
    else:
        rest = re.sub(r"\byou're\b", "you are", rest, flags=re.I)
        rest = _REPORTED_WH.sub(lambda w: f"{w.group(1)} {w.group(3)} {w.group(2)}", rest, count=1)
    return rest.rstrip(" .!") + "?" if not rest.endswith("?") else rest


# Hesitations and hedges inside a turn ("is there, um, anyone ...", "how much, sort of, roughly?"):
# not part of what is asked (round 9; never "er", the emergency room), read off first.
_INNER_FILLER = re.compile(
    r",\s*(?:um+|uhm+|erm+|uh+|sort of|kind of|you know|i mean|like)\s*,(?=\s*\w)"
    r"|\s+(?:um+|uhm+|erm+|uh+)\b(?=\s)",
    re.I,
)


def normalise_turn(text: str) -> str:
    """``text`` with the turn-level rewrites applied and a leading filler dropped."""
    flat = " ".join(text.replace("\u2019", "'").split())
    out = _direct(_item(_INNER_FILLER.sub("", flat)))
    for _name, pattern, replacement in RULES:
        out = pattern.sub(replacement, out)
    out = " ".join(out.split())  # a word read out ("kindly") leaves no gap
    unhedged = _HEDGE_END.sub(lambda m: m.group(1) or "", _HEDGE_START.sub("", out, count=1), count=1)
    out = unhedged if len(unhedged.split()) >= 2 else out
    stripped = _FILLER.sub("", out)
    return stripped or out
