"""Stage 4a of reading a turn: the frame of the whole turn, which decides before its topic words.

A clinician hears what a turn does before what it is about. "Would you go along with physio
and regular paracetamol instead of more oxycodone?" asks whether the patient accepts a plan, not
about paracetamol; "On a scale of nought to ten, how important is it to you to keep coming
down?" asks how ready he is, not how bad the pain is; "What keeps you going on the hardest
days?" and "What matters most to you?" are open questions a person answers with what holds
him up or what he hopes for, not questions to ask back. Each frame is a pattern over the whole
turn's words naming one intent (``frame_intent``); it overrides the topic read from the words
(a case topic included). "So the taper's been hard and you're worried about..." is a
reflection: a statement the patient confirms (``is_reflection``); "We'll start a low dose next
week" tells the plan (``tells_plan``); neither is a question.
"""

from __future__ import annotations

import re

_YOU_ACCEPT = "|".join((
    r"(?:would|will|could) you (?:go along with|be (?:willing|open|happy|prepared|keen|up for|"
    r"ok(?:ay)? with|alright with|all right with|interested in)|consider|accept|agree to|"
    r"give .{1,30}? a (?:go|try)|try)",
    r"how (?:would|do) you feel about",
    r"(?:could|can) you imagine",
    r"what (?:do|would) you (?:think|feel|reckon|say) (?:about|of|to)",
    r"are you (?:open|willing|prepared|keen|happy) to",
    r"(?:are )?you up for (?:that|this|it|trying|giving)",  # "Physio. You up for that?"
    r"what (?:are|were) you thinking (?:about|of)",
    r"you are thinking (?:about|of)",
    r"(?:how|what) about (?:trying|starting|switching)",
    r"(?:(?:will|would|are) you|you (?:will|would)) (?:be )?(?:ok(?:ay)?|alright|all right|happy|fine) with "
    r"(?:that|this|it|the idea)",
    # "If we diminish slowly, in some weeks, is okay for you?"
    r"(?:is|it's|would be|will be) (?:it |that |this )?(?:ok(?:ay)?|alright|all right|fine|good) "
    r"(?:for|with) you",
    # "..., how does that sound?", "does that work for you?" (round 10)
    r"how does (?:that|this) sound",
    r"does (?:that|this) (?:work|sound (?:ok(?:ay)?|good|right|fair)|seem fair)",
))
_ACCEPTING = re.compile(rf"(?:{_YOU_ACCEPT})\b", re.I)
# What the frame may be asked about: a treatment or a plan (treatment views) ...
_TREATMENT = re.compile(
    r"\b(?:physio\w*|therap\w+|pain (?:management|clinic|programme|program|course|service)|course|"
    r"buprenorphine|bupe|bup|methadone|suboxone|naltrexone|counsell?ing|psycholog\w*|cbt|exercise|"
    r"injections?|acupuncture|paracetamol|ibuprofen|nsaids?|anti-?inflammator\w*|medicines?|medications?|"
    r"treatment|plan|option|switch\w*|rotat\w+|referr\w+|refer|programme|program|group|tens|"
    r"instead|alternative|something else|other (?:ways|options|treatment)|anti-?depressants?|"
    r"duloxetine|amitriptyline|gabapentin|pregabalin|continu\w+|nerve block|block|extra opioids?|"
    r"different (?:one|medicine|drug|tablet|antidepressant))\b",
    re.I,
)
# ... or taking less (readiness to change).
_LESS = re.compile(
    r"\b(?:reduc\w+|taper\w*|cut(?:ting)? (?:down|back)|c(?:o|a)m(?:e|ing) (?:down|off)|stop(?:ping)?|"
    r"wean\w*|lower\w*|step(?:ping)? down|less|smaller dose|fewer|slowly|slow|all at once|gradually|"
    r"diminish\w*|"
    r"(?:bring|brought|bringing|take|took|taking) (?:it|them|the dose|things) down|"
    r"decreas\w*)\b",
    re.I,
)
# ... or the dose he is on ("How do you feel about the amount you're on?").
_DOSE_NOW = re.compile(r"\b(?:the|your) (?:amount|dose|dosage|quantity)\b", re.I)
# Motivational-interviewing rulers: how important, confident, ready.
_RULER = re.compile(
    r"\bhow (?:important|confident|ready|motivated|committed|determined|willing)\b"
    r"(?:(?! the pain| your pain| it hurts).){0,40}"
    r"\b(?:to|about|that you|you can|you could|you'll|you will)\b",
    re.I,
)
# "How have things been at home?", "how are things going with your wife?": an open question on a
# topic it names is that topic's question (round 9), read by the classifier, not the main concern.
_NO_TOPIC = (r"(?![^?]*\b(?:home|house|work|job|family|wife|husband|partner|son|daughter|kids|children|"
             r"marriage|relationship|sleep|sleeping|nights|pain|back|mood|tablets?|pills|medications?|meds|"
             r"money|friends)\b)")
