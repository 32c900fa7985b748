"""The interview intent model: features, a softmax classifier, training and loading.

Features of a question (after ``text.normalise``):
- character n-grams (2-5, within word boundaries, like scikit-learn's ``char_wb``), sublinear
  TF-IDF, hashed into ``N_BUCKETS`` columns and L2-normalised: robust to typos and inflection;
- a 128-d static sentence embedding (``embed.StaticEmbedder``): knows that "sore" is near
  "hurt" and "rows" near "arguments", which no n-gram can.

A multinomial logistic regression over both (numpy, trained by full-batch Adam) scores every
intent plus an ``OFF_TOPIC`` class learnt from off-topic examples. The trained weights are
stored in ``model/intent_classifier.npz`` together with a hash of the phrasings files
(``phrasings.yaml`` and every file of ``EXTRA_PHRASINGS``); if the phrasings change and the file is
stale, the model is retrained in-process (a few seconds) and
``python -m simulator.patient.understanding.build`` rewrites the file.
"""

from __future__ import annotations

import hashlib
import math
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .embed import MODEL_DIR, StaticEmbedder
from .text import SpellCorrector, normalise, tokens

PHRASINGS = Path(__file__).with_name("phrasings.yaml")
# Round 7 (issue 19): more phrasings in the voices the first file lacks, grouped by voice
# (second languages, regional idiom, shorthand, typing errors, dictation, questionnaire items,
# motivational interviewing, ...); trained exactly as the first file, except that the words of
# the typing-error and text-speak voices are never spelling targets (a misspelling or "takin" is
# not a word to correct to).
VOICES = Path(__file__).with_name("phrasings_voices.yaml")
# Every phrasings file read beside phrasings.yaml, in order: the one list the model, the topic
# index and the benchmarks train on (add a file here and nowhere else). Round 9's two thousand
# more (bench/data/phrasings_round9.yaml) were measured and not adopted: docs/INTENTS.md.
EXTRA_PHRASINGS = (VOICES,)
# Voices whose words are never spelling targets: typing errors, text speak and respellings of
# speech ("takin'", "bettah") are training text, not words to correct to.
NOT_SPELLING_TARGETS = frozenset({
    "typos", "textspeak", "shorthand_and_textspeak_more",
    "locum_autocorrect", "boston_english", "liverpool_english", "jamaican_english",
})
CLASSIFIER = MODEL_DIR / "intent_classifier.npz"
OFF_TOPIC = "__off_topic__"
# Open questions ("how have you been?"): answered with the patient's main concern.
OPEN = "__open__"
N_BUCKETS = 1 << 15
NGRAMS = (2, 5)
EMBED_WEIGHT = 1.0
L2 = 4e-5
EPOCHS = 200
LEARNING_RATE = 0.1
FORMAT = 1


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Phrasings:
    intents: dict[str, tuple[str, ...]]
    off_topic: tuple[str, ...]
    open_questions: tuple[str, ...]
    vocabulary: tuple[str, ...]
    digest: str
    # texts whose words are not spelling targets (the `typos` voice)
    misspelt: frozenset[str] = frozenset()
    # voice -> number of examples it adds (docs and tests)
    voices: tuple[tuple[str, int], ...] = ()

    def examples(self) -> tuple[list[str], list[str]]:
        texts: list[str] = []
        labels: list[str] = []
        for intent, items in self.intents.items():
            texts.extend(items)
            labels.extend([intent] * len(items))
        texts.extend(self.off_topic)
        labels.extend([OFF_TOPIC] * len(self.off_topic))
        texts.extend(self.open_questions)
        labels.extend([OPEN] * len(self.open_questions))
        return texts, labels


def load_phrasings(
    path: Path = PHRASINGS, voices: Path | Sequence[Path] | None = EXTRA_PHRASINGS
) -> Phrasings:
    """The phrasings of ``path`` and of the voices files ``voices`` (one file or several)."""
    files = (voices,) if isinstance(voices, Path) else tuple(voices or ())
    extras = tuple(f.read_bytes() for f in files if f.exists())
    return _phrasings_of(path.read_bytes(), *extras)


