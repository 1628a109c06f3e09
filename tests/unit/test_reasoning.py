import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.reasoning import split_reasoning, split_steps


def test_closed_think_block():
    out = split_reasoning("<think>look at ECG\nST elevation</think>STEMI.")
    assert (out.reasoning, out.answer, out.reasoning_done) == ("look at ECG\nST elevation", "STEMI.", True)


def test_missing_opening_tag_r1_style():
    out = split_reasoning("Step 1: chest pain.\nStep 2: ECG.</think>\n\nAnswer: MI", starts_in_reasoning=True)
    assert out.reasoning.startswith("Step 1") and out.answer == "Answer: MI" and out.reasoning_done


def test_unclosed_block_mid_stream_is_all_reasoning():
    out = split_reasoning("<think>Step 1: the patient", final=False)
    assert out.reasoning == "Step 1: the patient" and out.answer == "" and not out.reasoning_done


def test_r1_prefix_without_any_tag_mid_stream_is_reasoning():
    out = split_reasoning("Okay, so the patient", starts_in_reasoning=True)
    assert out.reasoning == "Okay, so the patient" and out.answer == "" and not out.reasoning_done


@pytest.mark.parametrize("partial", ["<", "</", "</th", "</think"])
def test_half_streamed_closing_tag_never_shows(partial):
    out = split_reasoning("<think>abc" + partial)
    assert out.reasoning == "abc"


def test_half_streamed_opening_tag_in_plain_answer_never_shows():
    assert split_reasoning("Answer text <thi").answer == "Answer text"


def test_empty_reasoning():
    out = split_reasoning("<think>\n\n</think>\n\nThe answer is B.")
    assert out.reasoning == "" and out.answer == "The answer is B." and out.reasoning_done
    assert split_steps(out.reasoning) == ()


def test_plain_answer_without_tags():
    out = split_reasoning("Likely a urinary tract infection.", final=True)
    assert out.reasoning == "" and out.answer == "Likely a urinary tract infection."


def test_untagged_steps_then_answer_heading():
    text = "## Reasoning\nStep 1: fever.\nStep 2: neck stiffness.\n## Most likely diagnosis\nMeningitis"
    out = split_reasoning(text, final=True)
    assert out.reasoning == "Step 1: fever.\nStep 2: neck stiffness."
    assert out.answer == "## Most likely diagnosis\nMeningitis"
    assert split_steps(out.reasoning) == ("fever.", "neck stiffness.")


def test_untagged_steps_with_final_answer_label():
    out = split_reasoning("Step 1: look\nStep 2: think\nFinal answer: B. MI", final=True)
    assert out.answer == "B. MI" and split_steps(out.reasoning) == ("look", "think")


def test_untagged_steps_mid_stream_wait_for_answer():
    out = split_reasoning("Step 1: look\nStep 2: thi", final=False)
    assert out.answer == "" and not out.reasoning_done


def test_plain_model_that_opened_think_and_never_closed_it():
    text = "<think>\n### Step 1: Initial\nfoo\n### Step 2: bar\n## Possible causes\nMI"
    out = split_reasoning(text, final=True)
    assert out.answer == "## Possible causes\nMI" and len(split_steps(out.reasoning)) == 2


def test_steps_mentioned_inside_an_answer_are_not_reasoning():
    out = split_reasoning("Call 911. Step 1 is to keep calm.", final=True)
    assert out.reasoning == "" and out.answer.startswith("Call 911")


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("Step 1: a\nmore a\nStep 2: b", ("a\nmore a", "b")),
        ("**Step 1:** x\n**Step 2** - y", ("x", "y")),
        ("### Step 1: Assess\nA\n### Step 2: Plan\nB", ("Assess\nA", "Plan\nB")),
        ("Intro line\n1. one\n2. two", ("Intro line", "one", "two")),
        ("First paragraph.\n\nSecond paragraph.", ("First paragraph.", "Second paragraph.")),
        ("A single thought", ("A single thought",)),
        ("Step 1: fever. Step 2: stiff neck.", ("fever.", "stiff neck.")),
        ("We note step 1 is to call and step 2 is to wait.", ("We note step 1 is to call and step 2 is to wait.",)),
        ("", ()),
    ],
)
def test_split_steps(text, steps):
    assert split_steps(text) == steps


@given(st.text(max_size=400), st.booleans(), st.booleans())
def test_parser_never_crashes_and_never_shows_tags(text, r1, final):
    out = split_reasoning(text, starts_in_reasoning=r1, final=final)
    assert "</think>" not in out.answer and "<think>" not in out.answer
    for step in split_steps(out.reasoning):
        assert step.strip()


_plain = st.text(alphabet=st.characters(blacklist_characters="<>", blacklist_categories=("Cs",)), max_size=60)


