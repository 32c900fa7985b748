"""Encoder 9: does a fine-tuned (then distilled) encoder generalise better? One model per process.

    python bench/encoder9.py MODEL_DIR --file bench/data/realistic_heldout5.yaml [--file ...]

MODEL_DIR holds a model2vec static model (``model.safetensors``, ``tokenizer.json``): the
shipped ``simulator/patient/understanding/model`` for the baseline, or a variant distilled by
``bench/encoder9_finetune.py``. The classifier is retrained here on the phrasings with that
embedding (exactly as ``python -m simulator.patient.understanding.build`` does), made the model
every reader of the understanding package uses, warmed, then every file is played through
``SessionController.ask`` (bench/realistic_turns.py, split all). Reports wrong/answered per file,
train time, reply latency p50/p99 and peak RSS. ``--full-encoder DIR`` instead uses a full
sentence-transformers folder as the embedding (numpy, bench/transformer_encoder.py), for reference.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def export(path: Path) -> int:
    """The fine-tuning data: the phrasings only (never a benchmark file), normalised as the
    classifier reads them."""
    import json

    from simulator.patient.understanding.embed import StaticEmbedder
    from simulator.patient.understanding.model import load_phrasings, make_speller
    from simulator.patient.understanding.text import normalise

    phrasings = load_phrasings()
    speller = make_speller(phrasings, StaticEmbedder())
    texts, labels = phrasings.examples()
    path.write_text(json.dumps({"texts": [normalise(t, speller) for t in texts], "raw": texts,
                                "labels": labels}))
    print(f"wrote {len(texts)} phrasings to {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model_dir", type=Path, nargs="?")
    ap.add_argument("--export", type=Path, help="write the prepared phrasings (texts, labels) as JSON, stop")
    ap.add_argument("--full-encoder", action="store_true", help="MODEL_DIR is a full MiniLM folder")
    ap.add_argument("--file", action="append", default=[])
    ap.add_argument("--label", default="")
    args = ap.parse_args(argv)
    if args.export:
        return export(args.export)

    import realistic_turns as rt
    from transformer_encoder import MiniLMEmbedder, _use

    from simulator.patient.understanding.embed import StaticEmbedder
    from simulator.patient.understanding.model import build

    label = args.label or args.model_dir.name
    t0 = time.perf_counter()
    if args.full_encoder:
        embedder = MiniLMEmbedder(args.model_dir)
        for key in list(embedder.w):  # transformers 5 saves LayerNorm as gamma/beta
            if key.endswith(".gamma"):
                embedder.w[key.removesuffix(".gamma") + ".weight"] = embedder.w.pop(key)
            elif key.endswith(".beta"):
                embedder.w[key.removesuffix(".beta") + ".bias"] = embedder.w.pop(key)
    else:
        embedder = StaticEmbedder(args.model_dir)
    model = build(embedder=embedder)  # type: ignore[arg-type]
    train_s = time.perf_counter() - t0
    _use(model)
    from simulator.patient.understanding.warmup import warm

    warm()
    rt.LATENCIES.clear()
    totals = [0, 0, 0, 0]
    for spec in args.file:
        outcomes = rt.play(rt.load(Path(spec)), "all")
        fig = rt.report(outcomes, f"{label}: {Path(spec).name}", quiet=True)
        parts = [v for o in outcomes for _i, v in o.parts]
        turns = len(outcomes) + len(parts)
        n_ans = sum(o.answerable for o in outcomes) + len(parts)
        totals[0] += round(fig["wrong"] * turns)
        totals[1] += turns
        totals[2] += round(fig["answered"] * n_ans)
        totals[3] += n_ans
    lat = sorted(rt.LATENCIES)
    p50, p99 = lat[len(lat) // 2], lat[min(len(lat) - 1, int(0.99 * len(lat)))]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  {label}: TOTAL wrong {totals[0]}/{totals[1]} = {totals[0] / totals[1]:.3f}, answered "
          f"{totals[2]}/{totals[3]} = {totals[2] / totals[3]:.3f}")
    print(f"  {label}: classifier trained in {train_s:.0f} s; reply latency p50 {p50 * 1000:.1f} ms, "
          f"p99 {p99 * 1000:.1f} ms; peak RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
