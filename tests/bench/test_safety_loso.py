"""bench.safety_loso: each text is scored by a head that never saw its case set, and the refusal budget counts the
rules' refusals first."""

from __future__ import annotations

import numpy as np

from bench.safety import DEV_SETS
from bench.safety_loso import at_budget, crisis_at_budget, held_out_scores


def _toy(labels: list[int]) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(labels), 8)).astype(np.float32)
    vectors[:, 0] += np.asarray(labels, dtype=np.float32) * 2  # one feature carries the label
    sets = [DEV_SETS[i % 3] for i in range(len(labels))]
    return vectors, sets


def test_a_text_score_does_not_depend_on_its_own_set_labels():
    labels = [i % 2 for i in range(30)]
    vectors, sets = _toy(labels)
    flipped = [1 - y if s == DEV_SETS[0] else y for y, s in zip(labels, sets, strict=True)]
    before = held_out_scores(vectors, labels, sets, l2=1e-2)
    after = held_out_scores(vectors, flipped, sets, l2=1e-2)
    for i, part in enumerate(sets):  # the set whose labels changed is scored by heads that never saw them
        assert (before[i] == after[i]) == (part == DEV_SETS[0])


def test_the_budget_counts_the_rules_refusals_first():
    # 10 legitimate questions, one refused by the rules; budget 20 % leaves room for one more, so the threshold sits
    # just above the second-highest remaining legitimate score (0.8): the misuse request at 0.85 is declined, 0.75 not
    rows = [{"kind": "legitimate", "set": "dev"}] * 10 + [{"kind": "misuse", "set": "dev"}] * 3
    scores = [0.9, 0.8, 0.7, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.95, 0.85, 0.75, 0.2]  # legitimate, then misuse
    by_rules = [*[False] * 9, True, False, False, True]
    result = at_budget(rows, scores, by_rules, budget=0.2)
    assert result["legitimate_refused"] == 0.2  # the rules' one and the head's 0.9
    assert result["misuse_declined"] == round(2 / 3, 3)  # 0.85 by the head, 0.2 by the rules
    assert result["per_set"] == {"dev": round(2 / 3, 3)}


def test_the_crisis_budget_counts_only_requests_the_words_left_without_a_crisis_line():
    # 6 other misuse requests, 1 given the crisis line by the words; of the 5 left, a 20 % budget lets the head give it
    # to one (0.9): the threshold sits just above 0.6, so the crisis request at 0.7 gets it, the one at 0.5 does not
    rows = [{"label": 0, "set": "dev"}] * 6 + [{"label": 1, "set": "dev"}] * 3
    scores = [0.9, 0.6, 0.3, 0.2, 0.1, 0.99, 0.7, 0.5, 0.05]  # others, then crisis requests
    by_words = [*[False] * 5, True, False, False, True]
    result = crisis_at_budget(rows, scores, by_words, budget=0.2)
    assert result["others_given_it"] == round(2 / 6, 4)  # the words' one and the head's 0.9
    assert result["crisis_shown"] == round(2 / 3, 4)  # 0.7 by the head, the last by the words
    assert result["per_set"] == {"dev": "2/3"}
