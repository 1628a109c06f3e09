"""The unit of retrieval and citation: one short passage with where it came from and under which licence."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

SourceName = Literal["MedQuAD", "PubMedQA", "DrugBank"]


@dataclass(frozen=True)
class SourceInfo:
    licence: str
    attribution: str
    url: str


SOURCES: dict[str, SourceInfo] = {
    "MedQuAD": SourceInfo(
        "CC BY 4.0",
        'MedQuAD: Ben Abacha & Demner-Fushman, "A Question-Entailment Approach to Question Answering", '
        "BMC Bioinformatics 2019; answers from NIH and CDC web pages",
        "https://github.com/abachaa/MedQuAD",
    ),
    "PubMedQA": SourceInfo(
        "MIT",
        'PubMedQA: Jin et al., "PubMedQA: A Dataset for Biomedical Research Question Answering", EMNLP 2019 '
        "(abstracts from PubMed)",
        "https://github.com/pubmedqa/pubmedqa",
    ),
    "DrugBank": SourceInfo(
        "CC0 1.0",
        "DrugBank Open Data: DrugBank Vocabulary (names and synonyms)",
        "https://go.drugbank.com/releases/latest#open-data",
    ),
}
"""Licence and attribution of each source, to show next to every citation (and in knowledge/data/SOURCE.md)."""


@dataclass(frozen=True)
class Passage:
    id: str  # "<source>:<key>", stable across rebuilds of the same inputs
    title: str
    text: str
    source: SourceName
    origin: str  # how a clinician cites it: "NIH · NIDDK", "PubMed PMID 12345678", "DrugBank DB00316"
    url: str
    licence: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)