# The part that hurts, as a clinician names it in an open question about the pain.
_BODY = (r"(?:pain|back|lower back|low back|neck|spine|knees?|hips?|shoulders?|legs?|ankles?|foot|feet|"
         r"arms?|wrists?|hands?|elbows?|joints?|injury|fracture|leg pain|back pain|neck pain|knee pain|"
         r"hip pain|shoulder pain)")
# Open questions, and the intent a person answers each with.
_OPEN = (
    # "Tell me about your back", "what's going on with the knee?": where it is and what it is like,
    # the patient's first words about his pain (round 10)
    ("pain.location", re.compile(
        # the part that hurts, named alone: "Ankle?", "and the back?" (where it is, and what it is like)
        rf"^(?:(?:and|so|ok(?:ay)?)\W+)?(?:(?:the|your|that) )?{_BODY}\s*\?\s*$|"
        rf"^(?:\w+\W+){{0,3}}?(?:tell me|talk me through|can you tell me|could you tell me)"
        rf"(?: (?:a (?:bit|little)|some(?:thing)?|more))? about (?:the|your|that|this) {_BODY}"
        r"(?: (?:itself|then|first|pain|problem|trouble))?\W*$|"
        rf"^(?:\w+\W+){{0,3}}?what(?:'s|s| is) (?:been )?(?:going on|happening|the (?:matter|trouble|story)) "
        rf"with (?:the|your|that|this) {_BODY}\W*$", re.I)),
    # "hows the ankle doing", "how's your back been this week?", "back still bad?": how bad it is
    ("pain.severity", re.compile(
        rf"^(?:\w+\W+){{0,2}}?how(?:'s|s| is| has| have| are)? (?:the|your|that|this) {_BODY}"
        r"(?: (?:doing|been|going|treating you|today|now|at the moment|these days))?"
        r"(?: (?:today|now|this week|lately|recently|at the moment|these days))?\W*$|"
        rf"^(?:(?:and|so)\W+)?(?:(?:the|your) )?{_BODY} still (?:bad|sore|painful|hurting|bothering you)\W*$",
        re.I)),
    # "what makes it worse?", "anything that makes the pain better?": what moves the pain (round 10)
    ("pain.severity", re.compile(
        r"^(?:\w+\W+){0,3}?(?:what|anything|does anything|is there anything that) (?:makes?|made) "
        r"(?:it|the pain|your pain|the ache|things) (?:any )?(?:worse|better)"
        r"(?: (?:or|and) (?:worse|better))?\W*$", re.I)),
    # "So what happened to your back?", "how did you do your knee?": the story of how it began
    ("pain.duration", re.compile(
        rf"^(?:\w+\W+){{0,3}}?(?:what happened (?:to|with) (?:the|your) {_BODY}|"
        rf"how did you (?:hurt|injure|do|damage|break) (?:the|your) {_BODY}|"
        r"how did you (?:hurt|injure|break|fracture|damage) (?:it|that))\W*$", re.I)),
    ("support.people", re.compile(
        r"\bwhat (?:keeps|gets|has kept|has got|helps) you (?:going|through)\b|"
        r"\bwhere do you (?:find|get|draw) (?:your )?strength\b|\bwhat helps you (?:cope|keep going)\b|"
        r"\bwho (?:or what )?(?:keeps|gets) you (?:going|through)\b", re.I)),
    ("goals.function", re.compile(
        r"\bwhat (?:matters|counts) (?:most |the most )?to you\b|"
        r"\bwhat(?:'s| is| would be) (?:most |really |the most )?important to you(?: in (?:your )?life)?\W*$|"
        r"\bwhat (?:do|would) you (?:value|care about) most\b|\bwhat are your hopes\b|"
        r"\bwhat would a good (?:day|week|life) look like\b|\bwhat do you hope for\b", re.I)),
    ("goals.concerns", re.compile(
        r"\bwhat (?:do|would) you (?:actually |really |most )?(?:want|need|hope|like) (?:to get )?"
        r"(?:out of|from) (?:today|this (?:visit|appointment|consultation)|coming in|seeing me|us)\b|"
        r"\btell me (?:a (?:bit|little) )?about (?:your|how your) (?:week|day|days|last few (?:days|weeks)|"
        r"situation|life at the moment)\b|"
        r"\bhow(?:'s| has| have)? (?:your |the )?(?:week|weeks|last few (?:days|weeks)|things|life) "
        r"(?:been|going)\b" + _NO_TOPIC + r"|\bwhat(?:'s| is| has been) (?:been )?on your mind\b|"
        r"\bwhat(?:'s| is) (?:been )?(?:worrying|bothering|troubling) you (?:most|the most)\b|"
        r"^(?:\w+\W+){0,4}?what(?:'s|s| is) (?:been )?(?:going on|happening|up)(?: with you)?(?: today)?\W*$|"
        r"\bwhat brings you (?:in|here|along)\b|"
        # the agenda asked (round 10): "what would you like us to cover today?", "what are the main
        # things you'd want to get out of today?"
        r"\bwhat (?:would|do) you (?:like|want) (?:us|me) to "
        r"(?:cover|talk about|focus on|look at|sort out)\b|"
        r"\bwhat (?:are|is) (?:the )?(?:main )?(?:things?|goals?) (?:you(?:'d| would)?|you) "
        r"(?:want|like|hope)(?: to)? (?:get out of|cover|talk about|sort out)\b|"
        r"\bwhat(?:'s| has) brought you (?:in|here|along|"
        r"to (?:the )?(?:ed|a&e|hospital|clinic|surgery|us))\b|"
        r"\bwhat can (?:i|we) (?:do|help you with)(?: for you)?(?: today)?\W*$|"
        r"\bwhat (?:do|would) you (?:want|like|need) (?:us|me) to do(?: for you)?\b|"
        # the folksy and everyday openers (round 9): "what's got you down here?", "what can we do
        # you for?", "what's the matter, then?", "what are you in for?", "how are we today?"
        r"\bwhat(?:'s| has) (?:got|fetched|dragged|sent) you (?:down |in |along |over |up |out )?"
        r"(?:here|in|along|by|over|to (?:see )?(?:me|us|the \w+))\b|"
        r"\bwhat can (?:i|we) do you for\b|"
        r"^(?:\w+\W+){0,3}?what(?:'s| is| seems to be) (?:the matter|the trouble|the problem|wrong|"
        r"eating you|ailing you|up with you)(?:,? (?:then|today|with you|this time))?\W*$|"
        r"^(?:\w+\W+){0,3}?what are (?:you|we) (?:in|here) (?:for|about)(?:,? (?:today|then|this time))?\W*$|"
        r"\bhow(?:'s| is| are) (?:tricks|we|we doing|we getting on|you keeping)"
        r"(?:,? (?:today|this morning|this afternoon|then))?\W*$", re.I)),
)


