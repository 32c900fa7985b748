"""Realistic-turns benchmark: whole interviews typed the way clinicians type them.

    python bench/realistic_turns.py [--split dev|heldout|all] [--errors] [--transcript]
    python bench/realistic_turns.py --file bench/data/realistic_heldout2.yaml  # held out (round 2)
    python bench/realistic_turns.py --file bench/data/realistic_eval.yaml      # dev since round 2

Plays every conversation of ``bench/data/realistic_turns.yaml`` through the engine (one
session per conversation, so follow-ups have their context) exactly as the app does: the
typed text goes through ``simulator.patient.turn.interpret`` with the conversation so far,
and the resulting action through ``Session.apply``. Each turn's outcome (an answer to an
intent, asking back, a stigma reaction, declining, a reply to a statement, "that's about it")
is compared with what the file expects. Reported per split:

- wrong: turns where the patient did the wrong thing (answered the wrong question, answered
  a question that was too vague, stigmatising words answered as if neutral, ...), over all
  turns; goal <= 5% (SPEC section 7);
- answered: answerable turns (an intent is expected) answered with a right intent, over all
  answerable turns; goal >= 85%;
- asked back: answerable turns where the patient asked what was meant instead (not wrong).

``--errors`` lists the wrong and asked-back turns; by default only for the dev split, since
the held-out conversations are never read for tuning.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DATA = ROOT / "bench" / "data" / "realistic_turns.yaml"
EVAL = ROOT / "bench" / "data" / "realistic_eval.yaml"  # held out in round 1, development since round 2
HELDOUT2 = ROOT / "bench" / "data" / "realistic_heldout2.yaml"  # held out (round 2): never tuned on
SCENARIOS = ROOT / "scenarios"
KEYWORDS = ("ask_back", "stigma", "decline", "statement", "more")


@dataclass
class Outcome:
    text: str
    expect: list[str]
    got: str  # "answer:<intent>" | ask_back | stigma | decline | statement | nothing_more
    reply: str
    verdict: str  # right | wrong | asked_back
    answerable: bool
    conversation: str
    split: str


def load(path: Path = DATA) -> list[dict]:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))["conversations"]


def _outcome(action: dict, session, before_revealed: set[str], before_asked: set[str]) -> str:
    from simulator.patient.language import classify

    if action["type"] == "say":
        return "stigma" if classify(action["text"]).stigma_terms else "statement"
    if classify(action.get("text", "")).stigma_terms and action.get("via") == "free":
        return "stigma"
    intent = action.get("intent")
    if intent is None:
        if action.get("off_topic"):
            return "decline"
        if action.get("nothing_more"):
            return "nothing_more"
        return "ask_back"
    return f"answer:{intent}"


def judge(expect: list[str], got: str, new_fact: bool, repeat: bool) -> tuple[str, bool]:
    """(verdict, answerable) for one turn."""
    intents = [e for e in expect if e not in KEYWORDS]
    if "more" in expect:
        if got == "nothing_more" or (got.startswith("answer:") and (new_fact or not repeat)):
            return "right", True
        return ("asked_back" if got == "ask_back" else "wrong"), True
    if intents:
        if got.startswith("answer:") and got[7:] in intents:
            return "right", True
        if got == "ask_back":
            return ("right" if "ask_back" in expect else "asked_back"), True
        if got in expect:
            return "right", True
        return "wrong", True
    want = expect[0]
    if got in expect:  # any listed outcome is right ("[statement, ask_back]")
        return "right", False
    if want == "decline" and got in ("ask_back", "statement"):
        return "right", False
    return "wrong", False


def play(conversations: list[dict], split: str) -> list[Outcome]:
    from simulator.engine.session import Session
    from simulator.patient.dialogue import Conversation
    from simulator.patient.turn import interpret
    from simulator.scenario.loader import load_scenario

    cache: dict[str, object] = {}
    out: list[Outcome] = []
    for conv in conversations:
        if split != "all" and conv["split"] != split:
            continue
        name = conv["scenario"]
        if name not in cache:
            cache[name] = load_scenario(SCENARIOS / f"{name}.yaml")
        session = Session(cache[name])
        session.apply({"type": "advance"})
        for turn in conv["turns"]:
            expect = turn["expect"] if isinstance(turn["expect"], list) else [turn["expect"]]
            before_revealed = set(session.data.revealed)
            before_asked = set(session.data.asked)
            result = interpret(turn["text"], Conversation.of(session))
            session.apply(result.action)
            got = _outcome(result.action, session, before_revealed, before_asked)
            new_fact = bool(set(session.data.revealed) - before_revealed)
            repeat = got.startswith("answer:") and got[7:] in before_asked
            verdict, answerable = judge(expect, got, new_fact, repeat)
            reply = session.data.transcript[-1].text
            out.append(
                Outcome(turn["text"], expect, got, reply, verdict, answerable, conv["id"], conv["split"])
            )
    return out


def report(outcomes: list[Outcome], label: str) -> dict[str, float]:
    n = len(outcomes)
    wrong = sum(o.verdict == "wrong" for o in outcomes)
    answerable = [o for o in outcomes if o.answerable]
    answered = sum(o.verdict == "right" for o in answerable)
    asked_back = sum(o.verdict == "asked_back" for o in answerable)
    by_kind: Counter[str] = Counter()
    wrong_kind: Counter[str] = Counter()
    for o in outcomes:
        kind = "answerable" if o.answerable else o.expect[0]
        by_kind[kind] += 1
        wrong_kind[kind] += o.verdict == "wrong"
    figures = {
        "turns": n,
        "wrong": wrong / n if n else 0.0,
        "answered": answered / len(answerable) if answerable else 0.0,
        "asked_back": asked_back / len(answerable) if answerable else 0.0,
    }
    print(f"== {label}: {n} turns, {len(answerable)} answerable")
    print(f"  wrong      {wrong:3d}/{n:<3d} = {figures['wrong']:.3f}  (goal <= 0.05)")
    print(f"  answered   {answered:3d}/{len(answerable):<3d} = {figures['answered']:.3f}  (goal >= 0.85)")
    print(f"  asked back {asked_back:3d}/{len(answerable):<3d} = {figures['asked_back']:.3f}")
    print(
        "  wrong by expected outcome: "
        + ", ".join(f"{k} {wrong_kind[k]}/{by_kind[k]}" for k in sorted(by_kind))
    )
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    ap.add_argument("--errors", action="store_true", help="list wrong and asked-back turns")
    ap.add_argument("--show-heldout", action="store_true", help="--errors for held-out turns too")
    ap.add_argument("--transcript", action="store_true", help="print every turn and reply")
    ap.add_argument("--file", type=Path, default=DATA, help=f"conversations file (default {DATA.name})")
    args = ap.parse_args(argv)
    conversations = load(args.file)
    from intent_accuracy import leakage

    copies = leakage([(t["text"], None) for c in conversations for t in c["turns"]])
    copied = {q for q, _p, _r in copies}
    t0 = time.perf_counter()
    present = {c["split"] for c in conversations}
    splits = [s for s in ("dev", "heldout") if s in present] if args.split == "all" else [args.split]
    for split in splits:
        outcomes = play(conversations, split)
        report(outcomes, f"{split} ({len({o.conversation for o in outcomes})} conversations)")
        report([o for o in outcomes if o.text not in copied], f"{split}, without near copies")
        show_errors = args.errors and (split == "dev" or args.show_heldout)
        for o in outcomes:
            if args.transcript and (split == "dev" or args.show_heldout):
                print(f"  [{o.verdict:10s}] {o.text!r} -> {o.got}\n      {o.reply}")
            elif show_errors and o.verdict != "right":
                print(
                    f"  {o.verdict:10s} {o.conversation}: {o.text!r} expected {o.expect}, "
                    f"got {o.got}\n      {o.reply}"
                )
    print(f"time: {time.perf_counter() - t0:.1f} s")
    print(f"near copies of training phrasings (ratio >= 90): {len(copies)}")
    for question, phrasing, ratio in copies:
        print(f"  {question!r} ~ {phrasing!r} ({ratio:.0f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
