"""The knowledge index on a tiny fixture corpus written to tmp_path in the layout of ../shared/data: build, cache,
rebuild on changed inputs, search, exclusions, and the PubMedQA test split kept out."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from knowledge import corpus
from knowledge.fusion import reciprocal_rank_fusion
from knowledge.index import KnowledgeIndex
from knowledge.lexical import match_expression

THYROID = (
    "Hypothyroidism is a disorder in which the thyroid gland does not make enough thyroid hormone. "
    "Symptoms include fatigue, weight gain, a puffy face, cold intolerance and joint and muscle pain."
)
KIDNEY = "Kidney stones are hard masses that form from crystals in the urine. Drinking water helps prevent them."


def write_data(root: Path, *, extra_answer: str | None = None) -> Path:
    """Two MedQuAD pages, three PubMedQA abstracts (one in the test split) and three DrugBank drugs."""
    (root / "medquad").mkdir(parents=True)
    pairs = [
        ("5_NIDDK_QA/0000009.xml", "0000009-4", "symptoms", "What are the symptoms of Hypothyroidism ?", THYROID),
        ("5_NIDDK_QA/0000009.xml", "0000009-1", "information", "What is (are) Hypothyroidism ?", THYROID[:80]),
        ("5_NIDDK_QA/0000011.xml", "0000011-1", "information", "What is (are) Kidney Stones ?", KIDNEY),
    ]
    if extra_answer:
        question = "How to prevent Kidney Stones ?"
        pairs.append(("5_NIDDK_QA/0000011.xml", "0000011-2", "prevention", question, extra_answer))
    with (root / "medquad" / "medquad_qa.jsonl").open("w") as fh:
        for file, qid, qtype, question, answer in pairs:
            row = {"qid": qid, "qtype": qtype, "question": question, "answer": answer, "subset": "5_NIDDK_QA"}
            fh.write(json.dumps({**row, "file": file, "focus": question.split()[-2]}) + "\n")
    with (root / "medquad" / "medquad_docs.jsonl").open("w") as fh:
        for file, url in (("5_NIDDK_QA/0000009.xml", "https://example.nih/thyroid"), ("5_NIDDK_QA/0000011.xml", "u2")):
            fh.write(json.dumps({"file": file, "source": "NIDDK", "url": url, "focus": "x"}) + "\n")
    (root / "pubmedqa").mkdir()
    abstracts = {
        "111": ("Does statin therapy lower stroke risk?", "Statins lowered the rate of ischaemic stroke."),
        "222": ("Is metformin linked to lactic acidosis?", "Lactic acidosis with metformin was rare."),
        "333": ("Do beta blockers help heart failure?", "Beta blockers reduced mortality in heart failure."),
    }
    raw = {
        pmid: {"QUESTION": q, "CONTEXTS": [f"Background of {pmid}."], "LONG_ANSWER": a, "final_decision": "yes"}
        for pmid, (q, a) in abstracts.items()
    }
    (root / "pubmedqa" / "ori_pqal.json").write_text(json.dumps(raw))
    (root / "pubmedqa" / "test_ground_truth.json").write_text(json.dumps({"333": "yes"}))
    (root / "drugbank_open_vocabulary").mkdir()
    with (root / "drugbank_open_vocabulary" / "drugbank_vocabulary.csv").open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["DrugBank ID", "Accession Numbers", "Common name", "CAS", "UNII", "Synonyms", "InChI Key"])
        writer.writerow(["DB01076", "", "Atorvastatin", "", "", "Atorvastatina | Atorvastatinum", ""])
        writer.writerow(["DB00331", "", "Metformin", "", "", "Metformina", ""])
        writer.writerow(["DB00682", "", "Warfarin", "", "", "", ""])
    return root


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return write_data(tmp_path / "data")


def test_build_indexes_every_source_with_its_citation(data_dir: Path, tmp_path: Path) -> None:
    index = KnowledgeIndex.open(tmp_path / "cache", data_dir, progress=False)
    sources = {p.source for p in index.passages()}
    assert sources == {"MedQuAD", "PubMedQA", "DrugBank"}
    thyroid = index.get("medquad:5_NIDDK_QA/0000009#0000009-4:0")
    assert thyroid is not None
    assert (thyroid.origin, thyroid.url, thyroid.licence) == ("NIH · NIDDK", "https://example.nih/thyroid", "CC BY 4.0")
    assert thyroid.title == "What are the symptoms of Hypothyroidism?"
    statin = index.get("pubmedqa:111")
    assert statin is not None and statin.origin == "PubMed PMID 111" and statin.licence == "MIT"


def test_search_finds_the_page_that_answers_a_worked_query(data_dir: Path, tmp_path: Path) -> None:
    index = KnowledgeIndex.open(tmp_path / "cache", data_dir, progress=False)
    best, score = index.search("which symptoms does an underactive thyroid cause, like weight gain?", k=3)[0]
    assert best.id == "medquad:5_NIDDK_QA/0000009#0000009-4:0"
    assert score > 0
    # A brand-free synonym finds its drug through the DrugBank passage.
    assert index.search("atorvastatina", k=1)[0][0].id == "drugbank:DB01076"


def test_exclude_ids_removes_passages_from_results(data_dir: Path, tmp_path: Path) -> None:
    index = KnowledgeIndex.open(tmp_path / "cache", data_dir, progress=False)
    first = index.search("hypothyroidism symptoms", k=1)[0][0].id
    after = [p.id for p, _ in index.search("hypothyroidism symptoms", k=5, exclude_ids={first})]
    assert first not in after and after


def test_pubmedqa_test_split_ids_never_enter_the_index(data_dir: Path, tmp_path: Path) -> None:
    index = KnowledgeIndex.open(tmp_path / "cache", data_dir, progress=False)
    ids = {p.id for p in index.passages()}
    assert {"pubmedqa:111", "pubmedqa:222"} <= ids
    assert "pubmedqa:333" not in ids
    assert all(p.source != "PubMedQA" or "heart failure" not in p.text for p in index.passages())


def test_unchanged_inputs_reuse_the_cache_and_changed_inputs_rebuild(data_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = KnowledgeIndex.open(cache, data_dir, progress=False)
    database = first.folder / "passages.db"
    built_at = database.stat().st_mtime_ns
    again = KnowledgeIndex.open(cache, data_dir, progress=False)
    assert again.folder == first.folder and database.stat().st_mtime_ns == built_at

    write_data(tmp_path / "data2", extra_answer="Drink plenty of water and eat less salt to prevent kidney stones.")
    changed = KnowledgeIndex.open(cache, tmp_path / "data2", progress=False)
    assert changed.version != first.version
    assert changed.get("medquad:5_NIDDK_QA/0000011#0000011-2:0") is not None
    assert not first.folder.exists()  # the stale build is removed
    assert [p.name for p in cache.glob("index-*")] == [changed.folder.name]


def test_from_passages_indexes_exactly_the_given_passages(data_dir: Path, tmp_path: Path) -> None:
    passages = [p for p in corpus.collect(data_dir) if p.source != "DrugBank"]
    index = KnowledgeIndex.from_passages(passages, tmp_path / "cache", progress=False)
    assert sorted(p.id for p in index.passages()) == sorted(p.id for p in passages)
    assert index.search("warfarin", k=5) == []


def test_query_text_is_never_read_as_fts5_syntax(data_dir: Path, tmp_path: Path) -> None:
    index = KnowledgeIndex.open(tmp_path / "cache", data_dir, progress=False)
    for query in ['NEAR("thyroid', "kidney* OR -stones", "AND", "^:()", ""]:
        index.search(query, k=3)  # must not raise sqlite3.OperationalError
    assert match_expression('thyroid" OR x') == '"thyroid" OR "x"'


def test_dense_mode_requires_dense(data_dir: Path, tmp_path: Path) -> None:
    index = KnowledgeIndex.open(tmp_path / "cache", data_dir, progress=False)
    with pytest.raises(ValueError, match="dense=True"):
        index.search("thyroid", mode="dense")


def test_missing_data_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        KnowledgeIndex.open(tmp_path / "cache", tmp_path / "nowhere", progress=False)


def test_reciprocal_rank_fusion_worked_example() -> None:
    # Cormack et al. 2009 with k=60: "b" is 2nd and 1st -> 1/62 + 1/61; "a" is 1st in one list only -> 1/61.
    fused = reciprocal_rank_fusion([["a", "b"], ["b", "c"]], k=60)
    assert [item for item, _ in fused] == ["b", "a", "c"]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[1][1] == pytest.approx(1 / 61)


def test_without_shared_data_the_shipped_copy_is_indexed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """What a Hugging Face Space does: no ../shared/data, so the files in knowledge/data/ are indexed."""
    monkeypatch.setattr("knowledge.index.default_data_dir", lambda: None)
    index = KnowledgeIndex.open(tmp_path / "cache", progress=False)
    counts = {s: sum(1 for p in index.passages() if p.source == s) for s in ("MedQuAD", "PubMedQA", "DrugBank")}
    assert counts == {"MedQuAD": 15497, "PubMedQA": 500, "DrugBank": 13580}
    best = index.search("What are the symptoms of hypothyroidism?", k=1)[0][0]
    assert (best.title, best.origin) == ("What are the symptoms of Hypothyroidism?", "NIH · NIDDK")


def test_concurrent_searches_from_worker_threads_agree_with_serial_ones(tmp_path):
    """Gradio calls the service from several worker threads at once; the index must serve them all."""
    from core.concurrency import run_in_threads
    from knowledge import KnowledgeIndex, Passage

    passages = [
        Passage(f"p{i}", f"Topic {i}", f"text about condition{i} and its treatment", "MedQuAD", "NIH", "", "CC BY 4.0")
        for i in range(40)
    ]
    index = KnowledgeIndex.from_passages(passages, tmp_path / "kb", progress=False)
    queries = [f"condition{i % 40}" for i in range(64)]
    serial = [index.search(q, k=1)[0][0].id for q in queries]
    parallel = run_in_threads([lambda q=q: index.search(q, k=1)[0][0].id for q in queries])
    assert parallel == serial and serial[:3] == ["p0", "p1", "p2"]