# The amount taken, however the rest of the turn is put ("How much were you taking before you
# stopped?", "how many of the 10s do you take a day?"): the dose, whatever the time words say. Not
# a named substance ("how much cannabis are you using?") or time ("how much time do you spend").
_AMOUNT = re.compile(
    r"^(?:(?:and|so|ok(?:ay)?|right|roughly|about)\W+)*how (?:much|many)"
    r"(?: (?:tablets?|pills?|mg|milligrams?|doses?|capsules?|patches"
    r"|of (?:them|it|those|these|the \w+|your \w+)))?"
    r"(?: (?:a|per|each) (?:day|night|week))? (?:do|did|are|were|was|have|had|would) you "
    r"(?:been |normally |usually )?(?:take|taking|took|use|using|used|on|have|having|"
    r"getting through|going through|get through|go through)\b",
    re.I,
)


# What he takes, asked with nothing else ("what are you using", "what dose of the buprenorphine are
# you on at the moment?"): the regimen, never an open question about his concerns.
_WHAT_TAKEN = re.compile(
    r"^(?:(?:and|so|ok(?:ay)?|right)\W+)*(?:what|which) "
    r"(?:(?:\w+ or )?(?:else|exactly|drugs|meds|medications?|medicines?|treatments?|painkillers|"
    r"pills|tablets|stuff|dose|strength|amount)(?: of (?:the |your )?[\w-]+)? )?"
    r"(?:(?:are|do|did|have) you|you are|you're|you have|you've) (?:been )?"
    r"(?:using|taking|on|use|take|receiving|getting|prescribed)(?: (?:at the moment|now|currently|these days|"
    r"right now|day to day|"
    r"most days|at present|for (?:it|the pain|your pain)))*\W*$"
    # "How are you taking it now?": how he takes what was just named
    r"|^(?:(?:and|so)\W+)*how (?:are|do) you (?:actually )?(?:take|taking|use|using) "
    r"(?:it|them|the [\w-]+|your [\w-]+)"
    r"(?: (?:now|at the moment|these days|day to day|each day|at present))?\W*$",
    re.I,
)