@lru_cache(maxsize=4)
def _phrasings_of(raw: bytes, *extras: bytes) -> Phrasings:
    """The phrasings in ``raw`` and the voices files ``extras`` (kept by content: the model and
    the topic index both read the files, and reading them again costs a tenth of a second)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    data = yaml.load(raw.decode("utf-8"))
    intents = {str(k): [str(s) for s in v] for k, v in data["intents"].items()}
    off_topic = [str(s) for s in data.get("off_topic", ())]
    open_questions = [str(s) for s in data.get("open_questions", ())]
    misspelt: set[str] = set()
    counts: list[tuple[str, int]] = []
    extras = tuple(e for e in extras if e)
    for extra in extras:
        voices = (yaml.load(extra.decode("utf-8")) or {}).get("voices", {})
        for voice, block in voices.items():
            if any(name == str(voice) for name, _ in counts):
                raise ValueError(f"voice {voice!r} is defined in two phrasings files")
            added = _add_voice(str(voice), block or {}, intents, off_topic, open_questions)
            counts.append((str(voice), len(added)))
            if voice in NOT_SPELLING_TARGETS:
                misspelt.update(added)
    digest = hashlib.sha256(b"\0".join((raw, *extras))).hexdigest()
    return Phrasings(
        intents={k: tuple(v) for k, v in intents.items()},
        off_topic=tuple(off_topic),
        open_questions=tuple(open_questions),
        vocabulary=tuple(str(data.get("vocabulary", "")).split()),
        digest=digest,
        misspelt=frozenset(misspelt),
        voices=tuple(counts),
    )


def _add_voice(voice: str, block: dict, intents: dict[str, list[str]], off_topic: list[str],
               open_questions: list[str]) -> list[str]:
    """Add one voice's examples to the lists; an intent the first file lacks is an error."""
    added: list[str] = []
    for key, items in block.items():
        texts = [str(s) for s in items or ()]
        if key == "off_topic":
            off_topic.extend(texts)
        elif key == "open_questions":
            open_questions.extend(texts)
        elif key in intents:
            intents[key].extend(texts)
        else:
            raise ValueError(f"voice {voice!r}: unknown intent {key!r}")
        added.extend(texts)
    return added


# ----------------------------------------------------------------------- features


def char_ngrams(text: str, lo: int = NGRAMS[0], hi: int = NGRAMS[1]) -> Counter[str]:
    grams: Counter[str] = Counter()
    for word in text.split():
        padded = f" {word} "
        size = len(padded)
        for n in range(lo, hi + 1):
            if n > size:
                break
            for i in range(size - n + 1):
                grams[padded[i : i + n]] += 1
    return grams


def _bucket(gram: str) -> int:
    return zlib.crc32(gram.encode("utf-8")) & (N_BUCKETS - 1)


def hashed_tf(text: str) -> dict[int, float]:
    """Sublinear term frequencies of the hashed character n-grams of ``text``."""
    counts: dict[int, float] = {}
    for gram, c in char_ngrams(text).items():
        b = _bucket(gram)
        counts[b] = counts.get(b, 0.0) + c
    return {b: 1.0 + math.log(c) for b, c in counts.items()}


@dataclass
class SparseRows:
    """A row-sparse matrix in COO form, rows sorted (one row per text)."""

    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    n_rows: int


def tfidf_rows(tfs: Sequence[dict[int, float]], idf: np.ndarray) -> SparseRows:
    """L2-normalised TF-IDF rows of ``tfs`` (one row per text; an empty text has no entries).

    Built from one small array per row, not from Python lists of every entry: the index of all
    the core phrasings (round 9: some 6,000, 700,000 entries) otherwise held about 70 MB of
    Python numbers at once while it was built."""
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    for r, tf in enumerate(tfs):
        if not tf:
            continue
        c = np.fromiter(tf.keys(), dtype=np.int64, count=len(tf))
        v = np.fromiter(tf.values(), dtype=np.float64, count=len(tf)) * idf[c]
        norm = float(np.linalg.norm(v))
        if norm == 0:
            continue
        rows.append(np.full(len(c), r, dtype=np.int64))
        cols.append(c)
        vals.append((v / norm).astype(np.float32))
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return SparseRows(empty, empty.copy(), np.zeros(0, dtype=np.float32), len(tfs))
    return SparseRows(np.concatenate(rows), np.concatenate(cols), np.concatenate(vals), len(tfs))


