"""Statistics the benchmarks and reports share: intervals, paired tests and calibration metrics. Pure functions."""

from __future__ import annotations

import math
from collections.abc import Sequence


def wilson(correct: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion (sound at small n and near 0 or 1, unlike the normal interval)."""
    if n == 0:
        return (0.0, 0.0)
    p = correct / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (centre - half, centre + half)


def mcnemar_exact(only_a: int, only_b: int) -> float:
    """Two-sided exact McNemar p-value from the discordant pairs (A right & B wrong, A wrong & B right).

    Exact binomial test of only_a vs only_b at p = 0.5 (McNemar 1947; the exact form for small counts)."""
    n = only_a + only_b
    if n == 0:
        return 1.0
    k = min(only_a, only_b)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2**n
    return min(1.0, 2 * tail)


def paired_difference(both: int, only_a: int, only_b: int, neither: int, z: float = 1.96) -> tuple[float, float, float]:
    """(difference, low, high): accuracy of A minus accuracy of B on the same items, with a 95% interval.

    Newcombe's square-and-add interval for paired proportions (Newcombe 1998, Stat Med 17:2635, method 10): each
    accuracy's Wilson interval, combined with the correlation of the pairs. Unlike one Wilson interval per arm it
    uses the pairing: items both get right or both get wrong narrow it."""
    n = both + only_a + only_b + neither
    if n == 0:
        raise ValueError("a paired difference needs at least one pair")
    a_right, b_right = both + only_a, both + only_b
    p_a, p_b = a_right / n, b_right / n
    low_a, high_a = wilson(a_right, n, z)
    low_b, high_b = wilson(b_right, n, z)
    phi = _pair_correlation(both, only_a, only_b, neither)
    below = math.sqrt(max(0.0, (p_a - low_a) ** 2 + (high_b - p_b) ** 2 - 2 * phi * (p_a - low_a) * (high_b - p_b)))
    above = math.sqrt(max(0.0, (p_b - low_b) ** 2 + (high_a - p_a) ** 2 - 2 * phi * (p_b - low_b) * (high_a - p_a)))
    return p_a - p_b, p_a - p_b - below, p_a - p_b + above


def _pair_correlation(both: int, only_a: int, only_b: int, neither: int) -> float:
    """Newcombe's continuity-corrected phi of the 2×2 table: 0 when a margin is empty, and a positive association
    shrunk by n/2 (to 0 if it is smaller), so the interval is never narrowed by chance agreement."""
    margins = (both + only_a) * (only_b + neither) * (both + only_b) * (only_a + neither)
    if margins == 0:
        return 0.0
    n = both + only_a + only_b + neither
    association = both * neither - only_a * only_b
    if association > n / 2:
        return (association - n / 2) / math.sqrt(margins)
    return association / math.sqrt(margins) if association < 0 else 0.0


def brier(confidences: Sequence[float], correct: Sequence[bool]) -> float:
    """Mean squared difference between confidence and outcome (0 is perfect; always answering 0.5 scores 0.25)."""
    _check(confidences, correct)
    return sum((c - float(y)) ** 2 for c, y in zip(confidences, correct, strict=True)) / len(correct)


def expected_calibration_error(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float:
    """ECE with equal-width bins (Guo et al. 2017): sum over bins of |accuracy - mean confidence| x bin share."""
    _check(confidences, correct)
    total = 0.0
    for _, _, members in reliability_bins(confidences, correct, bins):
        if members:
            accuracy = sum(y for _, y in members) / len(members)
            mean_conf = sum(c for c, _ in members) / len(members)
            total += abs(accuracy - mean_conf) * len(members) / len(correct)
    return total


def reliability_bins(
    confidences: Sequence[float], correct: Sequence[bool], bins: int = 10
) -> list[tuple[float, float, list[tuple[float, bool]]]]:
    """(low, high, members) per equal-width bin; a confidence of exactly 1.0 falls in the last bin."""
    out: list[tuple[float, float, list[tuple[float, bool]]]] = [(i / bins, (i + 1) / bins, []) for i in range(bins)]
    for c, y in zip(confidences, correct, strict=True):
        if not 0.0 <= c <= 1.0:
            raise ValueError(f"confidence must be in [0, 1], got {c}")
        out[min(int(c * bins), bins - 1)][2].append((c, bool(y)))
    return out


def auroc(scores: Sequence[float], positive: Sequence[bool]) -> float:
    """Area under the ROC curve: the chance that a random positive outscores a random negative (ties count half).

    Returns nan when either class is empty (the area is undefined)."""
    _check(scores, positive)
    pos = [s for s, y in zip(scores, positive, strict=True) if y]
    neg = [s for s, y in zip(scores, positive, strict=True) if not y]
    if not pos or not neg:
        return math.nan
    # Rank-sum form (Mann-Whitney U), O(n log n) with average ranks for ties.
    ranked = sorted((s, i) for i, s in enumerate(scores))
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(ranked):
        j = i
        while j + 1 < len(ranked) and ranked[j + 1][0] == ranked[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[ranked[k][1]] = (i + j) / 2 + 1
        i = j + 1
    rank_sum = sum(r for r, y in zip(ranks, positive, strict=True) if y)
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def _check(a: Sequence, b: Sequence) -> None:
    if len(a) != len(b) or not a:
        raise ValueError(f"need two non-empty sequences of equal length, got {len(a)} and {len(b)}")
