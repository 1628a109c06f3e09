"""Passage chunking: sentence boundaries, MedQuAD's bullet lists, the size bounds and the short-tail rule."""

from __future__ import annotations

from knowledge.chunking import chunk, clean, sentences, trim_words


def test_clean_collapses_medquads_xml_whitespace() -> None:
    assert clean("Key Points\n                    - Fever.    - Rash. ") == "Key Points - Fever. - Rash."


def test_sentences_split_on_full_stops_and_bullets() -> None:
    text = "Signs include: - Fever - Night sweats. The cause is unknown. (See below.)"
    assert sentences(text) == ["Signs include:", "- Fever", "- Night sweats.", "The cause is unknown.", "(See below.)"]


def test_chunks_keep_whole_sentences_within_the_word_limit() -> None:
    sentence = "Word " + " ".join(["word"] * 28) + " end."  # 30 words
    chunks = chunk(" ".join([sentence] * 19), max_words=200, min_words=60)
    assert [len(c.split()) for c in chunks] == [180, 180, 210]  # the 30-word tail joins the chunk before it
    assert len(chunk(" ".join([sentence] * 20), max_words=200, min_words=60)) == 4  # a 60-word tail stands alone
    assert all(c.endswith("end.") for c in chunks)


def test_a_short_text_is_one_chunk_and_a_huge_sentence_is_cut() -> None:
    assert chunk("One short answer.") == ["One short answer."]
    pieces = chunk(" ".join(["w"] * 450), max_words=200, min_words=60)
    assert [len(p.split()) for p in pieces] == [200, 250]


def test_trim_words_marks_the_cut() -> None:
    assert trim_words("a b c d", 2) == "a b …"
    assert trim_words("a b", 2) == "a b"
