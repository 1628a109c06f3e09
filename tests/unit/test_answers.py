"""meddata.answers on the kinds of output small models really produce (the app, rejection sampling, evaluation)."""

import pytest

from meddata.answers import extract_choice, is_refusal

OPTIONS = [("A", "yes"), ("B", "no"), ("C", "maybe"), ("D", "Metformin")]
MCQ = [
    ("A", "Anti-TPO"),
    ("B", "TSH-receptor stimulating antibody"),
    ("C", "Anti-thyroglobulin"),
    ("D", "Anti-microsomal"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Our education template's headings, with the options restated in the reasoning above them.
        (
            "Step 4: the options\nA. yes\nB. no\nC. maybe\n"
            "## Answer (for an MCQ, the letter and the option text)\nB. no\n## Why (the key facts)\nbecause",
            "B",
        ),
        ("## Answer (for an MCQ, the letter and the option text)\n## A. yes\n## Why\nx", "A"),  # letter as a heading
        ("<think>A looks wrong; the answer is B</think>The answer is (C).", "C"),  # reasoning is ignored
        ("**Final answer:** D. Metformin", "D"),
        ("answer: b", "B"),  # lower case after a colon
        ("The correct option is C because the abstract says so.", "C"),
        ("I think the answer is C. On reflection, the answer is D.", "D"),  # the last statement wins
        ("The answer is A or B.", None),  # hedged: no guess
        ("The answer is a rare cause of hypertension.", None),  # the article "a" is not option A
        ("It is most likely maybe.", "C"),  # PubMedQA word answer
        ("Yes and no: it depends.", None),  # two option texts: ambiguous
        ("Nothing useful here", None),
        ("## Answer\nThe best choice is B, TSH-receptor stimulating antibody.", "B"),
        ("## Answer\n(B)\n## Why\nGraves disease", "B"),
        ("## Answer\n## Why\nI ran out of tokens", None),  # empty answer section: no fallback to the reasoning
    ],
)
def test_extract_choice(text, expected):
    assert extract_choice(text, OPTIONS if "Metformin" in text or "TSH" not in text else MCQ) == expected


def test_option_text_only_answer():
    assert extract_choice("## Answer\nTSH-receptor stimulating antibody", MCQ) == "B"


def test_refusal_detection():
    assert is_refusal("I'm sorry, but I can't assist with that.")
    assert not is_refusal("## Reasoning\nStep 1: I'm sorry to hear about the pain; consider angina.")
