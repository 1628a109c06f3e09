"""The app's sentence attribution (backend.attribution) on development data built from MedQuAD (issue 15): how often a
sentence is matched to the passage that states it, and how often to one that does not. Chooses the threshold.

    python -m bench.attribution                       # writes bench/results/attribution.json

Construction (training-allowed data only: MedQuAD's NIH answers; no evaluation split, and none of the pages of the
grounding benchmark's MedQuAD questions, which are the measurement set):
  - Pages are split by their topic (MedQuAD's focus, so that one disease's pages stay together) into a development
    half, on which the threshold is chosen, and a held-out half, on which it is reported. Seeded (core.types.SEED).
  - Per sampled answer, its first passage as the app gives it to the model (backend.sources: the index's chunk,
    cut at PASSAGE_CHARS, titled by its question) and up to two of its claim sentences.
  - Distractors: the passages the app's retriever returns for the answer's question once every passage of the same
    page or topic is set aside, i.e. what the model would be given had its page not been indexed (minus any that
    repeat the sentence word for word, as some NIH sites copy each other).
  - supported case:   the sentence against its own passage and two distractors, shuffled, as [1]–[3];
    unsupported case: the sentence against three distractors.
  - Each sentence is also restated: a share of its content words (0, a quarter, a half) replaced by words found
    in none of the passages, as a model paraphrasing would. The same restatement is used in both cases.
A supported case counts as found when the attribution names its own passage; an unsupported one is a false support
when any passage is named. Precision = right passage named / any passage named; recall = found / supported cases.
The threshold is the lowest (in steps of 0.05) at which at most MAX_FALSE_SUPPORT of the development half's
unsupported cases are marked supported (a false "supported by [n]" misleads; a missed one says "check it").
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from backend import attribution
from backend.sources import PASSAGES, evidence_text, given_text
from core.io import atomic_write_json
from core.stats import wilson
from core.text import normalise, sentence_spans
from core.types import SEED
from knowledge import KnowledgeIndex, Passage, corpus
from meddata import medquad

RESULTS = Path(__file__).resolve().parent / "results" / "attribution.json"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"
LEVELS = (0.0, 0.25, 0.5)
MAX_FALSE_SUPPORT = 0.05
GRID = tuple(round(0.05 * i, 2) for i in range(4, 20))  # 0.20 … 0.95
SENTENCES_PER_ANSWER = 2
DEPTH = 30  # retrieval depth searched for distractors


@dataclass(frozen=True)
class Case:
    id: str
    split: str  # development | held-out
    level: float  # share of content words restated
    supported: bool  # the sentence's own passage is among those given
    sentence: str  # as restated
    passages: tuple[tuple[int, str], ...]  # (number, title and text as the model is given them)
    own: int | None  # the number of the sentence's own passage (supported cases)


# --- the construction (pure but for the inputs) ------------------------------------------------------------------


def split_of(focus: str, seed: int = SEED) -> str:
    """development or held-out, by a seeded hash of the page's topic (stable across runs and Python versions)."""
    return "held-out" if random.Random(f"{seed}:attribution:{normalise(focus)}").random() < 0.5 else "development"


def as_given(passage: Passage) -> str:
    """Title and text, as the attribution reads a passage (backend.sources.passage_evidence)."""
    return evidence_text(passage.title, given_text(passage.text))


def claim_sentences(text: str) -> list[str]:
    """The claim sentences of a passage's text (as backend.attribution reads claims), whole ones only."""
    out = []
    for start, end in sentence_spans(text):
        sentence = text[start:end].strip()
        if sentence.endswith("…") or not attribution.is_claim(sentence):
            continue
        out.append(sentence)
    return out


_TOKEN = re.compile(r"[^\W\d_]+")


def restate(sentence: str, share: float, pool: Sequence[str], avoid: frozenset[str], rng: random.Random) -> str:
    """The sentence with `share` of its content words replaced by words from `pool` whose stems are not in `avoid`
    (the passages' words): a paraphrase as lexical matching sees it."""
    if share <= 0:
        return sentence
    spots = [
        m
        for m in _TOKEN.finditer(sentence)
        if len(m.group(0)) > 1
        and m.group(0).lower() not in attribution.STOPWORDS
        and m.group(0).lower() not in attribution.NUMBER_WORDS
    ]
    chosen = sorted(rng.sample(spots, round(share * len(spots))), key=lambda m: m.start())
    fresh = [w for w in pool if attribution.stem(w) not in avoid]
    if not fresh:
        raise ValueError("no replacement word is absent from the passages")
    out, last = [], 0
    for m in chosen:
        out += [sentence[last : m.start()], rng.choice(fresh)]
        last = m.end()
    return "".join(out) + sentence[last:]


