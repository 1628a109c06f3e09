"""Cited sources: MCQ detection and the MIRAGE stem, citation checking, and the drug-name check. Pure functions."""

from __future__ import annotations

import pytest

from backend.sources import check_citations, check_drugs, cited_numbers, is_mcq, mcq_stem, wants_sources
from backend.types import SourcePassage, Sources

GRAVES = (
    "A 30-year-old woman has heat intolerance, weight loss and exophthalmos. Which antibody is most likely present? "
    "A. Anti-TPO  B. TSH-receptor stimulating antibody  C. Anti-thyroglobulin  D. Anti-microsomal"
)


def test_an_mcq_is_recognised_inline_and_on_lines():
    assert is_mcq(GRAVES)
    assert is_mcq("Which is a loop diuretic?\nA. Furosemide\nB. Spironolactone\nC. Amiloride\nD. Indapamide")
    assert not is_mcq("Why does a tension pneumothorax cause hypotension?")
    assert not is_mcq("Vitamin A. Is it toxic in pregnancy?")


def test_the_retriever_never_sees_the_options():
    stem = mcq_stem(GRAVES)
    assert stem.endswith("Which antibody is most likely present?") and "TSH-receptor" not in stem


@pytest.mark.parametrize(
    ("task", "question", "setting", "expected"),
    [
        ("education", GRAVES, "auto", False),  # MCQs: off by default (MIRAGE: retrieval can hurt small models)
        ("education", "What causes gout?", "auto", True),
        ("education", GRAVES, "on", True),
        ("diagnosis", "", "auto", True),
        ("diagnosis", "", "off", False),
    ],
)
def test_whether_sources_are_used(task, question, setting, expected):
    assert wants_sources(task, {"question": question}, setting) is expected


def _sources(n: int) -> Sources:
    return Sources(tuple(SourcePassage(i, f"t{i}", "NIH", "", "CC BY 4.0", "text") for i in range(1, n + 1)))


@pytest.mark.parametrize(
    ("answer", "cited", "invalid", "status"),
    [
        ("Gout is caused by urate [1]. Treat flares with NSAIDs [2, 3].", (1, 2, 3), (), "grounded"),
        ("Colchicine helps [1-2]; so does rest [7].", (1, 2), (7,), "invalid citations"),
        ("No citations at all.", (), (), "not grounded"),
        ("A list [1][3].", (1, 3), (), "grounded"),
    ],
)
def test_every_citation_is_checked_against_the_passages_given(answer, cited, invalid, status):
    grounding = check_citations(answer, _sources(3))
    assert (grounding.cited, grounding.invalid, grounding.status) == (cited, invalid, status)


def test_citation_ranges_are_expanded_but_bounded():
    assert cited_numbers("see [2–4]") == [2, 3, 4]
    assert len(cited_numbers("see [1-99]")) <= 21


def test_drug_names_are_normalised_and_unknown_names_flagged():
    check = check_drugs({"medications": "warfarin 5mg od, Lipitor 20 mg nocte, xyzzolam 1 mg", "allergies": "NKDA"})
    by_written = {d.written.lower(): d for d in check.names}
    assert by_written["lipitor"].name == "Atorvastatin" and by_written["lipitor"].kind == "brand"
    assert by_written["warfarin"].name == "Warfarin"
    assert by_written["xyzzolam"].kind == "unknown" and by_written["xyzzolam"].name is None
    assert all(d.field == "medications" for d in check.names)  # "NKDA" is not a drug
    assert check_drugs({"condition": "cystitis"}) is None
