"""The attribution benchmark's pure parts: the development/held-out construction from MedQuAD-shaped data, the
restatement, the outcome of a case and the threshold choice. No index and no model here (the benchmark itself:
python -m bench.attribution)."""

from __future__ import annotations

import random

import pytest

from backend import attribution
from bench import attribution as bench
from meddata.medquad import MedQuADDoc, MedQuADPair

GOUT = "Gout is caused by uric acid crystals that build up in a joint. It often starts in the big toe at night."
ASTHMA = "Asthma is a chronic disease of the airways. It makes breathing hard during an attack."
MEASLES = "Measles spreads through coughing and sneezing; vaccination prevents outbreaks in schools and nurseries."
LUPUS = "Lupus is an autoimmune disease that can affect the skin, joints and kidneys. It is more common in women."


def _pairs() -> tuple[list[MedQuADPair], dict[str, MedQuADDoc]]:
    pairs, docs = [], {}
    for i, (focus, answer) in enumerate(
        [
            ("Gout", GOUT),
            ("Asthma", ASTHMA),
            ("Lupus", LUPUS),
            ("gout", GOUT.replace("big toe", "ankle")),
            ("Measles", MEASLES),  # never retrieved (see _search): its words are the restatements'
        ]
    ):
        file = f"site/{i}.xml"
        docs[file] = MedQuADDoc(file, "NIDDK", f"https://example.org/{i}", focus)
        pairs.append(MedQuADPair(file, f"{i}-1", "information", f"What is (are) {focus} ?", answer, focus))
    return pairs, docs


def _search(pairs, docs):
    """The first four pages' passages, in a fixed order: the distractors are whatever is not the page itself or its
    topic."""
    from knowledge import corpus

    passages = [p for p in corpus.medquad_passages(pairs, docs) if "Measles" not in p.text]
    return lambda _question: passages


def test_cases_pair_each_sentence_with_its_own_passage_or_with_other_topics_only():
    pairs, docs = _pairs()
    cases = bench.build_cases(pairs, docs, _search(pairs, docs), exclude_files=(), per_split=10)
    assert cases and all(c.split in ("development", "held-out") for c in cases)
    by_id = {c.id: c for c in cases}
    for case in cases:
        numbers = [n for n, _ in case.passages]
        assert numbers == list(range(1, len(numbers) + 1))
        if case.supported:
            assert case.own in numbers and by_id[case.id[:-1] + "-"].sentence == case.sentence  # the same restatement
        else:
            assert case.own is None
    # The two gout pages share a topic: neither is ever the other's distractor.
    for case in cases:
        if "Gout" in case.sentence or "gout" in case.sentence:
            others = [t for n, t in case.passages if n != case.own]
            assert not any("Gout" in t or "gout" in t for t in others), case
    assert {c.level for c in cases} == set(bench.LEVELS)


def test_excluded_pages_and_too_few_distractors_leave_no_case():
    pairs, docs = _pairs()
    cases = bench.build_cases(pairs, docs, _search(pairs, docs), exclude_files={p.file for p in pairs}, per_split=10)
    assert cases == []
    no_distractors = bench.build_cases(pairs, docs, lambda _q: [], exclude_files=(), per_split=10)
    assert no_distractors == []


def test_the_split_is_by_topic_and_stable():
    assert bench.split_of("Gout") == bench.split_of("  gout ") == bench.split_of("GOUT")
    splits = {bench.split_of(f"topic {i}") for i in range(40)}
    assert splits == {"development", "held-out"}


def test_restating_replaces_the_share_of_content_words_with_words_the_passages_lack():
    sentence = "Gout is caused by uric acid crystals in a joint."
    rng = random.Random(0)
    assert bench.restate(sentence, 0.0, ["zebra"], frozenset(), rng) == sentence
    half = bench.restate(sentence, 0.5, ["zebra", "uric"], frozenset({"uric"}), rng)
    words = attribution.content_words(half)
    assert half.count("zebra") == 3 and "zebra" in words  # 3 of its 6 content words, never a word a passage has
    assert half.endswith(".") and " is " in half  # function words and punctuation stay
    with pytest.raises(ValueError):
        bench.restate(sentence, 0.5, ["uric"], frozenset({"uric"}), rng)


def _scored(supported: bool, score: float, passage: int | None = 1, own: int | None = 1, complete: bool = True):
    case = bench.Case("k#0@0" + ("+" if supported else "-"), "development", 0.0, supported, "s", (), own)
    return bench.Scored(case, attribution.Match(passage, score, complete, ()))


@pytest.mark.parametrize(
    ("scored", "threshold", "expected"),
    [
        (_scored(True, 0.9), 0.7, "tp"),
        (_scored(True, 0.9, passage=2), 0.7, "wrong"),  # supported, but by a distractor
        (_scored(True, 0.6), 0.7, "fn"),
        (_scored(True, 0.9, complete=False), 0.7, "fn"),  # a number or name the passage lacks
        (_scored(False, 0.8, own=None), 0.7, "fp"),
        (_scored(False, 0.5, own=None), 0.7, "tn"),
        (_scored(False, 0.0, passage=None, own=None), 0.0, "tn"),
    ],
)
def test_the_outcome_of_a_case(scored, threshold, expected):
    assert bench.outcome(scored, threshold) == expected


def test_metrics_and_the_threshold_choice():
    scored = [
        _scored(True, 0.95),
        _scored(True, 0.75),
        _scored(True, 0.55, passage=2),
        *[_scored(False, s, own=None) for s in (0.9, 0.65, 0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1)],
    ]
    at_70 = bench.metrics(scored, 0.7)
    assert at_70["counts"] == {"tp": 2, "wrong": 0, "fn": 1, "fp": 1, "tn": 12}
    assert at_70["precision"] == pytest.approx(2 / 3, abs=1e-4) and at_70["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert at_70["false_support"] == pytest.approx(1 / 13, abs=1e-4)
    assert bench.metrics(scored, 0.5)["counts"]["wrong"] == 1
    # 2 false supports of 13 at 0.65 (15%), 1 at 0.70 (7.7%): the lowest at or under 10% is 0.70
    assert bench.choose_threshold(scored, max_false_support=0.10) == 0.7
    assert bench.choose_threshold(scored, max_false_support=0.0) == 0.95