def build_cases(
    pairs: Sequence[medquad.MedQuADPair],
    docs: dict[str, medquad.MedQuADDoc],
    search,
    exclude_files: Iterable[str],
    per_split: int,
    seed: int = SEED,
) -> list[Case]:
    """Supported and unsupported cases for `per_split` answers of each half (see the module's docstring).

    search(question) -> passages, best first (the app's retriever, deep enough to find distractors)."""
    excluded = set(exclude_files)
    passages = {p.id: p for p in corpus.medquad_passages(pairs, docs)}
    first = {pid.rsplit(":", 1)[0]: p for pid, p in passages.items() if pid.endswith(":0")}
    focus_of_key = {pair.key: normalise(pair.focus) for pair in pairs}
    eligible = [p for p in pairs if p.file not in excluded and f"medquad:{p.key}" in first]
    rng = random.Random(f"{seed}:attribution:sample")
    rng.shuffle(eligible)
    # Replacement words as they occur in NIH text (with repeats, so common words come up as often as in prose).
    sample = rng.sample(sorted(passages), min(400, len(passages)))
    pool = [w.lower() for pid in sample for w in _TOKEN.findall(passages[pid].text)]
    pool = [w for w in pool if len(w) > 1 and w not in attribution.STOPWORDS and w not in attribution.NUMBER_WORDS]
    cases: list[Case] = []
    taken = {"development": 0, "held-out": 0}
    for pair in eligible:
        split = split_of(pair.focus, seed)
        if taken[split] >= per_split:
            if all(n >= per_split for n in taken.values()):
                break
            continue
        own = first[f"medquad:{pair.key}"]
        own_text = as_given(own)
        sentences = claim_sentences(given_text(own.text))
        url, focus = docs[pair.file].url, normalise(pair.focus)
        distractors = []
        for hit in search(clean_question(pair.question)):
            if hit.url == url or (hit.source == "MedQuAD" and focus_of_key.get(_key(hit.id)) == focus):
                continue
            distractors.append(hit)
            if len(distractors) == PASSAGES:
                break
        if not sentences or len(distractors) < PASSAGES:
            continue
        taken[split] += 1
        local = random.Random(f"{seed}:attribution:{pair.key}")
        for s_index, sentence in enumerate(local.sample(sentences, min(SENTENCES_PER_ANSWER, len(sentences)))):
            others = [as_given(d) for d in distractors if normalise(sentence) not in normalise(d.text)]
            if len(others) < PASSAGES:
                continue
            avoid = frozenset().union(*(attribution.content_words(t) for t in (own_text, *others)))
            for level in LEVELS:
                restated = restate(sentence, level, pool, avoid, local)
                case_id = f"{pair.key}#{s_index}@{level}"
                given = [own_text, *others[: PASSAGES - 1]]
                local.shuffle(given)
                numbered = tuple(enumerate(given, start=1))
                own_number = given.index(own_text) + 1
                cases.append(Case(case_id + "+", split, level, True, restated, numbered, own_number))
                unsupported = tuple(enumerate(others[:PASSAGES], start=1))
                cases.append(Case(case_id + "-", split, level, False, restated, unsupported, None))
    return cases


def clean_question(question: str) -> str:
    return re.sub(r"(\s*\?)+$", "?", " ".join(question.split()))


def _key(passage_id: str) -> str:
    """The page key of a MedQuAD passage id: medquad:<file>#<qid>:<n> → <file>#<qid>."""
    return passage_id.removeprefix("medquad:").rsplit(":", 1)[0]


# --- scoring (pure) ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    case: Case
    match: attribution.Match  # the best passage for the case's sentence, before any threshold


def score_case(case: Case) -> Scored:
    return Scored(case, attribution.match(case.sentence, attribution.evidence(case.passages)))


def outcome(scored: Scored, threshold: float) -> str:
    """tp (own passage named), wrong (another passage named for a supported case), fn, fp, tn."""
    named = scored.match.supported(threshold)
    if scored.case.supported:
        if not named:
            return "fn"
        return "tp" if scored.match.passage == scored.case.own else "wrong"
    return "fp" if named else "tn"


