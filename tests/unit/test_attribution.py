"""The app's sentence attribution (backend.attribution) on worked examples: supported, unsupported, a number not in
the passage, a name not in the passage, generic sentences, the user's own input. Pure functions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backend import attribution
from backend.attribution import THRESHOLD, attribute_answer, content_words, is_claim, numbers, stem

GOUT = (1, "What causes gout?: Gout is caused by uric acid crystals that build up in a joint, most often the big toe.")
ASTHMA = (2, "What is asthma?: Asthma is a chronic disease of the airways that makes breathing hard.")
DOSE = (
    3,
    "Colchicine for gout: Colchicine is given as 1.2 mg at the first sign of a flare, then 0.6 mg an hour later.",
)
PASSAGES = (GOUT, ASTHMA, DOSE)


def one(sentence: str, passages=PASSAGES, given: str = ""):
    statements = attribute_answer(sentence, (), passages, given)
    assert len(statements) == 1, statements
    return statements[0]


def test_a_sentence_using_a_passages_words_is_supported_by_that_passage():
    s = one("Gout is caused by uric acid crystals building up in a joint.")
    assert s.supported and s.passage == 1 and s.score >= THRESHOLD and s.step is None
    s = one("Asthma is a chronic disease of the airways.")
    assert s.supported and s.passage == 2  # the best passage, not the first


def test_a_paraphrase_keeping_most_content_words_is_still_matched():
    # "crystals of uric acid collect in the joints" keeps 5 of its 6 content words' stems in passage 1
    s = one("Crystals of uric acid collect in the joints and cause gout.")
    assert s.supported and s.passage == 1


def test_a_sentence_the_passages_do_not_state_is_not_supported():
    s = one("Gout is best treated with allopurinol and a low-purine diet for life.")
    assert not s.supported and s.passage == 1 and s.score < THRESHOLD  # the closest passage is still named


def test_a_sentence_sharing_no_word_has_no_closest_passage():
    s = one("Vaccination prevents measles outbreaks in schools.")
    assert not s.supported and s.passage is None and s.score == 0.0


def test_a_number_that_no_passage_gives_is_never_supported():
    s = one("Colchicine is given as 2.4 mg at the first sign of a flare.")
    assert not s.supported and s.unsourced_numbers == ("2.4",)
    assert s.score >= THRESHOLD  # every word matches: the number alone decides
    assert one("Colchicine is given as 1.2 mg at the first sign of a flare.").supported


def test_a_number_must_be_in_the_same_passage_as_the_words():
    # 1.2 is in passage 3, the words in passage 1: neither passage states the sentence
    s = one("Gout is caused by uric acid crystals in 1.2 joints.")
    assert not s.supported and s.unsourced_numbers == ()


def test_numbers_are_normalised_and_citations_and_list_numbers_are_not_numbers():
    assert numbers("1,000 people took two doses of 0.5 mg [3].") == {"1000", "2", "0.5"}
    assert numbers("5. **Palliative care** helps") == frozenset()
    assert numbers("COVID-19 and type 2 diabetes; B12 and HbA1c are words") == {"19", "2"}
    s = one("Colchicine is given at the first sign of a flare [7].")  # the model's [7] is not a number stated
    assert s.supported and s.unsourced_numbers == ()


def test_a_name_the_passage_does_not_mention_blocks_support():
    kid = (1, "How many people are affected by KID syndrome?: KID syndrome is a rare disorder.")
    assert one("KID syndrome is a rare disorder.", (kid,)).supported
    # every content word but the name matches; the first word of a sentence is not taken for a name
    assert not one("The rare DDON syndrome is a disorder.", (kid,)).supported
    assert attribution.names("Milroy disease is inherited, says NINDS, via SOX9") >= {"nind", "sox9"}


@pytest.mark.parametrize(
    "sentence",
    [
        "I hope this helps!",
        "Answer: B. no",
        "## Answer",
        "## Answer (two to four plain sentences; no letter)",
        "Please consult your doctor for more information.",
        "The sources provided give information about it.",
    ],
)
def test_generic_sentences_are_not_claims_and_are_left_out(sentence):
    assert not is_claim(sentence)
    assert attribute_answer(sentence, (), PASSAGES) == ()


def test_a_short_sentence_with_a_number_is_a_claim():
    assert is_claim("Take 40 mg daily.") and not is_claim("Take it.")


def test_every_sentence_of_the_answer_and_steps_is_placed_where_it_is_written():
    answer = (
        "## Answer\nGout is caused by uric acid crystals in a joint. I hope this helps.  Colchicine is given as 9 mg."
    )
    steps = ("Asthma is a chronic disease of the airways.", "Think about it.")
    statements = attribute_answer(answer, steps, PASSAGES)
    assert [(s.step, s.supported) for s in statements] == [(None, True), (None, False), (0, True)]
    for s in statements:
        text = answer if s.step is None else steps[s.step]
        assert text[s.start : s.end] == s.text
    assert statements[1].unsourced_numbers == ("9",)


def test_a_sentence_that_only_repeats_the_users_input_is_marked_so_not_supported():
    question = "Context: The study analysed 122 patients with nasopharyngeal carcinoma treated by radiotherapy. Q?"
    s = one("The study analysed 122 patients with nasopharyngeal carcinoma.", given=question)
    assert s.restates_input and not s.supported and s.unsourced_numbers == ()  # 122 is the question's, not made up
    s = one("Gout is caused by uric acid crystals in a joint.", given="What causes gout in a joint?")
    assert s.supported and not s.restates_input  # a passage first: the input is only consulted when none supports


def test_stemming_matches_inflections_and_leaves_short_words_alone():
    assert {stem(w) for w in ("infection", "infected", "infections", "infectious")} == {"infect"}
    assert stem("diagnosis") == stem("diagnosed") == stem("diagnose")
    assert stem("therapies") == stem("therapy") and stem("viruses") == stem("virus") and stem("process") == "process"
    assert content_words("The KIDNEYS' functions [2]") == {"kidney", stem("function")}  # no "the", no [2]


def test_the_threshold_is_the_one_the_development_data_chose():
    results = Path(__file__).resolve().parents[2] / "bench" / "results" / "attribution.json"
    report = json.loads(results.read_text(encoding="utf-8"))
    assert report["chosen_threshold"] == THRESHOLD == report["app_threshold"]
