"""Calibrated abstention: wrong against answered as each stage's confidence bar moves.

    python bench/abstention.py [--stage embedding|margin|backoff|follow_up|frames|all] [--file F ...]

Plays the development conversations (``bench/data/realistic_turns.yaml``, ``realistic_eval``,
``realistic_dev2``, ``realistic_dev3``, ``realistic_heldout2``, ``realistic_heldout3``; never a
held-out set) through ``SessionController.ask`` once per setting of one stage's bar, the others
at their shipped values, and prints per setting: wrong turns, answered and asked-back
answerable turns, and the cost ``wrong + ASK_BACK_COST x asked back``. The operating point is
the setting of least cost (issue 19, round 5; the curve is in docs/INTENTS.md).

Stages and their bars:
- embedding: the classifier's probability below which nothing is answered
  (``understanding.CONFIDENCE_THRESHOLD``; also the bar of compound parts and "and X?" follow-ups);
- margin: the lead the classifier's best intent must have over the next
  (``understanding.MIN_MARGIN``);
- backoff: the clinical-concept back-off when the classifier is unsure (on / decisive only / off);
- follow_up: how sure a question read together with the turn before must be
  (``turn.CONTEXT_SURE``, "does she know?", "what did you do about it?");
- frames: the whole-turn frames (acceptance, rulers, open questions) on / off.

``ASK_BACK_COST``: asking back costs less than a wrong answer (the trainee rephrases; a wrong
answer misleads). The goals (at most 3% wrong, at least 90% answered, so at most about 10%
asked back) tolerate about three asked-back turns per wrong one, hence 0.3.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DATA = ROOT / "bench" / "data"
DEV_FILES = ("realistic_turns.yaml", "realistic_eval.yaml", "realistic_dev2.yaml", "realistic_dev3.yaml",
             "realistic_heldout2.yaml", "realistic_heldout3.yaml")
ASK_BACK_COST = 0.3
# The held-out set of the current round (issue 19): never tuned on. Earlier rounds' sets are spent
# (run once each, for the record) and are development data now.
HELD_OUT = "realistic_heldout11"


@contextmanager
def _patched(settings: dict[tuple[object, str], object]) -> Iterator[None]:
    saved = {(mod, name): getattr(mod, name) for mod, name in settings}
    try:
        for (mod, name), value in settings.items():
            setattr(mod, name, value)
        yield
    finally:
        for (mod, name), value in saved.items():
            setattr(mod, name, value)


def _stages() -> dict[str, list[tuple[str, Callable[[], dict]]]]:
    from simulator.patient import turn
    from simulator.patient import understanding as u
    from simulator.patient.understanding import concepts

    def embedding(t: float) -> dict:
        return {(u, "CONFIDENCE_THRESHOLD"): t, (turn, "CONFIDENCE_THRESHOLD"): t}

    def no_concepts() -> dict:
        return {(concepts, "concept_intent"): lambda _text: None}

    def no_backoff() -> dict:
        return {**no_concepts(), (concepts, "decisive_intent"): lambda _text: None}

    return {
        "embedding": [(f"threshold {t:.2f}", lambda t=t: embedding(t))
                      for t in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7)],
        "margin": [(f"margin {m:.2f}", lambda m=m: {(u, "MIN_MARGIN"): m})
                   for m in (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)],
        "backoff": [("concepts and decisive phrases", dict), ("decisive phrases only", no_concepts),
                    ("off", no_backoff)],
        "follow_up": [(f"context {t:.2f}", lambda t=t: {(turn, "CONTEXT_SURE"): t})
                      for t in (0.35, 0.4, 0.5, 0.6, 0.7, 1.01)],
        "frames": [("on", dict), ("off", lambda: {(turn, "frame_intent"): lambda _text: None})],
    }


def measure(conversations: list[dict]) -> tuple[int, int, int, int, int]:
    """(wrong, turns, answered, answerable, asked back) over ``conversations``."""
    from realistic_turns import play

    outcomes = play(conversations, "all")
    parts = [v for o in outcomes for _i, v in o.parts]
    wrong = sum(o.verdict == "wrong" for o in outcomes) + parts.count("wrong")
    answerable = [o for o in outcomes if o.answerable]
    answered = sum(o.verdict == "right" for o in answerable) + parts.count("right")
    asked = sum(o.verdict == "asked_back" for o in answerable) + parts.count("asked_back")
    return wrong, len(outcomes) + len(parts), answered, len(answerable) + len(parts), asked


def by_source(conversations: list[dict]) -> None:
    """Right and wrong answers by the stage that gave them, at the shipped bars."""
    from collections import Counter

    from realistic_turns import play

    right: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for o in play(conversations, "all"):
        if o.got.startswith("answer:"):
            (right if o.verdict == "right" else wrong)[o.source] += o.verdict in ("right", "wrong")
    print("== answers by stage (shipped bars): right / wrong")
    for stage in sorted(set(right) | set(wrong)):
        print(f"  {stage:24s} {right[stage]:4d} / {wrong[stage]:3d}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    stages = ("embedding", "margin", "backoff", "follow_up", "frames", "all", "none")
    ap.add_argument("--stage", default="all", choices=stages)
    ap.add_argument("--file", action="append", type=Path,
                    help="development files (default: all six); FILE:check or FILE:tune: a half of heldout3")
    args = ap.parse_args(argv)
    from realistic_turns import HELDOUT3_HALVES, load

    from simulator.patient.understanding.warmup import warm

    conversations = []
    for f in args.file or [DATA / f for f in DEV_FILES]:
        name, _colon, half = str(f).partition(":")  # "realistic_heldout3.yaml:check": that half
        loaded = load(Path(name))
        conversations += [c for c in loaded if not half or c["id"] in HELDOUT3_HALVES[half]]
    files = args.file or []
    if any(HELD_OUT in str(f) for f in files):
        raise SystemExit("abstention.py tunes: never on a held-out set")
    warm()
    by_source(conversations)
    if args.stage == "none":
        return 0
    bars = _stages()
    for stage in (bars if args.stage == "all" else [args.stage]):
        print(f"== {stage}")
        for label, settings in bars[stage]:
            with _patched(settings()):
                wrong, turns, answered, answerable, asked = measure(conversations)
            cost = wrong + ASK_BACK_COST * asked
            print(f"  {label:32s} wrong {wrong:3d}/{turns} ({wrong / turns:.3f})  answered {answered:3d}/"
                  f"{answerable} ({answered / answerable:.3f})  asked back {asked:3d}  cost {cost:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