def metrics(scored: Sequence[Scored], threshold: float) -> dict:
    counts = {k: 0 for k in ("tp", "wrong", "fn", "fp", "tn")}
    for s in scored:
        counts[outcome(s, threshold)] += 1
    named = counts["tp"] + counts["wrong"] + counts["fp"]
    positives = counts["tp"] + counts["wrong"] + counts["fn"]
    negatives = counts["fp"] + counts["tn"]
    precision = counts["tp"] / named if named else 1.0
    recall = counts["tp"] / positives if positives else 0.0
    false_support = counts["fp"] / negatives if negatives else 0.0
    return {
        "threshold": threshold,
        "counts": counts,
        "precision": round(precision, 4),
        "precision_95ci": [round(x, 4) for x in wilson(counts["tp"], named)],
        "recall": round(recall, 4),
        "recall_95ci": [round(x, 4) for x in wilson(counts["tp"], positives)],
        "false_support": round(false_support, 4),
        "false_support_95ci": [round(x, 4) for x in wilson(counts["fp"], negatives)],
    }


def choose_threshold(scored: Sequence[Scored], max_false_support: float = MAX_FALSE_SUPPORT) -> float:
    """The lowest threshold on the grid whose false-support rate is at most `max_false_support`."""
    for threshold in GRID:
        if metrics(scored, threshold)["false_support"] <= max_false_support:
            return threshold
    return GRID[-1]


def by_level(scored: Sequence[Scored], threshold: float) -> dict[str, dict]:
    return {f"{level:g}": metrics([s for s in scored if s.case.level == level], threshold) for level in LEVELS}


# --- the run ----------------------------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--per-split", type=int, default=300, help="answers sampled in each half")
    parser.add_argument("--out", type=Path, default=RESULTS)


def grounding_pages(data_dir: Path) -> set[str]:
    """The MedQuAD pages (files) of the grounding benchmark's questions: kept out of this construction."""
    from bench.grounding import sample_questions

    keys = [q.id.removeprefix("medquad:") for q in sample_questions(100, data_dir) if q.kind == "medquad"]
    files = {key.split("#", 1)[0] + ".xml" for key in keys}
    return files


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench.attribution", description=__doc__)
    add_arguments(parser)
    args = parser.parse_args(argv)
    started = time.monotonic()
    pairs, docs = medquad.load_pairs(args.data_dir), medquad.load_docs(args.data_dir)
    index = KnowledgeIndex.open(progress=False)
    excluded = grounding_pages(args.data_dir)
    cases = build_cases(pairs, docs, lambda q: [p for p, _ in index.search(q, k=DEPTH)], excluded, args.per_split)
    scored = [score_case(c) for c in cases]
    dev = [s for s in scored if s.case.split == "development"]
    held = [s for s in scored if s.case.split == "held-out"]
    chosen = choose_threshold(dev)
    report = {
        "command": " ".join(["python -m bench.attribution", *(argv if argv is not None else sys.argv[1:])]),
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "protocol": __doc__.split("Construction ")[1].strip(),
        "seed": SEED,
        "excluded_pages": len(excluded),
        "cases": {
            split: {"answers": len({c.case.id.split("#")[0] for c in part}), "cases": len(part)}
            for split, part in (("development", dev), ("held-out", held))
        },
        "max_false_support": MAX_FALSE_SUPPORT,
        "chosen_threshold": chosen,
        "app_threshold": attribution.THRESHOLD,
        "development": {"all": metrics(dev, chosen), "by_level": by_level(dev, chosen)},
        "held_out": {"all": metrics(held, chosen), "by_level": by_level(held, chosen)},
        "sweep_development": [metrics(dev, t) for t in GRID],
        "sweep_held_out": [metrics(held, t) for t in GRID],
        "examples_held_out": [{**asdict(s.case), **asdict(s.match), "outcome": outcome(s, chosen)} for s in held[:12]],
        "wall_s": round(time.monotonic() - started, 1),
    }
    atomic_write_json(args.out, report)
    print(f"threshold {chosen} (the app uses {attribution.THRESHOLD})")
    for name in ("development", "held_out"):
        part = report[name]
        print(f"{name:12s} all    {_line(part['all'])}")
        for level, row in part["by_level"].items():
            print(f"{'':12s} {level:6s} {_line(row)}")
    print(f"-> {args.out}")
    return report


def _line(row: dict) -> str:
    return f"precision {row['precision']:.3f} recall {row['recall']:.3f} false support {row['false_support']:.3f}"


if __name__ == "__main__":
    main()
