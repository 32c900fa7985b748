"""A static sentence embedder that reads a model2vec model folder with numpy only.

The folder (``model/``) holds a model2vec static model distilled once from
sentence-transformers/all-MiniLM-L6-v2 (see ``distill_model.py`` and ``model/NOTICE``):
``model.safetensors`` (one ``embeddings`` matrix, a row per token) and ``tokenizer.json``
(BERT uncased WordPiece). Encoding a sentence is: BERT basic tokenisation, WordPiece,
drop unknown tokens, mean of the token rows, L2 normalisation. That is what
``model2vec.StaticModel.encode`` does for this model; re-implementing it here keeps the
run-time dependencies to numpy (no tokenizers, safetensors or huggingface_hub, and never a
download: only the local folder is read).
"""

from __future__ import annotations

import json
import re
import struct
import unicodedata
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).with_name("model")

_DTYPES = {"F16": np.float16, "F32": np.float32, "F64": np.float64, "BF16": None}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Read a .safetensors file into numpy arrays (format: u64 header size, JSON header, data)."""
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    base = 8 + n
    out: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(info["dtype"])
        if dtype is None:
            raise ValueError(f"unsupported tensor dtype {info['dtype']} in {path}")
        start, end = info["data_offsets"]
        arr = np.frombuffer(raw, dtype=dtype, count=(end - start) // np.dtype(dtype).itemsize,
                            offset=base + start)
        out[name] = arr.reshape(info["shape"])
    return out


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


# ASCII text, which nearly every typed turn and phrasing is: the control characters BERT's cleaning
# drops (tab, newline and return become spaces, and split words as spaces do), then each
# punctuation mark alone and each run of other non-space characters (no accents, no CJK there).
_ASCII_PUNCT = "!-/:-@\\[-`{-~"
_ASCII_WORDS = re.compile(f"[{_ASCII_PUNCT}]|[^{_ASCII_PUNCT}\\s]+")
_ASCII_DROP = dict.fromkeys([*(c for c in range(32) if c not in (9, 10, 13)), 127])


def basic_tokenize(text: str) -> list[str]:
    """BERT's basic tokenizer (clean, CJK split, lower-case, strip accents, split punctuation).

    ASCII text by one regular expression (about nine times quicker; a test checks it gives what
    the general path gives), anything else by the general path."""
    if text.isascii():
        return _ASCII_WORDS.findall(text.translate(_ASCII_DROP).lower())
    return basic_tokenize_any(text)


def basic_tokenize_any(text: str) -> list[str]:
    """``basic_tokenize`` for any text, character by character."""
    chars: list[str] = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD:
            continue
        cat = unicodedata.category(ch)
        if ch in "\t\n\r" or cat == "Zs":
            chars.append(" ")
        elif cat.startswith("C"):
            continue
        elif _is_cjk(cp):
            chars.append(f" {ch} ")
        else:
            chars.append(ch)
    text = "".join(chars).lower()
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    out: list[str] = []
    for word in text.split():
        cur = ""
        for ch in word:
            if _is_punct(ch):
                if cur:
                    out.append(cur)
                    cur = ""
                out.append(ch)
            else:
                cur += ch
        if cur:
            out.append(cur)
    return out


class StaticEmbedder:
    """Mean-pooled static token embeddings (a model2vec model read with numpy)."""

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        tok = json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8"))
        model = tok["model"]
        if model.get("type") != "WordPiece":
            raise ValueError(f"{model_dir}: expected a WordPiece tokenizer")
        self.vocab: dict[str, int] = model["vocab"]
        self.prefix: str = model.get("continuing_subword_prefix", "##")
        self.max_chars: int = model.get("max_input_chars_per_word", 100)
        tensors = read_safetensors(model_dir / "model.safetensors")
        self.matrix = np.asarray(tensors["embeddings"], dtype=np.float32)
        self.dim = int(self.matrix.shape[1])
        self._cache: dict[str, list[int]] = {}

    def words(self) -> frozenset[str]:
        """Whole-word tokens of the vocabulary (used as 'known words' for typo correction)."""
        return frozenset(t for t in self.vocab if t.isalpha())

    def _wordpiece(self, word: str) -> list[int]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        ids: list[int] = []
        if len(word) <= self.max_chars:
            start = 0
            while start < len(word):
                end = len(word)
                found = None
                while start < end:
                    piece = word[start:end] if start == 0 else self.prefix + word[start:end]
                    if piece in self.vocab:
                        found = self.vocab[piece]
                        break
                    end -= 1
                if found is None:
                    ids = []  # the whole word is unknown; model2vec drops [UNK]
                    break
                ids.append(found)
                start = end
        if len(self._cache) < 50_000:
            self._cache[word] = ids
        return ids

    def token_ids(self, text: str) -> list[int]:
        ids: list[int] = []
        for word in basic_tokenize(text):
            ids.extend(self._wordpiece(word))
        return ids

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            ids = self.token_ids(text)
            if ids:
                vec = self.matrix[ids].mean(axis=0)
                norm = float(np.linalg.norm(vec))
                if norm > 0:
                    out[i] = vec / norm
        return out