def fit_idf(tfs: Sequence[dict[int, float]]) -> np.ndarray:
    df = np.zeros(N_BUCKETS, dtype=np.float64)
    for tf in tfs:
        df[list(tf.keys())] += 1
    n = len(tfs)
    return (np.log((1 + n) / (1 + df)) + 1.0).astype(np.float32)


# ---------------------------------------------------------------------- classifier


def _segment_sum(keys: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Sum the rows of ``values`` that share a key (``keys`` sorted) into an (n, k) array."""
    out = np.zeros((n, values.shape[1]), dtype=np.float32)
    if len(keys):
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        out[keys[starts]] = np.add.reduceat(values, starts, axis=0)
    return out


def _sparse_dot(x: SparseRows, w: np.ndarray) -> np.ndarray:
    return _segment_sum(x.rows, w[x.cols] * x.vals[:, None], x.n_rows)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def train_softmax(
    xs: SparseRows,
    xe: np.ndarray,
    y: np.ndarray,
    n_classes: int,
    epochs: int = EPOCHS,
    l2: float = L2,
    lr: float = LEARNING_RATE,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Multinomial logistic regression, full-batch Adam, L2 on the weights.

    The training set is small (about 1,500 phrasings and some 9,000 n-gram columns in use),
    so the design matrix is simply made dense over the used columns plus the embedding.
    """
    n = xe.shape[0]
    used = np.unique(xs.cols)
    remap = np.full(N_BUCKETS, -1, dtype=np.int64)
    remap[used] = np.arange(len(used))
    x = np.zeros((n, len(used) + xe.shape[1]), dtype=np.float32)
    x[xs.rows, remap[xs.cols]] = xs.vals
    x[:, len(used) :] = xe
    w = np.zeros((x.shape[1], n_classes), dtype=np.float32)
    b = np.zeros(n_classes, dtype=np.float32)
    onehot = np.zeros((n, n_classes), dtype=np.float32)
    onehot[np.arange(n), y] = 1.0
    params = [w, b]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, epochs + 1):
        g = (_softmax(x @ w + b) - onehot) / n
        grads = [x.T @ g + l2 * w, g.sum(axis=0)]
        for i, (p, gr) in enumerate(zip(params, grads, strict=True)):
            m[i] = b1 * m[i] + (1 - b1) * gr
            v[i] = b2 * v[i] + (1 - b2) * gr * gr
            p -= lr * (m[i] / (1 - b1**t)) / (np.sqrt(v[i] / (1 - b2**t)) + eps)
    full = np.zeros((N_BUCKETS, n_classes), dtype=np.float32)
    full[used] = w[: len(used)]
    return full, w[len(used) :].copy(), b


# --------------------------------------------------------------------------- model


