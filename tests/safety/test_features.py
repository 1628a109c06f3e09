"""Hashed lexical features of the learned safety layer (safety.features), on worked examples."""

import hashlib
import math

from safety.features import LEXICAL_DIM, lexical_tokens, lexical_vector


def test_tokens_are_words_word_pairs_and_character_four_grams():
    # worked by hand: words of "No chest-pain!" are no, chest, pain; joined " no chest pain " gives 12 4-grams
    tokens = lexical_tokens("No chest-pain!")
    assert tokens[:5] == ["no", "chest", "pain", "no_chest", "chest_pain"]
    assert tokens[5:] == [
        " no ",
        "no c",
        "o ch",
        " che",
        "ches",
        "hest",
        "est ",
        "st p",
        "t pa",
        " pai",
        "pain",
        "ain ",
    ]


def test_vector_is_a_unit_vector_of_the_token_counts_in_md5_buckets():
    vector = lexical_vector("pain pain")
    assert len(vector) == LEXICAL_DIM and math.isclose(math.sqrt(sum(v * v for v in vector)), 1.0)
    bucket = int.from_bytes(hashlib.md5(b"pain").digest()[:4], "big") % LEXICAL_DIM
    assert vector[bucket] == max(vector)  # "pain" twice: the largest count (unless a 4-gram shares its bucket)


def test_buckets_are_fixed_numbers_not_a_per_process_hash_and_case_does_not_matter():
    # md5("pain")[:4] as a big-endian integer mod 2**14 = 10631, worked out once and written here: a salted hash()
    # would give another bucket in every process and the shipped heads would read garbage
    vector = lexical_vector("pain")
    assert vector[10631] > 0
    assert lexical_vector("Sudden worst headache") == lexical_vector("sudden WORST headache")
    assert not any(lexical_vector("?!"))


def test_a_typo_keeps_most_of_the_vector():
    """Character 4-grams keep a misspelling close: the reason these features are there."""
    a, b, c = (
        lexical_vector("anaphylaxis after a bee sting"),
        lexical_vector("anafylaxis after a bee sting"),
        (lexical_vector("sprained ankle after football")),
    )
    assert sum(x * y for x, y in zip(a, b, strict=True)) > 0.6 > sum(x * y for x, y in zip(a, c, strict=True))
