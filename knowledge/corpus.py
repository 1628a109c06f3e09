"""Passages from each training-allowed source, read from ../shared/data when it is there and from the compact copy
shipped in knowledge/data/ otherwise (a Hugging Face Space has no ../shared). `python -m knowledge.ship` writes that
copy from the same functions, so both routes give the same passages (a test checks it)."""

from __future__ import annotations

import csv
import gzip
import json
import logging
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from knowledge.chunking import chunk, clean, trim_words
from knowledge.passage import SOURCES, Passage
from meddata import drugbank, medquad, pubmedqa
from meddata.boundary import decontaminate
from meddata.mcq import MCQ

log = logging.getLogger(__name__)
_QUESTION_END = re.compile(r"(\s*\?)+$")

DATA = Path(__file__).resolve().parent / "data"
SHIPPED_PASSAGES = DATA / "passages.jsonl.gz"
SHIPPED_VOCABULARY = DATA / "drugbank_vocabulary.csv.gz"
BRANDS = DATA / "brands.csv"
ABSTRACT_WORDS = 120
"""PubMedQA: the conclusion in full plus this much of the abstract (background and methods, which rarely matter)."""


def medquad_passages(pairs: Iterable[medquad.MedQuADPair], docs: dict[str, medquad.MedQuADDoc]) -> list[Passage]:
    """Each answer cut into passages, titled by its question and cited by its page's institute and URL.

    Exact repeats of an answer text (48 in MedQuAD) are kept once: a duplicate would fill two of five result slots."""
    seen: set[str] = set()
    out: list[Passage] = []
    licence = SOURCES["MedQuAD"].licence
    for pair in pairs:
        text = clean(pair.answer)
        if text in seen:
            continue
        seen.add(text)
        doc = docs[pair.file]
        title = _QUESTION_END.sub("?", clean(pair.question))  # MedQuAD writes "Who is at risk for X? ?"
        for n, piece in enumerate(chunk(text)):
            out.append(Passage(f"medquad:{pair.key}:{n}", title, piece, "MedQuAD", doc.institute, doc.url, licence))
    return out


def pubmedqa_passages(items: Iterable[MCQ]) -> list[Passage]:
    """One passage per abstract: its question (usually the article title), conclusion and a trimmed abstract."""
    licence = SOURCES["PubMedQA"].licence
    out = []
    for item in items:
        pmid = item.id.removeprefix("pubmedqa:")
        text = f"Conclusion: {clean(item.explanation)} Abstract: {trim_words(item.context, ABSTRACT_WORDS)}"
        url = f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
        out.append(Passage(item.id, clean(item.question), text, "PubMedQA", f"PubMed PMID {pmid}", url, licence))
    return out


def drugbank_passages(entries: Iterable[drugbank.DrugEntry], brands: dict[str, list[str]]) -> list[Passage]:
    """One short passage per drug (name, synonyms, brand names), so that a brand or synonym finds its drug."""
    licence = SOURCES["DrugBank"].licence
    out = []
    for entry in entries:
        parts = [f"{entry.name} (DrugBank {entry.drugbank_id})."]
        if entry.synonyms:
            parts.append("Synonyms: " + "; ".join(entry.synonyms) + ".")
        if brands.get(entry.drugbank_id):
            parts.append("Brand names (project list): " + "; ".join(brands[entry.drugbank_id]) + ".")
        url = f"https://go.drugbank.com/drugs/{entry.drugbank_id}"
        origin = f"DrugBank {entry.drugbank_id}"
        text = " ".join(parts)
        out.append(Passage(f"drugbank:{entry.drugbank_id}", entry.name, text, "DrugBank", origin, url, licence))
    return out


def read_brands(path: Path = BRANDS) -> list[tuple[str, str]]:
    """(brand, DrugBank name) rows of the project's brand list (knowledge/data/SOURCE.md says where they come from)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [(row["brand"].strip(), row["drugbank_name"].strip()) for row in csv.DictReader(fh)]


def brands_by_id(entries: Sequence[drugbank.DrugEntry], rows: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Brand names keyed by DrugBank id; rows whose name is not in this vocabulary are skipped (counted in the log)."""
    ids = {entry.name.lower(): entry.drugbank_id for entry in entries}
    out: dict[str, list[str]] = {}
    skipped = 0
    for brand, name in rows:
        if name.lower() in ids:
            out.setdefault(ids[name.lower()], []).append(brand)
        else:
            skipped += 1
    if skipped:
        log.info("%d brand rows name a drug missing from this vocabulary: skipped", skipped)
    return out


def pubmedqa_training(data_dir: Path) -> list[MCQ]:
    """The training half only (never a test id), minus any question that also appears in an evaluation split."""
    return decontaminate(pubmedqa.training_items(data_dir), data_dir)


def _pubmedqa_files(data_dir: Path) -> tuple[Path, Path]:
    return (data_dir / "pubmedqa" / "ori_pqal.json", data_dir / "pubmedqa" / "test_ground_truth.json")


def text_passages(data_dir: Path) -> list[Passage]:
    """MedQuAD and PubMedQA passages from the raw data; a source whose files are absent is skipped (logged)."""
    passages: list[Passage] = []
    if all(p.is_file() for p in medquad.input_files(data_dir)):
        passages += medquad_passages(medquad.load_pairs(data_dir), medquad.load_docs(data_dir))
    else:
        log.warning("no MedQuAD under %s: not indexed", data_dir)
    if all(p.is_file() for p in _pubmedqa_files(data_dir)):
        passages += pubmedqa_passages(pubmedqa_training(data_dir))
    else:
        log.warning("no PubMedQA under %s: not indexed", data_dir)
    return passages


def read_passages(path: Path) -> list[Passage]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [Passage(**json.loads(line)) for line in fh if line.strip()]


def input_files(data_dir: Path | None) -> tuple[Path, ...]:
    """The files `collect` reads for `data_dir` (cheap: no parsing), whose contents version the index."""
    if data_dir is None:
        return (SHIPPED_PASSAGES, SHIPPED_VOCABULARY, BRANDS)
    files: list[Path] = []
    if all(p.is_file() for p in medquad.input_files(data_dir)):
        files += medquad.input_files(data_dir)
    if all(p.is_file() for p in _pubmedqa_files(data_dir)):
        files += _pubmedqa_files(data_dir)
    if drugbank.vocabulary_file(data_dir).is_file():
        files += [drugbank.vocabulary_file(data_dir), BRANDS]
    return tuple(files)


def collect(data_dir: Path | None) -> list[Passage]:
    """Every passage to index: from `data_dir` when given (a source whose files are absent is skipped), else from
    the files shipped in knowledge/data/."""
    passages = read_passages(SHIPPED_PASSAGES) if data_dir is None else text_passages(data_dir)
    vocabulary_path = SHIPPED_VOCABULARY if data_dir is None else drugbank.vocabulary_file(data_dir)
    if vocabulary_path.is_file():
        entries = drugbank.load_vocabulary(vocabulary_path)
        passages += drugbank_passages(entries, brands_by_id(entries, read_brands()))
    return passages