# How long he has been using, asked with nothing else ("how long you been buying", "how long have
# you been using daily?"): how long he has been on them (a named drink or drug is its own question).
_HOW_LONG_USING = re.compile(
    r"^(?:(?:and|so|ok(?:ay)?|right)\W+)*how long (?:have |has |'ve )?(?:you|u) (?:been )?"
    r"(?:using|buying|taking|on|getting|scoring)(?: (?:them|it|these|those|pills|tablets|opioids|"
    r"daily|every day|regularly|like this|like that|from him|from them|off the street))*\W*$",
    re.I,
)


# How he really takes them, against the label ("how many are you actually taking?", "how are you
# actually taking them these days?"): whether he takes them as prescribed (round 10).
_REALLY_TAKEN = re.compile(
    r"\bhow (?:many|much|often)?\s*(?:of (?:them|those|these) )?(?:are|do|did|were) (?:you|u) "
    r"(?:actually|really) (?:take|taking|use|using|going through|getting through|get through|go through)\b"
    r"|\bhow (?:many|much) (?:are|do) (?:you|u) (?:actually|really)\b"
    r"|\bhow (?:are|do) (?:you|u) (?:actually|really) (?:take|taking|use|using) (?:them|it|the \w+)\b",
    re.I,
)


def frame_intent(text: str) -> str | None:
    """The intent the whole turn's frame asks, or None when it has no frame of its own."""
    flat = " ".join(text.replace("\u2019", "'").split())
    if _REALLY_TAKEN.search(flat):
        return "opioid.as_prescribed"
    if _AMOUNT.search(flat) or _WHAT_TAKEN.search(flat):
        return "opioid.regimen"
    if _HOW_LONG_USING.search(flat):
        return "opioid.duration"
    if _RULER.search(text):
        return "goals.readiness"
    if _ACCEPTING.search(text):
        less, treatment = _LESS.search(text), _TREATMENT.search(text)
        if less and (treatment is None or less.start() < treatment.start()):
            return "goals.readiness"
        if treatment is None and _DOSE_NOW.search(text):
            return "goals.readiness"
        if treatment:
            return "goals.treatment_views"
    for intent, rx in _OPEN:
        if rx.search(text):
            return intent
    return None


_FILLER = (r"(?:(?:ok(?:ay)?|right|alright|mm+|hmm+|yeah|well|i see|good|great|fine|perfect|lovely|um+|uh+|"
           r"er+|thanks|thank you)[\s,.!-]+)*")
