"""Drug-name normalisation against the DrugBank open vocabulary (CC0) and the project's brand list.

    normalise_drugs("warfarin 5mg od, amlodipine 10 mg, Lipitor 20mg nocte")
    -> warfarin (exact), amlodipine (exact), Lipitor -> Atorvastatin (brand)

Brand names and synonyms map to the DrugBank name; a misspelling maps to its closest name with "did you mean"
suggestions (rapidfuzz); a name with nothing close is flagged unknown. A fuzzy match is never silent: its kind says
so, and the caller must show it. Nothing here knows about interactions (we have no interaction database)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz, process

from knowledge.corpus import SHIPPED_VOCABULARY, read_brands
from meddata import drugbank

MatchKind = Literal["exact", "synonym", "brand", "fuzzy", "unknown"]
FUZZY_ACCEPT = 85.0
"""Similarity (rapidfuzz ratio, 0–100) at which the closest name is taken as meant: one or two slips in a
word of eight or more letters ("atorvastatn" 95, "metfromin" 89)."""
SUGGEST = 70.0
"""Below FUZZY_ACCEPT but at least this: the name stays unknown, with the close names offered as suggestions."""
MIN_FUZZY_LENGTH = 5
"""Shorter queries are matched exactly only: at four letters one edit is 25% of the word ("ASA" vs "AZA")."""
SUGGESTIONS = 3

# Salt and ester words that a prescription adds to the parent drug DrugBank's vocabulary lists
# ("metoprolol succinate" is metoprolol).
_SALTS = frozenset(
    "hydrochloride hcl sodium potassium calcium magnesium succinate tartrate besylate besilate mesylate mesilate "
    "maleate fumarate citrate sulfate sulphate phosphate acetate bromide chloride dihydrate monohydrate "
    "hyclate trihydrate".split()
)


@dataclass(frozen=True)
class DrugMatch:
    query: str  # the name as the user wrote it
    name: str | None  # the DrugBank name; None when unknown
    drugbank_id: str | None
    kind: MatchKind
    score: float  # 100 for exact/synonym/brand; similarity 0–100 for fuzzy and unknown-with-suggestions
    suggestions: tuple[str, ...] = ()  # "did you mean" DrugBank names, best first
    matched: str = ""  # the vocabulary string matched (the synonym, brand or misspelt name's closest form)


def lookup_key(name: str) -> str:
    """Case, accents, trademark signs, punctuation and spacing do not distinguish two drug names."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[®™©]", "", text)
    text = re.sub(r"[^\w\s\-/,()']", " ", text)
    return " ".join(text.replace("-", " ").split())


class DrugVocabulary:
    """Names, synonyms and brand names of every DrugBank entry, with fuzzy lookup."""

    def __init__(self, entries: Sequence[drugbank.DrugEntry], brands: Iterable[tuple[str, str]] = ()) -> None:
        self._by_key: dict[str, tuple[drugbank.DrugEntry, MatchKind, str]] = {}
        by_name = {entry.name.lower(): entry for entry in entries}
        # Priority: a drug's own name beats another drug's synonym, which beats a brand name.
        for entry in entries:
            self._by_key.setdefault(lookup_key(entry.name), (entry, "exact", entry.name))
        for entry in entries:
            for synonym in entry.synonyms:
                self._by_key.setdefault(lookup_key(synonym), (entry, "synonym", synonym))
        for brand, name in brands:
            if name.lower() in by_name:
                self._by_key.setdefault(lookup_key(brand), (by_name[name.lower()], "brand", brand))
        self._keys = list(self._by_key)

    def __len__(self) -> int:
        return len(self._by_key)

    def find(self, name: str) -> DrugMatch | None:
        """The match for `name` as written (case, accents and punctuation aside): no salt stripping, no fuzzy
        matching. None when it is not a name, synonym or brand of the vocabulary."""
        hit = self._by_key.get(lookup_key(name))
        if hit is None:
            return None
        entry, kind, matched = hit
        return DrugMatch(name, entry.name, entry.drugbank_id, kind, 100.0, matched=matched)

    def __contains__(self, name: str) -> bool:
        return lookup_key(name) in self._by_key

    def lookup(self, query: str) -> DrugMatch:
        """As written, else without salt words ("metoprolol succinate"), else the closest name (fuzzy/unknown)."""
        match = self.find(query)
        if match:
            return match
        parent = _strip_salts(lookup_key(query))
        hit = self._by_key.get(parent)
        if hit:
            entry, kind, matched = hit
            kind = "synonym" if kind == "exact" else kind  # a salt form of the named drug
            return DrugMatch(query, entry.name, entry.drugbank_id, kind, 100.0, matched=matched)
        return self._fuzzy(query, parent)

    def _fuzzy(self, query: str, key: str) -> DrugMatch:
        if len(key.replace(" ", "")) < MIN_FUZZY_LENGTH:
            return DrugMatch(query, None, None, "unknown", 0.0)
        candidates = process.extract(key, self._keys, scorer=fuzz.ratio, limit=20, score_cutoff=SUGGEST)
        ranked: list[tuple[drugbank.DrugEntry, float, str]] = []
        for candidate, score, _ in candidates:
            entry, _, matched = self._by_key[candidate]
            if all(entry.drugbank_id != seen.drugbank_id for seen, _, _ in ranked):
                ranked.append((entry, score, matched))
        if not ranked:
            return DrugMatch(query, None, None, "unknown", 0.0)
        suggestions = tuple(entry.name for entry, _, _ in ranked[:SUGGESTIONS])
        best, score, matched = ranked[0]
        if score >= FUZZY_ACCEPT:
            return DrugMatch(query, best.name, best.drugbank_id, "fuzzy", score, suggestions, matched)
        return DrugMatch(query, None, None, "unknown", score, suggestions, matched)


