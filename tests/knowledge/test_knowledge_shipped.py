"""The compact copy shipped in knowledge/data/ (what a Hugging Face Space indexes) against the real data in
../shared/data: the same passages, no PubMedQA test-split id, a licence on every passage, a few MB."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge import corpus
from knowledge.passage import SOURCES
from knowledge.ship import passages_bytes, vocabulary_bytes
from meddata import drugbank

DATA_DIR = Path(__file__).resolve().parents[3] / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA_DIR.is_dir(), reason="../shared/data is not beside the checkout")


@pytest.fixture(scope="module")
def shipped() -> list:
    return corpus.read_passages(corpus.SHIPPED_PASSAGES)


@needs_data
def test_shipped_passages_equal_a_fresh_build_from_shared_data() -> None:
    fresh = corpus.text_passages(DATA_DIR)
    assert passages_bytes(fresh) == corpus.SHIPPED_PASSAGES.read_bytes(), "run python -m knowledge.ship"
    entries = drugbank.load_vocabulary(drugbank.vocabulary_file(DATA_DIR))
    assert vocabulary_bytes(entries) == corpus.SHIPPED_VOCABULARY.read_bytes(), "run python -m knowledge.ship"


@needs_data
def test_no_pubmedqa_test_split_id_is_shipped(shipped: list) -> None:
    test_ids = json.loads((DATA_DIR / "pubmedqa" / "test_ground_truth.json").read_text())
    pubmed = {p.id.removeprefix("pubmedqa:") for p in shipped if p.source == "PubMedQA"}
    assert len(pubmed) == 500  # the training half (no question of it recurs in an evaluation split)
    assert not pubmed & set(test_ids)


def test_every_passage_carries_its_sources_licence(shipped: list) -> None:
    assert {p.source for p in shipped} == {"MedQuAD", "PubMedQA"}
    for p in shipped:
        assert p.licence == SOURCES[p.source].licence and p.url.startswith(("https://", "http://")) and p.origin


def test_shipped_files_stay_compact() -> None:
    total = corpus.SHIPPED_PASSAGES.stat().st_size + corpus.SHIPPED_VOCABULARY.stat().st_size
    assert total < 5_000_000


def test_every_brand_names_a_drug_in_the_shipped_vocabulary() -> None:
    names = {entry.name.lower() for entry in drugbank.load_vocabulary(corpus.SHIPPED_VOCABULARY)}
    missing = [(brand, name) for brand, name in corpus.read_brands() if name.lower() not in names]
    assert missing == []
