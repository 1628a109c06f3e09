"""Drug-name normalisation: worked examples on the shipped DrugBank vocabulary (CC0) and brand list, and the
free-text parser on the examples of issue 15."""

from __future__ import annotations

import pytest

from knowledge.drugs import (
    DrugVocabulary,
    default_vocabulary,
    expand_brands,
    normalise_drugs,
    parse_medication_list,
)
from meddata.drugbank import DrugEntry


@pytest.fixture(scope="module")
def vocabulary() -> DrugVocabulary:
    return default_vocabulary()


def test_issue_15_medicines_field_is_parsed_into_names() -> None:
    text = "warfarin 5mg od, amlodipine 10 mg, Lipitor 20mg nocte"
    assert parse_medication_list(text) == ["warfarin", "amlodipine", "Lipitor"]


def test_parser_strips_forms_routes_frequencies_and_notes_but_keeps_multiword_names() -> None:
    text = "Metoprolol succinate ER 50 mg once a day; insulin glargine 20 units at night\nVitamin A 1000 IU (eyes)"
    assert parse_medication_list(text) == ["Metoprolol succinate", "insulin glargine", "Vitamin A"]
    inhaler = "salbutamol inhaler 2 puffs prn and paracetamol 1 g qds"
    assert parse_medication_list(inhaler) == ["salbutamol", "paracetamol"]
    assert parse_medication_list("5 mg od, , 1 tab bd") == []


def test_brand_maps_to_the_drugbank_name(vocabulary: DrugVocabulary) -> None:
    [match] = normalise_drugs(["Lipitor"], vocabulary)
    assert (match.name, match.drugbank_id, match.kind, match.score) == ("Atorvastatin", "DB01076", "brand", 100.0)


def test_exact_and_synonym_names(vocabulary: DrugVocabulary) -> None:
    warfarin, paracetamol, aspirin = normalise_drugs(["WARFARIN", "paracetamol", "Aspirin"], vocabulary)
    assert (warfarin.name, warfarin.kind) == ("Warfarin", "exact")
    # DrugBank's name is the US one; paracetamol is one of its synonyms.
    assert (paracetamol.name, paracetamol.drugbank_id, paracetamol.kind) == ("Acetaminophen", "DB00316", "synonym")
    assert (aspirin.name, aspirin.kind) == ("Acetylsalicylic acid", "synonym")


def test_salt_form_maps_to_the_parent_drug(vocabulary: DrugVocabulary) -> None:
    [match] = normalise_drugs(["metoprolol succinate"], vocabulary)
    assert (match.name, match.kind) == ("Metoprolol", "synonym")


def test_misspelling_gets_the_intended_drug_with_suggestions(vocabulary: DrugVocabulary) -> None:
    atorvastatin, metformin, tylenol = normalise_drugs(["atorvastatn", "metfromin", "Tylenl"], vocabulary)
    assert (atorvastatin.name, atorvastatin.kind) == ("Atorvastatin", "fuzzy")
    assert atorvastatin.suggestions[0] == "Atorvastatin" and 85 <= atorvastatin.score < 100
    assert (metformin.name, metformin.kind, metformin.suggestions[0]) == ("Metformin", "fuzzy", "Metformin")
    assert (tylenol.name, tylenol.matched) == ("Acetaminophen", "Tylenol")  # a misspelt brand


def test_unknown_names_are_flagged(vocabulary: DrugVocabulary) -> None:
    nonsense, far = normalise_drugs(["Xyzzyplex", "Augmentin"], vocabulary)
    assert (nonsense.name, nonsense.drugbank_id, nonsense.kind, nonsense.suggestions) == (None, None, "unknown", ())
    # A combination product is not in the vocabulary: flagged, with nothing silently chosen.
    assert far.kind == "unknown" and far.name is None


def test_short_names_are_not_fuzzy_matched() -> None:
    vocabulary = DrugVocabulary([DrugEntry("DB1", "Azathioprine", ("AZA",))])
    assert normalise_drugs(["AZA"], vocabulary)[0].kind == "synonym"
    assert normalise_drugs(["ASA"], vocabulary)[0].kind == "unknown"


def test_own_name_beats_another_drugs_synonym() -> None:
    vocabulary = DrugVocabulary([DrugEntry("DB1", "Alpha", ("Beta",)), DrugEntry("DB2", "Beta", ())])
    assert normalise_drugs(["beta"], vocabulary)[0].drugbank_id == "DB2"


def test_free_text_end_to_end(vocabulary: DrugVocabulary) -> None:
    matches = normalise_drugs("warfarin 5mg od, amlodipine 10 mg, Lipitor 20mg nocte", vocabulary)
    assert [(m.query, m.name, m.kind) for m in matches] == [
        ("warfarin", "Warfarin", "exact"),
        ("amlodipine", "Amlodipine", "exact"),
        ("Lipitor", "Atorvastatin", "brand"),
    ]


def test_expand_brands_adds_the_generic_name_for_retrieval(vocabulary: DrugVocabulary) -> None:
    assert expand_brands("Lipitor muscle pain", vocabulary) == "Lipitor muscle pain atorvastatin"
    assert expand_brands("atorvastatin (Lipitor) myalgia", vocabulary) == "atorvastatin (Lipitor) myalgia"
    assert expand_brands("chest pain at rest", vocabulary) == "chest pain at rest"