def _strip_salts(key: str) -> str:
    words = key.split()
    kept = [w for w in words if w not in _SALTS]
    return " ".join(kept) if kept else key


@cache
def default_vocabulary(data_dir: Path | None = None) -> DrugVocabulary:
    """From ../shared/data's vocabulary when `data_dir` has it, else the copy shipped in knowledge/data/."""
    path = drugbank.vocabulary_file(data_dir) if data_dir is not None else None
    entries = drugbank.load_vocabulary(path if path is not None and path.is_file() else SHIPPED_VOCABULARY)
    return DrugVocabulary(entries, read_brands())


# What a "current medicines" field adds around a drug name: doses, forms, routes, frequencies (UK and US usage).
_DOSE = re.compile(
    r"\b\d+(?:[.,]\d+)?(?:\s*/\s*\d+(?:[.,]\d+)?)?\s*(?:mg|mcg|µg|ug|micrograms?|g|grams?|ml|mls|l|units?|iu|"
    r"%|mmol|meq|puffs?|drops?|tabs?|tablets?|caps?|capsules?|sachets?|patch(?:es)?)?\b",
    re.IGNORECASE,
)
_NOISE = frozenset(
    "od bd bid tds tid qds qid qd qhs om nocte mane prn stat daily nightly weekly monthly once twice thrice times "
    "day per week x po iv im sc sq sl pr top topical inh inhaled oral orally tab tabs tablet tablets cap caps "
    "capsule capsules cream ointment gel drops spray inhaler patch injection solution suspension syrup liquid "
    "er xr sr cr mr la xl dr ec odt modified release extended slow night morning evening bedtime "
    "needed required when food meals take takes taking dose doses each every hours hourly "
    "h q4h q6h q8h q12h q24h mg mcg units".split()
)
_PHRASES = re.compile(
    r"\b(?:(?:once|twice|three times|\d+ times) (?:a|per|each) (?:day|week|month)|at night|in the (?:morning|evening)|"
    r"as (?:needed|required|directed)|when required|with (?:food|meals)|(?:before|after) (?:food|meals))\b",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"[,;\n•]+|\s+\band\b\s+|\s+\bplus\b\s+|\s+\+\s+", re.IGNORECASE)


def parse_medication_list(text: str) -> list[str]:
    """Drug-name candidates from free text ("warfarin 5mg od, amlodipine 10 mg, Lipitor 20mg nocte" ->
    ["warfarin", "amlodipine", "Lipitor"]): split on commas, semicolons, lines and "and", then drop doses,
    bracketed notes, forms, routes and frequencies."""
    candidates = []
    for item in _SEPARATORS.split(text):
        item = re.sub(r"\([^)]*\)", " ", item)  # "(for BP)", "(1 tab)"
        item = _DOSE.sub(" ", _PHRASES.sub(" ", item))
        words = [w for w in re.split(r"\s+", item) if w and w.strip(".-:").lower() not in _NOISE]
        words = [w.strip(".-:") for w in words if re.search(r"[^\W\d_]", w)]
        if words:
            candidates.append(" ".join(words))
    return candidates


def normalise_drugs(text_or_list: str | Sequence[str], vocabulary: DrugVocabulary | None = None) -> list[DrugMatch]:
    """One DrugMatch per drug named: free text is parsed first (parse_medication_list); list items are names."""
    names = parse_medication_list(text_or_list) if isinstance(text_or_list, str) else list(text_or_list)
    vocabulary = vocabulary or default_vocabulary()
    return [vocabulary.lookup(name.strip()) for name in names if name.strip()]


def expand_brands(query: str, vocabulary: DrugVocabulary | None = None) -> str:
    """The query with the DrugBank name added after each brand it names ("Lipitor muscle pain" ->
    "Lipitor muscle pain atorvastatin"), so that retrieval also finds passages that use the generic name only."""
    vocabulary = vocabulary or default_vocabulary()
    added = []
    for word in re.findall(r"[^\W\d_][\w\-]*", query):
        match = vocabulary.find(word) if len(word) >= MIN_FUZZY_LENGTH else None
        if match and match.kind == "brand" and match.name and match.name.lower() not in query.lower():
            added.append(match.name.lower())
    return " ".join([query, *dict.fromkeys(added)])
