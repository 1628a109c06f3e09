"""The exact McNemar test (core.stats.mcnemar_exact) on worked examples, and the paired 2×2 table the report prints."""

from __future__ import annotations

import math

import pytest

from core.stats import mcnemar_exact
from pipeline.paired import Paired, paired


def test_mcnemar_exact_matches_the_published_worked_example():
    # Fagerland, Lydersen & Laake, "The McNemar test for binary matched-pairs data: mid-p and asymptotic are better
    # than exact conditional", BMC Med Res Methodol 13:91 (2013), Table 1: airway hyper-responsiveness before and
    # after stem cell transplantation in 21 children (Bentur et al. 2009), discordant pairs 1 and 7.
    # Exact conditional p = 0.070 as published: 2 * (C(8,0) + C(8,1)) / 2^8 = 18/256 = 0.0703.
    assert mcnemar_exact(1, 7) == pytest.approx(18 / 256)
    assert round(mcnemar_exact(1, 7), 3) == 0.070


def test_mcnemar_exact_by_hand():
    assert mcnemar_exact(0, 5) == 2 / 32  # both one-sided tails of Binomial(5, 1/2) at 0: 2 * 1/32
    assert mcnemar_exact(0, 6) == 2 / 64
    assert mcnemar_exact(2, 8) == pytest.approx(2 * (1 + 10 + 45) / 1024)  # 0.109
    assert mcnemar_exact(7, 1) == mcnemar_exact(1, 7)  # two-sided: symmetric in the discordant cells


def test_mcnemar_exact_edges():
    assert mcnemar_exact(0, 0) == 1.0  # no discordant pair: no evidence either way
    assert mcnemar_exact(5, 5) == 1.0  # an even split: the doubled tail exceeds 1 and is capped
    assert mcnemar_exact(4, 5) == 1.0


def test_mcnemar_exact_at_the_size_of_our_runs():
    # ~1,000 items with 60 vs 90 discordant answers (a 3-point difference): significant at 5%, as a normal
    # approximation with continuity correction also says (chi2 = (|60-90|-1)^2/150 = 5.61, p = 0.018).
    p = mcnemar_exact(60, 90)
    assert 0.01 < p < 0.025
    chi2 = (abs(60 - 90) - 1) ** 2 / 150
    assert p == pytest.approx(math.erfc(math.sqrt(chi2 / 2)), abs=0.003)


def test_paired_table_counts_each_cell_and_the_difference():
    base = {"a": True, "b": True, "c": False, "d": False, "e": True, "f": False}
    candidate = {"a": True, "b": False, "c": True, "d": True, "e": True, "f": False}
    t = paired(base, candidate)
    assert t == Paired(both=2, only_base=1, only_candidate=2, neither=1)
    assert t.n == 6 and t.base_accuracy == 3 / 6 and t.candidate_accuracy == 4 / 6
    assert t.difference == pytest.approx(1 / 6)
    assert t.p_value == mcnemar_exact(1, 2) == 1.0
    assert t.verdict() == "no significant difference"


def test_paired_verdict_names_the_winner_only_when_significant():
    assert Paired(both=50, only_base=1, only_candidate=7, neither=42).verdict() == "no significant difference"
    assert Paired(both=50, only_base=1, only_candidate=7, neither=42).verdict(alpha=0.1) == "candidate better"
    assert Paired(both=50, only_base=9, only_candidate=0, neither=41).verdict() == "base better"


def test_paired_refuses_different_items():
    with pytest.raises(ValueError, match="same items"):
        paired({"a": True, "b": False}, {"a": True, "c": False})
    with pytest.raises(ValueError, match="at least one"):
        paired({}, {})
