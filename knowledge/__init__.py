"""A local, cited knowledge index and drug-name normalisation (issue 15).

Imports only `core` and `meddata` of ours. `KnowledgeIndex.open()` builds (first start) or opens the cached index of
MedQuAD, PubMedQA's training half and the DrugBank vocabulary; `normalise_drugs()` maps drug names in free text to
DrugBank names. `python -m knowledge --help` builds the index ahead of time and runs a query from the shell."""

from knowledge.drugs import DrugMatch, expand_brands, normalise_drugs, parse_medication_list
from knowledge.index import KnowledgeIndex
from knowledge.passage import SOURCES, Passage

__all__ = [
    "SOURCES",
    "DrugMatch",
    "KnowledgeIndex",
    "Passage",
    "expand_brands",
    "normalise_drugs",
    "parse_medication_list",
]
