"""MedQuAD (../shared/data/medquad): 11,018 consumer-health question–answer pairs from NIH (and CDC) web pages, with
each page's URL in medquad_docs.jsonl. Training- and retrieval-allowed; CC BY 4.0 (Ben Abacha & Demner-Fushman,
BMC Bioinformatics 2019). See its SOURCE.md: `qid` is not unique across subsets, (`file`, `qid`) is."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

LICENCE = "CC BY 4.0"
ATTRIBUTION = (
    'Ben Abacha & Demner-Fushman, "A Question-Entailment Approach to Question Answering", BMC Bioinformatics 2019'
)

# The publishing institute of each subset's site, as a clinician would cite it. CDC is not part of NIH.
INSTITUTES = {
    "CancerGov": "NIH · NCI",
    "GHR": "NIH · NLM Genetics Home Reference",
    "MPlusHealthTopics": "NIH · NLM MedlinePlus",
    "NIDDK": "NIH · NIDDK",
    "NINDS": "NIH · NINDS",
    "NIHSeniorHealth": "NIH · NIHSeniorHealth",
    "NHLBI": "NIH · NHLBI",
    "CDC": "CDC",
}


@dataclass(frozen=True)
class MedQuADDoc:
    """One source page (one XML file of the collection)."""

    file: str  # XML path inside the MedQuAD repository: the join key
    source: str  # site key, e.g. "NIDDK"
    url: str
    focus: str

    @property
    def institute(self) -> str:
        return INSTITUTES.get(self.source, self.source)


@dataclass(frozen=True)
class MedQuADPair:
    file: str
    qid: str
    qtype: str
    question: str
    answer: str
    focus: str

    @property
    def key(self) -> str:
        """Unique across the collection (qid alone is not)."""
        return f"{self.file.removesuffix('.xml')}#{self.qid}"


def load_docs(data_dir: Path) -> dict[str, MedQuADDoc]:
    """Source pages keyed by `file`."""
    docs: dict[str, MedQuADDoc] = {}
    with (data_dir / "medquad" / "medquad_docs.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                docs[row["file"]] = MedQuADDoc(row["file"], row["source"], row["url"], row["focus"])
    return docs


def load_pairs(data_dir: Path) -> list[MedQuADPair]:
    """Every answered pair, in file order (the extraction already dropped the empty answers)."""
    pairs: list[MedQuADPair] = []
    with (data_dir / "medquad" / "medquad_qa.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            if row["answer"].strip():
                pairs.append(
                    MedQuADPair(row["file"], row["qid"], row["qtype"], row["question"], row["answer"], row["focus"])
                )
    return pairs


def input_files(data_dir: Path) -> tuple[Path, ...]:
    """The files this loader reads (for cache keys)."""
    folder = data_dir / "medquad"
    return (folder / "medquad_qa.jsonl", folder / "medquad_docs.jsonl")
