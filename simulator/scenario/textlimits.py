"""Limits on free text from trainees and scripts: one cap for every turn, valid Unicode only.

One home for the rule, called where text enters: the engine's actions (questions and
statements alike), the typed-turn interpreter and the ``intents`` command.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from typing import Annotated

from pydantic import AfterValidator

from simulator.plaintext import visible_text

MAX_TURN_CHARS = 2000
"""The longest question or statement one turn may hold (a long paragraph)."""

_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` as typed, made safe: lone surrogates (which cannot be stored or printed) become
    U+FFFD; direction controls, zero-width characters, NUL and other controls are removed
    (:func:`simulator.plaintext.visible_text`)."""
    return visible_text(text)


def has_lone_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def too_long(text: str) -> str | None:
    """A message for the trainee if ``text`` is over the cap, else None."""
    if len(text) <= MAX_TURN_CHARS:
        return None
    return (
        f"That is too long for one turn: {len(text):,} characters (at most {MAX_TURN_CHARS:,}). "
        "Please shorten it."
    )


def typed_lines(lines: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """Each non-empty line typed to a command (``intents``), made safe (:func:`clean_text`: bytes
    that were not UTF-8 become U+FFFD), with the message for a line over the cap (None when it
    fits); that message is also said on stderr as ``<stdin>:LINE:1: error: ...``, like other
    problems."""
    for number, line in enumerate(lines, 1):
        text = clean_text(line.rstrip("\r\n"))
        if not text.strip():
            continue
        problem = too_long(text)
        if problem:
            print(f"<stdin>:{number}:1: error: {problem}", file=sys.stderr)
        yield text, problem


# --------------------------------------------------------------------------- asset references

_ASSET_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def is_asset_id(value: str) -> bool:
    """True for a bare asset id (``dana-reyes``): no folders, no dots, so it stays in the asset folder."""
    return _ASSET_ID.fullmatch(value) is not None


def check_asset_id(value: str) -> str:
    """Pydantic validator: ``value`` unchanged, or a clear error for a path or other name."""
    if not is_asset_id(value):
        raise ValueError(
            f"{value!r} is not an asset id: use lower-case letters, digits, '-' and '_' only "
            "(the name of a file in the app's asset folder, without folders or '.svg')"
        )
    return value


AssetId = Annotated[str, AfterValidator(check_asset_id)]
