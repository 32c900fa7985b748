"""Asked-back turns studied whole: when is the first "did you mean" option the reading meant?

    python bench/ask_back_study.py [--files F ...] [--list]

Plays the development conversations through ``SessionController.ask`` (the interview screen's
path) and, at every turn the patient asked back in the plain unsure case (``turn._unanswered``'s
last branch: no follow-up, chart or small-talk reading), records what the reader had: the first
option and its probability, the runner-up's, how many options were offered, whether the nearest
training phrasings agree, whether the clinical concepts of the words name the same intent, and
whether the first option was one the file expects (an answerable turn) or the turn was not
answerable (answering it would be wrong). The table says, per candidate signal, how many
asked-back turns answering would turn right and how many wrong, on the tune half and on the
check half of the files apart (issue 19, round 8; the curve is in docs/INTENTS.md).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DATA = ROOT / "bench" / "data"
# tuned on / only checked (round 8): each half has old and new sets and strangers' voices
TUNE = ("realistic_turns.yaml", "realistic_dev3.yaml", "realistic_dev6.yaml", "realistic_heldout3.yaml",
        "realistic_heldout5.yaml", "realistic_eval.yaml")
CHECK = ("realistic_dev2.yaml", "realistic_dev7.yaml", "realistic_dev7b.yaml", "realistic_heldout2.yaml",
         "realistic_heldout4.yaml", "realistic_heldout6.yaml")


@dataclass
class Seen:
    text: str
    first: str
    p1: float
    p2: float
    n_options: int
    neighbours: bool
    concept: bool
    rejected: bool  # the classifier was sure enough but its nearest phrasings disagreed
    good: bool = False  # answering ``first`` would be right
    half: str = ""


def _features(text: str, match, options: tuple[str, ...]) -> Seen | None:
    from simulator.patient import turn as turn_mod
    from simulator.patient.understanding import prepare
    from simulator.patient.understanding.concepts import concept_intent
    from simulator.patient.understanding.text import normalise
    from simulator.patient.understanding.topics import core_neighbours

    if not options:
        return None
    ranked = list(match.alternatives)
    first = options[0]
    p1 = dict(ranked).get(first, match.confidence if match.intent == first else 0.0)
    p2 = max((p for i, p in ranked if i != first), default=0.0)
    concepts = {concept_intent(r) for r in (normalise(text), prepare(text))}
    return Seen(text, first, p1, p2, len(options), first in core_neighbours(text, turn_mod.NEIGHBOURS),
                first in concepts, match.intent is None and p1 >= turn_mod.CONFIDENCE_THRESHOLD)


def collect(files: tuple[str, ...], half: str) -> list[Seen]:
    import realistic_turns as rt

    from simulator.patient import turn as turn_mod

    seen: list[Seen] = []
    original = turn_mod._unanswered
    last: list[Seen | None] = [None]

    def spy(t, match):
        reading = original(t, match)
        plain = not match.off_topic and reading.alternatives and reading.action.get("intent") is None
        last[0] = _features(t.focus, match, reading.alternatives) if plain else None
        return reading

    turn_mod._unanswered = spy
    try:
        for name in files:
            conversations = rt.load(DATA / name)
            for o, feat in _play_with_features(rt, conversations, last):
                if feat is None or o.got != "ask_back":
                    continue
                intents = [e for e in o.expect if e not in rt.KEYWORDS]
                feat.good = feat.first in intents and "ask_back" not in o.expect
                feat.half = half
                seen.append(feat)
    finally:
        turn_mod._unanswered = original
    return seen


def _play_with_features(rt, conversations, last):
    """(outcome, features of its asked-back reading) per turn, state kept per conversation."""
    from simulator.control import controller as ctl

    recorded: list = []
    original_ask = ctl.SessionController.ask

    def ask(self, text):
        last[0] = None
        result = original_ask(self, text)
        recorded.append(last[0])
        return result

    ctl.SessionController.ask = ask
    try:
        outcomes = rt.play([{**c, "split": "all"} for c in conversations], "all")
    finally:
        ctl.SessionController.ask = original_ask
    return list(zip(outcomes, recorded, strict=True))


RULES = {
    "one option": lambda s: s.n_options == 1,
    "neighbours agree": lambda s: s.neighbours,
    "concept agrees": lambda s: s.concept,
    "one option, neighbours agree": lambda s: s.n_options == 1 and s.neighbours,
    "one option, concept agrees": lambda s: s.n_options == 1 and s.concept,
    "neighbours and concept agree": lambda s: s.neighbours and s.concept,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", action="store_true", help="list every asked-back turn with its features")
    args = ap.parse_args(argv)
    seen = collect(TUNE, "tune") + collect(CHECK, "check")
    if args.list:
        for s in seen:
            verdict = "GOOD" if s.good else "bad "
            print(f"{s.half:5s} {verdict} p1={s.p1:.2f} p2={s.p2:.2f} n={s.n_options} "
                  f"nb={int(s.neighbours)} cc={int(s.concept)} rej={int(s.rejected)} {s.first:28s} {s.text}")
    for half in ("tune", "check"):
        part = [s for s in seen if s.half == half]
        print(f"\n{half}: {len(part)} asked back in the plain unsure case, first option right in "
              f"{sum(s.good for s in part)}")
        for name, rule in RULES.items():
            for bar in (0.2, 0.25, 0.3, 0.35, 0.4):
                for margin in (0.0, 0.1, 0.2):
                    hit = [s for s in part if rule(s) and s.p1 >= bar and s.p1 - s.p2 >= margin]
                    good = sum(s.good for s in hit)
                    print(f"  {name:32s} p1>={bar:.2f} margin>={margin:.1f}: +{good:3d} answered "
                          f"+{len(hit) - good:3d} wrong")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
