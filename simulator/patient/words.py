"""The words of a turn that carry its topic, shared by reading a turn and grounding it in the case."""

from __future__ import annotations

from simulator.patient import dialogue

# Pronouns, auxiliaries, question words and fillers: words that name no topic.
FUNCTION_WORDS = frozenset(
    "a an the and or but so of to in on at for with about from by up out over is are was were be "
    "been being am do does did done doing have has had having can could would will should shall "
    "may might must it its it's that that's this these those them they their there then what "
    "what's whats how how's why who whom which when where whereabouts you your you're yours u ur "
    "i i'm me my we us our he she him her his hers any anything some something else all really "
    "just very much more bit happen happened happening going go went get got make made feel "
    "feeling felt think thought thing things like say said tell mean meant ok okay right well "
    "now still ever again not no yes if as than too also one ones want need try some yourself myself why'd "
    "how'd what'd where'd who'd when'd you'd you've i'd i've we'd we've "
    "himself herself themselves".split()
)


def content(text: str) -> list[str]:
    """The words of ``text`` that carry a topic (not pronouns, auxiliaries or fillers)."""
    return [w for w in dialogue.core_words(text).split() if w not in FUNCTION_WORDS]


def stem(word: str) -> str:
    """``word`` without a plain English ending ("tablets" -> "tablet", "drinking" -> "drink", "fog's"
    -> "fog")."""
    if word.endswith("'s"):
        word = word[:-2]
    word = word.strip("'")
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word
