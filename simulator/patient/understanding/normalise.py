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

RULES: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (name, re.compile(pattern, re.I), replacement)
    for name, pattern, replacement in (
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
        ("uds", r"\buds\b", "urine drug screen"),
        ("rx", r"\brx\b", "prescription"),
        ("subs", r"\bsubs\b", "suboxone"),
        ("oxy", r"\boxys?\b", "oxycodone"),
        ("SI", r"^\s*(?:any\s+)?SI\s*\??\s*$", "Any suicidal thoughts?"),
    )
)
_FILLER = re.compile(
    r"^(?:(?:ok(?:ay)?|right|alright|so|um+|er+|erm|uh+|well|now|and so)\b[\s,.!-]*)+(?=\w)", re.I
)


def normalise_turn(text: str) -> str:
    """``text`` with the turn-level rewrites applied and a leading filler dropped."""
    out = " ".join(text.replace("\u2019", "'").split())
    for _name, pattern, replacement in RULES:
        out = pattern.sub(replacement, out)
    stripped = _FILLER.sub("", out)
    return stripped or out
