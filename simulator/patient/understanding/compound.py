"""Stage 2 of reading a turn: split a compound turn into the questions it asks.

"How's your sleep? Any falls?" and "Do you take more than prescribed and have you run out
early?" ask two things; each part is read on its own and, when the model is sure of it,
answered and credited (up to :data:`MAX_PARTS`). A part that is only a fragment of its sentence
("gone to another doctor for it?") is not split off.
"""

from __future__ import annotations

import re

MAX_PARTS = 3
_QUESTION_WORD = (
    r"(?:do|does|did|have|has|is|are|was|were|can|could|would|will|what|how|who|when|where|which|"
    r"any|ever|and\s+(?:do|does|did|have|has|is|are|any|how|what|who|when|where)|"
    # "where is it, and since when?", "..., and for how long?" (round 13)
    r"since\s+when|since\s+how\s+long|for\s+how\s+long)"
)
_SPLIT = re.compile(
    r"(?<=\?)\s+(?=\S)"  # "...sleep? Any falls?"
    # "... and have you ...", "... and whether it has changed"
    rf"|[,;]?\s+(?:and|or|also|plus)\s+(?={_QUESTION_WORD}\b|whether\b)"
    rf"|[,;]\s+(?={_QUESTION_WORD}\b)",  # "..., do you ..."
    re.I,
)
# A clause that sets the scene and then asks, in one piece ("If this sounds personal, it's something
# we ask everyone: have you ever ...?"): its question is its own, not the next part's (round 13).
_ASKS_AFTER_CLAUSE = re.compile(rf"[:;]\s+{_QUESTION_WORD}\b", re.I)
# "How is it with the work, and at home with the family?": a wh-question whose second half only
# names another place or thing the same question asks about (round 13).
_WH_HEAD = re.compile(r"^(?:(?:and|so|ok(?:ay)?|now|right)[,\s]+)*(how|what)\b", re.I)
_ELLIPTIC = re.compile(r",\s+(?:and|or)\s+(?=(?:at|in|with|about|for)\s+(?:\w+\s+){1,}\w+\W*$)", re.I)
_WORD = re.compile(r"[A-Za-z']+")
# A clause that only sets the scene for the question after it.
_SUBORDINATE = re.compile(
    # ("When did you last take one, and ...?" asks when: a question, not a clause; round 12)
    r"^(?:if|when(?!\s+(?:did|do|does|is|was|were|are|have|has|had|will|would|can|could)\b)|whenever|"
    r"since(?!\s+when\b)|because|as|although|though|before|after|while|once|say)\b"
    # a time frame or scope that sets the scene of the question after it ("In the past month,
    # have you ...", "Over the last two weeks, how often ...", "Apart from these tablets, ...")
    r"|^(?:in|over|during|within|throughout|for|at|on|from|apart from|besides|other than|"
    r"compared (?:to|with)|thinking (?:about|of|back)|looking back)\b(?![^,]*\?)",
    re.I,
)

# Words that only lead into the questions after them ("And just so I've got the basics right, which
# tablets ...", "Going back to the pain, does it spread?"): no question of their own (round 12).
_LEAD_IN = re.compile(
    r"^(?:(?:and|so|ok(?:ay)?|now|right)[,\s]+)*(?:just\s+)?(?:so (?:that )?(?:i|we)\b|"
    r"to (?:check|confirm|be clear|be sure|make sure|get (?:this|it|things) right)\b|"
    r"(?:going|coming|getting|moving|turning) (?:back )?(?:to|on to|onto)\b|back to\b|regarding\b|as for\b)",
    re.I,
)

# A thing named before the question about it ("And the Suboxone, how much do you take?", "The pain,
# how long you have it?"): no question of its own, so it sets the scene of the next part.
_TOPICALISED = re.compile(
    r"^(?:(?:and|so|now|okay|ok|right|then)[,\s]+)*(?:the|your|this|that|these|those)\s+[\w'-]+(?:\s+[\w'-]+)?$",
    re.I,
)


# Examples listed after a question that asks what else ("it help you other thing? Mood, sleep?",
# "anything else from the chemist? Creams, sprays?"): the question's examples, not questions of their
# own (round 13). A bare list of two to four short names, no question word.
_EXAMPLES = re.compile(
    rf"^(?!{_QUESTION_WORD}\b)(?:e\.?g\.?\s+|like\s+|such as\s+)?[\w'-]+(?:\s+[\w'-]+)?"
    r"(?:\s*(?:,|/|\bor\b|\band\b)\s*[\w'-]+(?:\s+[\w'-]+)?){1,3}\s*\??$",
    re.I,
)
_ASKS_WHAT_ELSE = re.compile(
    r"\b(?:other (?:thing|things|stuff|way|ways)|another thing|anything(?: else)?|something(?: else)?|"
    r"what else|what (?:other|kind of|sort of) \w+)\b",
    re.I,
)


def split_turn(text: str) -> list[str]:
    """The questions in ``text``, in order (one element when it asks one thing)."""
    parts: list[str] = []
    scene = False  # the last part only sets the scene for the next
    for piece in (p.strip(" ,;") for p in _SPLIT.split(text) if p and p.strip(" ,;")):
        if scene:
            parts[-1] = f"{parts[-1]}, {piece}"  # "If the pain eased, what would you do?": one question
            scene = False
        else:
            parts.append(piece)
            scene = bool(
                _SUBORDINATE.match(piece) or _TOPICALISED.match(piece) or _LEAD_IN.match(piece)
            ) and not piece.endswith("?") and not _ASKS_AFTER_CLAUSE.search(piece)
    if len(parts) == 1 and _WH_HEAD.match(text):
        parts = [p.strip(" ,;") for p in _ELLIPTIC.split(text, maxsplit=1)]
    parts = [p for p in parts if len(_WORD.findall(p)) >= 2]
    if len(parts) >= 2 and _EXAMPLES.match(parts[-1]) and _ASKS_WHAT_ELSE.search(parts[-2]):
        parts[-2:] = [f"{parts[-2]} {parts[-1]}"]
    if len(parts) < 2:
        return [text]
    if len(parts) > MAX_PARTS:
        parts = [*parts[: MAX_PARTS - 1], " ".join(parts[MAX_PARTS - 1 :])]
    return [p if p.endswith("?") else p + "?" for p in parts]
