"""Loading everything the first typed turn needs, ahead of it (a background thread at start-up).

Its own module, so the package itself never imports the stages that import it (no cycle).
"""

from __future__ import annotations

from . import match_question
from .acts import classify_act
from .topics import core_index


def warm() -> str:
    """Load the model, the index of the training phrasings (read by case topics and the
    agreement check) and the dialogue-act examples, so the first typed turn is as quick as any
    other; returns the intent of one sample question."""
    intent = match_question("Where is your pain?").intent or ""
    core_index()
    classify_act("That sounds hard.")
    return intent
