"""The app's own examples, as a first-time user clicks them: the education tab's teaching questions raise no
emergency notice and are not declined (its first example, "Why does a tension pneumothorax cause hypotension?",
raised a tension-pneumothorax notice before this round)."""

import pytest

from prompts.loader import load_template
from safety.classifier import assess_all, check_misuse_all

EDUCATION_EXAMPLES = [example["question"] for example in load_template("education").examples]


@pytest.mark.parametrize("question", EDUCATION_EXAMPLES)
def test_education_examples_raise_no_notice_and_are_answered(question):
    assert assess_all(question) == (), [e.title for e in assess_all(question)]
    assert check_misuse_all(question) is None
