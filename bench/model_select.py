"""Pick the default embedded model by measurement: speed per session and accuracy on a fixed MedQA subset.

    python -m bench.model_select --n 100 --out bench/results/model_select.json
    python -m bench.model_select --n 100 --accuracy-only   # speed columns kept from the --out file (busy machine)

For every packaged model, on the same GGUF and cores:
  * accuracy: the fixed seeded MedQA-USMLE test subset of meddata.boundary.fixed_subset (evaluation split,
    read-only), written by meddata.mcq.format_mcq, zero-shot, letter-only answer, greedy decoding, the choice read by
    meddata.answers.extract_choice; 95% Wilson interval. The subset's item ids are recorded in the output.
  * speed through the app's backend (AssistantService → embedded llama-server): time to first token and decode
    tokens/s for one session, and per-session tokens/s with 4 sessions at once.
  * raw llama.cpp on the same file and threads (llama-bench: pp512 and tg128), for comparison.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from tqdm import tqdm

from backend.config import load_settings
from backend.engines.embedded import EmbeddedEngine
from backend.engines.llama_server import LlamaServerConfig, find_llama_server
from backend.models import PACKAGED_MODELS, resolve_model
from backend.service import AssistantService
from backend.types import Finished, GenerationParams, TaskRequest
from bench.machine import machine_info
from core.concurrency import run_in_threads
from core.io import atomic_write_json
from core.stats import wilson
from core.types import SEED, ChatMessage, PromptStyle
from meddata.answers import extract_choice
from meddata.boundary import fixed_subset
from meddata.mcq import MCQ, format_mcq
from prompts import load_template

PROTOCOL = "zero-shot, system prompt, letter-only answer, greedy, max 8 tokens, meddata.answers.extract_choice"
SPEED_FIELDS = (
    "ttft_cold_s",
    "ttft_warm_s",
    "tok_s_one_session",
    "tok_s_per_session_4",
    "tok_s_total_4",
    "llama_bench_pp512",
    "llama_bench_tg128",
)


def mcq_messages(item: MCQ) -> list[ChatMessage]:
    return [
        ChatMessage("system", "You are a medical expert answering USMLE questions."),
        ChatMessage("user", f"{format_mcq(item)}\n\nAnswer with the letter (A, B, C or D) only."),
    ]


@dataclass
class ModelResult:
    model: str
    accuracy: float
    ci95: tuple[float, float]
    n: int
    unparsed: int
    ttft_cold_s: float
    ttft_warm_s: float
    tok_s_one_session: float
    tok_s_per_session_4: float
    tok_s_total_4: float
    llama_bench_pp512: float | None
    llama_bench_tg128: float | None


def _service_speed(service: AssistantService, sessions: int, max_tokens: int) -> list[Finished]:
    def one(i: int) -> Finished:
        request = TaskRequest(
            "education",
            {"question": f"Explain, step by step, the causes of chest pain ({i})."},
            GenerationParams(max_tokens=max_tokens, temperature=0.0),
            session_id=f"bench{i}",
        )
        return next(e for e in service.run(request) if isinstance(e, Finished))

    return run_in_threads([lambda i=i: one(i) for i in range(sessions)])


def _first_answer(service: AssistantService, task: str):
    request = TaskRequest(task, load_template(task).examples[1], GenerationParams(max_tokens=16, temperature=0.0))
    return next(e for e in service.run(request) if isinstance(e, Finished)).meta


def llama_bench(model_path: Path, threads: int) -> tuple[float | None, float | None]:
    binary = find_llama_server().parent / "llama-bench"
    out = subprocess.run(
        [str(binary), "-m", str(model_path), "-t", str(threads), "-p", "512", "-n", "128", "-r", "2", "-o", "json"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    try:
        rows = json.loads(out.stdout)
    except ValueError:
        return None, None
    by_test = {("pp" if r["n_prompt"] else "tg"): r["avg_ts"] for r in rows}
    return by_test.get("pp"), by_test.get("tg")


def medqa_accuracy(engine: EmbeddedEngine, items: list[MCQ], label: str) -> tuple[int, int]:
    """(correct, unparsed) over `items`: greedy, 8 tokens, the letter read by the one answer extractor."""
    correct = unparsed = 0
    for item in tqdm(items, desc=f"{label} MedQA", unit="q"):
        params = GenerationParams(max_tokens=8, temperature=0.0)
        text = "".join(d.content for d in engine.stream(mcq_messages(item), params))
        letter = extract_choice(text, item.options)
        unparsed += letter is None
        correct += letter == item.answer
    return correct, unparsed


def service_speed(
    engine: EmbeddedEngine, model_path: Path, style: PromptStyle, threads: int
) -> dict[str, float | None]:
    service = AssistantService(engine, style=style)
    cold = _first_answer(service, "symptom_analysis")  # no cached prefix for this template yet
    warm = _first_answer(service, "symptom_analysis")  # the template's shared prefix is now cached
    one = _service_speed(service, 1, 256)[0].meta
    four = [f.meta for f in _service_speed(service, 4, 256)]
    wall = max(m.total_s for m in four)
    pp, tg = llama_bench(model_path, threads)
    return {
        "ttft_cold_s": cold.time_to_first_token_s or math.nan,
        "ttft_warm_s": warm.time_to_first_token_s or math.nan,
        "tok_s_one_session": one.tokens_per_s or math.nan,
        "tok_s_per_session_4": sum(m.tokens_per_s or 0 for m in four) / 4,
        "tok_s_total_4": sum(m.completion_tokens for m in four) / wall,
        "llama_bench_pp512": pp,
        "llama_bench_tg128": tg,
    }


def evaluate(key: str, items: list[MCQ], threads: int, earlier_speed: dict | None) -> ModelResult:
    """Accuracy always; speed measured unless `earlier_speed` (from an earlier run's file) is given to keep."""
    model = resolve_model(key, load_settings().model_cache_dir)
    engine = EmbeddedEngine(model, LlamaServerConfig(model.path, threads=threads, parallel=4, context_per_session=2048))
    engine.start()
    try:
        correct, unparsed = medqa_accuracy(engine, items, key)
        speed = earlier_speed if earlier_speed is not None else service_speed(engine, model.path, model.style, threads)
    finally:
        engine.close()
    n = len(items)
    low, high = wilson(correct, n)
    return ModelResult(model=key, accuracy=correct / n, ci95=(low, high), n=n, unparsed=unparsed, **speed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", nargs="+", default=list(PACKAGED_MODELS))
    parser.add_argument("--n", type=int, default=100, help="MedQA test items in the fixed subset")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data-dir", type=Path, default=None, help="default: the settings' medical_data_dir")
    parser.add_argument("--out", type=Path, default=Path("bench/results/model_select.json"))
    parser.add_argument("--print-only", action="store_true", help="re-print the table of an earlier --out file")
    parser.add_argument(
        "--accuracy-only",
        action="store_true",
        help="measure accuracy only and keep each model's speed columns from the --out file (speed needs an idle "
        "machine); the output says which run measured the speed",
    )
    args = parser.parse_args()
    if args.print_only:
        print_table(json.loads(args.out.read_text()))
        return
    data_dir = args.data_dir or load_settings().medical_data_dir
    earlier = json.loads(args.out.read_text()) if args.accuracy_only else None
    kept_speed = {r["model"]: {k: r[k] for k in SPEED_FIELDS} for r in earlier["results"]} if earlier else {}

    started = time.time()
    items = fixed_subset("medqa", data_dir, args.n, seed=SEED)
    speed_of = kept_speed.get if args.accuracy_only else (lambda _key: None)
    results: list[ModelResult] = []
    for key in args.models:  # the file is rewritten after every model, so a cut-off run keeps what it measured
        results.append(evaluate(key, items, args.threads, speed_of(key)))
        report = {
            "machine": machine_info(),
            "threads": args.threads,
            "subset": {"benchmark": "medqa", "seed": SEED, "ids": [i.id for i in items], "protocol": PROTOCOL},
            "speed_measured": earlier.get("speed_measured", earlier["machine"]) if earlier else "in this run",
            "results": [asdict(r) for r in results],
            "not_yet_measured": args.models[len(results) :],
            "wall_s": round(time.time() - started, 1),
        }
        atomic_write_json(args.out, report)
    print_table(report)


def print_table(report: dict) -> None:
    m, subset = report["machine"], report["subset"]
    print(
        f"\n{m['cpu']} · {m['cores']} cores · threads={report['threads']} · llama-server {m.get('llama-server', '?')} "
        f"· {m['date']}"
    )
    print(f"MedQA-USMLE test, fixed subset n={len(subset['ids'])} (seed {subset['seed']}), {subset['protocol']}")
    speed = report.get("speed_measured", "in this run")
    print(f"Speed columns measured: {speed if isinstance(speed, str) else json.dumps(speed)}\n")
    print(
        "| model | MedQA acc (95% CI) | TTFT cold / warm (s) | tok/s, 1 session | tok/s per session, 4 at once "
        "| total tok/s, 4 at once | llama-bench tg128 | llama-bench pp512 |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in report["results"]:
        low, high = r["ci95"]
        print(
            f"| {r['model']} | {r['accuracy']:.0%} ({low:.0%}–{high:.0%}) | {r['ttft_cold_s']:.2f} / "
            f"{r['ttft_warm_s']:.2f} | {r['tok_s_one_session']:.1f} | {r['tok_s_per_session_4']:.1f} | "
            f"{r['tok_s_total_4']:.1f} | {r['llama_bench_tg128']:.1f} | {r['llama_bench_pp512']:.1f} |"
        )


if __name__ == "__main__":
    main()
