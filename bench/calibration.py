"""Calibration of MCQ confidence on practice-bank questions: ECE (10 bins), Brier, AUROC, reliability diagram.

    python -m bench.calibration --n 300 --model qwen2.5-0.5b-instruct      # embedded engine, 2 threads
    python -m bench.calibration --url http://host:8080 --n 300            # any llama.cpp-compatible server

Questions: a fixed, seeded subset of the practice bank (all MMLU medical dev rows, the rest from PubMedQA's
training half), never an evaluation split. Each is rendered with the current education template as the service
sends it (instruct layout) and answered *answer-only*: the grammar forces "## Answer\\nAnswer: <letter>" and
generation stops a few tokens later, so a question costs one prompt evaluation (the server's prompt cache serves
the k samples) and a handful of decoded tokens.
  letter_probability  greedy; the chosen letter's probability among the option letters at the answer position
                      (server top-logprobs, backend.confidence.letter_probability); right if it is the gold letter.
  self_consistency    k samples at temperature 0.7 (seeds 0..k-1); confidence = the majority letter's share;
                      right if the majority letter is the gold letter. Answer-only samples, so this measures
                      sampling agreement on the answer, not agreement across independent reasoning paths.
Thresholds for the bands ("high" / "moderate" / "low confidence: verify") are chosen here (choose_thresholds)
and copied into backend/confidence.py with a pointer to the results file.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from tqdm import tqdm

from backend.confidence import agreement, letter_probability
from backend.config import load_settings
from backend.types import GenerationParams, TokenLogprob
from bench.machine import machine_info
from bench.prompts import make_engine
from core.io import atomic_write_json
from core.stats import auroc, brier, expected_calibration_error, reliability_bins
from core.types import SEED
from meddata.mcq import MCQ, format_mcq
from meddata.practice import practice_bank
from prompts import load_template, render_messages
from prompts.loader import answer_grammar

ANSWER_TOKENS = 8  # "##", " Answer", "\n", "Answer", ":", " B", "." and one spare
TOP_LOGPROBS = 10
SAMPLE_TEMPERATURE = 0.7


@dataclass
class Scored:
    item: str
    gold: str
    greedy: str | None
    letter_probability: float | None
    samples: list[str | None]
    majority: str | None
    agreement: float


def subset(data_dir: Path, n: int) -> list[MCQ]:
    """All MMLU dev rows (25), then PubMedQA training-half items, seeded, up to n."""
    bank = practice_bank(data_dir)
    mmlu = sorted((i for i in bank if i.id.startswith("mmlu")), key=lambda i: i.id)
    rest = sorted((i for i in bank if not i.id.startswith("mmlu")), key=lambda i: i.id)
    chosen = mmlu[:n] + random.Random(SEED).sample(rest, max(0, min(n - len(mmlu), len(rest))))
    if not chosen:
        raise SystemExit(f"no practice questions under {data_dir}")
    return chosen


def _answer(engine, item: MCQ, temperature: float, seed: int | None) -> tuple[str, tuple[TokenLogprob, ...]]:
    template = load_template("education")
    messages = render_messages(template, {"question": format_mcq(item)}, "instruct")
    params = GenerationParams(
        max_tokens=ANSWER_TOKENS,
        temperature=temperature,
        seed=seed,
        top_logprobs=TOP_LOGPROBS if temperature == 0.0 else 0,
        server_options=(("grammar", answer_grammar(item.letters)),),
    )
    text, logprobs = "", []
    for delta in engine.stream(messages, params):
        text += delta.content
        logprobs.extend(delta.logprobs)
    return text, tuple(logprobs)


def _letter(text: str, letters: Sequence[str]) -> str | None:
    marker = "Answer: "
    at = text.find(marker)
    letter = text[at + len(marker) : at + len(marker) + 1] if at != -1 else ""
    return letter if letter in letters else None


def score(engine, item: MCQ, k: int) -> Scored:
    text, logprobs = _answer(engine, item, 0.0, None)
    found = letter_probability(logprobs, item.letters)
    greedy = _letter(text, item.letters)
    samples = [_letter(_answer(engine, item, SAMPLE_TEMPERATURE, seed)[0], item.letters) for seed in range(k)]
    majority, share = agreement(samples)
    return Scored(item.id, item.answer, greedy, found[1] if found else None, samples, majority, share)


def metrics(confidences: Sequence[float], correct: Sequence[bool]) -> dict:
    return {
        "n": len(correct),
        "accuracy": sum(correct) / len(correct),
        "mean_confidence": sum(confidences) / len(confidences),
        "ece_10": expected_calibration_error(confidences, correct, 10),
        "brier": brier(confidences, correct),
        "auroc": auroc(confidences, correct),
        "bins": [
            {"low": lo, "high": hi, "n": len(m), "accuracy": (sum(y for _, y in m) / len(m)) if m else None}
            for lo, hi, m in reliability_bins(confidences, correct, 10)
        ],
    }


def choose_thresholds(
    confidences: Sequence[float], correct: Sequence[bool], *, high_accuracy: float = 0.8, low_accuracy: float = 0.5
) -> dict:
    """Band cut points read off the data (10 answers at least on each side of a cut).

    high: the lowest confidence from which answers were right at least `high_accuracy` of the time (4 in 5: what
    "high confidence" should mean to a reader). low: the lowest cut below `high` that leaves the moderate band right
    at least `low_accuracy` of the time, provided answers below it were right less often than that. None where no
    cut qualifies."""
    pairs = list(zip(confidences, correct, strict=True))
    grid = sorted({round(c, 2) for c in confidences})

    def accuracy(lo: float, hi: float) -> tuple[int, float]:
        members = [y for c, y in pairs if lo <= c < hi]
        return len(members), (sum(members) / len(members) if members else math.nan)

    high = next((t for t in grid if (r := accuracy(t, math.inf))[0] >= 10 and r[1] >= high_accuracy), None)
    low = None
    if high is not None:
        for t in grid:
            if t > high:
                break
            (n_mid, acc_mid), (n_low, acc_low) = accuracy(t, high), accuracy(-math.inf, t)
            if n_low >= 10 and acc_low < low_accuracy and (n_mid == 0 or acc_mid >= low_accuracy):
                low = t
                break
    bands = {}
    if high is not None and low is not None:
        for name, (lo, hi) in (("high", (high, math.inf)), ("moderate", (low, high)), ("low", (-math.inf, low))):
            n, acc = accuracy(lo, hi)
            bands[name] = {"n": n, "accuracy": None if n == 0 else acc}
    return {"high_at_or_above": high, "low_below": low, "bands": bands}


def reliability_png(curves: dict[str, dict], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 5), dpi=120)
    ax.plot([0, 1], [0, 1], "--", color="grey", linewidth=1, label="perfect calibration")
    for name, m in curves.items():
        points = [((b["low"] + b["high"]) / 2, b["accuracy"], b["n"]) for b in m["bins"] if b["n"]]
        ax.plot(
            [p[0] for p in points],
            [p[1] for p in points],
            "o-",
            label=f"{name} (ECE {m['ece_10']:.3f}, AUROC {m['auroc']:.2f})",
        )
        for x, y, n in points:
            ax.annotate(str(n), (x, y), textcoords="offset points", xytext=(3, -10), fontsize=6)
    ax.set(xlabel="confidence (bin centre)", ylabel="accuracy in bin", xlim=(0, 1), ylim=(0, 1), title=title)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


def run(args: argparse.Namespace) -> dict:
    items = subset(args.data_dir, args.n)
    engine, _style, model_name = make_engine(args)
    started = time.monotonic()
    scored: list[Scored] = []
    try:
        for item in tqdm(items, desc="calibration", unit="q"):
            scored.append(score(engine, item, args.k))
    finally:
        engine.close()
    with_p = [s for s in scored if s.letter_probability is not None]
    letter_conf = [s.letter_probability for s in with_p]
    letter_ok = [s.greedy == s.gold for s in with_p]
    sc_conf = [s.agreement for s in scored]
    sc_ok = [s.majority == s.gold for s in scored]
    curves = {
        "letter probability": metrics(letter_conf, letter_ok),
        f"self-consistency k={args.k}": metrics(sc_conf, sc_ok),
    }
    return {
        "machine": machine_info(),
        "model": model_name,
        "template": load_template("education").id,
        "n": len(items),
        "no_letter_probability": len(scored) - len(with_p),
        "k": args.k,
        "sample_temperature": SAMPLE_TEMPERATURE,
        "wall_s": time.monotonic() - started,
        "subset": {"seed": SEED, "items": [i.id for i in items]},
        "metrics": curves,
        "thresholds": {
            "letter probability": choose_thresholds(letter_conf, letter_ok),
            f"self-consistency k={args.k}": choose_thresholds(sc_conf, sc_ok),
        },
        "scored": [asdict(s) for s in scored],
    }


def print_report(report: dict) -> None:
    print(f"\n{report['model']} · {report['template']} · n={report['n']} · {report['machine']['date']}")
    print("| confidence | n | accuracy | mean confidence | ECE (10 bins) | Brier | AUROC |")
    print("|---|---|---|---|---|---|---|")
    for name, m in report["metrics"].items():
        auc = "n/a" if math.isnan(m["auroc"]) else f"{m['auroc']:.3f}"
        print(
            f"| {name} | {m['n']} | {m['accuracy']:.1%} | {m['mean_confidence']:.3f} | {m['ece_10']:.3f} | "
            f"{m['brier']:.3f} | {auc} |"
        )
    for name, t in report["thresholds"].items():
        print(f"{name}: high >= {t['high_at_or_above']}, low < {t['low_below']}, bands {t['bands']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.calibration", description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=load_settings().model)
    parser.add_argument("--url", default="")
    parser.add_argument("--server-model", default="tgi")
    parser.add_argument("--style", default="instruct", choices=("instruct",))
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data-dir", type=Path, default=load_settings().medical_data_dir)
    parser.add_argument("--out", type=Path, default=Path("bench/results/calibration.json"))
    args = parser.parse_args(argv)
    report = run(args)
    atomic_write_json(args.out, report)
    reliability_png(report["metrics"], args.out.with_suffix(".png"), f"{report['model']}, practice MCQs, n={args.n}")
    print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
