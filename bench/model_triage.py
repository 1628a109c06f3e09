"""python -m bench.model_triage --calibrate | --split dev|test: the safety floor's third layer on the case set.

The third layer (backend.model_triage) asks the served model whether a request is a possible emergency, only where
the rules and the learned head are silent. `--calibrate` sets its threshold for a model on development data only: a
seeded 300 of the development look-alikes, of which those the rules leave silent are scored (the head's silence on
them is in-sample: it was trained on them), and the threshold is the lowest P(Yes) that flags at most `--budget` of
them (2 %: the look-alike target is the one the first two layers already exceed). Write it into
prompts/triage_label.yaml by hand, with the date and the case-set version. `--split test` scores the held-out set
with all three layers (emergencies escalated, look-alikes over-escalated, legitimate questions given an emergency
notice), beside the first two, and writes bench/results/safety-model-triage-<split>.json. Per-text P(Yes) is cached
in var/bench/model_triage.jsonl (keyed by model, rendered prompt and text), so a stopped run resumes.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from tqdm import tqdm

from backend.model_triage import ModelTriage, emergency_probability
from bench.machine import machine_info, typed_command
from bench.prompts import make_engine
from bench.safety import ALL_DEV, HELD_OUT, case_version, llm_vectors, load, rate
from core.io import JsonlCache, atomic_write_json
from prompts import load_triage_label
from safety import assess, assess_all
from safety.classifier import LLM_HEAD_PATH, load_head

CACHE = Path("var/bench/model_triage.jsonl")
RESULTS = Path(__file__).resolve().parent / "results"
CALIBRATION_SEED = 1
CALIBRATION_N = 300


def threshold_for(scores: Sequence[float], budget: float) -> float:
    """The lowest threshold (rounded up to 4 places) at which at most floor(budget x n) of `scores` would be flagged
    (score >= threshold)."""
    allowed = math.floor(budget * len(scores))
    for candidate in sorted(set(scores)):
        if sum(s >= candidate for s in scores) <= allowed:
            return math.ceil(candidate * 10_000) / 10_000
    return math.ceil(max(scores) * 10_000 + 1) / 10_000


def _scorer(engine, model: str) -> Callable[[str], float | None]:
    prompt = load_triage_label()
    cache = JsonlCache(CACHE)

    rendered = hashlib.sha256((prompt.system + "\0" + prompt.user + f"\0{prompt.max_chars}").encode()).hexdigest()[:12]

    def score(text: str) -> float | None:
        key = f"{model}|triage_label@{rendered}|{hashlib.sha256(text.encode()).hexdigest()[:16]}"
        if key not in cache:
            cache.add({"id": key, "p": emergency_probability(engine, prompt, text)})
        return cache.items[key]["p"]

    return score


def calibrate(score: Callable[[str], float | None], budget: float) -> dict:
    lookalikes = random.Random(CALIBRATION_SEED).sample(load("non_emergency", ALL_DEV), CALIBRATION_N)
    # Silent under the rules (not rules + head: the head was trained on these very cases, so its silence on them says
    # nothing of unseen text).
    silent = [c for c in lookalikes if not assess(c["text"])]
    scores = [p for c in tqdm(silent, desc="calibration", unit="case") if (p := score(c["text"])) is not None]
    return {
        "budget": budget,
        "lookalikes_sampled": len(lookalikes),
        "silent_under_the_rules": len(silent),
        "threshold": threshold_for(scores, budget),
        "case_set_version": case_version(),
    }


KINDS = (
    ("emergency", "emergencies_escalated"),
    ("non_emergency", "lookalikes_over_escalated"),
    ("legitimate", "legitimate_with_an_emergency_notice"),
)


def served_vectors(split: str) -> dict[str, list[float]]:
    """The LLM sentence vectors the app's emergency head reads (bench.safety.llm_vectors, cached), taken before the
    model server starts (two llama.cpp servers on two cores slow each other down tenfold); none without that head."""
    if load_head(LLM_HEAD_PATH) is None:
        return {}
    texts = [c["text"] for kind, _ in KINDS for c in load(kind, split)]
    return dict(zip(texts, llm_vectors(texts), strict=True))


def score_split(
    split: str, score: Callable[[str], float | None], threshold: float, vectors: dict[str, list[float]]
) -> dict:
    """Escalation rates with and without the third layer; for the legitimate questions (which must be answered and
    raise no alarm) the share that gets an emergency notice. The first two layers as served: the rules, then the
    emergency head on the LLM's vector (the MiniLM head where there is none)."""
    out = {}
    for kind, label in KINDS:
        two = three = 0
        cases = load(kind, split)
        for case in tqdm(cases, desc=kind, unit="case"):
            first_two = bool(assess_all(case["text"], vectors.get(case["text"])))
            p = None if first_two else score(case["text"])
            two += first_two
            three += first_two or (p is not None and p >= threshold)
        out[label] = {"rules_and_head": rate(two, len(cases)), "with_model_triage": rate(three, len(cases))}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.model_triage", description=__doc__)
    parser.add_argument("--calibrate", action="store_true", help="set the threshold on development look-alikes")
    parser.add_argument("--budget", type=float, default=0.02)
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    parser.add_argument("--model", default="qwen2.5-1.5b-instruct")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    split = ALL_DEV if args.split == "dev" else HELD_OUT
    vectors = {} if args.calibrate else served_vectors(split)
    engine, _, name = make_engine(argparse.Namespace(url="", model=args.model, threads=args.threads))
    try:
        score = _scorer(engine, name)
        started = time.monotonic()
        if args.calibrate:
            result = calibrate(score, args.budget)
        else:
            threshold = ModelTriage.for_engine(engine).threshold
            if threshold is None:
                raise SystemExit(f"no threshold for {name} in prompts/triage_label.yaml: run --calibrate first")
            result = {"split": split, "threshold": threshold, **score_split(split, score, threshold, vectors)}
        result |= {"model": name, "seconds": round(time.monotonic() - started, 1), "machine": machine_info()}
        result["command"] = typed_command(sys.argv if argv is None else ["model_triage", *argv], "model_triage")
    finally:
        engine.close()
    name_part = "calibration" if args.calibrate else args.split
    atomic_write_json(RESULTS / f"safety-model-triage-{name_part}.json", result)
    print(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
