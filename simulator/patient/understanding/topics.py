"""Case topics: a scenario's own interview topics, matched by the intent model's features.

A scenario may declare topics (``interview.topics``) with a few example phrasings each. They
are not trained into the classifier: at load time each phrasing is turned into the same two
feature vectors the classifier reads (hashed character n-gram TF-IDF and the static sentence
embedding, both L2-normalised), and a question's score for a topic is its best cosine
similarity to one of that topic's phrasings, averaging the two feature kinds. The same
similarity to the core intents' own training phrasings is the yardstick: ``margin`` is how
much closer the question is to the topic than to any core phrasing, which is what decides
(a raw similarity alone is high for any two questions that share "you" and "the tablets").
Nothing is retrained and nothing is downloaded; adding a topic costs one embedding per phrasing.

The n-gram vectors are kept sparse, as an index from n-gram column to (phrasing, weight), so
the core phrasings (about 1,300) are indexed once for every scenario, in a few MB.

The core phrasings' index (about 4,000 phrasings, 1.7 s of CPU to build) is stored beside the
classifier (``model/core_index.npz``, written by ``python -m simulator.patient.understanding.build``;
``--index`` writes it alone) and loaded in a few milliseconds while its key matches: the model's
phrasings digest and n-gram weights, the yardstick's phrasings and the code that builds it. With
any of them changed it is built in-process, as before (a test checks the stored one is current
and equal, array for array, to one built afresh).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .embed import MODEL_DIR
from .model import hashed_tf, tfidf_rows

CORE_INDEX = MODEL_DIR / "core_index.npz"
INDEX_FORMAT = 1
# The modules whose code decides the core index's arrays (text: normalising and spelling; embed:
# the sentence embedding; model: the n-gram features; this module: the index itself), and the
# embedding's files (by size: the classifier's digest does not cover them).
_INDEX_CODE = ("text.py", "embed.py", "model.py", "topics.py")
_INDEX_FILES = ("model.safetensors", "tokenizer.json")

# Weight of the sentence embedding against the character n-grams in the similarity.
EMBED_SHARE = 0.5


@dataclass(frozen=True)
class TopicScore:
    topic: str
    score: float  # 0..1 cosine-based similarity to the topic's nearest phrasing
    margin: float = 0.0  # score minus the similarity to the nearest core-intent phrasing


class PhrasingIndex:
    """Example questions as sparse n-gram TF-IDF rows and dense sentence embeddings."""

    def __init__(self, texts: Sequence[str]) -> None:
        from . import _get_model

        self._model = model = _get_model()
        self.size = len(texts)
        prepared = [model.prepare(t) for t in texts]
        rows = tfidf_rows([hashed_tf(t) for t in prepared], model.idf)
        order = np.argsort(rows.cols, kind="stable")
        self._cols = rows.cols[order]
        self._rows = rows.rows[order]
        self._vals = rows.vals[order]
        if texts:
            embed = model.embedder.encode(list(prepared)).astype(np.float32)
            norms = np.linalg.norm(embed, axis=1, keepdims=True)
            self._embed = embed / np.maximum(norms, 1e-9)
        else:
            self._embed = np.zeros((0, 1), np.float32)

    @classmethod
    def _of_arrays(cls, cols: np.ndarray, rows: np.ndarray, vals: np.ndarray, embed: np.ndarray,
                   size: int) -> PhrasingIndex:
        """An index from its arrays (as ``__init__`` leaves them), read with the model in use."""
        from . import _get_model

        self = cls.__new__(cls)
        self._model = _get_model()
        self.size = size
        self._cols, self._rows, self._vals, self._embed = cols, rows, vals, embed
        return self

    def arrays(self) -> dict[str, np.ndarray]:
        """The index's arrays by name (storing it, and checking a stored one)."""
        return {"cols": self._cols, "rows": self._rows, "vals": self._vals, "embed": self._embed}

    def query(self, text: str) -> tuple[dict[int, float], np.ndarray]:
        """The features of ``text`` in this index's terms (n-gram weights, unit embedding)."""
        model = self._model
        prepared = model.prepare(text)
        row = tfidf_rows([hashed_tf(prepared)], model.idf)
        e = model.embedder.encode([prepared])[0].astype(np.float32)
        return dict(zip(row.cols.tolist(), row.vals.tolist(), strict=True)), e / max(
            float(np.linalg.norm(e)), 1e-9
        )

    def similarities(self, query: tuple[dict[int, float], np.ndarray]) -> np.ndarray:
        """Cosine similarity of the query to every phrasing (n-grams and embedding averaged)."""
        grams, e = query
        sparse = np.zeros(self.size, dtype=np.float32)
        if grams:
            cols = np.fromiter(grams, dtype=self._cols.dtype, count=len(grams))
            weights = np.fromiter(grams.values(), dtype=np.float64, count=len(grams))
            lo = np.searchsorted(self._cols, cols, side="left")
            lengths = np.searchsorted(self._cols, cols, side="right") - lo
            total = int(lengths.sum())
            if total:  # every posting of every query n-gram at once (round 7: 3,700 phrasings)
                ends = np.cumsum(lengths)
                at = np.repeat(lo - (ends - lengths), lengths) + np.arange(total)
                sparse = np.bincount(
                    self._rows[at], weights=self._vals[at] * np.repeat(weights, lengths), minlength=self.size
                ).astype(np.float32)
        # einsum, not BLAS: above about 2,500 rows OpenBLAS splits a matrix-vector product over
        # threads, which on a busy two-core machine made this 0.02 ms product take 2-5 ms
        dense = np.einsum("ij,j->i", self._embed, e) if self.size else np.zeros(0, np.float32)
        return (1 - EMBED_SHARE) * sparse + EMBED_SHARE * dense


