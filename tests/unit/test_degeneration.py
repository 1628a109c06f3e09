"""Repetition loops are caught while streaming; ordinary answers are left alone."""

from hypothesis import given
from hypothesis import strategies as st

from backend.degeneration import detect_loop

# Issue 13's prescription case: the same false sentences repeated under every heading until the cap.
ISSUE_13 = (
    "## Options\nLevofloxacin 500 mg once daily. Warfarin is safe with amlodipine in renal failure patients.\n"
    "## Contraindications and cautions for this patient\nWarfarin is safe with amlodipine in renal failure patients.\n"
    "## Interactions to check with the current medicines\nWarfarin is safe with amlodipine in renal failure patients.\n"
    "## Monitoring\nWarfarin is safe"
)

A_GOOD_ANSWER = """## Options
1. Doxycycline 200 mg on day 1, then 100 mg daily for 5 days; no renal adjustment.
2. Clarithromycin 500 mg twice daily for 5 days; halve the dose if eGFR is below 30.
## Contraindications and cautions for this patient
- Penicillin allergy (rash): avoid amoxicillin.
- eGFR 38: check doses of renally cleared drugs.
## Interactions to check with the current medicines
- Warfarin: clarithromycin and doxycycline raise the INR; check the INR within 3 to 5 days.
- Simvastatin: stop it while taking clarithromycin.
## Monitoring
- INR on day 3 to 5.
- Renal function at 48 hours.
## Reasoning
Step 1: CURB-65 of 1 allows home treatment.
Step 2: The allergy rules out amoxicillin.
Step 3: Both options interact with warfarin, so the INR must be checked."""


def test_issue_13_prescription_loop_is_caught_at_the_third_copy():
    loop = detect_loop(ISSUE_13)
    assert loop is not None and loop.kind == "sentence" and loop.count == 3
    assert loop.repeated == "Warfarin is safe with amlodipine in renal failure patients."
    assert ISSUE_13[loop.start :].startswith("Warfarin is safe with amlodipine")
    assert ISSUE_13.index("Warfarin is safe") < loop.start  # the first copy stays before the cut


def test_two_copies_are_not_yet_a_loop():
    assert detect_loop(ISSUE_13[: ISSUE_13.index("## Interactions")]) is None


def test_a_good_structured_answer_is_not_a_loop_at_any_prefix():
    for cut in range(0, len(A_GOOD_ANSWER) + 1, 7):
        assert detect_loop(A_GOOD_ANSWER[:cut]) is None
    assert detect_loop(A_GOOD_ANSWER, final=True) is None


def test_a_phrase_repeated_back_to_back_without_full_stops_is_a_loop():
    loop = detect_loop("The diagnosis is " + "check the INR and " * 10)
    assert loop is not None and loop.kind in ("ngram", "tail")


def test_a_single_word_stutter_is_a_tail_loop():
    loop = detect_loop("Answer: B. " + "very " * 30)
    assert loop is not None and loop.kind == "tail" and loop.repeated == "very"


def test_numbered_copies_of_one_line_count_as_the_same_sentence():
    text = "".join(f"{i}. Check the INR every day this week.\n" for i in range(1, 4))
    assert detect_loop(text).kind == "sentence"


def test_short_repeated_lines_are_allowed():
    # "Likelihood: high" under each of several items is the template's own format, not a loop.
    assert detect_loop("1. MI\nLikelihood: high\n2. PE\nLikelihood: high\n3. AAA\nLikelihood: high\n") is None


@given(st.text(max_size=300))
def test_any_text_is_handled(text):
    loop = detect_loop(text, final=True)
    assert loop is None or 0 <= loop.start < len(text)


@given(st.lists(st.sampled_from(["fever", "rash", "neck", "stiffness", "the", "and", "of", "ECG"]), max_size=60))
def test_once_a_loop_is_seen_a_longer_text_still_has_one(words):
    text = " ".join(words) + ". " + "Give oxygen and call the team now. " * 3
    assert detect_loop(text) is not None
