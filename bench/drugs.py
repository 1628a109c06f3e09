"""Drug-name normalisation benchmark (issue 15): top-1 accuracy on 200 seeded names with typing errors and brands.

    python -m bench.drugs [--data-dir ../shared/data] [--n 200]

Cases (seeded with core.types.SEED): half are DrugBank names with one typing error, a quarter with two, and a
quarter are brand names from knowledge/data/brands.csv, half of them with one error. Names are drawn from those a
prescriber writes (letters and spaces, 1–2 words, at least 5 letters), not the vocabulary's chemical names. An
error is a deletion, insertion, substitution or swap of adjacent letters; an edited name that is itself a
vocabulary entry is drawn again. Top-1 is right when the match names the intended DrugBank id. Also reported:
the intended drug among the suggestions, and the wrong answers split into flagged unknown (safe: the user is asked)
and confidently wrong (a fuzzy match to another drug). Writes bench/results/drugs.json."""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import string
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from core.io import atomic_write_json
from core.stats import wilson
from core.types import SEED
from knowledge.corpus import SHIPPED_VOCABULARY, read_brands
from knowledge.drugs import DrugVocabulary
from meddata import drugbank

RESULTS = Path(__file__).resolve().parent / "results" / "drugs.json"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"
_PRESCRIBABLE = re.compile(r"^[A-Za-z]{5,}(?: [A-Za-z]+)?$")


@dataclass(frozen=True)
class Case:
    category: str
    query: str
    drugbank_id: str
    intended: str  # the unedited name


def typo(name: str, rng: random.Random) -> str:
    """One typing error at a seeded position: delete, insert, substitute, or swap two adjacent letters."""
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    i = rng.choice(letters[1:] or letters)  # keep the first letter: people rarely mistype it
    kind = rng.choice(("delete", "insert", "substitute", "swap"))
    letter = rng.choice(string.ascii_lowercase)
    if kind == "delete":
        return name[:i] + name[i + 1 :]
    if kind == "insert":
        return name[:i] + letter + name[i:]
    if kind == "substitute":
        return name[:i] + (letter if letter != name[i].lower() else "x") + name[i + 1 :]
    j = i if i + 1 < len(name) else i - 1
    return name[:j] + name[j + 1] + name[j] + name[j + 2 :]


def make_cases(vocabulary: DrugVocabulary, entries: list[drugbank.DrugEntry], n: int, seed: int = SEED) -> list[Case]:
    rng = random.Random(f"{seed}:drugs")
    by_name = {e.name.lower(): e for e in entries}
    names = [e for e in entries if _PRESCRIBABLE.match(e.name)]
    brands = [(b, by_name[g.lower()]) for b, g in read_brands() if g.lower() in by_name]

    def edited(name: str, edits: int) -> str:
        while True:
            out = name
            for _ in range(edits):
                out = typo(out, rng)
            if out not in vocabulary:  # an edit that spells another drug's name is not a misspelling
                return out

    one, two, brand = n // 2, n // 4, n - n // 2 - n // 4
    cases = [Case("name, 1 error", edited(e.name, 1), e.drugbank_id, e.name) for e in rng.sample(names, one)]
    cases += [Case("name, 2 errors", edited(e.name, 2), e.drugbank_id, e.name) for e in rng.sample(names, two)]
    for k, (b, e) in enumerate(rng.sample(brands, brand)):
        query, category = (b, "brand") if k % 2 == 0 else (edited(b, 1), "brand, 1 error")
        cases.append(Case(category, query, e.drugbank_id, b))
    return cases


def score(vocabulary: DrugVocabulary, cases: list[Case]) -> dict:
    rows, latencies = [], []
    for case in cases:
        start = time.perf_counter()
        match = vocabulary.lookup(case.query)
        latencies.append((time.perf_counter() - start) * 1000)
        ids = [vocabulary.lookup(s).drugbank_id for s in match.suggestions]
        rows.append((case, match, ids))
    report: dict = {"overall": _summary(rows)}
    for category in dict.fromkeys(c.category for c in cases):
        report[category] = _summary([r for r in rows if r[0].category == category])
    latencies.sort()
    report["latency_ms_p50"] = round(statistics.median(latencies), 2)
    report["latency_ms_p95"] = round(latencies[int(0.95 * (len(latencies) - 1))], 2)
    report["wrong_examples"] = [
        {"query": c.query, "intended": c.intended, "got": m.name, "kind": m.kind, "suggestions": list(m.suggestions)}
        for c, m, _ in rows
        if m.drugbank_id != c.drugbank_id
    ][:15]
    return report


def _summary(rows: list) -> dict:
    n = len(rows)
    right = sum(1 for c, m, _ in rows if m.drugbank_id == c.drugbank_id)
    low, high = wilson(right, n)
    return {
        "n": n,
        "top1": round(right / n, 4),
        "top1_95ci": [round(low, 4), round(high, 4)],
        # What the user sees first: the match, or for an unknown name the first "did you mean".
        "top1_or_first_suggestion": round(
            sum(1 for c, m, ids in rows if m.drugbank_id == c.drugbank_id or ids[:1] == [c.drugbank_id]) / n, 4
        ),
        "intended_in_top1_or_suggestions": round(
            sum(1 for c, m, ids in rows if m.drugbank_id == c.drugbank_id or c.drugbank_id in ids) / n, 4
        ),
        "wrong_flagged_unknown": sum(1 for c, m, _ in rows if m.drugbank_id != c.drugbank_id and m.kind == "unknown"),
        "wrong_confident": sum(1 for c, m, _ in rows if m.drugbank_id not in (c.drugbank_id, None)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.drugs", description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    path = drugbank.vocabulary_file(args.data_dir)
    entries = drugbank.load_vocabulary(path if path.is_file() else SHIPPED_VOCABULARY)
    vocabulary = DrugVocabulary(entries, read_brands())
    cases = make_cases(vocabulary, entries, args.n)
    report = {
        "command": "python -m bench.drugs " + " ".join(argv if argv is not None else sys.argv[1:]),
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "loadavg": os.getloadavg()},
        "protocol": __doc__.split("\n\n")[2].split("Writes")[0].strip(),
        "seed": SEED,
        "results": score(vocabulary, cases),
    }
    atomic_write_json(args.out, report)
    for category, row in report["results"].items():
        if isinstance(row, dict):
            print(
                f"{category:16s} n={row['n']:3d} top1 {row['top1']:.3f}  "
                f"wrong: {row['wrong_flagged_unknown']} flagged, {row['wrong_confident']} confident"
            )
    print(f"-> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