class TopicIndex:
    """The phrasings of a scenario's topics, scored against the core phrasings."""

    def __init__(self, topics: Sequence[tuple[str, Sequence[str]]]) -> None:
        self.ids: list[str] = []
        texts: list[str] = []
        for topic, phrasings in topics:
            for phrasing in phrasings:
                self.ids.append(topic)
                texts.append(phrasing)
        self._topics = tuple(dict.fromkeys(self.ids))
        self._index = PhrasingIndex(texts)

    @property
    def topics(self) -> tuple[str, ...]:
        return self._topics

    def scores(self, text: str) -> list[TopicScore]:
        """Every topic's score for ``text``, best first."""
        if not self.ids:
            return []
        query = _query(text)
        sims = self._index.similarities(query)
        core = core_similarities(text)
        core_best = float(core.max()) if len(core) else 0.0
        best: dict[str, float] = {}
        for topic, sim in zip(self.ids, sims.tolist(), strict=True):
            if sim > best.get(topic, -1.0):
                best[topic] = sim
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        return [TopicScore(t, round(max(0.0, s), 3), round(s - core_best, 3)) for t, s in ranked]


@lru_cache(maxsize=1)
def core_index() -> PhrasingIndex:
    """The core intents' training phrasings (the yardstick for a topic's margin), built once
    per process, or read from ``CORE_INDEX`` when it was built from the same inputs."""
    stored = load_core_index()
    return stored if stored is not None else build_core_index()


def build_core_index() -> PhrasingIndex:
    """The core phrasings' index, built afresh (never read from ``CORE_INDEX``)."""
    return PhrasingIndex(_core_texts())


def _core_texts() -> list[str]:
    return [t for items in _phrasings().intents.values() for t in items]


def core_index_key() -> tuple[str, str]:
    """What the core index is built from: (the data's key, the code's key). The code's key is
    empty where the package's sources cannot be read (a frozen app): the data's key then decides."""
    from . import _get_model

    model = _get_model()
    data = hashlib.sha256()
    for part in (str(INDEX_FORMAT), model.digest, _phrasings().digest):
        data.update(part.encode("utf-8") + b"\0")
    data.update(np.ascontiguousarray(model.idf).tobytes())
    here = Path(__file__).parent
    code = hashlib.sha256()
    try:
        for name in _INDEX_CODE:
            code.update((here / name).read_bytes() + b"\0")
        for name in _INDEX_FILES:
            code.update(str((MODEL_DIR / name).stat().st_size).encode() + b"\0")
    except OSError:
        return data.hexdigest(), ""
    return data.hexdigest(), code.hexdigest()


def load_core_index(path: Path = CORE_INDEX) -> PhrasingIndex | None:
    """The stored core index when its key matches what it would be built from now, else None."""
    try:
        with np.load(path, allow_pickle=False) as z:
            data, code = core_index_key()
            if str(z["data_key"]) != data or (code and str(z["code_key"]) != code):
                return None
            return PhrasingIndex._of_arrays(
                z["cols"].astype(np.int64),
                z["rows"].astype(np.int64),
                z["vals"],
                z["embed"],
                int(z["size"]),
            )
    except (OSError, ValueError, KeyError):
        return None


def save_core_index(path: Path = CORE_INDEX) -> PhrasingIndex:
    """Build the core index afresh and store it with its key (``build`` runs this after the
    classifier is written, with the model read back from that file, as every process reads it)."""
    index = build_core_index()
    data, code = core_index_key()
    arrays = index.arrays()
    assert arrays["cols"].max(initial=0) < 1 << 31 and index.size < 1 << 31
    np.savez_compressed(
        path,
        format=np.array(INDEX_FORMAT),
        data_key=np.array(data),
        code_key=np.array(code),
        size=np.array(index.size),
        cols=arrays["cols"].astype(np.int32),
        rows=arrays["rows"].astype(np.int32),
        vals=arrays["vals"],
        embed=arrays["embed"],
    )
    return index


@lru_cache(maxsize=1)
def _phrasings():
    from .model import TOPIC_YARDSTICK, load_phrasings

    return load_phrasings(voices=TOPIC_YARDSTICK)


@lru_cache(maxsize=1)
def _core_labels() -> tuple[str, ...]:
    return tuple(i for i, items in _phrasings().intents.items() for _ in items)


@lru_cache(maxsize=256)
def _query(text: str) -> tuple[dict[int, float], np.ndarray]:
    """The features of ``text`` (the same for every index: one model); cached, since one turn
    is read by the core model, the agreement check, the case topics and the dialogue acts."""
    return core_index().query(text)


@lru_cache(maxsize=256)
def core_similarities(text: str) -> np.ndarray:
    """Similarity of ``text`` to every core training phrasing (cached; do not modify)."""
    return core_index().similarities(_query(text))


def core_neighbours(text: str, k: int) -> frozenset[str]:
    """The intents of the ``k`` training phrasings nearest to ``text``."""
    sims = core_similarities(text)
    labels = _core_labels()
    return frozenset(labels[i] for i in np.argsort(-sims)[:k].tolist())


@lru_cache(maxsize=16)
def topic_index(topics: tuple[tuple[str, tuple[str, ...]], ...]) -> TopicIndex:
    """A cached index for one scenario's topics (key: ids and phrasings)."""
    return TopicIndex(topics)