class IntentModel:
    """Normalise, featurise and score a question against every intent."""

    def __init__(
        self,
        classes: list[str],
        idf: np.ndarray,
        w_sparse: np.ndarray,
        w_embed: np.ndarray,
        bias: np.ndarray,
        embedder: StaticEmbedder,
        speller: SpellCorrector,
        digest: str,
    ) -> None:
        self.classes = classes
        self.idf = idf
        self.w_sparse = w_sparse
        self.w_embed = w_embed
        self.bias = bias
        self.embedder = embedder
        self.speller = speller
        self.digest = digest
        self.off_index = classes.index(OFF_TOPIC)

    def prepare(self, text: str) -> str:
        return normalise(text, self.speller)

    def features(self, prepared: Sequence[str]) -> tuple[SparseRows, np.ndarray]:
        xs = tfidf_rows([hashed_tf(t) for t in prepared], self.idf)
        xe = self.embedder.encode(list(prepared)) * EMBED_WEIGHT
        return xs, xe

    def proba(self, texts: Sequence[str]) -> np.ndarray:
        prepared = [self.prepare(t) for t in texts]
        xs, xe = self.features(prepared)
        z = _sparse_dot(xs, self.w_sparse) + xe @ self.w_embed + self.bias
        return _softmax(z)

    # ---------------------------------------------------------------- persistence

    def save(self, path: Path = CLASSIFIER) -> None:
        used = np.flatnonzero(np.abs(self.w_sparse).sum(axis=1) > 0)
        np.savez_compressed(
            path,
            format=np.array(FORMAT),
            digest=np.array(self.digest),
            classes=np.array(self.classes),
            idf_cols=used.astype(np.int32),
            idf_vals=self.idf[used].astype(np.float32),
            ws=self.w_sparse[used].astype(np.float16),
            we=self.w_embed.astype(np.float32),
            b=self.bias.astype(np.float32),
        )

    @classmethod
    def load(
        cls, path: Path, embedder: StaticEmbedder, speller: SpellCorrector
    ) -> IntentModel:
        with np.load(path, allow_pickle=False) as z:
            if int(z["format"]) != FORMAT:
                raise ValueError("classifier format changed")
            used = z["idf_cols"].astype(np.int64)
            idf = np.ones(N_BUCKETS, dtype=np.float32)
            idf[used] = z["idf_vals"]
            ws = np.zeros((N_BUCKETS, len(z["classes"])), dtype=np.float32)
            ws[used] = z["ws"].astype(np.float32)
            return cls(
                [str(c) for c in z["classes"]],
                idf,
                ws,
                z["we"],
                z["b"],
                embedder,
                speller,
                str(z["digest"]),
            )


def make_speller(phrasings: Phrasings, embedder: StaticEmbedder) -> SpellCorrector:
    targets: set[str] = set(phrasings.vocabulary)
    texts, _ = phrasings.examples()
    for t in texts:
        if t not in phrasings.misspelt:
            targets.update(tokens(normalise(t)))
    return SpellCorrector(embedder.words() | targets, targets)


def train(
    texts: Sequence[str],
    labels: Sequence[str],
    embedder: StaticEmbedder,
    speller: SpellCorrector,
    digest: str = "",
    epochs: int = EPOCHS,
) -> IntentModel:
    classes = sorted(set(labels))
    index = {c: i for i, c in enumerate(classes)}
    y = np.array([index[c] for c in labels], dtype=np.int64)
    prepared = [normalise(t, speller) for t in texts]
    tfs = [hashed_tf(t) for t in prepared]
    idf = fit_idf(tfs)
    xs = tfidf_rows(tfs, idf)
    xe = embedder.encode(prepared) * EMBED_WEIGHT
    ws, we, b = train_softmax(xs, xe, y, len(classes), epochs=epochs)
    return IntentModel(classes, idf, ws, we, b, embedder, speller, digest)


def build(phrasings: Phrasings | None = None, embedder: StaticEmbedder | None = None) -> IntentModel:
    phrasings = phrasings or load_phrasings()
    embedder = embedder or StaticEmbedder()
    speller = make_speller(phrasings, embedder)
    texts, labels = phrasings.examples()
    return train(texts, labels, embedder, speller, phrasings.digest)


def load_or_build(path: Path = CLASSIFIER) -> IntentModel:
    """The shipped classifier when it matches the phrasings, else a freshly trained one."""
    phrasings = load_phrasings()
    embedder = StaticEmbedder()
    speller = make_speller(phrasings, embedder)
    if path.exists():
        try:
            model = IntentModel.load(path, embedder, speller)
        except (OSError, ValueError, KeyError):
            model = None
        if model is not None and model.digest == phrasings.digest:
            return model
    import logging

    logging.getLogger(__name__).warning(
        "intent classifier is stale or missing; retraining in-process "
        "(run `python -m simulator.patient.understanding.build` to update %s)",
        path,
    )
    texts, labels = phrasings.examples()
    return train(texts, labels, embedder, speller, phrasings.digest)
