"""Cited sources: MCQ detection and the MIRAGE stem, citation checking, the app's attribution carried in the Grounding,
and the drug-name check. Pure functions."""

from __future__ import annotations

import pytest

from backend import sources as sources_module
from backend.sources import (
    check_citations,
    check_drugs,
    check_grounding,
    cited_numbers,
    is_mcq,
    mcq_stem,
    passage_evidence,
    wants_sources,
)
from backend.types import Grounding, Progress, SourcePassage, Sources, Statement

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
        ("Gout is caused by urate [1]. Treat flares with NSAIDs [2, 3].", (1, 2, 3), (), "cites its sources"),
        ("Colchicine helps [1-2]; so does rest [7].", (1, 2), (7,), "invalid citations"),
        ("No citations at all.", (), (), "no claims to check"),  # the citation check alone matches no claim
        ("A list [1][3].", (1, 3), (), "cites its sources"),
    ],
)
def test_every_citation_is_checked_against_the_passages_given(answer, cited, invalid, status):
    grounding = check_citations(answer, _sources(3))
    assert (grounding.cited, grounding.invalid, grounding.status) == (cited, invalid, status)


GOUT = SourcePassage(
    1, "What causes gout?", "NIH · NIAMS", "", "CC BY 4.0", "Gout is caused by uric acid crystals in a joint."
)
ASTHMA = SourcePassage(2, "What is asthma?", "NIH · NHLBI", "", "CC BY 4.0", "Asthma is a chronic disease of airways.")


def _final(answer: str, steps: tuple[str, ...] = ()) -> Progress:
    return Progress("\n".join(f"Step {i}: {s}" for i, s in enumerate(steps, 1)), steps, answer, True)


def test_the_grounding_carries_each_claim_matched_to_its_passage():
    answer = "Uric acid crystals in a joint cause gout. I hope this helps. Gout is cured by 3 weeks of rest."
    grounding = check_grounding(
        _final(answer, ("Asthma is a chronic disease of the airways.",)), Sources((GOUT, ASTHMA))
    )
    assert (grounding.cited, grounding.invalid) == ((), ())
    assert [(s.step, s.passage if s.supported else None) for s in grounding.statements] == [
        (None, 1),
        (None, None),
        (0, 2),
    ]
    assert grounding.statements[1].unsourced_numbers == ("3",)
    assert grounding.supported_share == pytest.approx(2 / 3) and grounding.status == "partly supported"


def test_the_title_is_part_of_what_a_passage_states():
    assert passage_evidence(Sources((GOUT,))) == (
        (1, "What causes gout?: Gout is caused by uric acid crystals in a joint."),
    )


def test_a_citation_the_app_cannot_match_still_counts_and_an_invalid_one_is_never_hidden():
    cited = check_grounding(_final("Asthma is caused by uric acid in joints [1]."), Sources((GOUT, ASTHMA)))
    assert cited.status == "cites its sources" and cited.cited == (1,)
    invalid = check_grounding(_final("Gout is caused by uric acid crystals in a joint [4]."), Sources((GOUT,)))
    assert invalid.statements[0].supported and invalid.status == "invalid citations" and invalid.invalid == (4,)


def test_a_claim_repeating_the_request_is_marked_and_left_out_of_the_share():
    fields = {"question": "A 60-year-old smoker with a chronic cough for three months. What is the diagnosis?"}
    final = _final("A 60-year-old smoker has a chronic cough for three months. Gout is caused by uric acid crystals.")
    grounding = check_grounding(final, Sources((GOUT,)), fields)
    assert [s.restates_input for s in grounding.statements] == [True, False]
    assert grounding.claims == grounding.statements[1:] and grounding.status == "supported by the sources"


@pytest.mark.parametrize(
    ("statements", "status"),
    [
        ((), "no claims to check"),  # nothing of its own to check, nothing cited
        ((True, True), "supported by the sources"),
        ((True, False), "partly supported"),
        ((False, False), "not supported"),
    ],
)
def test_the_status_reads_the_apps_matching_when_the_model_cites_nothing(statements, status):
    made = tuple(Statement("s", 0, 1, None, 1 if ok else None, 1.0 if ok else 0.0, ok) for ok in statements)
    assert Grounding((), (), made).status == status


def test_a_failure_in_the_matching_keeps_the_citation_check(monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(sources_module, "attribute_answer", broken)
    grounding = check_grounding(_final("Gout [1] and [5]."), Sources((GOUT,)))
    assert grounding.cited == (1,) and grounding.invalid == (5,) and grounding.statements == ()


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


def test_a_citation_the_app_cannot_match_to_any_claim_is_not_vouched_for():
    unmatched = (Statement("s", 0, 1, None, None, 0.0, False),)
    matched = (Statement("s", 0, 1, None, 1, 1.0, True),)
    assert Grounding((1,), (), unmatched).status == "cites sources the app could not match"
    assert Grounding((1,), (), matched).status == "cites its sources"
    assert Grounding((1,), (), ()).status == "cites its sources"  # no claim to match: the citation stands
