"""Intent-matching benchmark on held-out paraphrases.

    python bench/intent_accuracy.py                      # both held-out files
    python bench/intent_accuracy.py bench/data/heldout_fresh.yaml
    python bench/intent_accuracy.py --errors             # also list the misses
    python bench/intent_accuracy.py --cv 5               # also k-fold CV on the phrasings

For each file it reports, for the shipped model (``match_question``) and for a plain rapidfuzz
``token_sort_ratio`` nearest-phrasing baseline measured in the same run:
- top-1 accuracy on the on-topic questions (a rejected question counts as wrong),
- false rejection rate of on-topic questions (intent None),
- off-topic rejection rate (intent None on the off-topic questions),
- mean time per question.
It also checks that no held-out question is a near copy of a training phrasing.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402
from ruamel.yaml import YAML  # noqa: E402

from simulator.patient.understanding import intent_ids, match_question  # noqa: E402
from simulator.patient.understanding.model import (  # noqa: E402
    OFF_TOPIC,
    load_phrasings,
)

DATA = ROOT / "bench" / "data"
DEFAULT_FILES = (DATA / "heldout.yaml", DATA / "heldout_fresh.yaml")
# Baseline: the nearest training phrasing wins when its score reaches this, else rejected.
BASELINE_CUTOFF = 60.0


def load_heldout(path: Path) -> list[tuple[str, str | None]]:
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    items: list[tuple[str, str | None]] = []
    ids = set(intent_ids())
    for intent, questions in data["intents"].items():
        if intent not in ids:
            raise SystemExit(f"{path}: unknown intent id {intent!r}")
        items.extend((str(q), intent) for q in questions)
    items.extend((str(q), None) for q in data.get("off_topic", ()))
    return items


def _norm(s: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", s.lower()))


class Baseline:
    """Nearest training phrasing by rapidfuzz token_sort_ratio (off-topic examples included)."""

    def __init__(self) -> None:
        texts, labels = load_phrasings().examples()
        self.texts = [_norm(t) for t in texts]
        self.labels = labels

    def __call__(self, question: str) -> str | None:
        hit = process.extractOne(_norm(question), self.texts, scorer=fuzz.token_sort_ratio)
        if hit is None or hit[1] < BASELINE_CUTOFF:
            return None
        label = self.labels[hit[2]]
        return None if label == OFF_TOPIC else label


def evaluate(predict, items):
    on = [(q, g) for q, g in items if g is not None]
    off = [(q, g) for q, g in items if g is None]
    t0 = time.perf_counter()
    preds = [predict(q) for q, _ in items]
    per_q = (time.perf_counter() - t0) / max(1, len(items))
    pred_on = preds[: 0] + [p for p, (_, g) in zip(preds, items, strict=True) if g is not None]
    pred_off = [p for p, (_, g) in zip(preds, items, strict=True) if g is None]
    top1 = sum(p == g for p, (_, g) in zip(pred_on, on, strict=True)) / max(1, len(on))
    false_rej = sum(p is None for p in pred_on) / max(1, len(on))
    off_rej = sum(p is None for p in pred_off) / max(1, len(off))
    errors = [(q, g, p) for (q, g), p in zip(items, preds, strict=True) if p != g]
    return {"top1": top1, "false_rej": false_rej, "off_rej": off_rej, "ms": per_q * 1000,
            "n_on": len(on), "n_off": len(off), "errors": errors}


def leakage(items, threshold: float = 90.0) -> list[tuple[str, str, float]]:
    texts, _ = load_phrasings().examples()
    normed = [_norm(t) for t in texts]
    out = []
    for q, _ in items:
        hit = process.extractOne(_norm(q), normed, scorer=fuzz.ratio)
        if hit and hit[1] >= threshold:
            out.append((q, texts[hit[2]], hit[1]))
    return out


def cross_validate(k: int) -> dict[str, float]:
    """k-fold CV on the training phrasings (retrains the classifier k times)."""
    import numpy as np

    from simulator.patient.understanding import CONFIDENCE_THRESHOLD, OFF_TOPIC_THRESHOLD
    from simulator.patient.understanding.embed import StaticEmbedder
    from simulator.patient.understanding.model import make_speller, train

    ph = load_phrasings()
    emb = StaticEmbedder()
    speller = make_speller(ph, emb)
    texts, labels = ph.examples()
    idx = np.random.default_rng(0).permutation(len(texts))
    right = on = rej_off = off = 0
    for f in range(k):
        test = set(idx[f::k].tolist())
        tr = [i for i in range(len(texts)) if i not in test]
        model = train([texts[i] for i in tr], [labels[i] for i in tr], emb, speller)
        te = sorted(test)
        probs = model.proba([texts[i] for i in te])
        for i, p in zip(te, probs, strict=True):
            order = p.argsort()[::-1]
            top = model.classes[order[0]]
            best = next(model.classes[j] for j in order if model.classes[j] != OFF_TOPIC)
            best_p = p[model.classes.index(best)]
            pred = None
            if not (top == OFF_TOPIC and p[order[0]] >= OFF_TOPIC_THRESHOLD) and (
                best_p >= CONFIDENCE_THRESHOLD
            ):
                pred = best
            if labels[i] == OFF_TOPIC:
                off += 1
                rej_off += pred is None
            else:
                on += 1
                right += pred == labels[i]
    return {"top1": right / on, "off_rej": rej_off / max(1, off)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, default=list(DEFAULT_FILES))
    ap.add_argument("--errors", action="store_true", help="list every miss")
    ap.add_argument("--cv", type=int, default=0, metavar="K", help="also K-fold CV on phrasings")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    match_question("warm up: where does it hurt?")
    print(f"model load + first query: {(time.perf_counter() - t0) * 1000:.0f} ms")
    baseline = Baseline()

    for path in args.files:
        items = load_heldout(path)
        leaks = leakage(items)
        ours = evaluate(lambda q: match_question(q).intent, items)
        base = evaluate(baseline, items)
        print(f"\n== {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
              f"{ours['n_on']} on-topic ({len({g for _, g in items if g})} intents), "
              f"{ours['n_off']} off-topic")
        print(f"{'':24}{'top-1':>8}{'off-topic rej':>15}{'false rej':>11}{'ms/question':>13}")
        for name, r in (("model (match_question)", ours), ("baseline rapidfuzz tsr", base)):
            print(f"{name:24}{r['top1']:8.3f}{r['off_rej']:15.3f}{r['false_rej']:11.3f}"
                  f"{r['ms']:13.3f}")
        ratio = ours["top1"] / base["top1"] if base["top1"] else float("inf")
        print(f"model / baseline: top-1 x{ratio:.2f}, off-topic rejection "
              f"{ours['off_rej']:.3f} vs {base['off_rej']:.3f}, time x{ours['ms'] / base['ms']:.1f}")
        print(f"near copies of training phrasings (ratio >= 90): {len(leaks)}")
        for q, t, s in leaks:
            print(f"  {s:.0f}  {q!r} ~ {t!r}")
        if args.errors:
            for q, g, p in ours["errors"]:
                print(f"  miss: {str(g):28} -> {str(p):28} | {q}")

    if args.cv:
        t0 = time.perf_counter()
        cv = cross_validate(args.cv)
        print(f"\n{args.cv}-fold CV on the training phrasings: top-1 {cv['top1']:.3f}, "
              f"off-topic rejection {cv['off_rej']:.3f} ({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
