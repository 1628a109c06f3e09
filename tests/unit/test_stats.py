"""Newcombe's paired-difference interval (core.stats.paired_difference) on published worked examples and its edges."""

from __future__ import annotations

import pytest

from core.stats import paired_difference, wilson


def test_the_interval_matches_the_published_worked_example():
    # Fagerland, Lydersen & Laake, Statistical Analysis of Contingency Tables (2017), ch. 8, "The Paired 2×2 Table":
    # complete response before and after consolidation therapy (Cavo et al. 2012), cells 59, 6, 16, 80. Newcombe's
    # square-and-add interval as the book's R package (contingencytables) prints it: −0.0621 (−0.1186 to −0.0046).
    difference, low, high = paired_difference(59, 6, 16, 80)
    assert (round(difference, 4), round(low, 4), round(high, 4)) == (-0.0621, -0.1186, -0.0046)


def test_swapping_the_arms_mirrors_the_interval():
    difference, low, high = paired_difference(59, 6, 16, 80)
    assert paired_difference(59, 16, 6, 80) == pytest.approx((-difference, -high, -low))


def test_pairing_narrows_the_interval_when_the_arms_agree():
    # 100 items, 50 right in one arm and 55 in the other: agreeing on all but 5 items is far more certain than two
    # independent samples of 100 with those accuracies (Newcombe's unpaired hybrid, phi = 0).
    _, low, high = paired_difference(50, 0, 5, 45)
    l1, u1 = wilson(50, 100)
    l2, u2 = wilson(55, 100)
    unpaired = ((0.50 - l1) ** 2 + (u2 - 0.55) ** 2) ** 0.5 + ((0.55 - l2) ** 2 + (u1 - 0.50) ** 2) ** 0.5
    assert high - low < unpaired / 2
    assert low < -0.05 < high < 0


def test_edges():
    # All right in both arms: a margin is empty, so phi is 0 and each side is the one arm's Wilson half-width.
    lowest = wilson(10, 10)[0]
    assert paired_difference(10, 0, 0, 0) == pytest.approx((0.0, -(1 - lowest), 1 - lowest))
    assert paired_difference(0, 0, 0, 10) == pytest.approx((0.0, -(1 - lowest), 1 - lowest))
    with pytest.raises(ValueError):
        paired_difference(0, 0, 0, 0)