# A reflection or a summary: the trainee says back what he heard.
_NOT_AFTER_SO = (
    r"tell|describe|talk|explain|let's|lets|can|could|would|will|do|does|did|is|are|was|were|have|has|"
    r"had|how|what|when|where|why|who|which|any|anything|ever|u|r|whats|hows|wheres|whos|whens|wat|wot|wats"
)
_REFLECTION = re.compile(
    rf"^{_FILLER}(?:" + "|".join((
        rf"so[,:]?\s+(?!(?:{_NOT_AFTER_SO})\b)\w",
        r"(?:it )?sounds (?:like|as if|as though)",
        r"(?:it )?seems (?:like|as if|that)",
        r"(?:it )?looks like you",
        r"what i(?:'m| am) hearing|i(?:'m| am) hearing",
        r"if i(?:'ve| have) (?:got|understood)",
        r"if i understand(?: (?:you|this|that|it))?(?: (?:correctly|right(?:ly)?))?[,:]",  # round 11
        r"let me (?:see if|check) i",
        r"you(?:'re| are) (?:feeling|worried|not sure|unsure|saying|telling me|finding|wondering|"
        r"frightened|scared|afraid|tired|fed up|torn)",
        r"you(?:'ve| have) been (?:feeling|finding|struggling|having|through)",
        r"you feel|you sound|you seem|on (?:the )?one hand|part of you",
        r"it must (?:be|have been)|that must (?:be|have been)",
        r"i get the (?:sense|feeling|impression)",
        r"in other words|to sum up|summing up|let me sum up|so far you(?:'ve| have)",
        r"let me (?:summari[sz]e|recap)",  # round 11
        # round 10: "Ok so, um, just to sum up: ...", "Sorry if I've got this wrong: ...", "Let me check
        # I've got it: ..."
        r"(?:so,? )?(?:um+,? )?(?:just )?to (?:sum (?:it )?up|summari[sz]e|recap)|(?:so,? )?recap\b",
        r"sorry if i(?:'ve| have) got (?:this|that|it|any of (?:this|that)) wrong",
        r"let me (?:check|make sure) i(?:'ve| have) got (?:it|this|that)",
    )) + ")",
    re.I,
)
# "We'll start a low-dose buprenorphine..." / "I'm going to refer you": the plan, told.
_PLAN = re.compile(
    rf"^{_FILLER}(?:we(?:'ll| will| are going to|'re going to)|i(?:'ll| will| am going to|'m going to)|"
    r"let's (?:start|try|keep|reduce|begin|plan|book|arrange|aim|switch|go with|get you)|the plan is|"
    r"my plan is|what we(?:'ll| will) do|i(?:'d| would) (?:suggest|recommend))\s"
    r"(?!(?:ask|talk|go over|go through|hear|discuss|look at|start with|move on|turn to|come back|"
    r"need to ask|just ask|check)\b)"
    # shorthand with the subject left out: "will discuss w/ attending, back shortly"
    rf"|^{_FILLER}(?:will|gonna|going to)\s+(?:discuss|check|come back|be back|talk to|speak to|sort|arrange|"
    r"review|run|get back|look into|chat with|write|order|send|book)\b",
    re.I,
)
_TAG = re.compile(r"[,.\s-]*(?:right|is that(?:,? um+,?)? right|have i got that right|is that fair|fair|yeah|"
                  r"no|correct|is that correct|that right|am i right|did i get that right|"
                  r"does that sound right|sound right|ok(?:ay)?|yes|did i miss anything|"
                  r"have i missed anything|"
                  r"anything i(?:'ve)? missed|is that about right|about right|"
                  r"how does that sound(?: to you)?|"
                  r"does that (?:work|sound ok(?:ay)?|sound good|seem fair)(?: for you| to you)?)\?$", re.I)


def _declarative(text: str) -> str | None:
    """``text`` without a confirming tag question ("..., is that right?"); None for a question."""
    t = " ".join(text.replace("\u2019", "'").split())
    if t.endswith("?"):
        stripped = _TAG.sub("", t)
        if stripped == t or stripped.endswith("?"):
            return None
        t = stripped
    return None if "?" in t else t


def is_reflection(text: str) -> bool:
    """Whether ``text`` is a reflection or a summary said back to the patient ("So the taper's
    been hard, and you're worried ..."): a statement, not a question (a question mark only as a
    tag: "..., is that right?"). Too short to say anything back ("So, the back.") it is not."""
    t = _declarative(text)
    return t is not None and len(t.split()) >= 5 and bool(_REFLECTION.match(t))


def tells_plan(text: str) -> bool:
    """Whether ``text`` tells the patient the plan ("We'll start a low dose ...", "I'm going to
    refer you"): a statement, never a question about its topic."""
    t = _declarative(text)
    return t is not None and bool(_PLAN.match(t))
