"""NegEx/ConText-style context (Chapman et al. 2001; Harkema et al. 2009) on worked sentences."""

import pytest

from safety.negation import Context, status


def of(text: str, finding: str) -> str:
    start = text.rindex(finding)
    return status(text, start, start + len(finding))


@pytest.mark.parametrize(
    ("text", "finding", "expected"),
    [
        ("I have chest pain", "chest pain", "affirmed"),
        ("No chest pain", "chest pain", "negated"),
        ("Denies SOB", "SOB", "negated"),
        ("no fever, cough or chest pain", "chest pain", "negated"),  # a list stays in scope
        ("denies fever but has chest pain", "chest pain", "affirmed"),  # "but" ends the scope
        ("never had chest pain", "chest pain", "negated"),
        ("without chest pain", "chest pain", "negated"),
        ("not anticoagulated, sudden pale cold leg", "pale cold leg", "affirmed"),  # "not" stops at a comma
        ("he not eat and he vomit many times", "vomit", "affirmed"),  # "and he" starts a new clause
        ("chest pain last year", "chest pain", "historical"),
        ("history of MI", "MI", "historical"),
        ("a 2-hour history of chest pain", "chest pain", "affirmed"),  # a duration makes it the present illness
        ("history of angina, now crushing chest pain", "crushing chest pain", "affirmed"),
        ("PMH: MI. Now chest pain", "chest pain", "affirmed"),  # the sentence ends the trigger's reach
        ("his mother had a stroke", "stroke", "historical"),
        ("TIA two years ago", "TIA", "historical"),
        ("what are the signs of a stroke", "stroke", "hypothetical"),
        ("not sure if this is chest pain", "chest pain", "affirmed"),  # pseudo-negation
        ("no improvement in the chest pain", "chest pain", "affirmed"),
    ],
)
def test_status_of_a_finding(text, finding, expected):
    assert of(text, finding) == expected


def test_window_limits_reach_of_a_trigger():
    text = "no history of anything at all in the family or at work and then chest pain"
    assert of(text, "chest pain") == "affirmed"


def test_context_answers_each_sentence_independently():
    text = "Denies fever. Chest pain radiating to the jaw."
    ctx = Context(text)
    assert ctx.status(text.index("fever"), text.index("fever") + 5) == "negated"
    start = text.index("Chest pain")
    assert ctx.status(start, start + 10) == "affirmed"
