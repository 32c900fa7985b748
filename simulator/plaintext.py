"""Text a person typed, made safe to show, store and export: the one home of the rule.

Removed: right-to-left and other direction controls (they can make a transcript or a report
read differently from what was typed: "Trojan Source"), invisible zero-width characters, NUL
and other control characters (tab and newline stay), and lone surrogates (replaced by U+FFFD,
since they cannot be stored). A zero-width joiner or non-joiner stays only between two visible
characters, where it shapes an emoji sequence (👩‍⚕️) or a word in Persian or an Indic script.

Used where a typed turn enters (:func:`simulator.scenario.textlimits.clean_text`) and again
where text leaves (xAPI statements, CSV cells, the PDF report), so older stored text is cleaned
on the way out too. No imports from the rest of the simulator: every layer may call it.
"""

from __future__ import annotations

import re

_DIRECTION = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = (
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u3164\uffa0"
)
_CONTROL = "".join(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)))
_DROP = re.compile(f"[{re.escape(_DIRECTION + _INVISIBLE + _CONTROL)}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_JOINER = re.compile(r"(?<![\s\u200c\u200d])[\u200c\u200d](?![\s\u200c\u200d])")
_ANY_JOINER = re.compile("[\u200c\u200d]")


def visible_text(text: str) -> str:
    """``text`` without direction controls, invisible characters and controls (see the module)."""
    text = _SURROGATE.sub("\ufffd", text)
    if text.isascii():
        return _DROP.sub("", text)
    text = _DROP.sub("", text)
    if "\u200c" in text or "\u200d" in text:
        kept = {m.start() for m in _JOINER.finditer(text)}
        ends = {0, len(text) - 1}
        text = "".join(
            ch for i, ch in enumerate(text) if not (_ANY_JOINER.match(ch) and (i not in kept or i in ends))
        )
    return text


def has_hidden(text: str) -> bool:
    """True when :func:`visible_text` would change ``text``."""
    return visible_text(text) != text
