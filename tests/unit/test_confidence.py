"""Confidence: letter probability from token log-probabilities, self-consistency, stated likelihood, bands."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.confidence import (
    agreement,
    answer_confidence,
    answer_position,
    band_for,
    consistency_confidence,
    letter_distribution,
    letter_probability,
    mcq_confidence,
    ranking_confidence,
    stated_likelihood,
    top_item,
)
from backend.types import CONFIDENCE_LABELS, TokenLogprob

LETTERS = ("A", "B", "C", "D")


def _tokens(*pieces: str, top=()) -> tuple[TokenLogprob, ...]:
    """A stream whose last token carries the alternatives `top` (what llama.cpp returns with top_logprobs)."""
    head = tuple(TokenLogprob(p, -0.01) for p in pieces[:-1])
    last = pieces[-1]
    return (*head, TokenLogprob(last, dict(top).get(last, -0.01), tuple(top)))


def test_worked_example_renormalises_over_the_option_letters():
    # Hand-computed: P(" B")=0.6, P(" A")=0.2, P(" C")=0.1, P(" The")=0.05, D unlisted -> D gets the floor 0.05.
    # Letters' mass 0.6 + 0.2 + 0.1 + 0.05 = 0.95, so P(B | letters) = 0.6 / 0.95 = 0.6316.
    top = ((" B", math.log(0.6)), (" A", math.log(0.2)), (" C", math.log(0.1)), (" The", math.log(0.05)))
    chosen, p = letter_probability(_tokens("##", " Answer", "\n", "Answer", ":", " B", top=top), LETTERS)
    assert chosen == "B" and p == pytest.approx(0.6 / 0.95)


def test_spellings_of_one_letter_add_up():
    top = ((" B", math.log(0.5)), ("B", math.log(0.3)), ("(A", math.log(0.2)))
    dist = letter_distribution(top, ("A", "B"))
    assert dist["B"] == pytest.approx(0.8) and dist["A"] == pytest.approx(0.2)


def test_no_letter_among_the_alternatives_gives_none():
    assert letter_distribution(((" The", -0.1), (" It", -2.0)), LETTERS) is None


def test_the_answer_position_is_the_first_letter_after_the_answer_label():
    # "A" in "## Answer" is not the answer; the letter after "Answer:" is.
    stream = _tokens("A", " patient", "\n", "Answer", ":", " C")
    assert answer_position(stream, LETTERS) == 5


def test_a_stream_without_an_answer_line_has_no_letter_probability():
    assert letter_probability(_tokens("The", " answer", " is", " unclear"), LETTERS) is None


@given(st.lists(st.floats(min_value=-20, max_value=0), min_size=1, max_size=4))
def test_letter_distribution_is_a_distribution(logprobs):
    top = tuple((f" {letter}", lp) for letter, lp in zip(LETTERS, logprobs, strict=False))
    dist = letter_distribution(top, LETTERS)
    assert sum(dist.values()) == pytest.approx(1.0) and all(0 <= p <= 1 for p in dist.values())


def test_agreement_counts_missing_answers_as_disagreeing():
    assert agreement(["B", "B", None, "B", "A"]) == ("B", 0.6)
    assert agreement([None, None]) == (None, 0.0)


@pytest.mark.parametrize(
    ("score", "band"), [(0.9, "high"), (0.85, "high"), (0.7, "moderate"), (0.55, "moderate"), (0.3, "low")]
)
def test_bands_follow_the_thresholds(score, band):
    assert band_for(score, (0.85, 0.55)) == band


def test_bands_are_labelled_never_bare_percentages():
    conf = mcq_confidence(0.3)
    assert conf.label == "low confidence: verify" and conf.band == "low"
    for band in CONFIDENCE_LABELS:
        assert "%" not in CONFIDENCE_LABELS[band]
    assert "%" not in conf.explanation and "0.3" not in conf.explanation


def test_self_consistency_explains_the_vote():
    # Calibrated on practice MCQs (bench/results/calibration-qwen2.5-1.5b.json): 5/5 agreeing was right 67% of the
    # time, so agreement alone is never "high confidence".
    conf = consistency_confidence(["B", "B", "B", "B", "B"])
    assert conf.band == "moderate" and conf.explanation.startswith("5 of 5")
    assert consistency_confidence(["B", "B", "B", "B", "A"]).band == "moderate"
    assert consistency_confidence(["A", "B", "C", "B", "B"]).band == "low"


@pytest.mark.parametrize(
    ("answer", "band"),
    [
        ("## Most likely diagnosis\nHeart failure\nLikelihood: high", "high"),
        ("## Possible causes\n1. Acute MI - likelihood: moderate\n2. PE - likelihood: low", "moderate"),
        ("1. Cystitis (low likelihood)", "low"),
        ("1. Migraine - likelihood: medium", "moderate"),
        ("Heart failure, most likely.", None),
    ],
)
def test_stated_likelihood_is_read_from_the_top_ranked_item(answer, band):
    assert stated_likelihood(answer) == band


def test_top_item_is_normalised_for_agreement():
    answer = "## Possible causes\n1. **Acute MI** - likelihood: high\n2. PE"
    assert top_item(answer, "Possible causes") == "acute mi"


def test_disagreeing_samples_lower_a_stated_high_likelihood():
    answer = "## Most likely diagnosis\nMeningitis\nLikelihood: high"
    conf = ranking_confidence(answer, ["meningitis", "sepsis", "meningitis", "encephalitis", "sepsis"])
    assert conf.band == "low" and conf.method == "self_consistency"
    agreeing = ranking_confidence(answer, ["meningitis"] * 5)
    assert agreeing.band == "moderate" and "5 of 5" in agreeing.explanation
    stated_moderate = ranking_confidence(answer.replace("high", "moderate"), ["meningitis"] * 5)
    assert stated_moderate.method == "stated_likelihood" and "5 of 5" in stated_moderate.explanation


def test_a_ranking_without_a_stated_likelihood_has_no_confidence():
    assert ranking_confidence("## Possible causes\n1. Cystitis") is None


def test_answer_confidence_prefers_samples_when_self_consistency_is_on():
    top = ((" B", math.log(0.97)), (" A", math.log(0.01)), (" C", math.log(0.01)), (" D", math.log(0.01)))
    stream = _tokens("Answer", ":", " B", top=top)
    assert answer_confidence(stream, LETTERS).method == "letter_probability"
    assert answer_confidence(stream, LETTERS).band == "high"
    assert answer_confidence(stream, LETTERS, ["B", "A", "C", "B", "D"]).method == "self_consistency"
    assert answer_confidence(_tokens("No", " letter"), LETTERS) is None