@given(_plain, _plain, st.booleans())
def test_streamed_prefixes_only_ever_extend_what_was_shown(reasoning, answer, r1):
    """Re-parsing a growing output must never show text that later disappears or changes."""
    text = ("" if r1 else "<think>") + reasoning + "</think>" + answer
    full = split_reasoning(text, starts_in_reasoning=r1, final=True)
    for cut in range(len(text) + 1):
        part = split_reasoning(text[:cut], starts_in_reasoning=r1)
        assert full.reasoning.startswith(part.reasoning.strip())
        assert full.answer.startswith(part.answer)


# --- Answer sections found by their headings wherever the model puts them (issue 13) -----------------------------

DIAGNOSIS = ("Most likely diagnosis", "Differential diagnosis", "Workup to confirm or exclude")
EDUCATION = ("Answer", "Take-home point")


def test_answer_first_then_reasoning_then_more_answer():
    text = (
        "## Answer\nAnswer: B. TSH-receptor stimulating antibody\n## Reasoning\nStep 1: Goitre and exophthalmos.\n"
        "Step 2: Graves' disease.\n## Take-home point\nGraves' = TSH-receptor antibodies."
    )
    out = split_reasoning(text, final=True, answer_sections=EDUCATION)
    assert out.answer == (
        "## Answer\nAnswer: B. TSH-receptor stimulating antibody\n\n"
        "## Take-home point\nGraves' = TSH-receptor antibodies."
    )
    assert split_steps(out.reasoning) == ("Goitre and exophthalmos.", "Graves' disease.")


def test_steps_titled_with_the_answer_sections_are_the_answer():
    # Issue 13: five numbered steps whose titles were the template's own sections; the answer panel stayed empty.
    text = (
        "Step 1: Presentation\nBreathless, orthopnoea, oedema.\nStep 2: Most likely diagnosis\nHeart failure.\n"
        "Step 3: Differential diagnosis\n1. COPD\n2. Nephrotic syndrome\nStep 4: Workup to confirm or exclude\nEcho.\n"
        "Step 5: Key reasoning\nRaised JVP and BNP."
    )
    out = split_reasoning(text, final=True, answer_sections=(*DIAGNOSIS, "Key reasoning"))
    assert split_steps(out.reasoning) == ("Presentation\nBreathless, orthopnoea, oedema.",)
    assert out.answer.startswith("## Most likely diagnosis\nHeart failure.\n\n## Differential diagnosis\n1. COPD")
    assert out.answer.endswith("## Key reasoning\nRaised JVP and BNP.")


@pytest.mark.parametrize(
    "line",
    [
        "### Step 2: Differential diagnosis",
        "**Differential diagnosis**",
        "2. **Differential diagnosis**:",
        "**Step 2: Differential diagnosis (ranked)**",
    ],
)
def test_every_heading_shape_that_names_an_answer_section_opens_it(line):
    text = f"Step 1: Fever and rash.\n{line}\nMeningitis, sepsis"
    out = split_reasoning(text, final=True, answer_sections=DIAGNOSIS)
    assert out.reasoning == "Step 1: Fever and rash."
    assert out.answer == "## Differential diagnosis\nMeningitis, sepsis"


def test_a_section_title_with_its_content_on_the_same_line():
    out = split_reasoning("1. **Most likely diagnosis**: heart failure", final=True, answer_sections=DIAGNOSIS)
    assert out.answer == "## Most likely diagnosis\nheart failure" and out.reasoning == ""


def test_reasoning_is_not_done_while_a_reasoning_section_streams():
    text = "## Answer\nAnswer: B\n## Reasoning\nStep 1: Goitre"
    out = split_reasoning(text, answer_sections=EDUCATION)
    assert out.answer == "## Answer\nAnswer: B" and not out.reasoning_done
    assert split_reasoning(text + ".\n## Take-home point\nx", answer_sections=EDUCATION).reasoning_done


def test_a_half_written_heading_is_held_back_until_its_line_is_complete():
    # "## Reas" could still become "## Reasoning": showing it as an answer heading would make text jump panels.
    assert split_reasoning("## Answer\nAnswer: B\n## Reas", answer_sections=EDUCATION).answer == "## Answer\nAnswer: B"


_line = st.text(alphabet="abc .", min_size=1, max_size=20).filter(lambda s: s.strip())


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["## Answer", "## Reasoning", "Step 1:", "Step 2:", "2. **Differential diagnosis**", ""]),
            _line,
        ),
        max_size=6,
    )
)
def test_untagged_prefixes_only_ever_extend_what_was_shown(parts):
    text = "\n".join(f"{head} {body}" if head else body for head, body in parts)
    sections = ("Answer", "Differential diagnosis")
    full = split_reasoning(text, final=True, answer_sections=sections)
    for cut in range(len(text) + 1):
        part = split_reasoning(text[:cut], answer_sections=sections)
        assert full.reasoning.startswith(part.reasoning), (text[:cut], part)
        assert full.answer.startswith(part.answer), (text[:cut], part)
