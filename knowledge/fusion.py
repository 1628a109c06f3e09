"""Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009): score(d) = sum over rankings of 1 / (k + rank).

It needs no score calibration between BM25 and cosine similarity, which live on unrelated scales."""

from __future__ import annotations

from collections.abc import Sequence

RRF_K = 60
"""The paper's constant: damps the weight of the very top ranks so that one ranking cannot dominate."""


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Fuse ranked id lists (best first; rank counts from 1) into one, best first; ties keep first-seen order."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])
