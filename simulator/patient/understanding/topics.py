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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .model import hashed_tf, tfidf_rows

# Weight of the sentence embedding against the character n-grams in the similarity.
EMBED_SHARE = 0.5


@dataclass(frozen=True)
class TopicScore:
    topic: str
    score: float  # 0..1 cosine-based similarity to the topic's nearest phrasing
    margin: float = 0.0  # score minus the similarity to the nearest core-intent phrasing


class TopicIndex:
    """The phrasings of a scenario's topics, as feature vectors ready for cosine matching."""

    def __init__(self, topics: Sequence[tuple[str, Sequence[str]]]) -> None:
        from . import _get_model

        self._model = _get_model()
        self.ids: list[str] = []
        texts: list[str] = []
        for topic, phrasings in topics:
            for phrasing in phrasings:
                self.ids.append(topic)
                texts.append(phrasing)
        self._topics = tuple(dict.fromkeys(self.ids))
        n_topic = len(texts)
        if texts:
            from .model import load_phrasings

            core, _labels = _core_phrasings(load_phrasings)
            texts = texts + list(core)
        self._n_topic = n_topic
        if texts:
            self._sparse, self._embed = self._vectors(texts)
        else:
            self._sparse, self._embed = np.zeros((0, 1), np.float32), np.zeros((0, 1), np.float32)

    @property
    def topics(self) -> tuple[str, ...]:
        return self._topics

    def _vectors(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        model = self._model
        prepared = [model.prepare(t) for t in texts]
        rows = tfidf_rows([hashed_tf(t) for t in prepared], model.idf)
        used = sorted(set(rows.cols.tolist()))
        sparse = {c: i for i, c in enumerate(used)}
        self._columns = sparse
        dense = np.zeros((len(texts), max(1, len(used))), dtype=np.float32)
        for r, c, v in zip(rows.rows, rows.cols, rows.vals, strict=True):
            dense[r, sparse[int(c)]] = v
        embed = model.embedder.encode(list(prepared)).astype(np.float32)
        norms = np.linalg.norm(embed, axis=1, keepdims=True)
        return dense, embed / np.maximum(norms, 1e-9)

    def scores(self, text: str) -> list[TopicScore]:
        """Every topic's score for ``text``, best first."""
        if not self.ids:
            return []
        model = self._model
        prepared = model.prepare(text)
        row = tfidf_rows([hashed_tf(prepared)], model.idf)
        q = np.zeros(self._sparse.shape[1], dtype=np.float32)
        for c, v in zip(row.cols, row.vals, strict=True):
            i = self._columns.get(int(c))
            if i is not None:
                q[i] = v
        e = model.embedder.encode([prepared])[0].astype(np.float32)
        e = e / max(float(np.linalg.norm(e)), 1e-9)
        sims = (1 - EMBED_SHARE) * (self._sparse @ q) + EMBED_SHARE * (self._embed @ e)
        core_best = float(sims[self._n_topic :].max()) if len(sims) > self._n_topic else 0.0
        best: dict[str, float] = {}
        for topic, sim in zip(self.ids, sims[: self._n_topic].tolist(), strict=True):
            if sim > best.get(topic, -1.0):
                best[topic] = sim
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        return [TopicScore(t, round(max(0.0, s), 3), round(s - core_best, 3)) for t, s in ranked]


@lru_cache(maxsize=1)
def _core_phrasings(loader) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The core intents' training phrasings (the yardstick for a topic's margin)."""
    phrasings = loader()
    texts: list[str] = []
    labels: list[str] = []
    for intent, items in phrasings.intents.items():
        texts.extend(items)
        labels.extend([intent] * len(items))
    return tuple(texts), tuple(labels)


@lru_cache(maxsize=16)
def topic_index(topics: tuple[tuple[str, tuple[str, ...]], ...]) -> TopicIndex:
    """A cached index for one scenario's topics (key: ids and phrasings)."""
    return TopicIndex(topics)
