"""DrugBank open vocabulary (../shared/data/drugbank_open_vocabulary): 13,580 drugs with their DrugBank id, common
name and synonyms; CC0 1.0 (DrugBank Open Data). It holds no brand names (its synonyms are brand-free INN variants)
and no interaction data (DrugBank's interactions are CC BY-NC and were not taken). See its SOURCE.md."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

LICENCE = "CC0 1.0"
ATTRIBUTION = "DrugBank Open Data, DrugBank Vocabulary (go.drugbank.com/releases/latest#open-data)"
COLUMNS = ("DrugBank ID", "Common name", "Synonyms")
"""The columns this project reads; a compact copy keeps only these (same header, same separators)."""


@dataclass(frozen=True)
class DrugEntry:
    drugbank_id: str
    name: str
    synonyms: tuple[str, ...]


def vocabulary_file(data_dir: Path) -> Path:
    return data_dir / "drugbank_open_vocabulary" / "drugbank_vocabulary.csv"


def load_vocabulary(path: Path) -> list[DrugEntry]:
    """Read the vocabulary CSV (the original, or a compact copy with COLUMNS; `.gz` is decompressed)."""
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
            return parse_rows(csv.DictReader(fh))
    with path.open(encoding="utf-8", newline="") as fh:
        return parse_rows(csv.DictReader(fh))


def parse_rows(rows: Iterable[dict[str, str]]) -> list[DrugEntry]:
    entries = []
    for row in rows:
        synonyms = tuple(s.strip() for s in (row.get("Synonyms") or "").split(" | ") if s.strip())
        entries.append(DrugEntry(row["DrugBank ID"].strip(), row["Common name"].strip(), synonyms))
    return entries


def compact_csv(entries: Iterable[DrugEntry]) -> str:
    """The vocabulary with only COLUMNS, as CSV text that `load_vocabulary` reads back to equal entries."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow((entry.drugbank_id, entry.name, " | ".join(entry.synonyms)))
    return buffer.getvalue()
